"""TaskManagerOperator: create a study's runs, launch them, wait until they FINISHED."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from airflow.sdk import BaseOperator, BaseSensorOperator, PokeReturnValue, conf
from airflow.sdk.exceptions import AirflowException

from motoko_airflow.operators.guard import (
    DEFAULT_DEFER_AFTER,
    InWorkflowDirectory,
    WaitSlice,
    defer_after_setting,
    untaken,
    upstream_records,
    wait_in_worker,
)
from motoko_airflow.operators.retry import MainErrorsAreFinal, retry_token
from motoko_airflow.plugin.links import MotokoRunsLink
from motoko_airflow.sensors.triggers import BlackDynamiteRunTrigger

__all__ = ["DEFAULT_DEFER_AFTER", "ItemsOperator", "TaskManagerOperator"]

T = TypeVar("T")



class TaskManagerOperator(InWorkflowDirectory, WaitSlice, BaseSensorOperator):
    """Create the runs of one Motoko task manager (a BlackDynamite study), launch them and
    wait until every one is FINISHED; return their run records (XCom).

    Job parameters come from ``job_params`` (plain or templated values, e.g.
    ``{"x": [1.0, 2.0]}``; lists expand into several jobs as in ``createTask``, an empty
    list into none: the task then succeeds with no runs, and the tasks after it run) and
    from ``job_exprs`` (graph expressions over DAG params and upstream run records, as the
    renderer writes them). With ``loops`` (a traced node's loops), ``map_items`` (set
    through ``expand``, made by :class:`ItemsOperator`) is a batch of loop items: one
    ``createTask`` per item. ``when`` (a graph expression) is the node's branch guard:
    false skips the task (or, with ``skip_untaken=False``, succeeds with no runs).

    Creation is idempotent for the DAG run's ``run_name``: a re-run or a retry finds its
    runs again. On retry (try 2, 3, ...) FAILED runs get a new attempt; FINISHED ones are
    reused and running ones adopted. ``launch="bash"`` (default) starts CREATED runs
    from this task; ``launch="daemon"`` leaves them to ``motoko launcher`` daemons. A
    FAILED run fails the task with the run ids and the tail of their output.

    Waiting: deferrable (a trigger polls the study; no worker slot held), or as a sensor
    in ``mode="poke"``/``"reschedule"``; ``timeout`` bounds the wait. Deferrable, it
    may first wait up to ``defer_after`` seconds in the worker (a check every 0.2 s):
    runs that end by then cost no deferral round trip (the triggerer picking the trigger
    up, then a new task start to resume: seconds), and the worker slot is soon given back
    otherwise. Default: ``[motoko] defer_after`` of the Airflow configuration, else
    :data:`DEFAULT_DEFER_AFTER` (5 s); ``motoko.yaml``'s ``airflow: {defer_after: 0}``
    (defer at once) sets it per workflow or task manager. ``wait_slice``
    (reschedule mode, ``motoko run``): see :class:`~motoko_airflow.operators.guard.WaitSlice`.
    """

    template_fields: Sequence[str] = ("job_params", "run_params", "run_name", "upstream",
                                      "map_items")
    ui_color = "#e8f0fe"
    operator_extra_links = (MotokoRunsLink(),)  # the "Motoko runs" button in the UI

    def __init__(self, *, workflow: str, task_manager: str,
                 job_params: Mapping[str, Any] | None = None,
                 run_params: Mapping[str, Any] | None = None,
                 job_exprs: Mapping[str, Any] | None = None,
                 run_exprs: Mapping[str, Any] | None = None,
                 upstream: Mapping[str, Any] | None = None,
                 mapped_upstreams: Sequence[str] = (),
                 loops: Sequence[Mapping[str, Any]] = (),
                 map_items: Sequence[Mapping[str, Any]] | None = None,
                 when: Mapping[str, Any] | None = None, skip_untaken: bool = True,
                 run_name: str | None = None, event_name: str | None = None,
                 launch: str = "bash", error_handler: Mapping[str, Any] | bool | None = None,
                 deferrable: bool = conf.getboolean("operators", "default_deferrable",
                                                    fallback=False),
                 poke_interval: float = 2.0, wait_slice: float = 0.0,
                 defer_after: float | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("retry_policy", MainErrorsAreFinal())  # see its module
        super().__init__(poke_interval=poke_interval, **kwargs)
        self.wait_slice = float(wait_slice)
        self.defer_after = defer_after_setting(self.task_id, defer_after)
        if launch not in ("bash", "daemon"):
            raise ValueError(f"{self.task_id}: launch must be 'bash' or 'daemon', not "
                             f"{launch!r}")
        self.workflow = str(workflow)
        self.task_manager = task_manager
        # plain mappings, or XComArgs / templates resolved at run time
        self.job_params = job_params if job_params is not None else {}
        self.run_params = run_params
        self.job_exprs = dict(job_exprs or {})
        self.run_exprs = dict(run_exprs) if run_exprs is not None else None
        self.upstream = dict(upstream or {})
        self.mapped_upstreams = list(mapped_upstreams)
        self.loops = [dict(lp) for lp in loops]
        self.map_items = map_items
        self.when = when
        self.skip_untaken = skip_untaken
        self.run_name = run_name
        self.event_name = event_name
        self.launch = launch
        self.error_handler = error_handler
        self.deferrable = deferrable

    # ---- the work ------------------------------------------------------------------

    def _calls(self, context: Any
               ) -> list[tuple[dict[str, Any], dict[str, Any] | None, Mapping[str, Any]]]:
        """The (job params, run params, loop items) of each createTask this task stands
        for."""
        from motoko_airflow.execution import task_calls

        params = dict(context["params"])
        records = self._records()
        if not self.loops:
            scopes: list[Mapping[str, Any]] = [{}]
        else:
            scopes = list(self.map_items or [])
        if not isinstance(self.job_params, Mapping):
            raise ValueError(f"{self.task_id}: job_params must be a mapping, got "
                             f"{self.job_params!r}")
        return task_calls(self.job_params, self.run_params, self.job_exprs, self.run_exprs,
                          params, records, scopes)

    def _records(self) -> dict[str, list[dict[str, Any]]]:
        return upstream_records(self.upstream, self.mapped_upstreams)

    @property
    def map_label(self) -> str:
        """What a mapped instance handles, e.g. ``x=0.718`` or ``run 3``: its label in
        the UI (the renderer sets ``map_index_template="{{ task.map_label }}"``)."""
        from motoko_airflow.execution import items_label

        return items_label(self.map_items if isinstance(self.map_items, list) else None)

    def _run_name(self, context: Any) -> str:
        from motoko_airflow.execution import derive_run_name

        return derive_run_name(self.run_name or context["params"].get("run_name"),
                               context["run_id"])

    def _step(self, context: Any) -> tuple[Any, list[int], Any]:
        """Create (or find) the runs, launch them, read their progress; a study server
        that does not answer is waited for (``server_grace``), spending no retry."""
        return _riding_out(self.task_id, self.workflow, lambda: self._step_once(context))

    def _step_once(self, context: Any) -> tuple[Any, list[int], Any]:
        from motoko_airflow import execution
        from motoko_airflow.exceptions import ConfigError, JobParameterError
        from motoko_airflow.exceptions import ConstraintError as _ConstraintError

        try:
            study = execution.study_for(self.workflow, self.task_manager)
            run_name = self._run_name(context)
        except (ConfigError, JobParameterError, _ConstraintError, ValueError) as exc:
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(f"{self.task_id}: {exc}") from exc
        # the job parameters are the orchestrator's own expressions: an error of theirs
        # (StatisticsError, a ValueError, as well as ZeroDivisionError) is main's error
        # and keeps its name, as it would when main raises it
        calls = self._calls(context)
        try:
            run_ids, self._items = execution.create_calls(
                study, calls, run_name=run_name,
                event_name=self.event_name or self.task_id,
                retry_token=retry_token(context), dag_id=self.dag_id)
        except (ConfigError, JobParameterError, _ConstraintError, ValueError) as exc:
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(f"{self.task_id}: {exc}") from exc
        # run_ids as createTask returns them (a run given twice stays twice in the
        # records); each once for what is done to the runs themselves
        unique = list(dict.fromkeys(run_ids))
        if getattr(self, "_pushed_run_ids", None) != unique:
            context["ti"].xcom_push(key="run_ids", value=unique)  # for summaries
            self._pushed_run_ids = unique
        if self.launch == "bash" and unique:
            started = execution.launch(study, unique)
            if started:
                self.log.info("launched run(s) %s of %s", started, study.name)
        progress = execution.progress(study, unique)
        held = execution.held_back(study, unique)
        self.log.info("%s runs of %s (%s): %s%s", len(unique), study.name, run_name,
                      progress.summary() or "none", f"; {held[1]}" if held else "")
        if progress.failed:
            self._fail(context, study, progress.failed)
        return study, run_ids, progress

    def _fail(self, context: Any, study: Any, failed: list[int]) -> None:
        """Fail with the failed runs and their output; on the last try, call the
        orchestrator's error handler first (a handler that raises is logged, not raised:
        the runs' failure stays the task's error)."""
        from motoko_airflow import execution

        message = execution.failure_message(study, failed)
        ti = context["ti"]
        last_try = ti.try_number > getattr(ti, "max_tries", 0)
        if self.error_handler and last_try:
            try:
                self._call_error_handler(context, study, failed)
            except Exception:
                self.log.exception("the orchestrator's error handler raised")
        raise AirflowException(message)

    def _call_error_handler(self, context: Any, study: Any, failed: list[int]) -> None:
        import asyncio
        import inspect

        from motoko_airflow.workflow import Workflow, call_flexibly, load_orchestrator_module

        workflow = Workflow(self.workflow)
        try:
            workflow.run_name = self._run_name(context)
            workflow.dag_id = self.dag_id
            params = {**context["params"], "run_name": workflow.run_name}
            runs = [study.get_run(i) for i in failed]
            ref = self.error_handler if isinstance(self.error_handler, Mapping) else {}
            if ref.get("importable") and ref.get("qualname"):
                handler: Any = load_orchestrator_module(workflow.settings)
                for part in str(ref["qualname"]).split("."):
                    handler = getattr(handler, part)
                extra = {k: v for k, v in params.items() if k not in ("workflow", "runs")}
                result = call_flexibly(handler, {"runs": runs, "workflow": workflow, **extra})
                if inspect.isawaitable(result):
                    async def wait() -> None:
                        await result

                    asyncio.run(wait())
                called = True
            else:  # a lambda or a function inside main: registered by running main
                called = workflow.call_error_handler(runs, **params)
            if called:
                self.log.info("called the orchestrator's error handler")
        finally:
            workflow.close()

    def poke(self, context: Any) -> PokeReturnValue:
        from motoko_airflow import execution

        study, run_ids, progress = self._step(context)
        unique = list(dict.fromkeys(run_ids))
        progress = self._wait(progress, lambda: execution.progress(study, unique),
                              lambda p: p.finished or p.failed, context)
        if progress.failed:
            self._fail(context, study, progress.failed)
        if not progress.finished:
            return PokeReturnValue(is_done=False)
        return PokeReturnValue(is_done=True, xcom_value=self._records_of(study, run_ids))

    def execute(self, context: Any) -> Any:
        from motoko_airflow import execution

        if not self.loops and untaken(self, context, self.when, self._records(),
                                      self.skip_untaken):
            return []
        if not self.deferrable:
            from airflow.sdk.exceptions import AirflowSensorTimeout

            try:
                return super().execute(context)
            except AirflowSensorTimeout as exc:
                study = execution.study_for(self.workflow, self.task_manager)
                run_ids = [int(r.id) for r, _ in study.select(
                    run_name=self._run_name(context)) if r.entries.get("event_name") ==
                    (self.event_name or self.task_id)]
                progress = execution.progress(study, run_ids)
                waiting = [i for i, s in progress.states.items() if s != "FINISHED"]
                raise AirflowSensorTimeout(
                    f"{exc} Runs of {study.name} not FINISHED: {waiting} "
                    f"({progress.summary()}).\n"
                    + "\n".join(study.output_tail(study.get_run(i)[0]) for i in waiting)
                ) from exc

        study, run_ids, progress = self._step(context)
        progress = self._wait_in_worker(study, run_ids, progress)
        if progress.failed:
            self._fail(context, study, progress.failed)
        if progress.finished:
            return self._records_of(study, run_ids)
        self.defer(
            trigger=BlackDynamiteRunTrigger(self.workflow, self.task_manager, run_ids,
                                            self.poke_interval),
            method_name="execute_complete",
            timeout=datetime.timedelta(seconds=self.timeout) if self.timeout else None,
        )

    def _wait_in_worker(self, study: Any, run_ids: list[int], progress: Any) -> Any:
        """The runs' progress once they all FINISHED, one FAILED, or ``defer_after``
        seconds have passed (checked every 0.2 s)."""
        from motoko_airflow import execution

        unique = list(dict.fromkeys(run_ids))
        return wait_in_worker(progress, lambda: execution.progress(study, unique),
                              lambda p: p.finished or p.failed, self.defer_after)

    def execute_complete(self, context: Any, event: dict[str, Any] | None = None) -> Any:
        from motoko_airflow import execution

        if not event:
            raise AirflowException(f"{self.task_id}: the trigger sent no event")
        if event.get("status") == "lost":  # its server did not answer for server_grace
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(f"{self.task_id}: {event['message']}")

        def complete() -> Any:
            study = execution.study_for(self.workflow, self.task_manager)
            if event.get("status") == "failed":
                self._fail(context, study, list(event["run_ids"]))
            run_ids = list(event["run_ids"])
            if self.loops:  # which loop items each run was made for (idempotent)
                _, run_ids, _ = self._step_once(context)
            return self._records_of(study, run_ids)

        return _riding_out(self.task_id, self.workflow, complete)

    def _records_of(self, study: Any, run_ids: list[int]) -> list[dict[str, Any]]:
        """The runs' records; in a mapped task each carries ``items``, the loop items it
        was made for (so ``Runs`` inside a loop can read the current item's)."""
        from motoko_airflow import execution

        records = execution.with_items(execution.records(study, run_ids),
                                       getattr(self, "_items", []))
        if records:
            self.log.info("runs of %s:\n%s", study.name, execution.runs_table(records))
        return records


def _riding_out(task_id: str, workflow: str, work: Callable[[], T]) -> T:
    """``work()`` through :func:`motoko_airflow.execution.riding_out`; a server lost for
    longer than the grace fails the task at once, with one line (a retry would only
    wait again)."""
    from motoko_airflow import execution

    try:
        return execution.riding_out(workflow, work)
    except execution.ServerLost as exc:
        from airflow.sdk.exceptions import AirflowFailException

        raise AirflowFailException(f"{task_id}: {exc}") from None


class ItemsOperator(InWorkflowDirectory, BaseOperator):
    """The items a mapped node loops over, in batches for dynamic task mapping.

    Evaluates the node's ``loops`` (graph loops: ``{"var", "over"}``) over the DAG
    params and the upstream run records, keeps the items for which the node's ``when``
    holds, and returns them in at most ``max_map_length`` batches (``[core]
    max_map_length``), so a sweep of any width maps (each map instance handles a batch)
    instead of failing. No item (none at all, or the guard false for every one): one
    empty batch, so the node's task succeeds with no runs and the tasks after it run,
    as after ``main``'s loop over nothing (Airflow would skip a task mapped over nothing,
    and, in a fail-fast DAG, everything after it).
    """

    template_fields: Sequence[str] = ("upstream",)
    ui_color = "#f1f3f4"

    def __init__(self, *, loops: Sequence[Mapping[str, Any]],
                 upstream: Mapping[str, Any] | None = None,
                 mapped_upstreams: Sequence[str] = (),
                 when: Mapping[str, Any] | None = None, skip_untaken: bool = True,
                 limit: int | None = None, workflow: str = "", **kwargs: Any) -> None:
        # skip_untaken is accepted for symmetry: with no item, the mapped task runs empty
        kwargs.setdefault("retry_policy", MainErrorsAreFinal())  # see its module
        super().__init__(**kwargs)
        self.workflow = str(workflow)  # its items are evaluated in its directory
        self.loops = [dict(lp) for lp in loops]
        self.upstream = dict(upstream or {})
        self.mapped_upstreams = list(mapped_upstreams)
        self.when = when
        self.skip_untaken = skip_untaken
        self.limit = limit

    def execute(self, context: Any) -> list[list[dict[str, Any]]]:
        from motoko_airflow.execution import batches, mapped_items

        params = dict(context["params"])
        records = upstream_records(self.upstream, self.mapped_upstreams)
        items, kept = mapped_items(self.loops, self.when, params, records)
        limit = self.limit or conf.getint("core", "max_map_length", fallback=1024)
        # no item: one empty batch, so the task runs and makes no runs (as main's loop
        # over nothing), instead of Airflow skipping it and everything after it
        out = batches(kept, limit) or [[]]
        self.log.info("%d item(s) (%d on this branch) in %d batch(es)", len(items),
                      len(kept), len(out))
        return out
