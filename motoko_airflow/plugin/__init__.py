"""Motoko in Airflow's web UI: the BlackDynamite runs of each DAG run, per study.

Four modules, each importable without the others (``app`` imports ``guard``):

- :mod:`~motoko_airflow.plugin.links`: ``MotokoRunsLink``, the operator extra link of
  task managers and sensors, and the view's URLs. DAG files import it (through the
  operators): it imports nothing but ``airflow.sdk``.
- :mod:`~motoko_airflow.plugin.runs`: what the pages show, as plain JSON, read from the
  studies (BlackDynamite imported inside its functions, never at import).
- :mod:`~motoko_airflow.plugin.app`: ``MotokoPlugin`` (registered through the
  ``airflow.plugins`` entry point) and its FastAPI app, mounted by the API server at
  ``/motoko``. Importing it imports FastAPI and Starlette only; Airflow's security and
  models are imported by the request handlers (the API server has them loaded).
- :mod:`~motoko_airflow.plugin.guard`: ``RunNameGuard``, the API server middleware
  that refuses a trigger of a Motoko DAG with another DAG's run name (HTTP 400).

The pages (``.json`` for the JSON variant), every one behind Airflow's authentication
and read access to the DAG's runs (``requires_access_dag("GET", RUN)``):

- ``/motoko/``: the Motoko DAGs the user may read
- ``/motoko/dags/{dag_id}``: the workflow: runs per study, run name and state
- ``/motoko/dags/{dag_id}/runs/{run_id}?task=&state=``: the runs of one DAG run

A DAG is a Motoko DAG when its description is the one ``render.workflow_dag`` gives it,
``Motoko workflow <name> (<path of motoko.yaml>)``: that path is the only place a
workflow directory comes from; run directories come from the studies' own records and
are read only inside the workflow directory.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["PREFIX", "RUNS_TAB", "describe_workflow", "workflow_of"]

#: Where the API server mounts the plugin's FastAPI app.
PREFIX = "/motoko"
#: The route of the "Motoko runs" tab on a DAG run in Airflow's UI
#: (``/dags/<dag>/runs/<run>/plugin/<RUNS_TAB>``)
RUNS_TAB = "motoko-runs"
_DESCRIPTION = re.compile(r"^Motoko workflow [^/]*? \((/.+\.ya?ml)\)$")


def describe_workflow(name: str, config_path: Path) -> str:
    """The description ``render`` gives a workflow's DAG: how the view finds it."""
    return f"Motoko workflow {name} ({config_path})"


def workflow_of(description: str | None) -> Path | None:
    """The ``motoko.yaml`` a DAG description names (None: not a Motoko DAG)."""
    match = _DESCRIPTION.match(description or "")
    return Path(match.group(1)) if match else None
