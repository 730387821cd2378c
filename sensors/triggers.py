"""Triggers that wait on BlackDynamite runs in Airflow's triggerer, without a worker.

Both poll the study, first every 0.25 s then less and less often (×1.5 each time) up to
every ``poll_interval`` seconds: a run that ends soon after the deferral is seen at once,
and a long wait costs no more than polling at ``poll_interval``. BlackDynamite's client is
synchronous and its ZODB connections belong to one thread, so every BlackDynamite
call of this process runs on one dedicated thread; the triggerer's event loop only
awaits. A study server that does not answer is waited for, up to the workflow's
``server_grace`` (``motoko.yaml``); then the wait ends with ``{"status": "lost",
"message": ...}`` (one line saying what to do). Serialized kwargs are plain JSON (a
persisted format: add with defaults, never remove).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from airflow.triggers.base import BaseTrigger, TriggerEvent

__all__ = ["BlackDynamiteRunTrigger", "ConstraintTrigger"]

T = TypeVar("T")
_BD_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="blackdynamite")


#: Seconds between a trigger's first two polls; each next one waits 1.5 times longer,
#: up to its ``poll_interval``.
FIRST_POLL = 0.25


async def _in_bd_thread(func: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(_BD_THREAD, func)


def _pauses(poll_interval: float) -> Iterator[float]:
    """The pauses between a trigger's polls: 0.25 s, then 1.5 times longer each time,
    capped at ``poll_interval``."""
    pause = min(FIRST_POLL, poll_interval)
    while True:
        yield pause
        pause = min(pause * 1.5, poll_interval)


async def _poll(workflow: str, check: Callable[[], T | None], poll_interval: float
                ) -> T | dict[str, Any]:
    """``check()`` at the pauses of :func:`_pauses` until it returns something; an outage
    of the study server shorter than ``server_grace`` is waited out, a longer one
    returns the ``lost`` payload."""
    from motoko_airflow import execution
    from motoko_airflow.exceptions import ServerUnreachable

    outage: execution.Outage | None = None
    for pause in _pauses(poll_interval):
        try:
            found = await _in_bd_thread(check)
        except ServerUnreachable as exc:
            if outage is None:
                grace = await _in_bd_thread(partial(execution.server_grace, workflow))
                outage = execution.Outage(grace)
            lost = await _in_bd_thread(partial(outage.lost, exc))
            if lost is not None:
                return {"status": "lost", "message": lost}
        else:
            if outage is not None:
                outage.answered()
            if found is not None:
                return found
        await asyncio.sleep(pause)
    raise AssertionError("unreachable: the pauses never end")


class BlackDynamiteRunTrigger(BaseTrigger):
    """Fires when every given run of a study is FINISHED, or as soon as one FAILED.

    Event payload: ``{"status": "finished" | "failed" | "lost", "run_ids": [...],
    "message": str}``.
    """

    def __init__(self, workflow: str, task_manager: str, run_ids: Sequence[int],
                 poll_interval: float = 2.0) -> None:
        super().__init__()
        if not run_ids:
            raise ValueError("BlackDynamiteRunTrigger needs at least one run id")
        if poll_interval <= 0:
            raise ValueError("poll_interval must be > 0")
        self.workflow = workflow
        self.task_manager = task_manager
        self.run_ids = [int(i) for i in run_ids]
        self.poll_interval = float(poll_interval)
        self._held_since: float | None = None

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            "motoko_airflow.sensors.triggers.BlackDynamiteRunTrigger",
            {"workflow": self.workflow, "task_manager": self.task_manager,
             "run_ids": self.run_ids, "poll_interval": self.poll_interval},
        )

    def _check(self) -> dict[str, Any] | None:
        from motoko_airflow import execution

        study = execution.study_for(self.workflow, self.task_manager)
        progress = execution.progress(study, self.run_ids)
        held = execution.held_back(study, self.run_ids)
        if held is not None and held[0] != self._held_since:  # once per hold
            self._held_since = held[0]
            self.log.info("runs of %s: %s", study.name, held[1])
        if progress.failed:
            return {"status": "failed", "run_ids": progress.failed,
                    "message": execution.failure_message(study, progress.failed)}
        if progress.finished:
            return {"status": "finished", "run_ids": self.run_ids, "message": ""}
        return None

    async def run(self) -> AsyncIterator[TriggerEvent]:
        event = await _poll(self.workflow, self._check, self.poll_interval)
        yield TriggerEvent({"run_ids": self.run_ids, **event})


class ConstraintTrigger(BaseTrigger):
    """Fires when every condition holds: its constraint selection (scoped by run name)
    is non-empty and, with ``all_of``, every selected run satisfies one of its sets.

    ``conditions``: ``[{"task_manager": str, "constraints": [str], "all_of": [[str]]}]``;
    ``match="all"`` (default) needs every condition, ``"any"`` one of them (the
    ActionOperator waits for any action's event).
    Event payload: ``{"status": "matched", "records": [run records]}``, or ``{"status":
    "lost", "message": str}``.
    """

    def __init__(self, workflow: str, conditions: Sequence[dict[str, Any]], run_name: str,
                 poll_interval: float = 2.0, match: str = "all") -> None:
        super().__init__()
        if not conditions:
            raise ValueError("ConstraintTrigger needs at least one condition")
        if match not in ("all", "any"):
            raise ValueError(f"match must be 'all' or 'any', not {match!r}")
        self.workflow = workflow
        self.conditions = [dict(c) for c in conditions]
        self.run_name = run_name
        self.poll_interval = float(poll_interval)
        self.match = match

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            "motoko_airflow.sensors.triggers.ConstraintTrigger",
            {"workflow": self.workflow, "conditions": self.conditions,
             "run_name": self.run_name, "poll_interval": self.poll_interval,
             "match": self.match},
        )

    def _check(self) -> list[dict[str, Any]] | None:
        from motoko_airflow.sensors.constraint import match_conditions

        if self.match == "all":
            return match_conditions(self.workflow, self.conditions, self.run_name)
        for condition in self.conditions:
            records = match_conditions(self.workflow, [condition], self.run_name)
            if records is not None:
                return records
        return None

    async def run(self) -> AsyncIterator[TriggerEvent]:
        found = await _poll(self.workflow, self._check, self.poll_interval)
        yield TriggerEvent(found if isinstance(found, dict) else
                           {"status": "matched", "records": found})
