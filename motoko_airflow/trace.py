"""Symbolic tracer: a Motoko orchestrator's ``main`` coroutine -> :class:`~.graph.Graph`.

``trace(path)`` imports the orchestrator under a private module name, builds its
argparse parser, and runs ``main(workflow, **params)`` on a private event loop with a
*tracing* workflow: ``createTask`` records a node, awaited selections record sensors,
and nothing really waits. Values that only exist at run time (params, run outputs) are
symbolic: arithmetic, indexing and attribute access on them build lazy expressions;
using one as a condition, taking its ``len`` or iterating it raises :class:`TraceError`
naming the orchestrator line (see DESIGN.md section 4).

How loops over runs are recognised: iterating a symbolic run list yields ONE symbolic
``(run, job)`` pair and then stops, so the loop body runs once. The loop is open while
the iterating frame is inside the loop body (found from its ``FOR_ITER`` instruction, so
``break`` closes it). A ``createTask`` called while a loop is open becomes one node
*mapped* over the runs; a one-element list computed in a finished loop (a list
comprehension, ``created.extend(...)``) is a *fan-in* over all runs; a pair read back
from such a list by a ``for`` loop opens a loop again (chained maps). Looping through
``enumerate``/``zip`` is rejected. While tracing, ``asyncio.gather`` is replaced by a
version that runs its awaitables one after another as parallel branches (restored
afterwards; traces run one at a time under a lock), and ``motoko``/``motoko.workflow`` are light
stand-ins (``@event`` is recorded; neither Motoko nor BlackDynamite is imported).

Known limits: a pair unpacked outside a ``for`` statement (``run, job = created[0]``) is
treated as mapped; values the orchestrator hides in other containers (sets, objects) are
rejected when they reach ``createTask``.
"""

from __future__ import annotations

import argparse
import asyncio
import dis
import functools
import importlib.util
import inspect
import itertools
import re
import sys
import threading
import types
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.config import WorkflowConfig, load_workflow_config
from motoko_airflow.exceptions import ConfigError, TraceError
from motoko_airflow.params import params_from_parser

__all__ = ["trace"]

_FALLBACK_HINT = "or run with --fallback (the whole orchestrator becomes one task)"
_TRACED_MARK = "<traced "
_module_counter = itertools.count()
# trace() patches asyncio.gather and sys.modules while it runs: one trace at a time
_TRACE_LOCK = threading.RLock()


# ---------------------------------------------------------------- tracer state


class _LenError(TraceError, TypeError):
    """``len()`` of a traced value; a TypeError so that ``list.extend``/``list()`` skip it."""


@functools.lru_cache(maxsize=256)
def _loop_ends(code: types.CodeType) -> dict[int, int]:
    """``FOR_ITER`` offset -> offset where that loop exits, for one code object."""
    return {i.offset: i.argval for i in dis.get_instructions(code) if i.opname == "FOR_ITER"}


@functools.lru_cache(maxsize=256)
def _get_iters(code: types.CodeType) -> frozenset[int]:
    return frozenset(i.offset for i in dis.get_instructions(code) if i.opname == "GET_ITER")


@functools.lru_cache(maxsize=256)
def _previous_for_iter(code: types.CodeType) -> dict[int, int]:
    """Instruction offset -> offset of the ``FOR_ITER`` right before it (if it is one)."""
    out, previous = {}, None
    for i in dis.get_instructions(code):
        if previous is not None and previous.opname == "FOR_ITER":
            out[i.offset] = previous.offset
        previous = i
    return out


def _user_frame() -> types.FrameType:
    """The innermost frame outside this module."""
    frame = sys._getframe(1)
    while frame.f_code.co_filename == __file__ and frame.f_back is not None:
        frame = frame.f_back
    return frame


class _Loop:
    """One iteration over the runs of a node.

    The loop is open while the frame that iterates is still inside the loop's body: for
    a ``for`` statement or comprehension, between its ``FOR_ITER`` and the loop's exit
    (so ``break`` and ``zip`` close it too); for a C consumer (``list.extend``,
    ``list()``), during that one instruction.
    """

    def __init__(
        self,
        node: str,
        reiterated: bool = False,
        frame: types.FrameType | None = None,
        start: int | None = None,
    ) -> None:
        self.node = node
        self.reiterated = reiterated
        self.exhausted = reiterated
        self.frame = frame
        self.span = (0, 0)
        if frame is not None:
            start = frame.f_lasti if start is None else start
            end = _loop_ends(frame.f_code).get(start, start + 1)
            self.span = (start, end)

    @property
    def open(self) -> bool:
        if not self.exhausted and self.frame is not None:
            if not self.span[0] <= self.frame.f_lasti < self.span[1]:
                self.exhausted = True
                self.frame = None
        return not self.exhausted


class _Tracer:
    def __init__(self, config: WorkflowConfig, orchestrator_file: Path) -> None:
        self.config = config
        self.file = str(orchestrator_file)
        self.nodes: list[g.Node] = []
        self.edges: list[g.Edge] = []
        self.ids: set[str] = set()
        self.frontier: tuple[str, ...] = ()
        self.open_loops: list[_Loop] = []
        self.actions = 0
        self.error_handler: g.ErrorHandler | None = None
        self.module_name = ""

    # -- locations and errors
    def lineno(self) -> int | None:
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.file:
                return frame.f_lineno
            frame = frame.f_back  # type: ignore[assignment]
        return None

    def error(
        self, message: str, lineno: int | None = None, cls: type[TraceError] = TraceError
    ) -> TraceError:
        return cls(message, filename=self.file, lineno=lineno or self.lineno())

    # -- graph building
    def new_id(self, base: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_.-]", "_", base) or "task"
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}_{n}"
        self.ids.add(candidate)
        return candidate

    def add_node(self, node: g.Node, data_sources: set[str], after: tuple[str, ...] = ()) -> None:
        self.nodes.append(node)
        for source in sorted(data_sources):
            self.edges.append(g.Edge(source, node.id, "data"))
        for source in after + self.frontier:
            if source not in data_sources and source != node.id:
                self.edges.append(g.Edge(source, node.id, "order"))

    def ancestors(self, *node_ids: str) -> set[str]:
        found: set[str] = set()
        todo = list(node_ids)
        while todo:
            target = todo.pop()
            for e in self.edges:
                if e.target == target and e.source not in found:
                    found.add(e.source)
                    todo.append(e.source)
        return found

    def pending_creators(self, task_managers: set[str]) -> list[str]:
        """Create nodes of these task managers that the frontier does not already follow.

        A sensor must come after every task that creates the runs it waits for (a
        sensor waiting on a sibling deadlocks under ``dag.test()``).
        """
        done = self.ancestors(*self.frontier) | set(self.frontier)
        return [
            n.id
            for n in self.nodes
            if isinstance(n, g.CreateTaskNode)
            and n.task_manager in task_managers
            and n.id not in done
        ]

    def awaited(self, node_id: str) -> None:
        """``await`` of a node: it joins the frontier, replacing its own ancestors."""
        ancestors = self.ancestors(node_id)
        kept = tuple(n for n in self.frontier if n not in ancestors and n != node_id)
        self.frontier = kept + (node_id,)

    def resolve(self, name: str) -> str:
        try:
            return self.config.resolve(name)
        except ConfigError as exc:
            message = str(exc).split(": ", 1)[-1]
            raise self.error(f"workflow.{name}: {message}") from None

    def ref(self, func: Any, what: str) -> g.CallableRef | None:
        if func is None:
            return None
        decorated = bool(getattr(func, "__motoko_event__", False))
        func = inspect.unwrap(func)
        if not (inspect.isfunction(func) or inspect.ismethod(func)):
            raise self.error(
                f"{what} must be a function (def or lambda), not {type(func).__name__}"
            )
        module = func.__module__
        if module == self.module_name:
            module = self.config.orchestrator_module
        code = func.__code__
        file: str | None = code.co_filename
        directory = str(self.config.directory)
        if file is not None and file.startswith(directory + "/"):
            file = file[len(directory) + 1 :]
        else:
            file = None
        return g.CallableRef(
            module=module,
            qualname=func.__qualname__,
            file=file,
            lineno=code.co_firstlineno,
            importable="<" not in func.__qualname__,
            event_decorated=decorated,
        )


# ---------------------------------------------------------------- symbolic values


def _describe(expr: g.Expr) -> str:
    return str(expr)


class _Value:
    """A value known only at run time, standing for an expression."""

    __slots__ = ("_expr", "_loops", "_tracer")
    _expr: g.Expr
    _loops: tuple[_Loop, ...]
    _tracer: _Tracer

    def __init__(self, tracer: _Tracer, expr: g.Expr, loops: tuple[_Loop, ...] = ()) -> None:
        object.__setattr__(self, "_tracer", tracer)
        object.__setattr__(self, "_expr", expr)
        object.__setattr__(self, "_loops", loops)

    # lazy expressions
    def _derive(self, expr: g.Expr, *others: Any) -> _Value:
        loops = list(self._loops)
        for other in others:
            if isinstance(other, _Value):
                loops.extend(lp for lp in other._loops if lp not in loops)
        return _Value(self._tracer, expr, tuple(loops))

    def _operand(self, other: Any) -> g.Expr:
        return _to_expr(self._tracer, other, loops=None)

    def _binop(self, op: str, other: Any, reverse: bool = False) -> _Value:
        left, right = self._expr, self._operand(other)
        if reverse:
            left, right = right, left
        return self._derive(g.BinOp(op, left, right), other)

    __hash__ = object.__hash__

    def __neg__(self) -> _Value:
        return self._derive(g.UnaryOp("-", self._expr))

    def __pos__(self) -> _Value:
        return self._derive(g.UnaryOp("+", self._expr))

    def __abs__(self) -> _Value:
        return self._derive(g.UnaryOp("abs", self._expr))

    def __getitem__(self, key: Any) -> _Value:
        if isinstance(key, slice):
            raise self._tracer.error(
                f"slicing a traced value ({_describe(self._expr)}[...]) is not supported; "
                f"index single elements, {_FALLBACK_HINT}"
            )
        return self._derive(g.Index(self._expr, self._operand(key)), key)

    def __getattr__(self, name: str) -> _Value:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._derive(g.Attr(self._expr, name))

    # what cannot be compiled
    def __setattr__(self, name: str, value: Any) -> None:
        raise self._tracer.error(
            f"setting {_describe(self._expr)}.{name} on a traced value cannot be compiled "
            "into a DAG; update runs inside an action callback (workflow.add_action) "
            + _FALLBACK_HINT
        )

    def __bool__(self) -> bool:
        expr = self._expr
        construct = (
            "'if' on a traced value"
            if isinstance(expr, g.BinOp)
            else ("the truth value of a traced value")
        )
        raise self._tracer.error(
            f"{construct} ({_describe(expr)}) cannot be compiled into a DAG: it is only "
            "known at run time; move the decision into an action (workflow.add_action) "
            + _FALLBACK_HINT
        )

    def __len__(self) -> int:
        raise self._tracer.error(
            f"len() of a traced value ({_describe(self._expr)}) cannot be compiled into a "
            "DAG: it is only known at run time; pass the whole value to createTask, "
            + _FALLBACK_HINT,
            cls=_LenError,
        )

    def __iter__(self) -> Iterator[Any]:
        raise self._tracer.error(
            f"iterating a traced value ({_describe(self._expr)}) whose length is only "
            "known at run time; pass the whole list to createTask (BlackDynamite expands "
            "a list into one job per value) " + _FALLBACK_HINT
        )

    def __contains__(self, item: Any) -> bool:
        raise self._tracer.error(
            f"'in' on a traced value ({_describe(self._expr)}) cannot be compiled; "
            + _FALLBACK_HINT
        )

    def _convert(self, what: str) -> Any:
        raise self._tracer.error(
            f"{what}({_describe(self._expr)}) needs the value, which is only known at run "
            "time; pass the traced value to createTask as it is " + _FALLBACK_HINT
        )

    def __int__(self) -> int:
        return self._convert("int")  # type: ignore[no-any-return]

    def __float__(self) -> float:
        return self._convert("float")  # type: ignore[no-any-return]

    def __index__(self) -> int:
        return self._convert("index")  # type: ignore[no-any-return]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise self._tracer.error(
            f"calling {_describe(self._expr)}() on a traced value cannot be compiled; "
            "read plain attributes (run.y) or do the computation in the study's doIt.py, "
            + _FALLBACK_HINT
        )

    # printing is harmless; a string built from it is caught when it reaches createTask
    def __str__(self) -> str:
        return f"{_TRACED_MARK}{_describe(self._expr)}>"

    def __format__(self, spec: str) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def _operator(op: str, reverse: bool = False) -> Callable[[_Value, Any], _Value]:
    def method(self: _Value, other: Any) -> _Value:
        return self._binop(op, other, reverse)

    return method


for _name, _op in {
    "add": "+",
    "sub": "-",
    "mul": "*",
    "truediv": "/",
    "floordiv": "//",
    "mod": "%",
    "pow": "**",
}.items():
    setattr(_Value, f"__{_name}__", _operator(_op))
    setattr(_Value, f"__r{_name}__", _operator(_op, reverse=True))
for _name, _op in {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!="}.items():
    setattr(_Value, f"__{_name}__", _operator(_op))


class _RunPair(tuple):  # type: ignore[type-arg]
    """A symbolic ``(run, job)`` pair; unpacking it again later re-enters a loop."""

    _loop: _Loop
    _tracer: _Tracer

    def __iter__(self) -> Iterator[Any]:
        loop = self._loop
        if loop.open or loop.reiterated:
            return tuple.__iter__(self)
        # a pair read back from a list built from runs: `for run, job in created:`
        frame = sys._getframe(1)
        for_iter = _previous_for_iter(frame.f_code).get(frame.f_lasti)
        if for_iter is None:
            again = _Loop(loop.node, reiterated=True)
        else:
            again = _Loop(loop.node, frame=frame, start=for_iter)
            self._tracer.open_loops.append(again)
        return iter(_pair(self._tracer, again))


def _pair(tracer: _Tracer, loop: _Loop) -> _RunPair:
    run = _Value(tracer, g.Item(loop.node, "run"), (loop,))
    job = _Value(tracer, g.Item(loop.node, "job"), (loop,))
    pair = _RunPair((run, job))
    pair._loop = loop
    pair._tracer = tracer
    return pair


class _RunIterator:
    def __init__(self, tracer: _Tracer, node: str) -> None:
        self.tracer = tracer
        self.node = node
        self.loop: _Loop | None = None
        self.step = 0
        # made by a for statement / comprehension itself (GET_ITER), not by a wrapper
        caller = _user_frame()
        self.direct = caller.f_lasti in _get_iters(caller.f_code)

    def __iter__(self) -> _RunIterator:
        return self

    def __next__(self) -> _RunPair:
        self.step += 1
        if self.step == 1:
            frame = sys._getframe(1)
            if frame.f_lasti in _loop_ends(frame.f_code) and not self.direct:
                raise self.tracer.error(
                    f"looping over the runs of {self.node!r} through enumerate(), zip() or "
                    "another wrapper cannot be compiled (the position of a run is only "
                    "known at run time); loop directly: for run, job in runs, and use "
                    "run.id " + _FALLBACK_HINT
                )
            self.loop = _Loop(self.node, frame=frame)
            self.tracer.open_loops.append(self.loop)
            return _pair(self.tracer, self.loop)
        if self.loop is not None:
            self.loop.exhausted = True
            self.loop.frame = None
        raise StopIteration


class _Runs(_Value):
    """The runs of a node: iterable (one symbolic pair), indexable, not countable."""

    __slots__ = ()

    def __init__(self, tracer: _Tracer, node: str) -> None:
        super().__init__(tracer, g.Runs(node))

    def __iter__(self) -> Iterator[Any]:
        expr = self._expr
        assert isinstance(expr, g.Runs)
        return _RunIterator(self._tracer, expr.node)

    def __len__(self) -> int:
        raise self._tracer.error(
            f"len() of the runs of {self._expr.node!r} cannot be compiled into a DAG: the "  # type: ignore[union-attr]
            "number of runs is only known at run time; iterate the runs (for run, job in "
            "runs) instead, " + _FALLBACK_HINT,
            cls=_LenError,
        )

    def __bool__(self) -> bool:
        raise self._tracer.error(
            f"the truth value of the runs of {self._expr.node!r} (if runs: / bool(runs)) "  # type: ignore[union-attr]
            "cannot be compiled into a DAG; move the decision into an action "
            "(workflow.add_action) " + _FALLBACK_HINT
        )


# ---------------------------------------------------------------- conversion


def _plain(tracer: _Tracer, value: Any) -> g.Expr:
    if isinstance(value, str) and _TRACED_MARK in value:
        raise tracer.error(
            f"the string {value!r} was built from a traced value (f-string, str() or "
            "format); strings cannot be computed from run-time values in a DAG; pass the "
            "value itself " + _FALLBACK_HINT
        )
    if value is None or isinstance(value, (bool, int, float, str)):
        return g.Const(value)
    raise tracer.error(
        f"a {type(value).__name__} value cannot be passed through the DAG; use numbers, "
        "strings, booleans, lists or dicts of them"
    )


def _to_expr(tracer: _Tracer, value: Any, loops: list[_Loop] | None) -> g.Expr:
    """Convert a Python value built by the orchestrator into an expression.

    ``loops`` (when given) collects the run loops the value depends on.
    """
    if isinstance(value, _Value):
        if loops is not None:
            loops.extend(lp for lp in value._loops if lp not in loops)
        return value._expr
    if isinstance(value, _CreateCall):
        return g.Runs(value.node)
    if isinstance(value, _Selection):
        raise tracer.error(
            "a selection passed as a value must be awaited first "
            "(runs = await workflow.<tm>.select(...))"
        )
    if isinstance(value, (list, tuple)):
        inner: list[_Loop] = []
        items = [_to_expr(tracer, v, inner) for v in value]
        finished = [lp for lp in inner if not lp.open]
        if isinstance(value, list) and len(items) == 1 and finished:
            nodes = {lp.node for lp in inner}
            if len(nodes) > 1:
                raise tracer.error(
                    "a list built from the runs of several nodes "
                    f"({', '.join(sorted(nodes))}) cannot be compiled; build one list per node"
                )
            node = finished[0].node
            element = items[0]
            if isinstance(value[0], tuple) and element == g.ListExpr(
                (g.Item(node, "run"), g.Item(node, "job"))
            ):
                return g.Runs(node)
            return g.Collect(node, element)
        if any(not lp.reiterated for lp in finished):
            raise tracer.error(
                "a list mixing values from the runs of a finished loop with other values "
                "cannot be compiled; use a list comprehension [run.y for run, job in runs]"
            )
        if loops is not None:
            loops.extend(lp for lp in inner if lp not in loops)
        return g.ListExpr(tuple(items))
    if isinstance(value, dict):
        keys = []
        for key in value:
            if not isinstance(key, str):
                raise tracer.error(f"dict keys passed to createTask must be strings: {key!r}")
            keys.append(key)
        values = tuple(_to_expr(tracer, value[k], loops) for k in keys)
        return g.DictExpr(tuple(keys), values)
    return _plain(tracer, value)


# ---------------------------------------------------------------- awaitables


class _CreateCall:
    """The result of ``createTask(...)``: awaitable, and iterable like a RunList."""

    def __init__(self, tracer: _Tracer, node: str) -> None:
        self.tracer = tracer
        self.node = node

    def __await__(self) -> Generator[Any, None, _Runs]:
        self.tracer.awaited(self.node)
        if False:  # pragma: no cover - makes this a generator that never suspends
            yield
        return _Runs(self.tracer, self.node)

    def __iter__(self) -> Iterator[Any]:
        return iter(_Runs(self.tracer, self.node))


def _constraints(tracer: _Tracer, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise tracer.error(
            f"constraints must be a string or a list of strings, not {type(value).__name__}"
        )
    out = []
    for item in items:
        if isinstance(item, _Value) or not isinstance(item, str):
            raise tracer.error(
                f"constraint {item!r} is not a constant string; constraints are fixed "
                "when the DAG is built " + _FALLBACK_HINT
            )
        _plain(tracer, item)
        out.append(item)
    return tuple(out)


class _Selection:
    """``workflow.<tm>.select(...)`` (possibly ``.all(...)`` or ``&``-combined)."""

    def __init__(self, tracer: _Tracer, conditions: tuple[g.Condition, ...]) -> None:
        self.tracer = tracer
        self.conditions = conditions

    def all(self, *constraint_sets: Any) -> _Selection:
        if len(self.conditions) != 1 or self.conditions[0].all_of:
            raise self.tracer.error(".all(...) applies to one plain select(...)")
        if not constraint_sets:
            raise self.tracer.error(".all(...) needs at least one constraint set")
        sets = tuple(_constraints(self.tracer, c) for c in constraint_sets)
        c = self.conditions[0]
        return _Selection(self.tracer, (g.Condition(c.task_manager, c.constraints, sets),))

    def __and__(self, other: Any) -> _Selection:
        if not isinstance(other, _Selection):
            raise self.tracer.error(
                "a selection can only be combined with & with another selection"
            )
        return _Selection(self.tracer, self.conditions + other.conditions)

    def __await__(self) -> Generator[Any, None, _Runs]:
        tracer = self.tracer
        names = "_".join(dict.fromkeys(c.task_manager for c in self.conditions))
        node = g.SensorNode(tracer.new_id(f"wait_{names}"), self.conditions, tracer.lineno())
        creators = tracer.pending_creators({c.task_manager for c in self.conditions})
        tracer.add_node(node, set(), after=tuple(creators))
        tracer.awaited(node.id)
        if False:  # pragma: no cover
            yield
        return _Runs(tracer, node.id)

    def _unawaited(self, construct: str) -> Any:
        raise self.tracer.error(
            f"{construct} a selection without awaiting it reads BlackDynamite at run time, "
            "which a DAG cannot do while it is built; await it (runs = await "
            "workflow.<tm>.select(...)) to wait with a sensor, " + _FALLBACK_HINT
        )

    def __iter__(self) -> Iterator[Any]:
        return self._unawaited("iterating")  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return self._unawaited("len() of")  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return self._unawaited("the truth value of")  # type: ignore[no-any-return]

    def __getitem__(self, index: Any) -> Any:
        return self._unawaited("indexing")


class _Gather:
    """``asyncio.gather`` while tracing: each awaitable is a branch from the same start."""

    def __init__(self, tracer: _Tracer, awaitables: tuple[Any, ...]) -> None:
        self.tracer = tracer
        self.awaitables = awaitables

    def __await__(self) -> Generator[Any, None, list[Any]]:
        tracer = self.tracer
        start = tracer.frontier
        ends: list[str] = []
        results = []
        for aw in self.awaitables:
            tracer.frontier = start
            if not inspect.isawaitable(aw):
                raise tracer.error(f"asyncio.gather() got {type(aw).__name__}, not an awaitable")
            result = yield from aw.__await__()
            results.append(result)
            ends.extend(n for n in tracer.frontier if n not in ends)
        tracer.frontier = tuple(ends) if self.awaitables else start
        return results


# ---------------------------------------------------------------- workflow


class _TaskManager:
    def __init__(self, tracer: _Tracer, name: str, attribute: str) -> None:
        self._tracer = tracer
        self._name = name
        self._attribute = attribute

    def createTask(self, run_params: Any = None, **job_params: Any) -> _CreateCall:  # noqa: N802
        tracer = self._tracer
        lineno = tracer.lineno()
        loops: list[_Loop] = []
        job = tuple((k, _to_expr(tracer, v, loops)) for k, v in job_params.items())
        run: tuple[tuple[str, g.Expr], ...] | None = None
        if run_params is not None:
            if not isinstance(run_params, dict):
                raise tracer.error("run_params must be a dict of name: value (or None)")
            run = tuple((k, _to_expr(tracer, v, loops)) for k, v in run_params.items())
        stale = [lp for lp in loops if not lp.open and not lp.reiterated]
        if stale:
            raise tracer.error(
                f"a value computed from the runs of {stale[0].node!r} is used after its "
                "loop ended; to pass all the values use a list comprehension "
                "([run.y for run, job in runs]), to create one task per run call "
                "createTask inside the loop"
            )
        candidates = [lp.node for lp in loops]
        tracer.open_loops = [lp for lp in tracer.open_loops if lp.open]
        if tracer.open_loops:
            candidates.append(tracer.open_loops[-1].node)
        mapped = sorted(set(candidates))
        if len(mapped) > 1:
            raise tracer.error(
                f"createTask inside nested loops over runs ({', '.join(mapped)}) cannot be "
                "compiled; a task can be mapped over the runs of one node only " + _FALLBACK_HINT
            )
        map_over = mapped[0] if mapped else None
        sources: set[str] = set()
        for _, e in job + (run or ()):
            sources |= g.expr_nodes(e)
        if map_over:
            sources.add(map_over)
        node = g.CreateTaskNode(
            id=tracer.new_id(self._name),
            task_manager=self._name,
            job_params=job,
            run_params=run,
            map_over=map_over,
            lineno=lineno,
        )
        tracer.add_node(node, sources)
        return _CreateCall(tracer, node.id)

    def select(self, constraints: Any = None) -> _Selection:
        cons = _constraints(self._tracer, constraints)
        return _Selection(self._tracer, (g.Condition(self._name, cons),))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise self._tracer.error(
            f"workflow.{self._attribute}.{name} cannot be traced; routines use "
            "createTask(...) and select(...) only, " + _FALLBACK_HINT
        )


class _TracingWorkflow:
    """What ``main`` receives as ``workflow`` while it is traced."""

    _tracer: _Tracer

    def __init__(self, tracer: _Tracer) -> None:
        object.__setattr__(self, "_tracer", tracer)
        object.__setattr__(self, "_finished", False)

    @property
    def run_name(self) -> _Value:
        return _Value(self._tracer, g.Param("run_name"))

    @property
    def directory(self) -> str:
        return str(self._tracer.config.directory)

    @property
    def finished(self) -> bool:
        raise self._tracer.error(
            "reading workflow.finished (a polling loop) cannot be compiled into a DAG: the "
            "DAG run ends when its tasks are done; use actions, " + _FALLBACK_HINT
        )

    @property
    def vars(self) -> Any:
        raise self._tracer.error(
            "reading workflow.vars (persistent workflow variables) cannot be compiled into "
            "a DAG; pass values through DAG params or task results, " + _FALLBACK_HINT
        )

    def get_runs(self, *args: Any, **kwargs: Any) -> Any:
        raise self._tracer.error(
            "workflow.get_runs() reads BlackDynamite at run time; call it inside an action "
            "callback, " + _FALLBACK_HINT
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "finished":
            object.__setattr__(self, "_finished", bool(value))
            return
        raise self._tracer.error(f"setting workflow.{name} cannot be traced; " + _FALLBACK_HINT)

    def __getattr__(self, name: str) -> _TaskManager:
        if name.startswith("__"):
            raise AttributeError(name)
        tracer = self._tracer
        return _TaskManager(tracer, tracer.resolve(name), name)

    def _task(self, task: Any) -> str:
        if task == "__all__":
            return task
        if not isinstance(task, str):
            raise self._tracer.error(f"task must be a task manager name, not {task!r}")
        return self._tracer.resolve(task)

    def _event(self, event: Any) -> tuple[tuple[str, ...] | None, g.CallableRef | None]:
        if event is None:
            return None, None
        if isinstance(event, (str, list, tuple)):
            return _constraints(self._tracer, event), None
        return None, self._tracer.ref(event, "event")

    def add_action(
        self,
        event_name: str,
        task: str = "__all__",
        event: Any = None,
        get_params: Callable[[], Any] | None = None,
        f: Callable[..., Any] | None = None,
    ) -> None:
        tracer = self._tracer
        if not isinstance(event_name, str):
            raise tracer.error(f"add_action: event_name must be a string, not {event_name!r}")
        constraints, event_ref = self._event(event)
        tracer.actions += 1
        node = g.ActionNode(
            id=tracer.new_id(f"action_{event_name}"),
            index=tracer.actions - 1,
            event_name=event_name,
            task=self._task(task),
            event_constraints=constraints,
            event_callable=event_ref,
            callback=tracer.ref(f, "f"),
            get_params=tracer.ref(get_params, "get_params"),
            lineno=tracer.lineno(),
        )
        tracer.add_node(node, set())

    def add_error_handler(
        self, event: Any = "state = FAILED", f: Callable[..., Any] | None = None, **kwargs: Any
    ) -> None:
        tracer = self._tracer
        if tracer.error_handler is not None:
            raise tracer.error("add_error_handler is called twice; register one handler")
        unknown = sorted(set(kwargs) - {"task", "get_params"})
        if unknown:
            raise tracer.error(f"add_error_handler: unknown argument(s) {', '.join(unknown)}")
        constraints, event_ref = self._event(event)
        tracer.error_handler = g.ErrorHandler(
            event_constraints=constraints,
            event_callable=event_ref,
            callback=tracer.ref(f, "f"),
            task=self._task(kwargs.get("task", "__all__")),
        )


# ---------------------------------------------------------------- motoko stand-in


def _motoko_stand_in(tracer: _Tracer) -> dict[str, types.ModuleType]:
    def event(func: Any) -> Any:
        func.__motoko_event__ = True
        return func

    def no_action(*args: Any, **kwargs: Any) -> None:
        return None

    no_action.__module__ = no_action.__qualname__ = "motoko.workflow"
    no_action.__qualname__ = "no_action"

    class Workflow:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise tracer.error(
                "creating a motoko Workflow while tracing; the tracer passes the workflow "
                "to main(workflow, **params)"
            )

    package = types.ModuleType("motoko")
    package.__path__ = []
    workflow = types.ModuleType("motoko.workflow")
    workflow.event = event  # type: ignore[attr-defined]
    workflow.no_action = no_action  # type: ignore[attr-defined]
    workflow.Workflow = Workflow  # type: ignore[attr-defined]
    task_manager = types.ModuleType("motoko.task_manager")
    package.workflow = workflow  # type: ignore[attr-defined]
    package.task_manager = task_manager  # type: ignore[attr-defined]
    return {"motoko": package, "motoko.workflow": workflow, "motoko.task_manager": task_manager}


# ---------------------------------------------------------------- driving main


def _suspension_point(tracer: _Tracer, coro: Any) -> tuple[int | None, str]:
    """The orchestrator line where ``coro`` is suspended, and what it awaits."""
    chain: list[Any] = []
    obj = coro
    while obj is not None:
        chain.append(obj)
        obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
    lineno, last = None, -1
    for i, item in enumerate(chain):
        frame = getattr(item, "cr_frame", None) or getattr(item, "gi_frame", None)
        if frame is not None and frame.f_code.co_filename == tracer.file:
            lineno, last = frame.f_lineno, i
    for item in chain[last + 1 :]:
        frame = getattr(item, "cr_frame", None) or getattr(item, "gi_frame", None)
        if frame is not None and frame.f_code.co_filename != __file__:
            return lineno, frame.f_code.co_qualname + "()"
    return lineno, type(chain[-1]).__name__ if chain else ""


async def _drive(tracer: _Tracer, coro: Any) -> None:
    try:
        coro.send(None)
    except StopIteration:
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        if pending:
            code = pending[0].get_coro().cr_code  # type: ignore[union-attr]
            raise tracer.error(
                f"a background task ({code.co_qualname}) was started with "
                "asyncio.create_task/ensure_future and never awaited; use "
                "asyncio.gather(...) to run routines in parallel",
                lineno=code.co_firstlineno,
            ) from None
        return
    lineno, foreign = _suspension_point(tracer, coro)
    try:
        coro.close()
    except BaseException:  # noqa: B036 - the orchestrator's cleanup must not mask the error
        pass
    raise tracer.error(
        f"awaiting {foreign or 'a foreign awaitable'} cannot be compiled into a DAG: only "
        "workflow.<tm>.createTask(...), workflow.<tm>.select(...), helper coroutines and "
        "asyncio.gather(...) are traced, and nothing may really wait; remove the wait "
        "(Airflow schedules the tasks) " + _FALLBACK_HINT,
        lineno=lineno,
    )


def _located(tracer: _Tracer, exc: BaseException) -> int | None:
    lineno = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == tracer.file:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _import_orchestrator(tracer: _Tracer, path: Path) -> types.ModuleType:
    tracer.module_name = f"_motoko_traced_orchestrator_{next(_module_counter)}"
    spec = importlib.util.spec_from_file_location(tracer.module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[tracer.module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise TraceError(
            f"syntax error: {exc.msg}", filename=tracer.file, lineno=exc.lineno
        ) from exc
    except Exception as exc:
        raise tracer.error(
            f"importing the orchestrator failed: {type(exc).__name__}: {exc}",
            lineno=_located(tracer, exc),
        ) from exc
    return module


def _symbolic_main(tracer: _Tracer, module: types.ModuleType) -> tuple[Any, dict[str, Any]]:
    config = tracer.config
    main = getattr(module, config.orchestrator_function, None)
    if main is None or not callable(main):
        raise TraceError(
            f"the orchestrator has no function {config.orchestrator_function!r} "
            f"(motoko.yaml says orchestrator: {config.orchestrator})",
            filename=tracer.file,
            lineno=1,
        )
    parser = None
    populate = getattr(module, "populate_arg_parser", None)
    if populate is not None:
        parser = argparse.ArgumentParser(prog="motoko orchestrator start")
        try:
            populate(parser)
        except Exception as exc:
            raise tracer.error(
                f"populate_arg_parser failed: {type(exc).__name__}: {exc}",
                lineno=_located(tracer, exc),
            ) from exc
    try:
        params = params_from_parser(parser)
    except ConfigError as exc:
        raise ConfigError(
            str(exc).split(": ", 1)[-1], path=tracer.file, key="populate_arg_parser"
        ) from None
    return main, params


def _run_main(tracer: _Tracer, main: Any, params: dict[str, Any]) -> None:
    workflow = _TracingWorkflow(tracer)
    symbolic = {name: _Value(tracer, g.Param(name)) for name in params}
    loop = asyncio.new_event_loop()
    try:
        try:
            result = main(workflow, **symbolic)
            if inspect.isawaitable(result):
                coro = result if inspect.iscoroutine(result) else _await(result)
                loop.run_until_complete(_drive(tracer, coro))
        except (TraceError, ConfigError):
            raise
        except Exception as exc:
            raise tracer.error(
                f"main raised {type(exc).__name__}: {exc} while being traced; fix the "
                "orchestrator " + _FALLBACK_HINT,
                lineno=_located(tracer, exc),
            ) from exc
    finally:
        loop.close()


async def _await(awaitable: Any) -> Any:
    return await awaitable


def _gather_for(tracer: _Tracer) -> Callable[..., _Gather]:
    def gather(*awaitables: Any, return_exceptions: bool = False) -> _Gather:
        return _Gather(tracer, awaitables)

    return gather


def _dag_id(config: WorkflowConfig) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", config.directory.name) or "motoko_workflow"


def _fallback_graph(
    config: WorkflowConfig, params: dict[str, Any], main_ref: g.CallableRef, exc: TraceError
) -> g.Graph:
    where = ""
    if exc.filename and exc.lineno:
        where = f"{Path(exc.filename).name}:{exc.lineno}: "
    message = str(exc).split(": ", 1)[-1] if where else str(exc)
    return g.Graph(
        dag_id=_dag_id(config),
        workflow=str(config.path),
        orchestrator=main_ref,
        task_managers=tuple(config.task_managers),
        aliases=dict(config.aliases),
        params=params,
        nodes=(g.FallbackNode("orchestrator", where + message),),
    )


def trace(path: str | Path, *, fallback: bool = False) -> g.Graph:
    """Trace the orchestrator of a workflow into a :class:`~motoko_airflow.graph.Graph`.

    ``path`` is the workflow directory, its ``motoko.yaml`` or the orchestrator file.
    Untraceable code raises :class:`TraceError` (``file:line: what, and what to do``);
    with ``fallback=True`` it yields a one-node graph carrying the reason instead.
    Broken configuration raises :class:`ConfigError` either way.
    """
    with _TRACE_LOCK:
        return _trace(path, fallback=fallback)


def _trace(path: str | Path, *, fallback: bool) -> g.Graph:
    config = load_workflow_config(path)
    orchestrator_file = config.orchestrator_path.resolve()
    tracer = _Tracer(config, orchestrator_file)
    saved = {
        name: sys.modules.get(name) for name in ("motoko", "motoko.workflow", "motoko.task_manager")
    }
    saved_gather = asyncio.gather
    directory = str(config.directory)
    sys.modules.update(_motoko_stand_in(tracer))
    asyncio.gather = _gather_for(tracer)  # type: ignore[assignment]
    sys.path.insert(0, directory)
    try:
        module = _import_orchestrator(tracer, orchestrator_file)
        main, params = _symbolic_main(tracer, module)
        main_ref = tracer.ref(main, "main")
        assert main_ref is not None
        try:
            _run_main(tracer, main, params)
        except TraceError as exc:
            if not fallback:
                raise
            return _fallback_graph(config, params, main_ref, exc)
    finally:
        asyncio.gather = saved_gather
        if directory in sys.path:
            sys.path.remove(directory)
        sys.modules.pop(tracer.module_name, None)
        for name, module_before in saved.items():
            if module_before is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module_before
    return g.Graph(
        dag_id=_dag_id(config),
        workflow=str(config.path),
        orchestrator=main_ref,
        task_managers=tuple(config.task_managers),
        aliases=dict(config.aliases),
        params=params,
        nodes=tuple(tracer.nodes),
        edges=tuple(dict.fromkeys(tracer.edges)),
        fail_fast=tracer.error_handler is not None,
        error_handler=tracer.error_handler,
    )
