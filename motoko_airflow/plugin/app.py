"""``MotokoPlugin``: the Motoko view's FastAPI app, mounted by Airflow's API server at
``/motoko``, and its places in the UI (a tab on DAG runs and on DAGs, a menu entry).

Security: Airflow serves a plugin's FastAPI app as it is, so every route here depends
on :func:`_dag_reader` (or :func:`_user` for the index): the user comes from Airflow's
own ``get_user`` (the ``Authorization: Bearer`` token, or the UI's session cookie) and
the auth manager in use must grant ``GET`` on the DAG's runs (Airflow's
``requires_access_dag("GET", DagAccessEntity.RUN)``, the check of its own
``/api/v2/dags/{dag_id}/dagRuns`` endpoints). No credentials: 401; not allowed: 403;
both before anything else is looked at. Path and query parameters are checked against
strict patterns (422), the DAG and the DAG run must exist (404) and the DAG must be a
Motoko DAG; the workflow directory comes from the DAG's description only.

Importing this module imports FastAPI and Starlette; Airflow's security and models, and
the rest of motoko-airflow, are imported by the handlers (the API server has Airflow's
loaded by then).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from airflow.plugins_manager import AirflowPlugin
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from motoko_airflow.plugin import PREFIX, RUNS_TAB, workflow_of
from motoko_airflow.plugin.guard import RunNameGuard

#: Runs per page by default (``plugin.runs.PER_PAGE``; that module is imported by the
#: handlers only)
PER_PAGE = 100

__all__ = ["MotokoPlugin", "app"]

DAG_ID_PATTERN = r"^[A-Za-z0-9_.-]{1,250}$"
RUN_ID_PATTERN = r"^[A-Za-z0-9_:+~@-][A-Za-z0-9_.:+~@-]{0,249}$"
TASK_PATTERN = r"^[A-Za-z0-9_-]{0,100}$"  # "" is the form's "all"
STATE_PATTERN = r"^[A-Za-z_ ]{0,40}$"
#: A constraint on job parameters or run fields, BlackDynamite's syntax (``x > 2``):
#: printable, checked in full by ``schema.parse_constraint``
WHERE_PATTERN = r"^[^\x00-\x1f\x7f]{0,200}$"
#: ``render.workflow_dag``'s DAG description: "Motoko workflow <name> (<motoko.yaml>)"
#: DAG runs looked at to link run names to DAG runs on a workflow page.
_DAG_RUNS_LINKED = 200

app = FastAPI(title="Motoko runs", docs_url=None, redoc_url=None, openapi_url=None)
_bearer = HTTPBearer(auto_error=False)

DagId = Annotated[str, PathParam(pattern=DAG_ID_PATTERN)]
RunId = Annotated[str, PathParam(pattern=RUN_ID_PATTERN)]
Tasks = Annotated[list[str], Query(alias="task")]  # checked by _filters
States = Annotated[list[str], Query(alias="state")]
Attempts = Annotated[list[int], Query(alias="attempt")]
Where = Annotated[list[str], Query(alias="where")]
Page = Annotated[int, Query(ge=1, le=1_000_000, description="1-based page of each study")]
PerPage = Annotated[int, Query(ge=1, le=1000, description="runs per page")]
_MAX_FILTERS = 50


# ---- security -----------------------------------------------------------------------


async def _user(request: Request) -> Any:
    """The user of Airflow's own authentication: 401 without credentials, 403 with an
    invalid token."""
    from airflow.api_fastapi.core_api.security import get_user

    return await get_user(request, None, await _bearer(request))


def _dag_reader(request: Request, user: Annotated[Any, Depends(_user)]) -> Any:
    """The user, if the auth manager lets them read the runs of the path's DAG (403
    otherwise)."""
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
    from airflow.api_fastapi.core_api.security import requires_access_dag

    requires_access_dag("GET", DagAccessEntity.RUN)(request, user)
    return user


# ---- Airflow's records ----------------------------------------------------------------


def _motoko_dag(session: Any, dag_id: str) -> tuple[Any, Path]:
    """The DAG's record and its workflow file; 404 if either is missing."""
    from airflow.models.dag import DagModel

    dag = session.get(DagModel, dag_id)
    if dag is None:
        raise HTTPException(404, f"DAG {dag_id!r} not found")
    path = workflow_of(dag.description)
    if path is None:
        raise HTTPException(404, f"DAG {dag_id!r} is not a Motoko workflow DAG (made by "
                                 "motoko_airflow.render.workflow_dag)")
    if not path.is_file():
        raise HTTPException(404, f"the workflow of DAG {dag_id!r} is gone: {path}")
    return dag, path


def _run_name(dag_run: Any) -> str:
    from motoko_airflow.exceptions import MotokoError
    from motoko_airflow.execution import derive_run_name

    conf = dag_run.conf if isinstance(dag_run.conf, dict) else {}
    try:
        return derive_run_name(conf.get("run_name"), dag_run.run_id)
    except MotokoError as exc:
        raise HTTPException(400, f"DAG run {dag_run.run_id!r}: {exc}") from None


def _dag_run_data(user: Any, dag_id: str, run_id: str, filters: dict[str, Any], page: int,
                  per_page: int) -> tuple[dict[str, Any], list[str]]:
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy import select

    from motoko_airflow.config import load_workflow_config
    from motoko_airflow.exceptions import ConfigError
    from motoko_airflow.plugin.runs import PageError, dag_run_runs

    with create_session() as session:
        _dag, path = _motoko_dag(session, dag_id)
        dag_run = session.scalar(select(DagRun).where(DagRun.dag_id == dag_id,
                                                      DagRun.run_id == run_id))
        if dag_run is None:
            raise HTTPException(404, f"DAG run {run_id!r} of {dag_id!r} not found")
        run_name = _run_name(dag_run)
        verification = _verification(session, dag_id, run_id)
    settings = load_workflow_config(path)
    for task in filters["task"]:
        try:
            settings.resolve(task)
        except ConfigError as exc:
            raise HTTPException(400, f"task {task!r}: {exc}") from None
    try:
        data = dag_run_runs(path, run_name, filters["task"], filters["state"],
                            attempts=filters["attempt"], where=filters["where"], page=page,
                            per_page=per_page, dag_id=dag_id)
    except PageError as exc:
        raise HTTPException(400, str(exc)) from None
    data["verification"] = verification
    data["taken"] = _taken(user, dag_id, run_name, data.pop("other_dags"))
    return data, list(settings.task_managers)


def _taken(user: Any, dag_id: str, run_name: str, others: list[str]) -> str | None:
    """Why the DAG run shows no runs of other DAGs under its run name (None: there are
    none): a DAG is named only to a user who may read it."""
    if not others:
        return None
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.models.resource_details import DagDetails
    from airflow.models.dag import DagModel

    readable = [other for other in others if get_auth_manager().is_authorized_dag(
        method="GET", user=user,
        details=DagDetails(id=other, team_name=DagModel.get_team_name(other)))]
    named = (f"DAG {readable[0]!r}" if len(readable) == 1 and len(others) == 1
             else "another DAG")
    return (f"run name {run_name!r} is already used by {named} of this workflow: its "
            f"runs are not shown, and {dag_id!r} made none under it")


def _verification(session: Any, dag_id: str, run_id: str) -> dict[str, Any] | None:
    """The report of the DAG run's verification task (None: not run, or no such task)."""
    from airflow.models.xcom import XComModel
    from sqlalchemy import select

    from motoko_airflow.render import VERIFY_TASK_ID

    value = session.scalar(select(XComModel.value).where(
        XComModel.dag_id == dag_id, XComModel.run_id == run_id,
        XComModel.task_id == VERIFY_TASK_ID, XComModel.key == "verification"))
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return value if isinstance(value, dict) else None


def _workflow_data(dag_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy import select

    from motoko_airflow.plugin.runs import workflow_runs

    with create_session() as session:
        _dag, path = _motoko_dag(session, dag_id)
        dag_runs: dict[str, str] = {}
        for dag_run in session.scalars(select(DagRun).where(DagRun.dag_id == dag_id)
                                       .order_by(DagRun.id.desc())
                                       .limit(_DAG_RUNS_LINKED)):
            try:
                dag_runs.setdefault(_run_name(dag_run), dag_run.run_id)
            except HTTPException:
                continue
    return workflow_runs(path, dag_id), dag_runs


def _readable_dags(user: Any) -> list[dict[str, str]]:
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.models.dag import DagModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    allowed = get_auth_manager().get_authorized_dag_ids(user=user, method="GET")
    found = []
    with create_session() as session:
        for dag in session.scalars(select(DagModel).where(
                DagModel.description.like("Motoko workflow %"),
                DagModel.is_stale.is_(False)).order_by(DagModel.dag_id)):
            path = workflow_of(dag.description)
            if dag.dag_id in allowed and path is not None:
                found.append({"dag_id": dag.dag_id, "workflow": str(path.parent)})
    return found


def _filters(name: str, values: list[str], pattern: str) -> list[str]:
    """The non-empty values of a repeated query parameter; 422 for any that does not
    match ``pattern`` (or too many)."""
    if len(values) > _MAX_FILTERS:
        raise HTTPException(422, f"at most {_MAX_FILTERS} {name} values")
    for value in values:
        if not re.fullmatch(pattern, value):
            raise HTTPException(422, f"{name} {value[:100]!r} does not match {pattern}")
    return [v for v in dict.fromkeys(values) if v]


def _all_filters(task: list[str], state: list[str], attempt: list[int],
                 where: list[str]) -> dict[str, Any]:
    """The checked filters of a DAG run page (422 for malformed ones)."""
    if len(attempt) > _MAX_FILTERS:
        raise HTTPException(422, f"at most {_MAX_FILTERS} attempt values")
    if any(a < 1 for a in attempt):
        raise HTTPException(422, "attempt numbers start at 1")
    return {"task": _filters("task", task, TASK_PATTERN),
            "state": _filters("state", state, STATE_PATTERN),
            "attempt": sorted(set(attempt)),
            "where": [w.strip() for w in _filters("where", where, WHERE_PATTERN)
                      if w.strip()]}


def _base(request: Request) -> str:
    return str(request.scope.get("root_path") or PREFIX).rstrip("/")


# ---- routes -------------------------------------------------------------------------


@app.exception_handler(StarletteHTTPException)
async def _error(request: Request, exc: StarletteHTTPException) -> Any:
    """JSON under ``/api``, a small HTML page elsewhere (it shows inside the UI's tab)."""
    from motoko_airflow.plugin.pages import message_page

    headers = getattr(exc, "headers", None)
    if request.url.path.startswith(f"{_base(request)}/api/"):
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=headers)
    return HTMLResponse(message_page(exc.status_code, str(exc.detail)), exc.status_code,
                        headers=headers)


@app.exception_handler(RequestValidationError)
async def _invalid(request: Request, exc: RequestValidationError) -> Any:
    """A malformed parameter: FastAPI's JSON under ``/api``, one readable line per
    problem on a small HTML page elsewhere."""
    errors = exc.errors()
    if request.url.path.startswith(f"{_base(request)}/api/"):
        return JSONResponse({"detail": jsonable_encoder(errors)}, 422)
    from motoko_airflow.plugin.pages import message_page

    lines = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: "
             f"{e.get('msg', 'invalid')} (got {str(e.get('input'))[:100]!r})"
             for e in errors]
    return HTMLResponse(message_page(422, "; ".join(lines)), 422)


@app.get("/api/dags")
def dags_json(user: Annotated[Any, Depends(_user)]) -> Any:
    """The Motoko DAGs the user may read."""
    return {"dags": _readable_dags(user)}


@app.get("/", response_class=HTMLResponse)
def dags_page(request: Request, user: Annotated[Any, Depends(_user)]) -> Any:
    from motoko_airflow.plugin.pages import index_page

    return index_page(_readable_dags(user), _base(request))


@app.get("/api/dags/{dag_id}", dependencies=[Depends(_dag_reader)])
def workflow_json(dag_id: DagId) -> Any:
    """Runs per study, run name and state; and the DAG run of each run name."""
    data, dag_runs = _workflow_data(dag_id)
    return {"dag_id": dag_id, **data, "dag_runs": dag_runs}


@app.get("/dags/{dag_id}", response_class=HTMLResponse, dependencies=[Depends(_dag_reader)])
def workflow_page(request: Request, dag_id: DagId) -> Any:
    from motoko_airflow.plugin.pages import workflow_page as page

    data, dag_runs = _workflow_data(dag_id)
    return page(data, dag_id=dag_id, base=_base(request), dag_runs=dag_runs)


@app.get("/api/dags/{dag_id}/runs/{run_id}")
def dag_run_json(user: Annotated[Any, Depends(_dag_reader)],
                 dag_id: DagId, run_id: RunId, task: Tasks = [],  # noqa: B006
                 state: States = [], attempt: Attempts = [],  # noqa: B006
                 where: Where = [], page: Page = 1,  # noqa: B006
                 per_page: PerPage = PER_PAGE) -> Any:
    """One page of the runs of a DAG run's run name, per study (``task``, ``state``,
    ``attempt``, ``where``: filters; ``page``, ``per_page``: paging of each study)."""
    filters = _all_filters(task, state, attempt, where)
    data, _all = _dag_run_data(user, dag_id, run_id, filters, page, per_page)
    return {"dag_id": dag_id, "run_id": run_id, "filters": filters, **data}


@app.get("/dags/{dag_id}/runs/{run_id}", response_class=HTMLResponse)
def dag_run_page(request: Request, user: Annotated[Any, Depends(_dag_reader)],
                 dag_id: DagId, run_id: RunId,
                 task: Tasks = [], state: States = [],  # noqa: B006
                 attempt: Attempts = [], where: Where = [],  # noqa: B006
                 page: Page = 1, per_page: PerPage = PER_PAGE) -> Any:
    from motoko_airflow.plugin.pages import dag_run_page as render

    filters = _all_filters(task, state, attempt, where)
    data, all_tasks = _dag_run_data(user, dag_id, run_id, filters, page, per_page)
    return render(data, dag_id=dag_id, run_id=run_id, base=_base(request),
                  all_tasks=all_tasks, filters=filters, per_page=per_page)


class MotokoPlugin(AirflowPlugin):
    """The Motoko view: BlackDynamite runs per DAG run, in Airflow's UI."""

    name = "motoko"
    fastapi_apps = [{"app": app, "url_prefix": PREFIX, "name": "Motoko runs"}]
    # a trigger with another DAG's run name: HTTP 400 before the DAG run exists
    fastapi_root_middlewares = [{"middleware": RunNameGuard, "args": [], "kwargs": {},
                                 "name": "Motoko run names"}]
    external_views = [
        {"name": "Motoko runs", "href": f"{PREFIX}/dags/{{DAG_ID}}/runs/{{RUN_ID}}",
         "destination": "dag_run", "url_route": RUNS_TAB},
        {"name": "Motoko workflow", "href": f"{PREFIX}/dags/{{DAG_ID}}",
         "destination": "dag", "url_route": "motoko-workflow"},
        {"name": "Motoko", "href": f"{PREFIX}/", "destination": "nav",
         "category": "browse", "url_route": "motoko"},
    ]
