"""Motoko-compatible task managers: ``createTask``, ``RunList``, ``TaskSelection``.

A :class:`TaskManager` wraps one study of a workflow. ``createTask`` creates runs
idempotently and returns an awaitable :class:`RunList`; ``select`` returns a lazy
:class:`TaskSelection`. Both behave as Motoko 0.1.4 documents them, with its bugs
fixed: an awaited run that FAILED raises :class:`RunFailedError` instead of waiting
forever, and ``select`` never changes the caller's constraint list.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from motoko_airflow.config import TaskManagerConfig, load_study_config
from motoko_airflow.exceptions import MotokoError, RunFailedError

if TYPE_CHECKING:
    from motoko_airflow.blackdynamite import Study
    from motoko_airflow.workflow import Workflow

__all__ = ["ReplayStopped", "RunList", "TaskManager", "TaskSelection", "TaskSelectionEval"]

Pair = tuple[Any, Any]
#: Seconds between two looks at the Slurm jobs of awaited runs.
SLURM_POLL = 2.0


class RunList(list):  # type: ignore[type-arg]
    """The ``(run, job)`` pairs made by ``createTask``; awaiting it waits until all FINISHED.

    It is a list, so it can be iterated, extended and indexed without awaiting; awaiting
    commits, then polls the runs' states and returns the list itself once every run is
    FINISHED. A run that FAILED raises :class:`RunFailedError` with its output's tail.
    """

    def __init__(self, runs: Sequence[Pair] = (), task_manager: TaskManager | None = None):
        super().__init__(runs)
        self.task_manager = task_manager

    # hashable by identity, as Motoko's RunList: asyncio.gather() keys its awaitables
    __hash__ = object.__hash__  # type: ignore[assignment]

    @property
    def runs(self) -> list[Pair]:
        """Motoko's attribute name for the pairs."""
        return list(self)

    def __await__(self) -> Generator[Any, None, RunList]:
        return self._wait().__await__()

    async def _wait(self) -> RunList:
        if self.task_manager is None or not self:
            return self
        await self.task_manager.wait_finished([r.id for r, _ in self])
        return self


class ReplayStopped(MotokoError):
    """A replay of ``main`` (:mod:`motoko_airflow.verification`) awaited a selection that
    does not hold after the DAG run (actions moved its runs on): it cannot go further."""


class TaskSelectionEval:
    """A condition over selections (``sel.all(...)``, ``a & b``): call it, or await it."""

    def __init__(self, func: Callable[[], Any], poll: Callable[[], float] | None = None,
                 replaying: bool = False):
        self.func = func
        self._poll = poll
        self._replaying = replaying

    def __call__(self) -> Any:
        return self.func()

    def __bool__(self) -> bool:
        return bool(self.func())

    def __and__(self, other: Callable[[], Any]) -> TaskSelectionEval:
        if not callable(other):
            raise TypeError("'&' combines selections or selection conditions only")

        def both() -> Any:
            first = self()
            if not first:
                return False
            second = other()
            if not second:
                return False
            return list(first) + list(second)

        return TaskSelectionEval(both, self._poll, self._replaying)

    def __await__(self) -> Generator[Any, None, Any]:
        async def wait() -> Any:
            from motoko_airflow.blackdynamite import Study

            while True:
                Study.sync()
                result = self.func()
                if result:
                    return result
                if self._replaying:  # everything the DAG run made has ended
                    raise ReplayStopped("an awaited selection does not hold any more")
                await asyncio.sleep(self._poll() if self._poll else 0.2)

        return wait().__await__()


class TaskSelection:
    """A lazy BlackDynamite selection, evaluated each time it is used.

    Iterate it, take its ``len``, test it, index it, call it, or ``await`` it (waits
    until at least one run matches). ``all(c1, c2, ...)`` waits until every selected run
    satisfies one of the given constraint sets; ``a & b`` holds when both hold.
    """

    def __init__(self, task_manager: TaskManager, constraints: list[str]) -> None:
        from motoko_airflow.blackdynamite import parse_constraints

        self.task_manager = task_manager
        self.constraints = list(constraints)
        self.study = task_manager.study
        self._parsed = parse_constraints(self.constraints, task_manager.bd.types)

    def exec(self) -> list[Pair]:
        workflow = self.task_manager.workflow
        if workflow._recording:
            return []
        pairs = self.task_manager.bd.select_parsed(self._parsed, run_name=workflow.run_name)
        scope = workflow._replay_scope
        if scope is not None:
            # a replay sees the runs main had made at this point, not those the DAG run
            # made later (`select().all("x < 3")` held natively before x = 12 existed)
            name = self.task_manager.name
            pairs = [(r, j) for r, j in pairs if (name, int(r.id)) in scope]
        return pairs

    def __call__(self) -> list[Pair]:
        return self.exec()

    def __iter__(self) -> Iterator[Pair]:
        return iter(self.exec())

    def __len__(self) -> int:
        return len(self.exec())

    def __bool__(self) -> bool:
        return bool(self.exec())

    def __getitem__(self, index: int | slice) -> Any:
        return self.exec()[index]

    def __repr__(self) -> str:
        return f"TaskSelection({self.task_manager.name!r}, {self.constraints!r})"

    def __await__(self) -> Generator[Any, None, list[Pair]]:
        if self.task_manager.workflow._recording:
            return RunList([]).__await__()
        return TaskSelectionEval(self.exec, self._poll, self._replaying).__await__()

    def __and__(self, other: Callable[[], Any]) -> TaskSelectionEval:
        return TaskSelectionEval(self.exec, self._poll, self._replaying) & other

    @property
    def _replaying(self) -> bool:
        return self.task_manager.workflow._replay_known is not None

    def _poll(self) -> float:
        return self.task_manager.workflow.poll_interval

    def all(self, *constraint_sets: str | Sequence[str]) -> TaskSelectionEval:
        """Holds (returning the selection) when the selection is non-empty and every run
        in it satisfies one of ``constraint_sets`` (each a constraint or a list)."""
        from motoko_airflow.blackdynamite import parse_constraints

        types = self.task_manager.bd.types
        parsed_sets = [parse_constraints(c, types) for c in constraint_sets]

        def every() -> Any:
            selection = self.exec()
            if not selection:
                return False
            for parsed in parsed_sets:
                if all(all(c.matches(r, j, types) for c in parsed) for r, j in selection):
                    return selection
            return False

        return TaskSelectionEval(every, self._poll, self._replaying)


def calling_function(frame: Any) -> str:
    """The name of the function that called createTask: Motoko's ``event_name``.

    Comprehensions and generator expressions are their own functions before Python
    3.12 (``<listcomp>``) and inlined after: the enclosing function is named instead,
    so a run's ``event_name`` does not depend on the Python version.
    """
    return calling_function_of(_outwards(frame), default="createTask")


def _outwards(frame: Any) -> Iterator[Any]:
    while frame is not None:
        yield frame
        frame = frame.f_back


def calling_function_of(frames: Iterable[Any], default: str = "main") -> str:
    """:func:`calling_function` over given frames, innermost first: the tracer gives the
    workflow's own only (what consumes a generator expression natively in C,
    ``f(*gen)``, ``list(gen)``, Python code may consume while tracing, between the
    generator and its caller)."""
    return next((f.f_code.co_name for f in frames if f.f_code.co_name not in _INLINED),
                default)


_INLINED = ("<listcomp>", "<genexpr>", "<dictcomp>", "<setcomp>")


class TaskManager:
    """One study of a workflow, reached as ``workflow.<name>``."""

    def __init__(self, workflow: Workflow, config: TaskManagerConfig) -> None:
        self.workflow = workflow
        self.config = config
        self.name = config.name
        self.study = config.name
        self._bd: Study | None = None
        self.bd_config_data = load_study_config(config.study_dir)

    def __repr__(self) -> str:
        return f"TaskManager({self.name!r})"

    @property
    def host(self) -> str:
        return self.config.zeo_host

    @property
    def study_dir(self) -> str:
        return str(self.config.study_dir)

    @property
    def bd_dir(self) -> str:
        return str(Path(self.study_dir) / ".bd")

    @property
    def bd_config(self) -> dict[str, Any]:
        """The study's ``bd.yaml`` as a mapping."""
        return dict(self.bd_config_data.raw)

    @property
    def bd(self) -> Study:
        """The :class:`~motoko_airflow.blackdynamite.Study` behind this task manager."""
        if self._bd is None:
            from motoko_airflow.blackdynamite import Study

            self._bd = Study(self.config.study_dir, host=self.config.host,
                             workflow=str(self.workflow.config_path))
        return self._bd

    @property
    def base(self) -> Any:
        """The BlackDynamite ``BaseZEO`` of the study (also made current for BD objects)."""
        from BlackDynamite import base_zeo

        base = self.bd.base
        base_zeo.BaseZEO.singleton_base = base
        return base

    def connect(self) -> Any:
        return self.base

    def createTask(self, run_params: dict[str, Any] | None = None, commit: bool = False,
                   **job_params: Any) -> RunList:
        """Create (or find again) the runs of this study for ``workflow.run_name``.

        ``job_params`` are merged over ``bd.yaml``'s ``job_space`` and expanded (lists
        make several jobs; an empty list none, as in Motoko: the RunList is empty and
        awaiting it returns at once); ``run_params`` over its ``run_params``. Each run
        is tagged with ``run_name`` and ``event_name`` (the calling function's name). Returns an
        awaitable :class:`RunList`. ``commit`` is accepted for Motoko compatibility;
        creation is always committed.
        """
        if self.workflow._recording:
            return RunList([], None)
        run_name = self.workflow.run_name
        if run_name is None:
            raise MotokoError(
                f"cannot create {self.name} tasks: workflow.run_name is not set; set it "
                "(or pass --run_name) before creating tasks")
        frame = inspect.currentframe()
        event_name = calling_function(frame.f_back if frame is not None else None)
        retry_failed = bool(getattr(self.workflow, "retry_failed", False))
        pairs = self.bd.create_runs(job_params, run_params, run_name=run_name,
                                    event_name=event_name, retry_failed=retry_failed,
                                    retry_token=self.workflow.retry_token,
                                    dag_id=self.workflow.dag_id)
        self.workflow._created(self, pairs)
        return RunList(pairs, self)

    def select(self, constraints: str | Sequence[str] | None = None) -> TaskSelection:
        """A lazy selection of this study's runs matching every constraint.

        Constraints use BlackDynamite syntax (``"state = FINISHED"``, ``"runs.id < 3"``),
        one condition per string; when ``workflow.run_name`` is set only that workflow
        run's runs are considered. The caller's list is not modified.
        """
        if constraints is None:
            constraints = []
        elif isinstance(constraints, str):
            constraints = [constraints]
        return TaskSelection(self, list(constraints))

    async def wait_finished(self, run_ids: Sequence[int]) -> None:
        """Poll until every run is FINISHED; raise RunFailedError when one FAILED.

        Runs submitted to Slurm are settled by their job every :data:`SLURM_POLL`
        seconds (a run whose job Slurm ended for time stays START otherwise: nothing
        else looks at it under the native runtime)."""
        from motoko_airflow.blackdynamite import FAILED_STATES, FINISHED

        known = self.workflow._replay_known
        if known is not None:  # a replay: the DAG run's tasks waited for these already
            waited = [i for i in run_ids if (self.name, int(i)) in known]
            run_ids = [i for i in run_ids if (self.name, int(i)) not in known]
            if waited:
                # as when they were made: a new run is never FINISHED at the first look,
                # so the other coroutines of main ran meanwhile (gather's interleaving)
                await asyncio.sleep(0)
        pending = set(run_ids)
        asked = -SLURM_POLL
        while pending:
            self.bd.refresh()
            if self.bd.slurm is not None and time.monotonic() - asked >= SLURM_POLL:
                asked = time.monotonic()
                self.bd.settle_slurm_jobs(pending)
            states = self.bd.states(pending)
            failed = sorted(i for i, s in states.items() if s in FAILED_STATES)
            if failed:
                runs = [self.bd.get_run(i)[0] for i in failed]
                details = "\n".join(
                    (f"  run {run.id}: {run.failure_reason}\n"
                     if getattr(run, "failure_reason", None) else "")
                    + self.bd.output_tail(run) for run in runs)
                raise RunFailedError(self.name, failed, details)
            pending = {i for i, s in states.items() if s != FINISHED}
            if pending:
                await asyncio.sleep(self.workflow.poll_interval)
