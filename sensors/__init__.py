"""Airflow sensors and triggers on BlackDynamite runs.

Names are loaded on first use, so importing the package costs nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["AllRunsSensor", "BlackDynamiteRunTrigger", "ConstraintSensor", "ConstraintTrigger"]

_WHERE = {
    "AllRunsSensor": "constraint",
    "ConstraintSensor": "constraint",
    "BlackDynamiteRunTrigger": "triggers",
    "ConstraintTrigger": "triggers",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
