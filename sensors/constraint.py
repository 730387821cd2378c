"""Sensors on BlackDynamite constraint selections."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from airflow.sdk import BaseSensorOperator, PokeReturnValue, conf
from airflow.sdk.exceptions import AirflowException

from motoko_airflow.operators.guard import (
    InWorkflowDirectory,
    WaitSlice,
    defer_after_setting,
    untaken,
    upstream_records,
    wait_in_worker,
)
from motoko_airflow.operators.retry import MainErrorsAreFinal
from motoko_airflow.plugin.links import MotokoRunsLink
from motoko_airflow.sensors.triggers import ConstraintTrigger

__all__ = ["AllRunsSensor", "ConstraintSensor", "match_conditions"]


def match_conditions(workflow: str, conditions: Sequence[dict[str, Any]], run_name: str
                     ) -> list[dict[str, Any]] | None:
    """The records matching every condition (concatenated), or None if one does not hold."""
    from motoko_airflow import execution

    found: list[dict[str, Any]] = []
    for condition in conditions:
        study = execution.study_for(workflow, condition["task_manager"])
        records = execution.select_records(study, condition.get("constraints") or [],
                                           run_name, condition.get("all_of") or ())
        if records is None:
            return None
        found.extend(records)
    return found


class ConstraintSensor(InWorkflowDirectory, WaitSlice, BaseSensorOperator):
    """Wait until a BlackDynamite selection holds; return the matching run records.

    ``constraints`` select runs of ``task_manager`` (BlackDynamite syntax, one condition
    per string, e.g. ``["state = FINISHED", "jobs.x > 2"]``), scoped to the DAG run's
    ``run_name``. The condition holds when the selection is non-empty; with ``all_of``
    (a list of constraint lists) every selected run must also satisfy one of them.
    Several ``conditions`` (dicts with these keys) must all hold (``sel_a & sel_b``).
    Deferrable: no worker slot is held while waiting, after up to ``defer_after`` seconds
    of checks in the worker (every 0.2 s; as a task manager's, see
    :class:`~motoko_airflow.operators.task_manager.TaskManagerOperator`: a selection
    that holds by then costs no deferral round trip). ``when`` (a graph expression over
    the params and the ``upstream`` run records) is the branch guard of a traced sensor:
    false skips the task (or, with ``skip_untaken=False``, succeeds with no runs).
    ``wait_slice`` (reschedule mode, ``motoko run``): see
    :class:`~motoko_airflow.operators.guard.WaitSlice`.
    """

    template_fields: Sequence[str] = ("constraints", "run_name", "conditions", "upstream")
    operator_extra_links = (MotokoRunsLink(),)  # the "Motoko runs" button in the UI

    def __init__(self, *, workflow: str, task_manager: str | None = None,
                 constraints: Sequence[str] | str | None = None,
                 all_of: Sequence[Sequence[str]] = (),
                 conditions: Sequence[dict[str, Any]] | None = None,
                 run_name: str | None = None,
                 when: dict[str, Any] | None = None, upstream: dict[str, Any] | None = None,
                 mapped_upstreams: Sequence[str] = (), skip_untaken: bool = True,
                 deferrable: bool = conf.getboolean("operators", "default_deferrable",
                                                    fallback=False),
                 poke_interval: float = 2.0, wait_slice: float = 0.0,
                 defer_after: float | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("retry_policy", MainErrorsAreFinal())  # see its module
        super().__init__(poke_interval=poke_interval, **kwargs)
        self.wait_slice = float(wait_slice)
        self.defer_after = defer_after_setting(self.task_id, defer_after)
        if conditions is None and task_manager is None:
            raise ValueError(f"{self.task_id}: give task_manager (and constraints) or "
                             "conditions")
        self.workflow = str(workflow)
        self.task_manager = task_manager
        self.constraints = [constraints] if isinstance(constraints, str) else \
            list(constraints or [])
        self.all_of = [list(c) if not isinstance(c, str) else [c] for c in all_of]
        self.conditions = list(conditions) if conditions is not None else None
        self.run_name = run_name
        self.when = when
        self.upstream = dict(upstream or {})
        self.mapped_upstreams = list(mapped_upstreams)
        self.skip_untaken = skip_untaken
        self.deferrable = deferrable

    def _conditions(self) -> list[dict[str, Any]]:
        if self.conditions is not None:
            return [dict(c) for c in self.conditions]
        return [{"task_manager": self.task_manager, "constraints": self.constraints,
                 "all_of": self.all_of}]

    def _run_name(self, context: Any) -> str:
        from motoko_airflow.execution import derive_run_name

        return derive_run_name(self.run_name or context["params"].get("run_name"),
                               context["run_id"])

    def _matching(self, context: Any, wait: Callable[[Any, Any, Any], Any]
                  ) -> list[dict[str, Any]] | None:
        """The matching records, or None while the condition does not hold: a first
        check, then ``wait(result, check, done)``'s (which may check again)."""
        from motoko_airflow import execution

        conditions, run_name = self._conditions(), self._run_name(context)

        def check() -> Any:  # a study server that does not answer is waited for
            return execution.riding_out(
                self.workflow, lambda: match_conditions(self.workflow, conditions, run_name))

        try:
            records = wait(check(), check, lambda found: found is not None)
        except execution.ServerLost as exc:
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(f"{self.task_id}: {exc}") from None
        if records is not None:
            self.log.info("condition holds: %d run(s)", len(records))
        return records  # type: ignore[no-any-return]

    def poke(self, context: Any) -> PokeReturnValue:
        records = self._matching(
            context, lambda result, check, done: self._wait(result, check, done, context))
        if records is None:
            return PokeReturnValue(is_done=False)
        return PokeReturnValue(is_done=True, xcom_value=records)

    def execute(self, context: Any) -> Any:
        records = upstream_records(self.upstream, self.mapped_upstreams)
        if untaken(self, context, self.when, records, self.skip_untaken):
            return []
        if not self.deferrable:
            return super().execute(context)
        found = self._matching(context, lambda result, check, done: wait_in_worker(
            result, check, done, self.defer_after))
        if found is not None:
            return found
        self.defer(
            trigger=ConstraintTrigger(self.workflow, self._conditions(),
                                      self._run_name(context), self.poke_interval),
            method_name="execute_complete",
            timeout=datetime.timedelta(seconds=self.timeout) if self.timeout else None,
        )

    def execute_complete(self, context: Any, event: dict[str, Any] | None = None) -> Any:
        if event and event.get("status") == "lost":  # no server for server_grace
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(f"{self.task_id}: {event['message']}")
        if not event or event.get("status") != "matched":
            raise AirflowException(f"{self.task_id}: unexpected trigger event {event!r}")
        return event["records"]


class AllRunsSensor(ConstraintSensor):
    """Wait until the runs of ``task_manager`` selected by ``constraints`` exist and all
    satisfy ``all_of`` (default: all FINISHED); return their records."""

    def __init__(self, *, all_of: Sequence[Sequence[str]] = (("state = FINISHED",),),
                 **kwargs: Any) -> None:
        super().__init__(all_of=all_of, **kwargs)
