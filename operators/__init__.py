"""Airflow operators for Motoko workflows.

Names are loaded on first use, so importing the package costs nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ActionOperator", "ItemsOperator", "OrchestratorOperator", "RaiseOperator",
           "SegmentOperator", "TaskManagerOperator", "VerifyOperator", "WriteOperator"]

_WHERE = {
    "TaskManagerOperator": "task_manager",
    "ItemsOperator": "task_manager",
    "ActionOperator": "action",
    "OrchestratorOperator": "action",
    "RaiseOperator": "action",
    "SegmentOperator": "action",
    "VerifyOperator": "action",
    "WriteOperator": "action",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
