"""``from motoko.task_manager import ...`` for existing orchestrators."""

from motoko_airflow.task_manager import RunList, TaskManager, TaskSelection, TaskSelectionEval

__all__ = ["RunList", "TaskManager", "TaskSelection", "TaskSelectionEval"]
