"""The exceptions of motoko-airflow.

Every error the project raises on purpose derives from one root::

    MotokoError
     ├── ConfigError          motoko.yaml / bd.yaml is missing or wrong
     ├── ConstraintError      a BlackDynamite constraint BD would mis-read
     ├── JobParameterError    a job parameter the study's schema does not declare
     ├── BlackDynamiteError   a study, its ZEO server or a run went wrong
     │    └── RunFailedError  an awaited run ended FAILED
     ├── TraceError           an orchestrator cannot be compiled into a graph
     └── RenderError          a graph cannot be rendered as an Airflow DAG

Messages say what is wrong, where, and what to do. Library code raises; only the
``motoko`` command prints them and sets the exit code.
"""

from __future__ import annotations

__all__ = [
    "BlackDynamiteError",
    "ConfigError",
    "ConstraintError",
    "JobParameterError",
    "MotokoError",
    "RenderError",
    "RunFailedError",
    "TraceError",
]


class MotokoError(Exception):
    """Root of every error motoko-airflow raises on purpose."""

    exit_code = 1


class ConfigError(MotokoError):
    """A workflow or study configuration file is missing or invalid."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.key = key
        where = path or ""
        if key:
            where = f"{where}: {key}" if where else key
        super().__init__(f"{where}: {message}" if where else message)


class ConstraintError(MotokoError, ValueError):
    """A constraint string that BlackDynamite would reject or silently mis-read."""

    exit_code = 2

    def __init__(self, message: str, constraint: str) -> None:
        self.constraint = constraint
        super().__init__(f"invalid constraint {constraint!r}: {message}")


class JobParameterError(MotokoError, ValueError):
    """A job parameter that the study's ``job:`` schema does not declare."""

    exit_code = 2

    def __init__(self, message: str, study: str, parameter: str) -> None:
        self.study = study
        self.parameter = parameter
        super().__init__(message)


class BlackDynamiteError(MotokoError):
    """A BlackDynamite study, its ZEO server or one of its runs went wrong."""

    def __init__(self, message: str, study: str | None = None) -> None:
        self.study = study
        super().__init__(f"study {study}: {message}" if study else message)


class RunFailedError(BlackDynamiteError):
    """An awaited run ended in the FAILED state."""

    def __init__(self, study: str, run_ids: list[int], details: str = "") -> None:
        self.run_ids = run_ids
        ids = ", ".join(str(i) for i in run_ids)
        message = f"run(s) {ids} FAILED"
        if details:
            message += "\n" + details
        super().__init__(message, study=study)


class TraceError(MotokoError):
    """An orchestrator construct that cannot be compiled into a DAG."""

    exit_code = 2

    def __init__(self, message: str, filename: str | None = None, lineno: int | None = None):
        self.filename = filename
        self.lineno = lineno
        where = f"{filename}:{lineno}: " if filename and lineno else ""
        super().__init__(where + message)


class RenderError(MotokoError):
    """A workflow graph that cannot be rendered as an Airflow DAG."""

    exit_code = 2
