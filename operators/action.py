"""ActionOperator (the workflow's actions as one event-loop task) and
OrchestratorOperator (a whole orchestrator as one task: the fallback)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator
from airflow.sdk.exceptions import AirflowException

__all__ = ["ActionOperator", "OrchestratorOperator"]


def _runtime_workflow(workflow: str, context: Any, run_name: str | None,
                      poll_interval: float) -> tuple[Any, dict[str, Any]]:
    from motoko_airflow.execution import derive_run_name
    from motoko_airflow.workflow import Workflow

    params = dict(context["params"])
    wf = Workflow(workflow, poll_interval=poll_interval)
    wf.run_name = derive_run_name(run_name or params.get("run_name"), context["run_id"])
    params["run_name"] = wf.run_name
    if wf.settings.generator == "bashCoat":
        wf.launch_inline()  # else: the launcher daemons submit with the coat's options
    return wf, params


class ActionOperator(BaseOperator):
    """Run every ``workflow.add_action`` of the orchestrator in one event loop, with
    Motoko's semantics (sequential firing in registration order, the live workflow
    passed to callbacks, ``@event`` honoured), launching the runs actions create, until
    an action sets ``workflow.finished = True``. A callback that raises, or the error
    handler firing, fails the task. ``timeout`` (seconds) bounds the loop.
    """

    template_fields: Sequence[str] = ("run_name",)
    ui_color = "#fef7e0"

    def __init__(self, *, workflow: str, run_name: str | None = None,
                 poll_interval: float = 0.5, timeout: float | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workflow = str(workflow)
        self.run_name = run_name
        self.poll_interval = poll_interval
        self.timeout = timeout

    def execute(self, context: Any) -> dict[str, Any]:
        from motoko_airflow.exceptions import MotokoError

        wf, params = _runtime_workflow(self.workflow, context, self.run_name,
                                       self.poll_interval)
        try:
            wf.run_actions(timeout=self.timeout, **params)
        except MotokoError as exc:
            raise AirflowException(f"{self.task_id}: {exc}") from exc
        finally:
            wf.close()
        return {"run_name": wf.run_name, "finished": wf.finished}


class OrchestratorOperator(BaseOperator):
    """Run a whole orchestrator (``main`` and its action loop) as one task, as Motoko's
    ``orchestrator start`` does, launching runs itself. The fallback for orchestrators
    that cannot be compiled into a DAG; ``reason`` says why (shown in the log)."""

    template_fields: Sequence[str] = ("run_name",)
    ui_color = "#fce8e6"

    def __init__(self, *, workflow: str, run_name: str | None = None, reason: str = "",
                 poll_interval: float = 0.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workflow = str(workflow)
        self.run_name = run_name
        self.reason = reason
        self.poll_interval = poll_interval

    def execute(self, context: Any) -> dict[str, Any]:
        from motoko_airflow.exceptions import MotokoError

        if self.reason:
            self.log.info("running the whole orchestrator as one task: %s", self.reason)
        wf, params = _runtime_workflow(self.workflow, context, self.run_name,
                                       self.poll_interval)
        try:
            wf.execute(**params)
        except MotokoError as exc:
            raise AirflowException(f"{self.task_id}: {exc}") from exc
        finally:
            wf.close()
        return {"run_name": wf.run_name, "finished": True}
