"""``RunNameGuard``: a trigger of a Motoko DAG with a run name another DAG of the same
workflow already made runs under is refused by the API server, before the DAG run
exists: HTTP 400 with one line, as Airflow refuses a conf its params reject.

A run name belongs to the DAG that first made runs under it (``Study.create_runs``
records the DAG on every run and refuses the name to any other DAG of the workflow).
That refusal happens when the first task runs; this guard gives the same answer at
trigger time, to the REST API and the UI's trigger form alike (both ``POST
/api/v2/dags/{dag_id}/dagRuns``). Airflow has no hook there: its params' JSON Schema is
fixed when the DAG file is parsed, and parsing must not read the studies. So the guard
is an ASGI middleware of the API server (the plugin's ``fastapi_root_middlewares``):

- it only looks at a trigger whose body names a run name (``conf.run_name``, or a
  ``dag_run_id`` it derives from); Airflow makes up the ids it generates, new each time;
- it answers only a caller Airflow would let trigger the DAG (its own
  ``requires_access_dag("POST", RUN)``), so nothing is told to anyone else: every other
  request goes on to Airflow untouched, which answers 401/403/404/422 itself;
- the DAG owning the name is named only to a user who may read that DAG (in multi-team
  mode it may be another team's): others read "another DAG of this workflow";
- the studies are read at once, a thread each (a stopped study server is started for
  the read, under a lease, and stopped after it); if they cannot be read, the trigger
  goes on, with a warning in the API server's log, and the first task refuses the name
  instead.

DAG runs made without the REST API (``airflow dags trigger``, schedules, a
``TriggerDagRunOperator``) are not seen here: for them the first task's refusal stands.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["RunNameGuard"]

log = logging.getLogger(__name__)

_TRIGGER = re.compile(r"/api/v2/dags/([A-Za-z0-9_.-]{1,250})/dagRuns/?")
#: A trigger's body is small; a larger one is left to Airflow
_MAX_BODY = 1 << 20


class RunNameGuard:
    """ASGI middleware refusing a trigger of a Motoko DAG with another DAG's run name
    (HTTP 400, ``{"detail": "<one line>"}``); every other request passes untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = None
        if scope["type"] == "http" and scope["method"] == "POST":
            path = str(scope.get("path", ""))
            root = str(scope.get("root_path", ""))
            match = _TRIGGER.fullmatch(path[len(root):] if path.startswith(root) else path)
        if match is None:
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:  # the whole body, kept to be handed on as it came
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body") \
                    or size > _MAX_BODY:
                break
        replayed = list(messages)

        async def replay() -> Message:
            return replayed.pop(0) if replayed else await receive()

        body = b"".join(m.get("body", b"") for m in messages
                        if m["type"] == "http.request")
        refusal = None
        if size <= _MAX_BODY and messages[-1]["type"] == "http.request":
            refusal = await _refusal(Request(scope), match.group(1), body)
        if refusal is None:
            await self.app(scope, replay, send)
            return
        await JSONResponse({"detail": refusal}, status_code=400)(scope, replay, send)


def _asked_run_name(body: bytes) -> str | None:
    """The run name a trigger's body asks for (None: none, or one Airflow refuses)."""
    from motoko_airflow.exceptions import MotokoError
    from motoko_airflow.execution import derive_run_name

    try:
        data = json.loads(body or b"null")
    except ValueError:
        return None  # Airflow answers 422
    if not isinstance(data, dict):
        return None
    conf = data.get("conf")
    explicit = conf.get("run_name") if isinstance(conf, dict) else None
    run_id = data.get("dag_run_id")
    if explicit in (None, "") and not isinstance(run_id, str):
        return None  # Airflow generates a new run id
    if explicit is not None and not isinstance(explicit, str):
        return None  # the run_name param's schema refuses it (400)
    try:
        return derive_run_name(explicit, run_id if isinstance(run_id, str) else None)
    except MotokoError:
        return None  # the run_name param's schema refuses it (400)


async def _refusal(request: Request, dag_id: str, body: bytes) -> str | None:
    """Why this trigger of ``dag_id`` is refused (None: it goes on to Airflow)."""
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
    from airflow.api_fastapi.core_api.security import get_user, requires_access_dag
    from fastapi import HTTPException
    from fastapi.security import HTTPBearer

    run_name = _asked_run_name(body)
    if run_name is None:
        return None
    try:
        user = await get_user(request, None, await HTTPBearer(auto_error=False)(request))
        requires_access_dag("POST", DagAccessEntity.RUN, param_dag_id=dag_id)(request, user)
    except HTTPException:
        return None  # Airflow's own route answers 401/403 the same way
    return await run_in_threadpool(_owner_refusal, user, dag_id, run_name)


def _owner_refusal(user: Any, dag_id: str, run_name: str) -> str | None:
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.models.resource_details import DagDetails
    from airflow.models.dag import DagModel
    from airflow.utils.session import create_session

    from motoko_airflow.exceptions import MotokoError
    from motoko_airflow.plugin import workflow_of
    from motoko_airflow.plugin.runs import run_name_owners

    with create_session() as session:
        dag = session.get(DagModel, dag_id)
        path = None if dag is None else workflow_of(dag.description)
    if path is None or not path.is_file():
        return None  # not a Motoko DAG (or unknown: Airflow answers 404)
    try:
        others = sorted(run_name_owners(path, run_name) - {dag_id})
    except MotokoError as exc:
        log.warning("trigger of %s with run name %r let through: the studies of %s "
                    "could not be read (%s); its first task checks the name instead",
                    dag_id, run_name, path.parent, exc)
        return None
    if not others:
        return None
    owner = others[0]
    readable = get_auth_manager().is_authorized_dag(
        method="GET", user=user,
        details=DagDetails(id=owner, team_name=DagModel.get_team_name(owner)))
    other = f"DAG {owner!r}" if readable else "another DAG"
    return (f"run name {run_name!r} is already used by {other} of this workflow; "
            f"trigger {dag_id!r} with another run_name")
