"""An in-memory stand-in for BlackDynamite studies, for the fuzzer's fast oracle.

What it models, and why it is faithful
--------------------------------------
:class:`MemoryStudy` replaces :class:`motoko_airflow.blackdynamite.Study` behind the
project's own runtime (``Workflow``, ``TaskManager.createTask``, ``RunList``: the real
classes, with ``TaskManager._bd`` set to a memory study, see :func:`memory_workflow`), and
behind the oracle's execution of a graph (``execution.create_calls``). It implements
the part of ``Study`` those use, with the same semantics:

- ``create_runs(job_params, run_params, *, run_name, event_name, ...)``: ``run_params``
  merged over ``bd.yaml``'s ``run_params`` (reserved fields refused), ``job_params``
  merged over its ``job_space`` and expanded by the runtime's own
  :func:`motoko_airflow.schema.expand_job_space` (the code :meth:`Study.create_runs`
  runs: lists expand as a cartesian product, the first parameter varying slowest,
  ``list``-typed fields not expanded, values checked, floats coerced); run parameters
  made plain by the same :func:`~motoko_airflow.schema.plain_or_same`; a job is found again by its
  parameters (``jobs_index``: the tuple of its values in key order), a run by ``(job,
  run_name, event_name, run parameters but defaults)`` (``Study._run_key``): creation
  is idempotent, and the pairs come back in job-space order.
- Runs end at once: a new run is FINISHED, with the outputs its study's ``doIt.py``
  would write, computed by a deterministic Python function of the job parameters
  (:data:`STUDIES`). Nothing fails, nothing waits, so ``await``-ing a ``RunList``
  returns the list at once (``TaskManager.wait_finished`` reads ``states``).
- ``record(run_id)`` is a run's plain-JSON record in :func:`blackdynamite.run_record`'s
  shape (``study``, ``run_id``, ``job_id``, ``state``, ``job``, ``run``): what operators
  pass through XCom.

``RunList`` awaits ``TaskManager.wait_finished``, replaced on each memory task manager
by a check that its runs are FINISHED (they are, from creation).

What it does not model: launching, waiting, failures and retries (every run FINISHES
at once, so attempt and retry tokens never matter), selections (``select``: the
generator makes none), actions, Slurm, ZEO and transactions. BlackDynamite is not
imported (nor Airflow): thousands of programs run in a couple of minutes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from motoko_airflow.config import StudyConfig, load_study_config
from motoko_airflow.exceptions import JobParameterError
from motoko_airflow.schema import RUN_BUILTIN_FIELDS, expand_job_space, plain_or_same

__all__ = ["STUDIES", "MemoryStudy", "TooManyRuns", "memory_workflow", "write_studies"]

#: The most runs one side of a program may make (a generated program multiplying
#: sweeps is cut short: it proves nothing more than a smaller one).
RUN_LIMIT = 300
#: The most runs one side may find again (``createTask`` of an existing job): a loop
#: that never ends, natively, calling createTask with the same job.
CALL_LIMIT = 5000
#: Motoko's defaults of the built-in run fields run_params may set (Study.RUN_DEFAULTS).
RUN_DEFAULTS: dict[str, Any] = {"machine_name": "localhost", "nproc": 1}


class TooManyRuns(Exception):
    """A program made more than :data:`RUN_LIMIT` runs."""


def _mult(job: dict[str, Any]) -> dict[str, Any]:
    return {"y": 2.0 * job["x"] + job["k"], "n": int(math.floor(job["x"])) % 3,
            "big": job["x"] > 1.5}


def _add(job: dict[str, Any]) -> dict[str, Any]:
    return {"z": job["x"] + job["y"]}


def _square(job: dict[str, Any]) -> dict[str, Any]:
    return {"w": job["v"] * job["v"]}


def _agg(job: dict[str, Any]) -> dict[str, Any]:
    return {"s": float(sum(job["vals"])), "m": len(job["vals"]) + job["n"]}


def _label(job: dict[str, Any]) -> dict[str, Any]:
    return {"size": len(job["name"]) + job["i"]}


#: study -> (bd.yaml's job fields, its job_space, doIt.py as a function of the job).
STUDIES: dict[str, tuple[dict[str, str], dict[str, Any],
                         Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "mult": ({"x": "float", "k": "int"}, {"k": 1}, _mult),
    "add": ({"x": "float", "y": "float"}, {"y": 0.0}, _add),
    "square": ({"v": "float"}, {}, _square),
    "agg": ({"vals": "list", "n": "int", "mult_ids": "list"}, {"n": 0, "mult_ids": []},
            _agg),
    "label": ({"name": "str", "i": "int"}, {"i": 0}, _label),
}


def write_studies(directory: Path) -> None:
    """motoko.yaml's task managers and one study folder per :data:`STUDIES` entry."""
    for name, (job, space, _) in STUDIES.items():
        study = directory / name
        study.mkdir(parents=True, exist_ok=True)
        lines = [f"study: {name}", "job:"] + [f"  {k}: {t}" for k, t in job.items()]
        if space:
            lines += ["job_space:"] + [f"  {k}: {json.dumps(v)}" for k, v in space.items()]
        (study / "bd.yaml").write_text("\n".join(lines) + "\n")
        (study / "launch.sh").write_text("#!/bin/bash\npython doIt.py\n")


class Entries:
    """A BlackDynamite run or job as main sees it: attributes (lower-cased names) and
    items over its entries; ``id``."""

    def __init__(self, entries: dict[str, Any]) -> None:
        object.__setattr__(self, "entries", entries)

    def __getattr__(self, name: str) -> Any:
        entries = object.__getattribute__(self, "entries")
        if name.lower() in entries:
            return entries[name.lower()]
        raise AttributeError(name)

    def __getitem__(self, name: str) -> Any:
        return self.entries[name.lower()]

    def __setattr__(self, name: str, value: Any) -> None:
        self.entries[name.lower()] = value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.entries.get('id')}>"


class MemoryRun(Entries):
    pass


class MemoryJob(Entries):
    pass


class MemoryStudy:
    """One study, in memory (see the module docstring)."""

    slurm = None

    def __init__(self, config: StudyConfig, outputs: Callable[[dict[str, Any]], dict[str, Any]],
                 counter: list[int] | None = None) -> None:
        self.config = config
        self.name = config.study
        self.outputs = outputs
        self.jobs: dict[int, MemoryJob] = {}
        self.jobs_index: dict[tuple[Any, ...], int] = {}
        self.runs: dict[int, tuple[MemoryRun, MemoryJob]] = {}
        self.index: dict[tuple[Any, ...], int] = {}
        self.counter = counter if counter is not None else [0, 0]

    # ---- what Study offers the runtime and the operators ---------------------------

    @staticmethod
    def sync() -> None:
        pass

    def refresh(self) -> None:
        pass

    def close(self) -> None:
        pass

    def states(self, run_ids: Any) -> dict[int, str]:
        return {int(i): self.runs[int(i)][0].entries["state"] for i in run_ids}

    def get_run(self, run_id: int) -> tuple[MemoryRun, MemoryJob]:
        return self.runs[int(run_id)]

    def select(self, constraints: Any = None, *, run_name: str | None = None,
               current_only: bool = True) -> list[tuple[MemoryRun, MemoryJob]]:
        if constraints:
            raise NotImplementedError("the memory study selects by run name only")
        return [pair for _, pair in sorted(self.runs.items())
                if run_name is None or pair[0].entries["run_name"] == run_name]

    def expand_job_space(self, job_params: dict[str, Any]) -> list[dict[str, Any]]:
        """The runtime's own expansion (:func:`motoko_airflow.schema.expand_job_space`)."""
        return expand_job_space(self.config, job_params, self.name)

    def create_runs(self, job_params: dict[str, Any], run_params: dict[str, Any] | None = None,
                    *, run_name: str, event_name: str = "createTask",
                    retry_failed: bool = False, retry_token: str | None = None,
                    dag_id: str | None = None) -> list[tuple[MemoryRun, MemoryJob]]:
        """:meth:`Study.create_runs` where every run FINISHES at once (no retry can
        happen: an existing run is always found again); the DAG asking is recorded."""
        merged = dict(self.config.run_params)
        for key, value in (run_params or {}).items():
            current = merged.get(key)
            if isinstance(value, dict) and isinstance(current, dict):
                merged[key] = {**current, **value}
            else:
                merged[key] = value
        user = {k.lower(): plain_or_same(v) for k, v in merged.items()}
        for key in user:
            if key in RUN_BUILTIN_FIELDS and key not in RUN_DEFAULTS:
                raise JobParameterError(f"study {self.name}: run parameter {key!r} is "
                                        "set by motoko itself", self.name, key)
        key_params = json.dumps(
            {k: v for k, v in user.items()
             if not (k in RUN_DEFAULTS and (v is None or v == RUN_DEFAULTS[k]))},
            sort_keys=True, default=str)
        created = []
        for entries in self.expand_job_space(job_params):
            params = tuple(_hashable(v) for _, v in sorted(entries.items()))
            job_id = self.jobs_index.get(params)
            if job_id is None:
                job_id = len(self.jobs) + 1
                self.jobs_index[params] = job_id
                self.jobs[job_id] = MemoryJob({**json.loads(json.dumps(entries)),
                                               "id": job_id})
            job = self.jobs[job_id]
            run_key = (job_id, str(run_name), str(event_name), key_params)
            run_id = self.index.get(run_key)
            if run_id is not None:
                # a loop over a list it keeps growing finds the same runs forever
                self.counter[1] += 1
                if self.counter[1] >= CALL_LIMIT:
                    raise TooManyRuns(f"more than {CALL_LIMIT} runs found again")
                created.append(self.runs[run_id])
                continue
            if self.counter[0] >= RUN_LIMIT:
                raise TooManyRuns(f"more than {RUN_LIMIT} runs")
            self.counter[0] += 1
            run_id = len(self.runs) + 1
            values: dict[str, Any] = {"machine_name": "localhost", "nproc": 1,
                                      "run_name": run_name, "event_name": event_name,
                                      "attempt": 1}
            if retry_token is not None:
                values["retry_token"] = retry_token
            if dag_id is not None:
                values["dag_id"] = dag_id
            values.update(json.loads(json.dumps(user)))
            values.update({"job_id": job_id, "id": run_id, "state": "FINISHED"})
            values.update(self.outputs(dict(job.entries)))
            run = MemoryRun(values)
            self.runs[run_id] = (run, job)
            self.index[run_key] = run_id
            created.append((run, job))
        return created

    def record(self, run_id: int, exact: bool = False) -> dict[str, Any]:
        """The run's plain-JSON record (``blackdynamite.run_record``'s shape; ``exact``:
        its run fields tagged, as the operators' XComs hold them)."""
        from motoko_airflow.segments import EXACT, encode

        run, job = self.runs[int(run_id)]
        record = {"study": self.name, "run_id": int(run.entries["id"]),
                  "job_id": int(job.entries["id"]), "state": run.entries["state"],
                  "job": json.loads(json.dumps(job.entries)),
                  "run": json.loads(json.dumps(run.entries))}
        if exact:
            record["run"] = {k: encode(v, {}, k) for k, v in run.entries.items()}
            record[EXACT] = True
        return record


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def memory_studies(directory: Path) -> dict[str, MemoryStudy]:
    """One fresh memory study per :data:`STUDIES` entry of a workflow directory, sharing
    one run counter (for :data:`RUN_LIMIT`)."""
    counter = [0, 0]
    return {name: MemoryStudy(load_study_config(directory / name), outputs, counter)
            for name, (_, _, outputs) in STUDIES.items()}


def _finished(study: MemoryStudy) -> Callable[[Any], Any]:
    """``TaskManager.wait_finished`` on a memory study: its runs are FINISHED when made
    (the runtime's own would import BlackDynamite for its state names, only to find
    that)."""
    async def wait_finished(run_ids: Any) -> None:
        states = study.states(run_ids)
        assert set(states.values()) <= {"FINISHED"}, states

    return wait_finished


def memory_workflow(directory: Path, studies: dict[str, MemoryStudy], run_name: str) -> Any:
    """The project's own :class:`~motoko_airflow.workflow.Workflow` for ``directory``,
    its task managers backed by ``studies`` (no launching: runs end at creation)."""
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(directory, poll_interval=0.0)
    for name, tm in workflow.task_managers.items():
        tm._bd = studies[name]  # type: ignore[assignment]
        tm.wait_finished = _finished(studies[name])  # type: ignore[method-assign, assignment]
    workflow.run_name = run_name
    return workflow
