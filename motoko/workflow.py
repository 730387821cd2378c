"""``from motoko.workflow import Workflow, event`` for existing orchestrators."""

from motoko_airflow.workflow import Workflow, WorkflowVars, event, no_action

__all__ = ["Workflow", "WorkflowVars", "event", "no_action"]
