"""Check a DAG run against ``main``: did the compiled DAG make exactly the runs that the
orchestrator asks for?

A compiled DAG ends with a verification task (``render`` adds it; ``verify: false`` in
``motoko.yaml`` leaves it out). It calls :func:`verify`, which replays ``main``
natively on the DAG run's run name, as Motoko's loop would run it. ``createTask`` is
idempotent, so every call finds the runs the DAG made and returns at once (they are
FINISHED); a call the DAG did not make creates its runs now, launches them and waits
for them as ``main`` does, so the studies end with ``main``'s results either way. Then:

- *missing*: runs the replay had to create (the DAG never made them);
- *extra*: runs of the run name that no ``createTask`` of the replay returned (the DAG
  made them and ``main`` does not ask for them).

Either makes a :class:`Report` that is not ``ok``; its text names the first
``createTask`` that differed (``file:line``, task manager, job parameters) and lists
the extra runs. Runs that actions make are not replayed: when the workflow has actions,
only runs of the event names the DAG's compiled steps use (``events``) or the replay
uses count as extra, and ``workflow.finished`` starts true (the actions task succeeded
only once an action set it). ``workflow.vars`` are read from a copy, so the replay
changes none of them. Nothing here imports Airflow.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from motoko_airflow.config import in_workflow_directory
from motoko_airflow.exceptions import MotokoError, describe
from motoko_airflow.own_modules import imported_afresh
from motoko_airflow.task_manager import ReplayStopped
from motoko_airflow.workflow import Workflow, WorkflowVars

__all__ = ["Call", "Report", "VerificationError", "verify"]

_PACKAGE = str(Path(__file__).resolve().parent)
_LISTED = 10  # runs named per kind of difference in a report


class VerificationError(MotokoError):
    """A DAG run's runs differ from those ``main`` asks for."""


@dataclass
class Call:
    """One ``createTask`` of the replay."""

    task_manager: str
    where: str  # file:line of the call in the orchestrator (or a module it calls)
    event_name: str
    run_ids: list[int]
    jobs: list[dict[str, Any]]
    created: list[int] = field(default_factory=list)  # made by the replay: missing

    def describe(self) -> str:
        """Where, and the jobs of the runs the DAG did not make."""
        made = [(run_id, job) for run_id, job in zip(self.run_ids, self.jobs, strict=True)
                if run_id in self.created]
        shown = "; ".join(f"run {run_id} {job}" for run_id, job in made[:_LISTED])
        more = f"; and {len(made) - _LISTED} more" if len(made) > _LISTED else ""
        return (f"{self.where}: {self.task_manager}.createTask of {len(self.jobs)} job(s): "
                f"the DAG did not make {shown}{more}")


@dataclass
class Report:
    """What the replay found. ``extra``: task manager -> run records (plain JSON)."""

    run_name: str
    calls: list[Call]
    extra: dict[str, list[dict[str, Any]]]
    error: str | None = None
    seconds: float = 0.0
    #: file:line where the replay had to stop: an awaited selection that no longer holds
    #: (actions moved its runs on); runs after it are not checked, nor extra ones
    stopped_at: str | None = None
    #: the workflow has actions: only they can move runs on under a selection, so a
    #: stop without them means the DAG run left runs main's selection does not hold
    actions: bool = False
    #: files the DAG's steps wrote that main, replayed, writes otherwise (their text)
    files: list[str] = field(default_factory=list)

    @property
    def missing(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for call in self.calls:
            if call.created:
                out.setdefault(call.task_manager, []).extend(call.created)
        return out

    @property
    def stopped_unexplained(self) -> bool:
        return self.stopped_at is not None and not self.actions

    @property
    def ok(self) -> bool:
        return not self.missing and not any(self.extra.values()) and self.error is None \
            and not self.stopped_unexplained and not self.files

    def runs_asked(self) -> int:
        return len({(c.task_manager, i) for c in self.calls for i in c.run_ids})

    def text(self) -> str:
        if self.ok and self.stopped_at is not None:
            return (f"verified up to {self.stopped_at}, where main awaits a selection that "
                    "no longer holds after the DAG run (actions moved its runs on): main "
                    f"asks for {self.runs_asked()} run(s) in {len(self.calls)} createTask "
                    f"call(s) of run name {self.run_name} before it, and the DAG made them "
                    f"({self.seconds:.1f} s)")
        if self.ok:
            return (f"verified: main asks for {self.runs_asked()} run(s) in "
                    f"{len(self.calls)} createTask call(s) of run name {self.run_name}; "
                    f"the DAG made all of them and no other ({self.seconds:.1f} s)")
        runs_differ = bool(self.missing or any(self.extra.values()) or self.error
                           or self.stopped_unexplained)
        lines = [f"the DAG run made other runs than main asks for (run name "
                 f"{self.run_name}): the DAG compiled from this orchestrator does other "
                 "work than main. The missing runs were made now, so the studies hold "
                 "main's runs; do not trust results the DAG's later steps computed from "
                 "them. Run the orchestrator natively meanwhile (motoko run --fallback, "
                 "motoko trace --fallback), and report it" if runs_differ else
                 f"the DAG run made the runs main asks for (run name {self.run_name}) but "
                 "wrote other text in files than main writes: the DAG compiled from this "
                 "orchestrator does other work than main. The files now hold main's text. "
                 "Run the orchestrator natively meanwhile (motoko run --fallback, motoko "
                 "trace --fallback), and report it"]
        first = next((c for c in self.calls if c.created), None)
        if first is not None:
            lines.append(f"first difference: {first.describe()} (made now by main)")
        for name, ids in sorted(self.missing.items()):
            lines.append(f"missing: {name}: {len(ids)} run(s) {_ids(ids)}")
        for name, records in sorted(self.extra.items()):
            if records:
                shown = "; ".join(f"run {r['run_id']} {_job(r)}" for r in records[:_LISTED])
                more = f"; and {len(records) - _LISTED} more" if len(records) > _LISTED else ""
                lines.append(f"extra: {name}: {len(records)} run(s) main does not ask for: "
                             f"{shown}{more}")
        lines += [f"file: {difference}" for difference in self.files]
        if self.error is not None:
            lines.append(f"main, replayed, failed: {self.error}")
        if self.stopped_unexplained:
            lines.append(f"stopped at {self.stopped_at}: main awaits a selection that the "
                         "DAG run's runs do not hold, and the workflow has no action that "
                         "could have moved them on; nothing after it was checked")
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "run_name": self.run_name, "text": self.text(),
                "missing": self.missing,
                "extra": {k: [r["run_id"] for r in v] for k, v in self.extra.items() if v},
                "calls": len(self.calls), "runs": self.runs_asked(),
                "error": self.error, "stopped_at": self.stopped_at, "files": self.files,
                "seconds": round(self.seconds, 3)}


def _ids(ids: list[int]) -> str:
    shown = ", ".join(map(str, ids[:_LISTED]))
    return shown + (f", ... ({len(ids)})" if len(ids) > _LISTED else "")


def _job(record: Mapping[str, Any]) -> str:
    event = record["run"].get("event_name")
    return f"{_plain_job(record)}" + (f" (event {event})" if event else "")


def verify(workflow: str | Path, run_name: str, params: Mapping[str, Any], *,
           events: Iterable[str] | None = None, actions: bool = False,
           poll_interval: float = 0.2, timeout: float | None = None,
           written: Iterable[str] = ()) -> Report:
    """Replay ``main`` natively on ``run_name`` and compare (see the module docstring).

    ``events``: the event names of the DAG's compiled steps; ``actions``: the workflow
    has actions (their runs are not checked); ``timeout``: seconds the replay may take
    (a ``main`` waiting for something that never comes), None for no limit;
    ``written``: the files the DAG's steps wrote (paths as ``main`` names them):
    ``main``'s own ``open(path, "w")`` of one writes aside, and its text is compared
    with the step's (:func:`_writing_aside`).
    """
    from motoko_airflow.blackdynamite import run_record

    started = time.monotonic()
    wf = _Replaying(workflow, poll_interval=poll_interval)
    scratch = Path(tempfile.mkdtemp(prefix="motoko-verify-"))
    wf.vars_path = scratch / "vars.pickle"
    wf.run_name = run_name
    wf.params = dict(params)
    wf.finished = actions
    try:
        if wf.settings.generator == "bashCoat":
            wf.launch_inline()
        before = _current(wf, run_name, run_record)
        original = wf.wf_dir / "vars" / f"{run_name}.pickle"
        if original.exists():
            shutil.copy(original, wf.vars_path)
        wf._replay_known = {(name, run_id) for name, runs in before.items() for run_id in runs}
        wf._replay_scope = None if actions else set()
        error = stopped_at = None
        aside: list[tuple[str, Path]] = []
        try:
            directory = wf.settings.directory
            with in_workflow_directory(directory), imported_afresh(directory), \
                    _writing_aside(directory, written, scratch, aside):
                asyncio.run(_replay(wf, timeout))
            wf.wait_launched()  # the runs made now: their scripts end
        except ReplayStopped as exc:
            stopped_at = _site_of(exc)
        except (Exception, asyncio.CancelledError) as exc:  # main's own error is a finding
            error = describe(exc)
        calls = wf.calls
        asked = {(c.task_manager, i) for c in calls for i in c.run_ids}
        counted = None if not actions else (
            set(events or ()) | {c.event_name for c in calls})
        extra = {
            name: [record for run_id, record in sorted(runs.items())
                   if (name, run_id) not in asked
                   and (counted is None or record["run"].get("event_name") in counted)]
            for name, runs in before.items()} if stopped_at is None else {}
        return Report(run_name, calls, extra, error, time.monotonic() - started,
                      stopped_at, actions, _compared(aside))
    finally:
        wf.close()
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def _writing_aside(directory: str | Path, written: Iterable[str], scratch: Path,
                   aside: list[tuple[str, Path]]) -> Iterator[None]:
    """While ``main`` is replayed: its ``open(path, "w")`` (or ``Path.open``,
    ``Path.write_text``) of a file a step of the DAG wrote writes a file of ``scratch``
    instead, kept in ``aside`` with the path; any other open is Python's."""
    targets = {os.path.realpath(os.path.join(directory, p)) for p in written}
    if not targets:
        yield
        return
    real = builtins.open
    root = os.path.realpath(directory) + os.sep

    def from_workflow() -> bool:
        frame: Any = sys._getframe(2)
        for _ in range(3):  # main's own call, or pathlib's on its behalf
            if frame is None:
                return False
            name = os.path.realpath(frame.f_code.co_filename)
            if name.startswith(root):
                return True
            if not name.endswith("pathlib.py"):
                return False
            frame = frame.f_back
        return False

    def replay_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode in ("w", "wt", "tw") and isinstance(file, (str, os.PathLike)) and \
                os.path.realpath(os.fspath(file)) in targets and from_workflow():
            instead = scratch / f"written-{len(aside)}"
            aside.append((os.fspath(file), instead))
            return real(instead, mode, *args, **kwargs)
        return real(file, mode, *args, **kwargs)

    builtins.open = io.open = replay_open
    try:
        yield
    finally:
        builtins.open = io.open = real


def _compared(aside: list[tuple[str, Path]]) -> list[str]:
    """The files ``main`` wrote aside whose text is not the DAG's; each gets ``main``'s
    text (as the missing runs are made: the workflow ends with ``main``'s results)."""
    out = []
    last = {path: instead for path, instead in aside}  # main's last writing of each
    for path, instead in last.items():
        mine = instead.read_bytes()
        try:
            theirs: bytes | None = Path(path).read_bytes()
        except OSError:
            theirs = None
        if theirs == mine:
            continue
        if theirs is None:
            out.append(f"{path}: main writes it, the DAG run did not")
        else:
            at = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False))
                       if a != b), min(len(mine), len(theirs)))
            line = mine[:at].count(b"\n") + 1
            out.append(f"{path}: main writes other text than the DAG's step wrote (from "
                       f"line {line}: main {_excerpt(mine, at)}, the DAG "
                       f"{_excerpt(theirs, at)}); it now holds main's")
        shutil.copyfile(instead, path)
    return out


def _excerpt(text: bytes, at: int) -> str:
    start = text.rfind(b"\n", 0, at) + 1
    return repr(text[start:start + 60].decode("utf-8", "replace"))


class _Replaying(Workflow):
    """The live workflow of a replay: its ``vars`` are a copy (``vars_path``), and each
    ``createTask`` is recorded (:attr:`calls`) before its runs are launched."""

    vars_path: Path

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[Call] = []

    def _created(self, task_manager: Any, pairs: list[tuple[Any, Any]]) -> None:
        from motoko_airflow.blackdynamite import run_record

        known = self._replay_known or set()
        records = [run_record(task_manager.name, r, j) for r, j in pairs]
        self.calls.append(Call(
            task_manager.name, _call_site(),
            str(records[0]["run"].get("event_name", "")) if records else "",
            [int(r.id) for r, _ in pairs], [_plain_job(record) for record in records],
            [int(r.id) for r, _ in pairs if (task_manager.name, int(r.id)) not in known]))
        if self._replay_scope is not None:
            self._replay_scope.update((task_manager.name, int(r.id)) for r, _ in pairs)
        super()._created(task_manager, pairs)

    @property
    def vars(self) -> WorkflowVars:
        if self._vars is None:
            self._vars = WorkflowVars(self.vars_path)
        return self._vars


async def _replay(wf: Any, timeout: float | None) -> None:
    """``main`` on the live workflow, launching what it creates; no action loop."""
    func = wf.get_orchestrator_function()
    main = asyncio.ensure_future(func(wf, **wf.params))
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while not main.done():
            wf._tick_inline()
            if deadline is not None and time.monotonic() > deadline:
                raise VerificationError(
                    f"main did not return within {timeout:.0f} s of replaying (it waits "
                    "for something the DAG run did not leave behind)")
            await asyncio.wait({main}, timeout=wf.poll_interval)
        main.result()
    finally:
        if not main.done():
            main.cancel()


def _current(wf: Any, run_name: str, run_record: Any) -> dict[str, dict[int, dict[str, Any]]]:
    """Task manager -> run id -> record: the run name's runs (superseded attempts left
    out)."""
    out: dict[str, dict[int, dict[str, Any]]] = {}
    for name, tm in wf.task_managers.items():
        tm.bd.refresh()
        out[name] = {int(r.id): run_record(name, r, j)
                     for r, j in tm.bd.select(run_name=run_name)}
    return out


def _site_of(exc: BaseException) -> str:
    """file:line of the last frame of ``exc``'s traceback outside this package."""
    site = "main"
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if not code.co_filename.startswith(_PACKAGE) and "asyncio" not in code.co_filename:
            site = f"{Path(code.co_filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return site


def _call_site() -> str:
    """file:line of the first frame outside this package: the orchestrator's call."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return "createTask"
    return f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno}"


def _plain_job(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record["job"].items() if k != "id"}
