"""Where a run name stands, over every study of a workflow: runs per state, the failed
ones, the attempts superseded by a retry, and (for a command that knows what existed
before it) the runs reused from earlier attempts. ``motoko status`` prints it (or its
JSON), ``motoko run`` ends with it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["RunSummary", "StudySummary", "finished_runs", "summarize"]


@dataclass
class StudySummary:
    study: str
    total: int = 0  # current runs (superseded attempts aside)
    states: dict[str, int] = field(default_factory=dict)
    failed: list[int] = field(default_factory=list)  # current FAILED runs
    superseded: list[int] = field(default_factory=list)  # attempts a retry replaced
    reused: int = 0  # FINISHED before the command started


@dataclass
class RunSummary:
    run_name: str
    studies: list[StudySummary]
    status: str | None = None  # the DAG run's, when there is one
    elapsed: float | None = None

    @property
    def total(self) -> int:
        return sum(s.total for s in self.studies)

    @property
    def finished(self) -> int:
        return sum(s.states.get("FINISHED", 0) for s in self.studies)

    @property
    def failed(self) -> list[str]:
        return [f"{s.study} {i}" for s in self.studies for i in s.failed]

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "total": self.total, "finished": self.finished,
                "failed": self.failed}

    def line(self) -> str:
        """One line: ``6 runs: 5 FINISHED, 1 FAILED (mult 3); 2 reused; 1 superseded``."""
        counts: Counter[str] = Counter()
        for s in self.studies:
            counts.update(s.states)
        states = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
        text = f"{self.total} run(s) of {self.run_name}" + (f": {states}" if states else "")
        if self.failed:
            text += f" (failed: {', '.join(self.failed)})"
        reused = sum(s.reused for s in self.studies)
        superseded = sum(len(s.superseded) for s in self.studies)
        if reused:
            text += f"; {reused} reused from earlier attempts"
        if superseded:
            text += f"; {superseded} earlier attempt(s) superseded by a retry"
        return text


def finished_runs(workflow: Any, run_name: str) -> dict[str, set[int]]:
    """The FINISHED runs of ``run_name`` now, per study (to count reuse later)."""
    out: dict[str, set[int]] = {}
    for name, tm in workflow.task_managers.items():
        if not tm.bd.exists:
            out[name] = set()
            continue
        out[name] = {int(r.id) for r, _ in tm.bd.select(run_name=run_name)
                     if r["state"] == "FINISHED"}
    return out


def summarize(workflow: Any, run_name: str,
              finished_before: dict[str, set[int]] | None = None) -> RunSummary:
    """The summary of ``run_name`` over the workflow's studies (read through their
    servers; the caller holds what it needs to reach them)."""
    from motoko_airflow.blackdynamite import FAILED_STATES

    studies = []
    for name, tm in workflow.task_managers.items():
        summary = StudySummary(name)
        studies.append(summary)
        if not tm.bd.exists:
            continue
        for run, _ in tm.bd.select(run_name=run_name, current_only=False):
            if run.entries.get("superseded_by") is not None:
                summary.superseded.append(int(run.id))
                continue
            summary.total += 1
            state = str(run["state"])
            summary.states[state] = summary.states.get(state, 0) + 1
            if state in FAILED_STATES:
                summary.failed.append(int(run.id))
            if finished_before and int(run.id) in finished_before.get(name, set()):
                summary.reused += 1
    return RunSummary(run_name, studies)
