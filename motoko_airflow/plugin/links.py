"""``MotokoRunsLink``: the "Motoko runs" button of task managers and sensors, and the
URLs of the Motoko view.

Airflow 3 computes an extra link in the worker when the task ends and stores it as an
XCom (``_link_MotokoRunsLink``); the API server only reads that XCom, so the class needs
no registration in the plugin. DAG files import this module: it imports ``airflow.sdk``
and the standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from airflow.sdk import BaseOperatorLink, conf

from motoko_airflow.plugin import PREFIX, RUNS_TAB

__all__ = ["MotokoRunsLink", "dag_run_path", "dag_run_tab_path", "task_managers_of",
           "workflow_path"]


def _base() -> str:
    """The path under which the API server is served (``[api] base_url``), e.g. "" or
    "/airflow": links stay relative to the host the user reached the UI through."""
    return urlsplit(conf.get("api", "base_url", fallback="") or "").path.rstrip("/")


def workflow_path(dag_id: str) -> str:
    """The path of a DAG's workflow page."""
    return f"{_base()}{PREFIX}/dags/{quote(dag_id, safe='')}"


def dag_run_path(dag_id: str, run_id: str, tasks: Iterable[str] = ()) -> str:
    """The path of a DAG run's page, filtered to the runs of ``tasks`` (study names)."""
    query = urlencode([("task", t) for t in tasks])
    return (f"{workflow_path(dag_id)}/runs/{quote(run_id, safe='')}"
            + (f"?{query}" if query else ""))


def dag_run_tab_path(dag_id: str, run_id: str, tasks: Iterable[str] = ()) -> str:
    """The path of a DAG run's "Motoko runs" tab in Airflow's UI (the view in Airflow's
    frame), filtered to the runs of ``tasks``: the view, framed, takes the ``task``
    filters of the UI's address (see :mod:`motoko_airflow.plugin.pages`)."""
    query = urlencode([("task", t) for t in tasks])
    return (f"{_base()}/dags/{quote(dag_id, safe='')}/runs/{quote(run_id, safe='')}"
            f"/plugin/{RUNS_TAB}" + (f"?{query}" if query else ""))


def task_managers_of(operator: Any) -> list[str]:
    """The studies a task works on: a task manager's, or a sensor's conditions'."""
    names = [operator.task_manager] if getattr(operator, "task_manager", None) else []
    for condition in getattr(operator, "conditions", None) or ():
        name = condition.get("task_manager") if isinstance(condition, dict) else None
        if name and name not in names:
            names.append(name)
    return [str(n) for n in names]


class MotokoRunsLink(BaseOperatorLink):
    """The task's runs: its DAG run's "Motoko runs" tab, inside Airflow's UI, filtered to
    the task's studies."""

    name = "Motoko runs"

    def get_link(self, operator: Any, *, ti_key: Any) -> str:
        return dag_run_tab_path(ti_key.dag_id, ti_key.run_id, task_managers_of(operator))
