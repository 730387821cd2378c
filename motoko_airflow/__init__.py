"""motoko-airflow: Motoko workflows (BlackDynamite parametric studies) on Apache Airflow 3.

Importing this package is cheap: it loads neither Airflow, BlackDynamite, numpy nor pandas.
"""

from __future__ import annotations

from motoko_airflow.exceptions import (
    BlackDynamiteError,
    ConfigError,
    ConstraintError,
    JobParameterError,
    MotokoError,
    RenderError,
    RunFailedError,
    TraceError,
)

__version__ = "0.1.0"

__all__ = [
    "BlackDynamiteError",
    "ConfigError",
    "ConstraintError",
    "JobParameterError",
    "MotokoError",
    "RenderError",
    "RunFailedError",
    "TraceError",
    "__version__",
]
