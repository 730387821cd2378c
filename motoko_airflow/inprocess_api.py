"""The Execution API that ``dag.test()`` serves in-process, made cheaper to start and ask.

Every task instance ``dag.test()`` runs talks to an in-process Execution API (FastAPI
with Cadwyn, Airflow's ``InProcessExecutionAPI``): about ten requests per task start.
Two costs of it are Airflow's and FastAPI's generality, not the answers:

- At its first request Cadwyn builds one router per API version the API has ever had
  (ten in Airflow 3.3.2: 3 to 9 s of CPU), though the in-process client speaks one.
  :func:`streamline` serves that one version from the routes as written, when that is
  sound (:func:`_serve_head_routes`).
- ``InProcessExecutionAPI`` lets every caller in through ``dependency_overrides`` (its
  auth and access checks replaced by one that allows all). With any override set,
  FastAPI rebuilds every sub-dependency of every route at every request (signatures
  read again, about 3 ms of CPU per request here), overridden or not. The overrides
  are fixed before the app's first request: :func:`_bake_overrides` puts them into the
  routes once, as FastAPI would at each request, and the routes then solve their
  dependencies as written.

The app, its middleware, error handlers, version routing and the answers are Airflow's
own. Nothing here changes how a task runs under a real scheduler (its Execution API is
the API server's). Standard FastAPI and Cadwyn attributes are used; should they differ
(other versions), the app is left as Airflow builds it.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["streamline"]


def streamline() -> None:
    """Make the in-process Execution API apps this process creates from now on serve
    the Task SDK's one API version from the routes as written, when that is sound, and
    with ``dependency_overrides`` put into their routes at their first request."""
    from airflow.api_fastapi.execution_api import app as api_app
    from airflow.api_fastapi.execution_api import versions
    from airflow.sdk.api.datamodels._generated import API_VERSION

    build = api_app.create_task_execution_api_app
    if getattr(build, "_motoko_streamlined", False):
        return
    bundle = versions.bundle
    # the routes as written are the newest version's when the head version changes
    # nothing; the in-process client speaks only its own version
    head_only = not bundle.head_version.changes and bundle.versions[0].value == API_VERSION

    @functools.wraps(build)
    def create(*args: Any, **kwargs: Any) -> Any:
        app: Any = build(*args, **kwargs)
        app._cadwyn_initialize = functools.partial(
            _initialize, app, API_VERSION if head_only else None)
        return app

    create._motoko_streamlined = True  # type: ignore[attr-defined]
    api_app.create_task_execution_api_app = create


def _initialize(app: Any, version: str | None) -> None:
    """Stands in for ``app._cadwyn_initialize`` (Cadwyn calls it at the app's first
    request, after ``InProcessExecutionAPI`` set its overrides): the head routes for
    ``version`` (every version, Cadwyn's way, when None), then the overrides baked."""
    if version is None:
        type(app)._cadwyn_initialize(app)
    else:
        _serve_head_routes(app, version)
    app._cadwyn_initialized = True
    _bake_overrides(app)


def _serve_head_routes(app: Any, version: str) -> None:
    """Route ``version`` to the head routes, leaving out the routes that exist in older
    versions only, as Cadwyn does for the newest. Should Cadwyn's internals differ
    (another Cadwyn version), its own initialization runs instead (every version built:
    slower, the same answers)."""
    try:
        from cadwyn.route_generation import _DELETED_ROUTE_TAG
        from fastapi import APIRouter
        from fastapi.routing import APIRoute

        head = APIRouter()
        head.routes = [route for route in app._latest_version_router.routes
                       if not (isinstance(route, APIRoute)
                               and _DELETED_ROUTE_TAG in route.tags)]
        app._add_versioned_routers(head, version=version)
    except (ImportError, AttributeError, TypeError):
        app.router.versioned_routers.pop(version, None)
        type(app)._cadwyn_initialize(app)


def _bake_overrides(app: Any) -> None:
    """Give every route of ``app`` a handler with the app's ``dependency_overrides``
    put into its dependency tree (:class:`_OverridesBaked`)."""
    try:
        from fastapi.routing import APIRoute

        routers = [app.router, *getattr(app.router, "versioned_routers", {}).values()]
        routes = [route for router in routers for route in router.routes
                  if isinstance(route, APIRoute)
                  and route.dependency_overrides_provider is not None]
    except (ImportError, AttributeError, TypeError):
        return
    dependants = _Dependants()
    for route in routes:
        route.app = _OverridesBaked(app, route, dependants)


class _Dependants:
    """FastAPI's ``get_dependant``, remembered: a dependency's tree read from its
    callable's signature once per callable, not at every request. The results are
    never changed (the baked trees are copies). Entries of a callable that is no
    longer an override are dropped (``InProcessTestSupervisor`` sets a new one for the
    DAG bag at each task start: each holds a ``DBDagBag``)."""

    def __init__(self) -> None:
        self.known: dict[tuple[Any, ...], Any] = {}
        self.overrides_seen: set[Any] = set()

    def get(self, *, path: str | None, call: Any, name: str | None,
            parent_oauth_scopes: list[str], scope: Any) -> Any:
        from fastapi.dependencies.utils import get_dependant

        key = (path, call, name, tuple(parent_oauth_scopes), scope)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = get_dependant(
                path=path, call=call, name=name,  # type: ignore[arg-type]  # as FastAPI
                parent_oauth_scopes=parent_oauth_scopes, scope=scope)
        return found

    def forget_stale(self, overrides: dict[Any, Any]) -> None:
        current = set(overrides.values())
        stale = self.overrides_seen - current
        if stale:
            self.known = {key: found for key, found in self.known.items()
                          if key[1] not in stale}
        self.overrides_seen = current


class _OverridesBaked:
    """A route's ASGI app: its handler made with the app's ``dependency_overrides``
    put into the route's dependency tree, made again whenever the overrides changed.

    What FastAPI does at every request while any override is set
    (``solve_dependencies``): each sub-dependency is rebuilt with ``get_dependant``
    from its override, or from its own callable when it has none; the rebuilt one is
    solved (its own sub-dependencies rebuilt the same way), called, and cached under
    the original's ``cache_key`` when the original's ``use_cache`` says so. The baked
    tree is made of the same rebuilt dependencies, each carrying its original's
    ``use_cache`` and ``cache_key``, and the handler solves it without the overrides:
    the same calls, in the same order, with the same caching. Requests are served by
    one event loop: one runs this at a time. Without overrides, or on any surprise
    (another FastAPI), the route's own handler serves."""

    def __init__(self, app: Any, route: Any, dependants: _Dependants) -> None:
        self.api = app
        self.route = route
        self.dependants = dependants
        self.original = route.app
        self.baked_for: tuple[Any, ...] | None = None
        self.handler: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        overrides = self.api.dependency_overrides
        current = tuple(overrides.items())
        if current != self.baked_for:
            self.handler = self._baked_handler(dict(overrides)) if overrides else None
            self.baked_for = current
        await (self.handler or self.original)(scope, receive, send)

    def _baked_handler(self, overrides: dict[Any, Any]) -> Any:
        import dataclasses

        from fastapi.routing import request_response

        self.dependants.forget_stale(overrides)

        def baked(dependant: Any) -> Any:
            call = overrides.get(dependant.call, dependant.call)
            rebuilt = self.dependants.get(
                path=dependant.path, call=call, name=dependant.name,
                parent_oauth_scopes=dependant.oauth_scopes, scope=dependant.scope)
            node = dataclasses.replace(
                rebuilt, use_cache=dependant.use_cache,
                dependencies=[baked(sub) for sub in rebuilt.dependencies])
            node.__dict__["cache_key"] = dependant.cache_key  # a cached_property
            return node

        route = self.route
        own, provider = route.dependant, route.dependency_overrides_provider
        try:
            route.dependant = dataclasses.replace(
                own, dependencies=[baked(sub) for sub in own.dependencies])
            route.dependency_overrides_provider = None
            return request_response(route.get_route_handler())
        except (AttributeError, TypeError):  # another FastAPI: its own way
            return None
        finally:
            route.dependant, route.dependency_overrides_provider = own, provider
