"""``asyncio.create_task``/``ensure_future`` while tracing: routines started now,
awaited later, that run beside ``main`` (parallel chains stay parallel).

Natively, a task starts at ``main``'s next wait after ``create_task`` and runs beside
whatever ``main`` does until it is awaited. So its steps follow what ``main`` had
awaited when it was *created* (the frontier then), not what ``main`` awaited since;
once it is awaited, ``main``'s next steps follow both the task's last steps and its
own. The coroutine itself is traced when it is awaited (the first time; awaiting it
again gives the same result, as a finished task does). Routines running beside
``main`` share its objects: the functions they call may not change objects they do
not own (``Recorder.gathering``, checked on entry).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from motoko_airflow.trace import concurrent
from motoko_airflow.trace.state import Recorder

__all__ = ["Spawned"]


class Spawned:
    """A coroutine given to ``asyncio.create_task``: traced when awaited, from the
    point where it was created."""

    def __init__(self, tracer: Recorder, coro: Any) -> None:
        self.tracer = tracer
        self.coro = coro
        self.start = tracer.frontier
        # the values pending where it was made, which its first step checks (natively
        # they raise before it is made); not those main makes after (.concurrent)
        self.pending = list(tracer.pending)
        self.done = False
        self.result: Any = None

    @property
    def cr_frame(self) -> Any:
        return getattr(self.coro, "cr_frame", None)

    def __await__(self) -> Generator[Any, None, Any]:
        if self.done:
            return self.result
        tracer = self.tracer
        before = tracer.frontier
        tracer.frontier = self.start
        pending = list(tracer.pending)
        tracer.pending[:] = self.pending
        saved = concurrent.task_started(tracer)
        self.result = yield from self.coro.__await__()
        self.done = True
        # what it left pending is checked by its maker's next steps (natively the
        # error surfaces where it is awaited)
        known = {id(p) for p in pending}
        tracer.pending[:] = pending + [p for p in tracer.pending if id(p) not in known]
        concurrent.task_ended(tracer, saved)
        ends = tracer.frontier
        # main's own steps since the task was created stay in the frontier, unless the
        # task's steps already follow them
        covered = tracer.ancestors(*ends) | set(ends)
        tracer.frontier = tuple(n for n in before if n not in covered) + tuple(ends)
        return self.result

    def __getattr__(self, name: str) -> Any:
        raise self.tracer.untraceable(
            f"task.{name} of a task made by asyncio.create_task asks how far it is at run "
            "time; await it (or asyncio.gather(...) the routines) instead")
