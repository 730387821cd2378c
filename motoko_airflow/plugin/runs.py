"""What the Motoko view shows, as plain JSON, read from a workflow's studies.

No Airflow here: the app finds the workflow and the run name of a DAG run, these
functions read the studies. BlackDynamite is imported inside them (through
:mod:`motoko_airflow.workflow`), never when this module is imported.

Reading is read-only and leaves things as found: each study is read under a lease on
its ZEO server (a server started for the read is stopped after it). A run's directory
and output files come from its own record and are read only when they lie inside the
workflow directory.

Large studies: the process keeps one connection per study open while the study's
server runs, with room in its cache for the study's runs (:data:`CACHE_OBJECTS`). Each
request brings it up to date (ZODB drops from memory exactly the objects other
processes changed since), so counting the states of 10,000 runs, filtering and paging
them is done in memory; only the page's runs are read in full (their outputs, exit
files, output tails of failed ones). A study is read from its server when first seen,
after its server was stopped (the connection is closed with it) and where other
processes changed it, each time in pipelined batches (``Study.runs_of``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import math
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from motoko_airflow.batch import usage_text
from motoko_airflow.liveness import EXIT_FILE

__all__ = ["CACHE_OBJECTS", "PER_PAGE", "dag_run_runs", "run_name_owners", "workflow_runs"]

#: Runs per page, by default
PER_PAGE = 100
#: Objects kept in memory per study read by the view (a run is about four: the run, its
#: entries, and its share of the job and tree buckets): room for ~100,000 runs.
CACHE_OBJECTS = 400_000


class PageError(ValueError):
    """A page or filter the runs cannot be shown with (the app answers 400)."""


@contextlib.contextmanager
def _open(path: str | Path) -> Iterator[Any]:
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(path)
    try:
        yield workflow
    finally:
        workflow.close()


@dataclasses.dataclass
class _Reader:
    """The process's connection to one study, for the view (one request at a time)."""

    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    study: Any = None
    stamp: float | None = None  # the mtime of the bd.yaml it was made from


_readers: dict[tuple[str, str], _Reader] = {}
_readers_lock = threading.Lock()


@contextlib.contextmanager
def _reading(study: Any) -> Iterator[Any]:
    """The process's long-lived twin of ``study``, up to date with every commit made
    before now, under a lease on the study's server. Leases are held concurrently (a
    server started for one request stays up for those that overlap it); the reads of
    one study take turns. The connection is closed when the read failed, and when the
    server no longer runs once the lease is left (the last reader leaving stopped it,
    or it was stopped meanwhile)."""
    from motoko_airflow.blackdynamite import Study
    from motoko_airflow.exceptions import BlackDynamiteError

    key = (str(study.directory), str(study.host))
    with _readers_lock:
        reader = _readers.setdefault(key, _Reader())
    ok = False
    try:
        with study.server.lease(), reader.lock:
            try:
                stamp: float | None = (study.directory / "bd.yaml").stat().st_mtime
            except OSError:
                stamp = None
            if reader.study is None or reader.stamp != stamp:
                if reader.study is not None:
                    reader.study.close()
                reader.study = Study(study.directory, host=study.host,
                                     workflow=study.workflow, cache_objects=CACHE_OBJECTS)
                reader.stamp = stamp
            cached = reader.study
            if cached._base is not None and not cached.connected:
                cached.close()  # its server was stopped or restarted since
            try:
                cached.refresh()
            except BlackDynamiteError:  # lost just now: once more, on a new connection
                cached.close()
                cached.refresh()
            yield cached
            ok = True
    finally:
        with reader.lock:
            if reader.study is not None and (
                    not ok or reader.study.server_status() != "running"):
                reader.study.close()


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _time(value: Any) -> datetime.datetime | None:
    """A time in UTC: BlackDynamite stores local times without a zone."""
    found = None
    if isinstance(value, datetime.datetime):
        found = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            found = datetime.datetime.fromisoformat(value)
    return None if found is None else found.astimezone(datetime.UTC)


def _run(study: Any, run: Any, job: Any, root: Path, supersedes: list[int]) -> dict[str, Any]:
    from motoko_airflow.blackdynamite import FAILED_STATES, FINAL_STATES, run_record
    from motoko_airflow.schema import outputs

    record = run_record(study.name, run, job)
    fields = record["run"]
    state = str(record["state"])
    started = _time(fields.get("start_time"))
    ended = None
    run_path = fields.get("run_path")
    run_dir = Path(run_path) if isinstance(run_path, str) and run_path else None
    readable = run_dir is not None and run_dir.is_absolute() and _inside(run_dir, root)
    if readable and state in FINAL_STATES:
        assert run_dir is not None
        with contextlib.suppress(OSError):
            ended = datetime.datetime.fromtimestamp((run_dir / EXIT_FILE).stat().st_mtime,
                                                    datetime.UTC)
    out: dict[str, Any] = {
        "id": record["run_id"],
        "state": state,
        "attempt": fields.get("attempt"),
        "superseded_by": fields.get("superseded_by"),
        "supersedes": supersedes,
        "run_name": fields.get("run_name"),
        "event_name": fields.get("event_name"),
        "job_id": record["job_id"],
        "job": {k: v for k, v in record["job"].items() if k != "id"},
        "outputs": outputs(fields),
        "start_time": started.isoformat() if started else None,
        "end_time": ended.isoformat() if ended else None,
        "duration_seconds": (round((ended - started).total_seconds(), 3)
                             if started and ended else None),
        "failure_reason": fields.get("failure_reason"),
        "resources": fields.get("resources"),
        # its Slurm job: how long it ran and its peak memory; its array task (12_3)
        "used": usage_text(fields.get("batch_job")) or None,
        "slurm_task": _task(fields.get("batch_array")),
        "host": fields.get("machine_name") if fields.get("host_recorded") else None,
    }
    if state in FAILED_STATES and not out["failure_reason"] and readable:
        assert run_dir is not None  # why, when the launch wrapper left its exit code
        with contextlib.suppress(OSError, ValueError):
            code = int((run_dir / EXIT_FILE).read_text().strip())
            if code != 0:
                out["failure_reason"] = f"{study.config.exec_file} exited {code}"
    if state in FAILED_STATES:
        name = str(fields.get("run_name") or "")
        files = [run_dir / f"{name}.{s}{out['id']}" for s in "oe"] if run_dir else []
        if readable and files and all(_inside(f, root) for f in files):
            out["output_tail"] = study.output_tail(run)
        elif run_dir is None:
            out["output_tail"] = "(never launched: no output)"
        else:
            out["output_tail"] = "(no output inside the workflow directory)"
    return out


def _task(batch_array: Any) -> str | None:
    """``12_3``: the Slurm array task a run was submitted as, if it was."""
    if isinstance(batch_array, dict) and "job" in batch_array:
        return f"{batch_array['job']}_{batch_array.get('task')}"
    return None


def _selected(workflow: Any, tasks: Sequence[str]) -> list[Any]:
    names = [workflow.settings.resolve(t) for t in tasks] if tasks else \
        list(workflow.task_managers)
    return [workflow.task_managers[n] for n in dict.fromkeys(names)]


class _Facts(NamedTuple):
    """What filters, counts and orders a run, read from its entries tree."""

    run: Any
    id: int
    state: str
    attempt: int
    superseded_by: int | None
    job_id: int
    dag_id: str | None


def _facts(run: Any) -> _Facts:
    get = run.entries.get
    attempt, new = get("attempt"), get("superseded_by")
    return _Facts(run, get("id"), str(get("state")),
                  attempt if isinstance(attempt, int) else 1,
                  None if new is None else int(new), get("job_id") or 0, get("dag_id"))


def _ordered(runs: list[_Facts]) -> tuple[list[_Facts], dict[int, list[int]]]:
    """Runs (in id order) in the order of their first attempt, each retry's current
    attempt first; and the attempts each run replaces (new id -> older ids)."""
    root: dict[int, int] = {}
    replaced: dict[int, list[int]] = {}
    for run in runs:  # an attempt comes before the one that replaces it
        root.setdefault(run.id, run.id)
        if run.superseded_by is not None:
            root[run.superseded_by] = root[run.id]
            replaced.setdefault(run.superseded_by, []).append(run.id)
    if not replaced:
        return runs, replaced
    return sorted(runs, key=lambda r: (root[r.id], -r.id)), replaced


def dag_run_runs(path: str | Path, run_name: str, tasks: Sequence[str] = (),
                 states: Sequence[str] = (), *, attempts: Sequence[int] = (),
                 where: Sequence[str] = (), page: int = 1, per_page: int = PER_PAGE,
                 dag_id: str | None = None) -> dict[str, Any]:
    """One page of the runs of ``run_name`` in the workflow's studies (or only
    ``tasks``: task managers or aliases), every attempt included, filtered by state
    (any of ``states``), attempt number (any of ``attempts``) and ``where``
    (BlackDynamite constraints on job parameters or run fields, all of them, e.g.
    ``x > 2``); with ``dag_id``, only the runs that DAG made (or made before runs
    recorded their DAG).

    Each study is paged apart (``page`` of ``per_page`` runs, 1-based), in the order of
    the runs' first attempts, a retried run's current attempt first.
    ``{"workflow": dir, "run_name": ..., "studies": [{"study", "directory", "created",
    "runs": [{"id", "state", "attempt", "superseded_by", "supersedes", "job",
    "outputs", "start_time", "end_time" (UTC), "duration_seconds", "failure_reason",
    "output_tail" (FAILED only), ...}], "states": {state: count} (every run of the run
    name), "total", "matched" (by the filters), "page", "pages", "per_page",
    "first" (1-based position of the page's first run)}], "other_dags": [the DAGs
    whose runs of the run name were left out, in the shown studies]}``. Unknown task
    names raise
    ``ConfigError``; a constraint no shown study can read, or a page past the last
    one, :class:`PageError`.
    """
    from motoko_airflow.exceptions import ConstraintError
    from motoko_airflow.schema import parse_constraints

    if page < 1 or per_page < 1:
        raise PageError(f"page {page} of {per_page} runs: pages and sizes start at 1")
    wanted, tries = set(states), set(attempts)
    errors: list[str] = []
    others: set[str] = set()
    with _open(path) as workflow:
        root = Path(workflow.directory).resolve()
        studies = []
        for tm in _selected(workflow, tasks):
            entry: dict[str, Any] = {
                "study": tm.name, "directory": str(tm.bd.directory),
                "created": bool(tm.bd.exists), "runs": [], "states": {}, "total": 0,
                "matched": 0, "page": page, "pages": 0, "per_page": per_page, "first": 0}
            studies.append(entry)
            if not tm.bd.exists:
                continue
            try:
                constraints = parse_constraints(list(where), tm.bd.types) if where else []
            except ConstraintError as exc:  # e.g. a field this study does not have
                errors.append(f"{tm.name}: {exc}")
                constraints = None
            with _reading(tm.bd) as study:
                runs = [_facts(r) for r in study.runs_of(run_name)]
                if dag_id is not None:
                    others.update(r.dag_id for r in runs if r.dag_id not in (None, dag_id))
                    runs = [r for r in runs if r.dag_id in (None, dag_id)]
                runs, replaced = _ordered(runs)
                entry["states"] = dict(Counter(r.state for r in runs))
                entry["total"] = len(runs)
                matched = [] if constraints is None else [
                    r for r in runs if (not wanted or r.state in wanted)
                    and (not tries or r.attempt in tries)]
                if constraints:
                    jobs = study.jobs_of(r.job_id for r in matched)
                    types = study.types
                    matched = [r for r in matched if r.job_id in jobs and all(
                        c.matches(r.run, jobs[r.job_id], types) for c in constraints)]
                first = (page - 1) * per_page
                shown = matched[first:first + per_page]
                jobs = study.jobs_of(r.job_id for r in shown)
                entry.update(
                    matched=len(matched), pages=math.ceil(len(matched) / per_page),
                    first=first + 1 if shown else 0,
                    runs=[_run(study, r.run, jobs[r.job_id], root, replaced.get(r.id, []))
                          for r in shown])
        if where and len(errors) == sum(1 for s in studies if s["created"]) and errors:
            raise PageError("; ".join(errors))
        last = max([s["pages"] for s in studies] + [1])
        if page > last:
            raise PageError(f"page {page} is past the last page ({last}) of these runs "
                            f"at {per_page} per page; ask for page 1 to {last}")
        return {"workflow": str(root), "run_name": run_name, "studies": studies,
                "other_dags": sorted(others)}


def workflow_runs(path: str | Path, dag_id: str | None = None) -> dict[str, Any]:
    """How many runs each study has per run name and state, over every run name
    (attempts a retry superseded counted apart, as ``superseded``); with ``dag_id``,
    only the runs that DAG made (or made before runs recorded their DAG).

    ``{"workflow": dir, "studies": [{"study", "run_names": {name: {state: n}},
    "total"}]}``.
    """
    with _open(path) as workflow:
        root = Path(workflow.directory).resolve()
        studies = []
        for tm in workflow.task_managers.values():
            counts: dict[str, Counter[str]] = {}
            if tm.bd.exists:
                with _reading(tm.bd) as study:
                    for run in study.runs_of(None):
                        entries = run.entries
                        if dag_id is not None and entries.get("dag_id") not in (None, dag_id):
                            continue
                        state = ("superseded" if entries.get("superseded_by") is not None
                                 else str(entries.get("state")))
                        counts.setdefault(str(entries.get("run_name")), Counter())[state] += 1
            studies.append({"study": tm.name, "created": bool(tm.bd.exists),
                            "run_names": {n: dict(c) for n, c in sorted(counts.items())},
                            "total": sum(sum(c.values()) for c in counts.values())})
        return {"workflow": str(root), "studies": studies}


def run_name_owners(path: str | Path, run_name: str) -> set[str]:
    """The DAGs that made runs under ``run_name`` in the workflow's studies (a study's
    runs of a name name one DAG: ``Study.create_runs`` refuses the name to others).
    The studies are read at once, one thread each (a stopped server is started for
    the read and stopped after it: in parallel, the slowest study's time, not the
    sum)."""
    from concurrent.futures import ThreadPoolExecutor

    def owners(study: Any) -> set[str]:
        with _reading(study) as reading:
            return {str(run.entries.get("dag_id")) for run in reading.runs_of(run_name)
                    if run.entries.get("dag_id") is not None}

    with _open(path) as workflow:
        studies = [tm.bd for tm in workflow.task_managers.values() if tm.bd.exists]
        if not studies:
            return set()
        with ThreadPoolExecutor(len(studies), thread_name_prefix="motoko-owner") as pool:
            return set().union(*pool.map(owners, studies))
