"""ActionOperator (the workflow's actions as one event-loop task), OrchestratorOperator
(a whole orchestrator as one task: the fallback), RaiseOperator (a raise of ``main`` on
a branch), WriteOperator (a file ``main`` writes) and VerifyOperator (a DAG run checked
against ``main``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator, BaseSensorOperator, PokeReturnValue, conf
from airflow.sdk.exceptions import AirflowException

from motoko_airflow.operators.guard import Guarded, InWorkflowDirectory
from motoko_airflow.operators.retry import retry_token
from motoko_airflow.sensors.triggers import ConstraintTrigger

__all__ = ["ActionOperator", "OrchestratorOperator", "RaiseOperator", "VerifyOperator",
           "WriteOperator"]


def _main_params(context: Any, run_name: str | None) -> dict[str, Any]:
    """``main``'s params in a DAG run: the DAG params, ``run_name`` the run's run name."""
    from motoko_airflow.execution import derive_run_name

    params = dict(context["params"])
    params["run_name"] = derive_run_name(run_name or params.get("run_name"),
                                         context["run_id"])
    return params


def _runtime_workflow(workflow: str, context: Any, run_name: str | None,
                      poll_interval: float) -> tuple[Any, dict[str, Any]]:
    from motoko_airflow.workflow import Workflow

    params = _main_params(context, run_name)
    wf = Workflow(workflow, poll_interval=poll_interval)
    wf.run_name = params["run_name"]
    wf.dag_id = context["dag"].dag_id  # recorded on the runs main creates
    # as a task manager operator's: a FAILED run of an earlier try or DAG run (a stopped
    # `motoko run` marks its executing runs FAILED) is tried again, not read as failed
    wf.retry_token = retry_token(context)
    if wf.settings.generator == "bashCoat":
        wf.launch_inline()  # else: the launcher daemons submit with the coat's options
    return wf, params


class ActionOperator(InWorkflowDirectory, BaseSensorOperator):
    """Run every ``workflow.add_action`` of the orchestrator in one event loop, with
    Motoko's semantics (sequential firing in registration order, the live workflow
    passed to callbacks, ``@event`` honoured), launching the runs actions create, until
    an action sets ``workflow.finished = True``. A callback that raises, or the error
    handler firing, fails the task.

    Each poke runs the loop while actions keep firing and returns when a check fires
    nothing: in ``mode="reschedule"`` other tasks run meanwhile (``dag.test`` included);
    deferrable, when every event is a constraint selection, it waits in the triggerer
    for one of them (no worker slot held). ``timeout`` bounds the whole wait. A study
    server that does not answer is waited for (``server_grace``, spending no retry),
    in a check as in the triggerer's wait; after the grace the task fails with one line.
    """

    template_fields: Sequence[str] = ("run_name",)
    ui_color = "#fef7e0"

    def __init__(self, *, workflow: str, run_name: str | None = None,
                 deferrable: bool = conf.getboolean("operators", "default_deferrable",
                                                    fallback=False),
                 poke_interval: float = 1.0, **kwargs: Any) -> None:
        super().__init__(poke_interval=poke_interval, **kwargs)
        self.workflow = str(workflow)
        self.run_name = run_name
        self.deferrable = deferrable
        self._idle_conditions: list[dict[str, Any]] | None = None
        self._run_name_used = ""

    def poke(self, context: Any) -> PokeReturnValue:
        from motoko_airflow import execution
        from motoko_airflow.exceptions import MotokoError

        def check() -> str:
            wf, params = _runtime_workflow(self.workflow, context, self.run_name,
                                           min(self.poke_interval, 0.5))
            try:
                outcome = wf.run_actions(until_idle=True, **params)
                self._idle_conditions = wf.idle_conditions() if outcome == "idle" else None
                self._run_name_used = str(wf.run_name)
                return outcome
            finally:
                wf.close()

        try:  # a study server that does not answer is waited for (server_grace)
            outcome = execution.riding_out(self.workflow, check)
        except execution.ServerLost as exc:
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(f"{self.task_id}: {exc}") from None
        except MotokoError as exc:
            raise AirflowException(f"{self.task_id}: {exc}") from exc
        if outcome == "finished":
            return PokeReturnValue(is_done=True, xcom_value={
                "run_name": self._run_name_used, "finished": True})
        return PokeReturnValue(is_done=False)

    def execute(self, context: Any) -> Any:
        if not self.deferrable:
            return super().execute(context)
        done = self.poke(context)
        if done.is_done:
            return done.xcom_value
        if not self._idle_conditions:  # a Python event: only a worker can evaluate it
            return super().execute(context)
        self.log.info("no event holds: deferring until one of %d selection(s) does",
                      len(self._idle_conditions))
        self.defer(
            trigger=ConstraintTrigger(self.workflow, self._idle_conditions,
                                      self._run_name_used, self.poke_interval, match="any"),
            method_name="execute_complete",
            timeout=datetime.timedelta(seconds=self.timeout) if self.timeout else None,
        )

    def execute_complete(self, context: Any, event: dict[str, Any] | None = None) -> Any:
        if event and event.get("status") == "lost":  # no server for server_grace
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(f"{self.task_id}: {event['message']}")
        return self.execute(context)


class OrchestratorOperator(InWorkflowDirectory, Guarded, BaseOperator):
    """Run a whole orchestrator (``main`` and its action loop) as one task, as Motoko's
    ``orchestrator start`` does, launching runs itself. The fallback for orchestrators
    that cannot be compiled into a DAG; ``reason`` says why (shown in the log). After
    the compiled part of ``main`` (a partial fallback), ``createTask`` finds that part's
    runs FINISHED and reuses them, so the task does only the rest; ``when`` is its
    branch guard (see :mod:`motoko_airflow.operators.guard`)."""

    template_fields: Sequence[str] = ("run_name", "upstream")
    ui_color = "#fce8e6"

    def __init__(self, *, workflow: str, run_name: str | None = None, reason: str = "",
                 poll_interval: float = 0.5, rest_of_main: bool = False,
                 when: dict[str, Any] | None = None, upstream: dict[str, Any] | None = None,
                 mapped_upstreams: Sequence[str] = (), skip_untaken: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rest_of_main = rest_of_main
        self.guarded(when, upstream, mapped_upstreams, skip_untaken)
        self.workflow = str(workflow)
        self.run_name = run_name
        self.reason = reason
        self.poll_interval = poll_interval

    def execute(self, context: Any) -> dict[str, Any]:
        from motoko_airflow.config import in_workflow_directory
        from motoko_airflow.exceptions import MotokoError
        from motoko_airflow.own_modules import imported_afresh

        records = self.taken(context)
        if records is None:
            return {"finished": True}
        if self.reason and self.rest_of_main:
            self.log.info("running the rest of main with Motoko's loop (the compiled "
                          "steps' runs are reused): %s", self.reason)
        elif self.reason:
            self.log.info("running the whole orchestrator as one task: %s", self.reason)
        wf, params = _runtime_workflow(self.workflow, context, self.run_name,
                                       self.poll_interval)
        try:
            # main may chdir (not for the tasks after it), and runs on fresh modules
            directory = wf.settings.directory
            with in_workflow_directory(directory), imported_afresh(directory):
                wf.execute(**params)
        except MotokoError as exc:
            raise AirflowException(f"{self.task_id}: {exc}") from exc
        finally:
            wf.close()
        return {"run_name": wf.run_name, "finished": True}


class SegmentOperator(InWorkflowDirectory, Guarded, BaseOperator):
    """One statement of ``main`` run natively as a task (a ``SegmentNode``, see
    :mod:`motoko_airflow.segments`): ``main`` runs with Motoko's runtime on the DAG
    run's run name (the compiled steps before it find their runs FINISHED) and stops
    right after the statement; the variables it binds are the task's XCom, read by the
    later tasks."""

    template_fields: Sequence[str] = ("run_name", "upstream")
    ui_color = "#fdf0e0"

    def __init__(self, *, workflow: str, line: int, column: int, names: Sequence[str],
                 run_name: str | None = None, reason: str = "", poll_interval: float = 0.5,
                 when: dict[str, Any] | None = None, upstream: dict[str, Any] | None = None,
                 mapped_upstreams: Sequence[str] = (), skip_untaken: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workflow = str(workflow)
        self.line = line
        self.column = column
        self.names = list(names)
        self.run_name = run_name
        self.reason = reason
        self.poll_interval = poll_interval
        self.guarded(when, upstream, mapped_upstreams, skip_untaken)

    def execute(self, context: Any) -> list[dict[str, Any]]:
        from motoko_airflow.config import in_workflow_directory
        from motoko_airflow.exceptions import MotokoError
        from motoko_airflow.own_modules import imported_afresh
        from motoko_airflow.segments import run_to

        records = self.taken(context)
        if records is None:
            return []
        self.log.info("running main natively up to the end of line %d's statement: %s",
                      self.line, self.reason)
        wf, params = _runtime_workflow(self.workflow, context, self.run_name,
                                       self.poll_interval)
        try:
            directory = wf.settings.directory
            with in_workflow_directory(directory), imported_afresh(directory):
                values = run_to(wf, params, self.line, self.column, self.names)
            wf.wait_launched()
        except MotokoError as exc:
            raise AirflowException(f"{self.task_id}: {exc}") from exc
        finally:
            wf.close()
        return [{"values": values}]


class RaiseOperator(InWorkflowDirectory, Guarded, BaseOperator):
    """A ``raise`` of ``main`` on a branch (a ``RaiseNode``): when its guard holds, the
    task fails with the exception ``main`` raises there (``error``: its class's name,
    ``message`` evaluated over the DAG params and upstream runs), and with it the DAG
    run, as ``main`` fails its task natively; nothing after it exists on that branch.
    Not retried: it would fail the same way."""

    template_fields: Sequence[str] = ("upstream",)
    ui_color = "#f4c7c3"

    def __init__(self, *, error: str, message: dict[str, Any],
                 when: dict[str, Any] | None = None, upstream: dict[str, Any] | None = None,
                 mapped_upstreams: Sequence[str] = (), skip_untaken: bool = True,
                 workflow: str = "", **kwargs: Any) -> None:
        kwargs["retries"] = 0
        super().__init__(**kwargs)
        self.workflow = str(workflow)  # its message is evaluated in its directory
        self.error = error
        self.message = message
        self.guarded(when, upstream, mapped_upstreams, skip_untaken)

    def execute(self, context: Any) -> None:
        from motoko_airflow.execution import evaluate, main_error

        records = self.taken(context)
        if records is None:
            return
        message = evaluate(self.message, dict(context["params"]), records, plain=False)
        raise main_error(self.error, message)


class WriteOperator(InWorkflowDirectory, Guarded, BaseOperator):
    """A file ``main`` writes (a ``WriteNode``): when its guard holds, the file at
    ``path`` (relative to the workflow directory, as ``main`` names it) is written with
    the calls ``main`` makes on it, their values evaluated over the DAG params and
    upstream runs (:func:`motoko_airflow.execution.write_file`). Retried, it writes the
    same file again."""

    template_fields: Sequence[str] = ("upstream",)
    ui_color = "#e8eaf6"

    def __init__(self, *, path: str, operations: Sequence[dict[str, Any]],
                 options: dict[str, Any] | None = None, when: dict[str, Any] | None = None,
                 upstream: dict[str, Any] | None = None,
                 mapped_upstreams: Sequence[str] = (), skip_untaken: bool = True,
                 workflow: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workflow = str(workflow)  # its path is relative to the workflow directory
        self.path = path
        self.operations = list(operations)
        self.options = dict(options or {})
        self.guarded(when, upstream, mapped_upstreams, skip_untaken)

    def execute(self, context: Any) -> None:
        from motoko_airflow.execution import write_file

        records = self.taken(context)
        if records is None:
            return
        size = write_file(self.path, self.options, self.operations,
                          dict(context["params"]), records)
        self.log.info("wrote %s (%d characters)", self.path, size)


class VerifyOperator(InWorkflowDirectory, BaseOperator):
    """The last task of a compiled DAG: replay ``main`` natively on the DAG run's run
    name and compare the runs it asks for with those the DAG made (see
    :mod:`motoko_airflow.verification`). Every ``createTask`` finds the DAG's runs, so
    it costs one pass over ``main``; a difference completes what is missing (the
    studies end with ``main``'s runs) and fails the task with a report naming the first
    ``createTask`` that differed and the runs ``main`` does not ask for. The report is
    also the task's XCom (``verification``), for the Motoko view."""

    template_fields: Sequence[str] = ("run_name",)
    ui_color = "#e6f4ea"

    def __init__(self, *, workflow: str, run_name: str | None = None,
                 events: Sequence[str] = (), actions: bool = False,
                 poll_interval: float = 0.2, replay_timeout: float | None = 3600,
                 after_failures: bool = False, written: Sequence[str] = (),
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.written = list(written)  # files the DAG's steps write: compared
        #: runs even after a failure (a fail-fast DAG's teardown: Airflow's fail-fast
        #: skips every other task): then it fails, verifying nothing, so the DAG run
        #: fails as it should
        self.after_failures = after_failures
        self.workflow = str(workflow)
        self.run_name = run_name
        self.events = list(events)
        self.actions = actions
        self.poll_interval = poll_interval
        self.replay_timeout = replay_timeout

    def execute(self, context: Any) -> None:
        from airflow.sdk.exceptions import AirflowFailException

        from motoko_airflow.verification import verify

        if self.after_failures:
            states = context["ti"].get_task_states(
                dag_id=self.dag_id, run_ids=[context["run_id"]]).get(context["run_id"], {})
            stopped = sorted(task for task, state in states.items()
                             if task != self.task_id
                             and state in ("failed", "upstream_failed", "skipped"))
            if stopped:
                raise AirflowFailException(
                    f"{self.task_id}: not verified: the DAG run stopped at a failure "
                    f"({', '.join(stopped)} {states[stopped[0]]})")
        params = _main_params(context, self.run_name)
        report = verify(self.workflow, params["run_name"], params, events=self.events,
                        actions=self.actions, poll_interval=self.poll_interval,
                        timeout=self.replay_timeout, written=self.written)
        context["ti"].xcom_push(key="verification", value=report.as_json())
        if not report.ok:
            raise AirflowFailException(f"{self.task_id}: {report.text()}")
        self.log.info("%s", report.text())
