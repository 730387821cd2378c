"""The in-process Execution API's overrides, put into its routes once
(motoko_airflow.inprocess_api): a FastAPI app answers the same with them baked as
FastAPI answers with ``dependency_overrides``, whatever the overrides and however they
change between requests (InProcessTestSupervisor sets a new one at each task start).

No ``from __future__ import annotations`` here: FastAPI reads the annotations of the
routes' local dependencies at run time."""


from collections.abc import Callable, Iterator
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Header
from fastapi.testclient import TestClient

from motoko_airflow.inprocess_api import _bake_overrides


def build(calls: list[str]) -> tuple[FastAPI, dict[str, Callable[..., Any]]]:
    """An app whose dependencies log their calls into ``calls``: an auth checked twice
    per request (cached), a generator dependency, a nested one, one never cached."""

    def auth(authorization: Annotated[str, Header()] = "none") -> str:
        calls.append(f"auth:{authorization}")
        return f"token-{authorization}"

    def session() -> Iterator[str]:
        calls.append("session open")
        yield "session"
        calls.append("session closed")

    def bag(db: Annotated[str, Depends(session)]) -> str:
        calls.append("bag")
        return f"bag({db})"

    def user(token: Annotated[str, Depends(auth)]) -> str:
        calls.append("user")
        return f"user({token})"

    counter = iter(range(1000))

    def tick() -> int:
        value = next(counter)
        calls.append(f"tick {value}")
        return value

    app = FastAPI()

    @app.get("/items/{item}", dependencies=[Depends(auth)])
    def item(item: int, who: Annotated[str, Depends(user)],
             again: Annotated[str, Depends(auth)],
             the_bag: Annotated[str, Depends(bag)],
             first: Annotated[int, Depends(tick, use_cache=False)],
             second: Annotated[int, Depends(tick, use_cache=False)]) -> dict[str, Any]:
        return {"item": item, "who": who, "again": again, "bag": the_bag,
                "ticks": [first, second]}

    @app.post("/plain")
    async def plain(body: dict[str, int]) -> dict[str, int]:
        return {key: value + 1 for key, value in body.items()}

    return app, {"auth": auth, "session": session, "bag": bag, "user": user, "tick": tick}


def allow() -> str:
    return "allowed"


async def allow_async(authorization: Annotated[str, Header()] = "none") -> str:
    return f"async-{authorization}"


def other_session() -> Iterator[str]:
    yield "other session"


def scenario(app: FastAPI, deps: dict[str, Callable[..., Any]], calls: list[str]
             ) -> list[Any]:
    """Requests under changing overrides; what each answered and which calls it made."""
    seen: list[Any] = []
    client = TestClient(app)

    def ask() -> None:
        calls.clear()
        got = client.get("/items/3", headers={"authorization": "abc"})
        seen.append((got.status_code, got.json(), list(calls)))
        posted = client.post("/plain", json={"a": 1})
        seen.append((posted.status_code, posted.json()))

    ask()  # no override
    app.dependency_overrides[deps["auth"]] = allow
    ask()
    ask()  # the same overrides again
    app.dependency_overrides[deps["auth"]] = allow_async  # a new override of the same
    ask()
    app.dependency_overrides[deps["session"]] = other_session  # nested under bag
    ask()
    app.dependency_overrides[deps["session"]] = lambda: "a lambda"  # replaced again
    ask()
    del app.dependency_overrides[deps["auth"]]
    ask()
    app.dependency_overrides.clear()
    ask()
    return seen


def test_baked_overrides_answer_as_fastapi_does() -> None:
    as_fastapi: list[str] = []
    plain, plain_deps = build(as_fastapi)
    expected = scenario(plain, plain_deps, as_fastapi)

    ours: list[str] = []
    baked, baked_deps = build(ours)
    _bake_overrides(baked)
    assert scenario(baked, baked_deps, ours) == expected
    # the overrides did apply (not only the same answers by chance)
    answers = [entry[1] for entry in expected if entry[0] == 200 and "who" in entry[1]]
    assert answers[1]["who"] == "user(allowed)"
    assert answers[3]["who"] == "user(async-abc)"
    assert answers[4]["bag"] == "bag(other session)"
    assert answers[5]["bag"] == "bag(a lambda)"
    assert answers[7]["who"] == "user(token-abc)"


def test_a_stale_override_is_forgotten() -> None:
    """A DAG bag per task start: the trees read from replaced overrides are dropped."""
    calls: list[str] = []
    app, deps = build(calls)
    _bake_overrides(app)
    client = TestClient(app)
    route = next(r for r in app.routes if getattr(r, "path", "") == "/items/{item}")
    for i in range(5):
        app.dependency_overrides[deps["session"]] = (lambda i=i: f"bag {i}")
        assert client.get("/items/1").json()["bag"] == f"bag(bag {i})"
    known_calls = [key[1] for key in route.app.dependants.known]  # type: ignore[attr-defined]
    overrides = [call for call in known_calls if getattr(call, "__name__", "") == "<lambda>"]
    assert overrides == [app.dependency_overrides[deps["session"]]]


@pytest.mark.parametrize("path", ["/items/{item}", "/plain"])
def test_every_route_is_baked(path: str) -> None:
    app, _ = build([])
    _bake_overrides(app)
    route = next(r for r in app.routes if getattr(r, "path", "") == path)
    assert type(route.app).__name__ == "_OverridesBaked"  # type: ignore[attr-defined]
