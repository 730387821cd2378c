"""Guards: a task of a branch of ``main`` that is not taken does nothing.

A traced node carries ``when`` (a graph expression over the DAG params and upstream
run records, see :mod:`motoko_airflow.graph`). :func:`untaken` evaluates it at the
start of the task: when it is false the task is skipped (``AirflowSkipException``), or,
in a fail-fast DAG (where Airflow allows no trigger rule that tolerates skips), it
succeeds at once with no runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["upstream_records", "untaken"]


def upstream_records(upstream: Mapping[str, Any], mapped: Sequence[str]
                     ) -> dict[str, list[dict[str, Any]]]:
    """Run records of upstream nodes from their XComs (None for a skipped one: no runs)."""
    from motoko_airflow.execution import flatten_records

    return {node: flatten_records(value, node in mapped) for node, value in upstream.items()}


def untaken(task: Any, context: Any, when: Mapping[str, Any] | None,
            records: Mapping[str, Any], skip: bool = True) -> bool:
    """True when the task's branch is not taken (then the caller returns no runs);
    raises ``AirflowSkipException`` instead when ``skip``."""
    from motoko_airflow.execution import holds

    if when is None or holds(when, dict(context["params"]), records):
        return False
    message = f"{task.task_id}: not on this DAG run's branch of main (when: false)"
    if skip:
        from airflow.sdk.exceptions import AirflowSkipException

        raise AirflowSkipException(message)
    task.log.info("%s; nothing to do", message)
    return True
