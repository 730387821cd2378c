"""The exceptions of motoko-airflow.

Every error the project raises on purpose derives from one root::

    MotokoError
     ├── ConfigError          motoko.yaml / bd.yaml is missing or wrong
     ├── ConstraintError      a BlackDynamite constraint BD would mis-read
     ├── JobParameterError    a job parameter the study's schema does not declare
     ├── BlackDynamiteError   a study, its ZEO server or a run went wrong
     │    ├── RunFailedError  an awaited run ended FAILED
     │    └── ServerUnreachable  a study's ZEO server does not answer (it may come back)
     ├── TraceError           an orchestrator cannot be compiled into a graph
     └── RenderError          a graph cannot be rendered as an Airflow DAG

Messages say what is wrong, where, and what to do. Library code raises; only the
``motoko`` command prints them and sets the exit code.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "BlackDynamiteError",
    "ConfigError",
    "ConstraintError",
    "JobParameterError",
    "MotokoError",
    "RenderError",
    "RunFailedError",
    "ServerUnreachable",
    "TraceError",
    "describe",
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


class RunNameTakenError(BlackDynamiteError, ValueError):
    """A DAG asked for runs under a run name another DAG of the same workflow uses."""


class RunFailedError(BlackDynamiteError):
    """An awaited run ended in the FAILED state."""

    def __init__(self, study: str, run_ids: list[int], details: str = "") -> None:
        self.run_ids = run_ids
        ids = ", ".join(str(i) for i in run_ids)
        message = f"run(s) {ids} FAILED"
        if details:
            message += "\n" + details
        super().__init__(message, study=study)


class ServerUnreachable(BlackDynamiteError):
    """A study's ZEO server does not answer: stopped, restarting, or cut off by the
    network. Tasks ride it out for the workflow's ``server_grace``."""

    def __init__(self, message: str, study: str | None = None, host: str = "") -> None:
        self.host = host
        super().__init__(message, study)


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


def describe(exc: BaseException) -> str:
    """One line for an error no layer translated (the traceback goes to the log): a
    full disk says where, and how much space is left."""
    full = next((e for e in _chain(exc) if isinstance(e, OSError) and e.errno == errno.ENOSPC),
                None)
    # a ZEO server's own full disk reaches its clients as ServerException(('builtins.
    # OSError', (28, 'No space left on device')))
    relayed = any("No space left on device" in str(e) for e in _chain(exc))
    if full is not None or relayed or "database or disk is full" in str(exc):
        path = getattr(full, "filename", None) or os.environ.get("AIRFLOW_HOME") or os.getcwd()
        return (f"no space left on the device of {path} ({_free(Path(path))} free); "
                "free some space, then run the same command again")
    if isinstance(exc, MotokoError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _free(path: Path) -> str:
    for candidate in (path, *path.parents):
        try:
            free = shutil.disk_usage(candidate).free
        except OSError:
            continue
        return f"{free / 2**20:.1f} MiB"
    return "unknown"
