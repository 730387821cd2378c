"""Loops over traced lists: how ``for`` becomes dynamic task mapping and fan-in.

Iterating a traced list (the runs of a task, a list param, ``zip``/``enumerate``/
``range`` of them) yields ONE symbolic item, :class:`~motoko_airflow.graph.Item` of a
new :class:`Loop`, and then stops: the loop body runs once. The loop is *open* while
the iterating frame is inside the loop's body (found from its ``FOR_ITER``
instruction, so ``break`` and the end of a comprehension close it); a ``createTask``
made while loops are open is mapped over all of them (their product), and a list
element made in a loop that has ended stands for all its items (a fan-in, see
:func:`.values.to_expr`). A C consumer (``list.extend``, ``list()``, ``out += runs``)
iterates for one instruction only: the list it builds is a fan-in of all items.

Unpacking a traced value (``run, job = runs[0]``, ``(run, job), = runs``, ``i, pair =
item``) gives its elements by position. A ``(run, job)`` pair read back from a list
built from runs (``for run, job in created``) opens a loop over those runs again.
"""

from __future__ import annotations

import dis
import functools
import sys
import types
from collections.abc import Iterator
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace.instrument import loop_collectors, loop_obstacle
from motoko_airflow.trace.state import Recorder, Untraceable
from motoko_airflow.trace.values import Symbol, fresh

__all__ = ["Loop", "RunPair", "Seq", "runs_value"]


@functools.lru_cache(maxsize=256)
def _loop_ends(code: types.CodeType) -> dict[int, int]:
    """``FOR_ITER`` offset -> offset where that loop exits, for one code object."""
    return {i.offset: i.argval for i in dis.get_instructions(code) if i.opname == "FOR_ITER"}


@functools.lru_cache(maxsize=256)
def _instructions(code: types.CodeType) -> dict[int, dis.Instruction]:
    return {i.offset: i for i in dis.get_instructions(code)}


@functools.lru_cache(maxsize=256)
def _previous_for_iter(code: types.CodeType) -> dict[int, int]:
    """Instruction offset -> offset of the ``FOR_ITER`` right before it (if it is one)."""
    out, previous = {}, None
    for i in dis.get_instructions(code):
        if previous is not None and previous.opname == "FOR_ITER":
            out[i.offset] = previous.offset
        previous = i
    return out


def _calling_frame() -> types.FrameType:
    """The innermost frame outside this package."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_HERE):
        frame = frame.f_back
    return frame


_HERE = __file__.rsplit("/", 1)[0]


def calling_instruction() -> tuple[types.FrameType, dis.Instruction | None]:
    """The innermost frame outside this package, and the instruction it is at."""
    frame = _calling_frame()
    return frame, _instructions(frame.f_code).get(frame.f_lasti)


_COMPREHENSION_CODES = ("<listcomp>", "<genexpr>", "<setcomp>", "<dictcomp>")


class Loop:
    """One iteration over a traced list, named ``var`` in the graph."""

    def __init__(self, var: str, over: g.Expr, frame: types.FrameType | None = None,
                 start: int | None = None, reiterated: bool = False) -> None:
        self.var = var
        self.over = over
        self.reiterated = reiterated
        self.exhausted = reiterated
        self.frame = frame
        self.span = (0, 0)
        self.reopened = False  # a coroutine made in the loop is being awaited after it
        self.site: tuple[str, int] | None = None  # which loop of the code it is
        # which pass of the path over that loop of the code it is ((site, n): a loop in
        # a helper called twice, or in a loop unrolled by values, is opened again): the
        # tests of an item are per item of their own pass only
        self.instance: tuple[Any, int] | None = None
        self.lineno: int | None = None
        self.decided = False  # a test of its item was made inside it
        self.left_early = False  # left before its iterator said it was done: a break
        self.list_driven = False  # Python iterates a list here: its end is not seen
        self.recorded_at = 0  # how many nodes the path had recorded when it opened
        self.within: tuple[Loop, ...] = ()  # the loops open when it opened (around it)
        self.decided_at = 0  # and how many decisions
        if frame is not None:
            start = frame.f_lasti if start is None else start
            end = _loop_ends(frame.f_code).get(start, start + 1)
            self.span = (start, end)
            code = frame.f_code
            self.site = (f"{code.co_filename}:{code.co_qualname}:{code.co_firstlineno}",
                         start)
            instruction = _instructions(code).get(start)
            if instruction is not None and instruction.positions is not None:
                self.lineno = instruction.positions.lineno

    @property
    def open(self) -> bool:
        if self.reopened:
            return True
        if not self.exhausted and self.frame is not None:
            if not self.span[0] <= self.frame.f_lasti < self.span[1]:
                self.exhausted = True
                self.left_early = self.span[1] - self.span[0] > 1
                self.frame = None
        return not self.exhausted

    @property
    def broken_on_item(self) -> bool:
        """Left by a ``break`` that a test of its item decided: which items come before
        it is only known at run time, so no per-item filter can stand for it."""
        _ = self.open
        return self.left_early and self.decided and not self.list_driven

    def close(self) -> None:
        self.exhausted = True
        self.frame = None


@functools.lru_cache(maxsize=256)
def _targets(code: types.CodeType) -> dict[int, str]:
    """``FOR_ITER`` offset -> the name its loop's target is stored in (the first one)."""
    out: dict[int, str] = {}
    pending: int | None = None
    for i in dis.get_instructions(code):
        if i.opname == "FOR_ITER":
            pending = i.offset
        elif pending is not None and i.opname.startswith("STORE_"):
            out[pending] = str(i.argval)
            pending = None
        elif pending is not None and i.opname != "UNPACK_SEQUENCE":
            pending = None
    return out


def _loop_name(tracer: Recorder, over: g.Expr, frame: types.FrameType, start: int) -> str:
    """The loop's name in the graph: its target variable (``for run, job in``: ``run``),
    the same on every path of main; else a name from what it iterates."""
    base = _targets(frame.f_code).get(start)
    if base is None and isinstance(over, g.Runs):
        base = over.node
    elif base is None and isinstance(over, g.Param):
        base = over.name
    elif base is None:
        base = over.function if isinstance(over, g.Call) else "item"
    taken = {lp.var for lp in tracer.open_loops if lp.open}
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    return name


def open_loop(tracer: Recorder, over: g.Expr, frame: types.FrameType,
              start: int | None = None, list_driven: bool = False) -> Loop:
    start = frame.f_lasti if start is None else start
    over = fresh(tracer, over)
    if any(isinstance(e, g.Collect) and isinstance(e.element, g.Runs) for e in g.walk(over)):
        # the results of routines gathered per item, each its own runs: a mapped task
        # cannot be given lists of runs as items (only (run, job) pairs)
        raise Untraceable(
            f"this loop goes over lists of runs, one per item ({over}): a task cannot "
            "be mapped over them", filename=frame.f_code.co_filename,
            lineno=frame.f_lineno, loop=True)
    loop = Loop(_loop_name(tracer, over, frame, start), over, frame=frame, start=start)
    loop.list_driven = list_driven
    if start in _loop_ends(frame.f_code):  # a for statement or a comprehension
        reason = loop_obstacle(frame.f_code.co_filename, loop.lineno,
                               comprehension=frame.f_code.co_name in _COMPREHENSION_CODES)
        if reason is not None:
            raise Untraceable(
                f"this loop over {over} is traced once for all its items, but {reason}",
                filename=frame.f_code.co_filename, lineno=loop.lineno, loop=True)
        from motoko_airflow.trace.sequences import TracedList

        for name in loop_collectors(frame.f_code.co_filename, loop.lineno):
            target = frame.f_locals.get(name, frame.f_globals.get(name))
            if isinstance(target, TracedList):
                target._fanin = loop
    if loop.site is not None:
        passes = tracer.loop_passes.get(loop.site, 0)
        tracer.loop_passes[loop.site] = passes + 1
        loop.instance = (loop.site, passes)
    tracer.all_loops.append(loop)
    tracer.open_loops = [lp for lp in tracer.open_loops if lp.open]
    loop.within = tuple(tracer.open_loops)
    loop.recorded_at, loop.decided_at = len(tracer.recorded), len(tracer.decisions)
    tracer.open_loops.append(loop)
    return loop


def element(tracer: Recorder, loop: Loop, loops: tuple[Any, ...]) -> Any:
    """The one symbolic item of a loop."""
    if isinstance(loop.over, g.Runs):
        return _pair(tracer, loop, loops)
    return Seq(tracer, g.Item(loop.var), loops + (loop,))


class Seq(Symbol):
    """Every traced value: iterable (one symbolic item) and unpackable by position."""

    __slots__ = ()

    def __iter__(self) -> Iterator[Any]:
        frame = _calling_frame()
        instruction = _instructions(frame.f_code).get(frame.f_lasti)
        if instruction is not None and instruction.opname == "UNPACK_SEQUENCE":
            return iter([self._derive(g.Index(self._expr, g.Const(i)))
                         for i in range(instruction.arg or 0)])
        if instruction is not None and instruction.opname == "UNPACK_EX":
            raise self._tracer.untraceable(
                f"starred unpacking of a traced value ({self._expr}) cannot be compiled")
        return _Iterator(self, direct=instruction is not None
                         and instruction.opname == "GET_ITER")


def consuming() -> bool:
    from motoko_airflow.trace.sequences import consuming as now

    return now()


class _Iterator:
    def __init__(self, value: Seq, direct: bool) -> None:
        self.value = value
        self.direct = direct
        self.loop: Loop | None = None

    def __iter__(self) -> _Iterator:
        return self

    def __next__(self) -> Any:
        value = self.value
        tracer = value._tracer
        if self.loop is not None:
            self.loop.close()
            raise StopIteration
        frame = _calling_frame()
        instruction = _instructions(frame.f_code).get(frame.f_lasti)
        if frame.f_code.co_filename not in tracer.instrumented:
            raise tracer.untraceable(
                f"{frame.f_code.co_qualname}() of {frame.f_code.co_filename} (not a module "
                f"of the workflow) iterates {value._expr}, which has one item per run "
                "only at run time")
        if frame.f_lasti in _loop_ends(frame.f_code):
            if not self.direct:
                raise tracer.untraceable(
                    f"looping over {value._expr} through a wrapper this tracer does not "
                    "know (itertools, map, filter, reversed, iter...) cannot be compiled; "
                    "loop over it directly")
        elif not (consuming() or instruction is not None
                  and instruction.opname == "LIST_EXTEND"):
            raise tracer.untraceable(
                f"a function iterates {value._expr} (only for loops, comprehensions, "
                "list(), len/sum/min/max/sorted/zip/enumerate of the workflow's code "
                "compile): it would see one item, not one per run")
        self.loop = open_loop(tracer, value._expr, frame)
        return element(tracer, self.loop, value._loops)


class RunPair(tuple):  # type: ignore[type-arg]
    """A symbolic ``(run, job)`` pair; unpacking it again later re-enters a loop."""

    _loop: Loop
    _tracer: Recorder

    def __iter__(self) -> Iterator[Any]:
        loop = self._loop
        if loop.open or loop.reiterated:
            return tuple.__iter__(self)
        # a pair read back from a list built from runs: `for run, job in created:`
        frame = _calling_frame()
        for_iter = _previous_for_iter(frame.f_code).get(frame.f_lasti)
        if for_iter is None:
            again = Loop(loop.var, loop.over, reiterated=True)
        else:
            again = open_loop(self._tracer, loop.over, frame, start=for_iter,
                              list_driven=True)
        return iter(_pair(self._tracer, again, ()))


def _pair(tracer: Recorder, loop: Loop, loops: tuple[Any, ...]) -> RunPair:
    run = Seq(tracer, g.Item(loop.var, "run"), loops + (loop,))
    job = Seq(tracer, g.Item(loop.var, "job"), loops + (loop,))
    pair = RunPair((run, job))
    pair._loop = loop
    pair._tracer = tracer
    return pair


def runs_value(tracer: Recorder, node: str) -> Seq:
    """The runs of a node, as ``await`` returns them: inside the loops it is mapped
    over, the runs made for their current items."""
    scope = tuple(lp.var for lp in tracer.node_loops.get(node, ()) if lp.open)
    return Seq(tracer, g.Runs(node, scope))
