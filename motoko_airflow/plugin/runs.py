"""What the Motoko view shows, as plain JSON, read from a workflow's studies.

No Airflow here: the app finds the workflow and the run name of a DAG run, these
functions read the studies. BlackDynamite is imported inside them (through
:mod:`motoko_airflow.workflow`), never when this module is imported.

Reading is read-only and leaves things as found: each study is read under a lease on
its ZEO server (a server started for the read is stopped after it) and every connection
is closed. A run's directory and output files come from its own record and are read
only when they lie inside the workflow directory.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from motoko_airflow.liveness import EXIT_FILE

__all__ = ["dag_run_runs", "workflow_runs"]


@contextlib.contextmanager
def _open(path: str | Path) -> Iterator[Any]:
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(path)
    try:
        yield workflow
    finally:
        workflow.close()


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _time(value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.datetime.fromisoformat(value)
    return None


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
            ended = datetime.datetime.fromtimestamp((run_dir / EXIT_FILE).stat().st_mtime)
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
        "host": fields.get("machine_name") if fields.get("host_recorded") else None,
    }
    if state in FAILED_STATES:
        name = str(fields.get("run_name") or "")
        files = [run_dir / f"{name}.{s}{out['id']}" for s in "oe"] if run_dir else []
        if readable and files and all(_inside(f, root) for f in files):
            out["output_tail"] = study.output_tail(run)
        else:
            out["output_tail"] = "(no output inside the workflow directory)"
    return out


def _selected(workflow: Any, tasks: Sequence[str]) -> list[Any]:
    names = [workflow.settings.resolve(t) for t in tasks] if tasks else \
        list(workflow.task_managers)
    return [workflow.task_managers[n] for n in dict.fromkeys(names)]


def dag_run_runs(path: str | Path, run_name: str, tasks: Sequence[str] = (),
                 states: Sequence[str] = ()) -> dict[str, Any]:
    """Every run of ``run_name`` in the workflow's studies (or only ``tasks``: task
    managers or aliases), every attempt included, optionally only in ``states``.

    ``{"workflow": dir, "run_name": ..., "studies": [{"study", "directory", "runs":
    [{"id", "state", "attempt", "superseded_by", "supersedes", "job", "outputs",
    "start_time", "end_time", "duration_seconds", "output_tail" (FAILED only), ...}],
    "states": {state: count}}]}``. Unknown task names raise ``ConfigError``.
    """
    wanted = set(states)
    with _open(path) as workflow:
        root = Path(workflow.directory).resolve()
        studies = []
        for tm in _selected(workflow, tasks):
            study = tm.bd
            runs: list[dict[str, Any]] = []
            if study.exists:
                with study.server.lease():
                    pairs = study.select(run_name=run_name, current_only=False)
                    replaced: dict[int, list[int]] = {}
                    for run, _job in pairs:
                        new = run.entries.get("superseded_by")
                        if new is not None:
                            replaced.setdefault(int(new), []).append(int(run.id))
                    runs = [_run(study, run, job, root, replaced.get(int(run.id), []))
                            for run, job in pairs
                            if not wanted or str(run["state"]) in wanted]
            studies.append({"study": tm.name, "directory": str(study.directory),
                            "created": bool(study.exists), "runs": runs,
                            "states": dict(Counter(r["state"] for r in runs))})
        return {"workflow": str(root), "run_name": run_name, "studies": studies}


def workflow_runs(path: str | Path) -> dict[str, Any]:
    """How many runs each study has per run name and state, over every run name
    (attempts a retry superseded counted apart, as ``superseded``).

    ``{"workflow": dir, "studies": [{"study", "run_names": {name: {state: n}},
    "total"}]}``.
    """
    with _open(path) as workflow:
        root = Path(workflow.directory).resolve()
        studies = []
        for tm in workflow.task_managers.values():
            study = tm.bd
            counts: dict[str, Counter[str]] = {}
            if study.exists:
                with study.server.lease():
                    for run, _job in study.select(current_only=False):
                        state = ("superseded" if run.entries.get("superseded_by") is not None
                                 else str(run["state"]))
                        counts.setdefault(str(run["run_name"]), Counter())[state] += 1
            studies.append({"study": tm.name, "created": bool(study.exists),
                            "run_names": {n: dict(c) for n, c in sorted(counts.items())},
                            "total": sum(sum(c.values()) for c in counts.values())})
        return {"workflow": str(root), "studies": studies}
