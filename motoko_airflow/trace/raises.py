"""A ``raise`` of ``main`` on a branch: a node that fails the DAG run.

Natively, an exception raised by ``main`` (or by a routine it awaits) and caught by
nothing ends ``main`` and fails its task; nothing after it runs. Every ``raise`` of the
workflow's code is compiled as ``raise __motoko_raise__(exc)``
(:class:`~.instrument.Instrument`); :func:`raise_hook` decides, where it is raised,
whether the raise can be a :class:`~motoko_airflow.graph.RaiseNode`: the path then ends
there (:class:`Raised`), and :mod:`.paths` merges it as it merges any path (the node's
guard is the decisions that lead to it; the other paths go on).

It can when nothing but ``main``'s own code stands between the raise and the top of
``main`` and nothing there can catch it: no ``try`` or ``with`` around it in any of the
frames (read from the source, a ``finally`` or a context manager may run steps or
swallow the error), no library or dunder method in between (``hasattr`` catches an
``AttributeError``, iteration a ``StopIteration``), not in a routine of
``asyncio.gather``/``create_task`` (the others go on natively), not in a loop over a
traced list (one raise per item), not in an ``if`` merged at its join; and its message
is a string, or one value, that the graph can express. Otherwise the exception is
raised as it is: the tracer's rules for it apply (a partial fallback on a branch).
A raise made on no branch (every path raises) is an error of the orchestrator.
"""

from __future__ import annotations

import ast
import functools
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace.instrument import RAISE
from motoko_airflow.trace.sequences import MARKER
from motoko_airflow.trace.state import Recorder, Untraceable
from motoko_airflow.trace.values import Symbol, to_expr

__all__ = ["RAISE", "Raised", "raise_hook", "refusal_of"]

#: why a raise was not compiled, on the exception (for the fallback's reason)
_REFUSED = "__motoko_refused__"
#: exceptions Python itself catches in places (iteration, getattr with a default)
_CAUGHT_BY_PYTHON = (StopIteration, StopAsyncIteration, AttributeError)


class Raised(Untraceable):
    """The path ends at a compiled ``raise`` (not a fallback point)."""


def refusal_of(exc: BaseException) -> str | None:
    """Why a raise the tracer saw was not compiled (None: not known)."""
    return getattr(exc, _REFUSED, None)


def raise_hook(rec: Recorder) -> Callable[[Any], Any]:
    """The ``__motoko_raise__`` of one path's modules."""

    def hook(exc: Any) -> Any:
        instance = exc() if isinstance(exc, type) and issubclass(exc, BaseException) \
            else exc
        if rec.catching_own and not rec.guarded:
            # a try catching the module's own exception may catch it: Python raises it
            # here as natively, unless main's path is not one line of Python here
            where = _uncaught_where(rec)
            if where is not None:
                raise rec.untraceable(
                    f"a raise inside a try catching the module's own exception, {where}: "
                    "the trace cannot follow where natively it is caught")
        if not isinstance(instance, BaseException) or not rec.decisions:
            return exc  # Python's TypeError; or raised on every path: a mistake
        reason = _refusal(rec, instance, sys._getframe(1))
        message = None
        if reason is None:
            message, reason = _message(rec, instance)
        if reason is not None or message is None:
            try:
                setattr(instance, _REFUSED, reason)
            except (AttributeError, TypeError):  # noqa: S110 - the reason is optional
                pass
            return instance
        error = type(instance)
        name = error.__qualname__ if error.__module__ != "builtins" \
            else error.__name__
        if error.__module__ != "builtins":
            name = f"{error.__module__}.{name}"
        node = g.RaiseNode(rec.new_id("raise"), name, message, lineno=rec.lineno())
        rec.add_node(node, g.node_inputs(node))
        raise Raised(f"main raises {error.__name__} here", filename=rec.file,
                     lineno=rec.lineno())

    return hook


def _uncaught_where(rec: Recorder) -> str | None:
    """Why a raise here, which a ``try`` of main's may catch, is not traced as Python
    runs it (None: it is): both branches of a merged ``if`` run in one path, routines
    run concurrently, a loop is traced once for all its items, actions may fire."""
    if rec.guards:
        return "in an if merged at its join"
    if rec.gathering or rec.spawned:
        return "with routines of asyncio.gather/create_task running"
    if any(lp.open for lp in rec.open_loops):
        return "in a loop over a traced list (one raise per item)"
    if rec.actions:
        return "with actions registered"
    return None


def _refusal(rec: Recorder, exc: BaseException, frame: types.FrameType) -> str | None:
    if not isinstance(exc, Exception):
        return f"{type(exc).__name__} is not an Exception"
    if isinstance(exc, _CAUGHT_BY_PYTHON):
        return f"Python itself may catch a {type(exc).__name__} (iteration, getattr)"
    if rec.guards:
        return "it is in an if merged at its join"
    if rec.actions:
        return ("actions are registered (natively they may fire before main fails, or "
                "not)")
    if rec.gathering:
        return ("it is in a routine of asyncio.gather/create_task (the others go on "
                "natively)")
    if any(lp.open and lp.frame is not None for lp in rec.open_loops):
        return "it is in a loop over a traced list (one raise per item)"
    if rec.guarded:
        return "a try around it may catch it"
    chain: list[types.FrameType] = []
    current: types.FrameType | None = frame
    while current is not None:
        chain.append(current)
        current = current.f_back
    mine = [i for i, f in enumerate(chain) if f.f_code.co_filename in rec.instrumented]
    if not mine:
        return "it is not raised by the workflow's code"
    for f in chain[:mine[-1] + 1]:
        code = f.f_code
        name = f"{Path(code.co_filename).name}:{f.f_lineno}"
        if code.co_filename not in rec.instrumented:
            return f"it is raised through {code.co_qualname}() (not the workflow's code)"
        if code.co_name.startswith("__") and code.co_name.endswith("__"):
            return f"it is raised in {code.co_qualname}(), which Python calls itself"
        shelter = _sheltered(code.co_filename, code.co_firstlineno, f.f_lineno)
        if shelter is not None:
            return f"{name} is inside the {shelter} (it may catch it or run steps)"
    return None


def _message(rec: Recorder, exc: BaseException) -> tuple[g.Expr | None, str | None]:
    """The exception's text (``str(exc)``) as an expression, or why it cannot be."""
    from motoko_airflow.trace.sequences import _carries

    text = str(exc)
    if MARKER not in text and not any(_carries(a) for a in exc.args):
        return g.Const(text), None
    arg = exc.args[0] if len(exc.args) == 1 else None
    if type(exc).__str__ is not BaseException.__str__ or not isinstance(arg, (str, Symbol)):
        return None, "its message formats a traced value in a way the DAG cannot follow"
    loops: list[Any] = []
    expr = to_expr(rec, arg, loops)
    if isinstance(arg, Symbol):
        expr = g.Call("str", (expr,))
    if loops:
        return None, "its message reads a loop item"
    return expr, None


def _sheltered(filename: str, first_line: int, line: int) -> str | None:
    """The ``try`` or ``with`` statement around ``line`` in the function starting at
    ``first_line`` (its decorators included), if any."""
    from motoko_airflow.trace.instrument import file_version

    for start, end, what in _shelters(filename, file_version(filename)).get(first_line, ()):
        if start <= line <= end:
            return f"{what} at line {start}"
    return None


@functools.lru_cache(maxsize=64)
def _shelters(filename: str, version: Any) -> dict[int, tuple[tuple[int, int, str], ...]]:
    """Per function (its code's first line), the spans of the try/with statements it
    holds itself (not those of functions nested in it)."""
    try:
        tree = ast.parse(Path(filename).read_text())
    except (OSError, SyntaxError, ValueError):
        return {}
    out: dict[int, list[tuple[int, int, str]]] = {}

    def visit(node: ast.AST, owner: int) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                first = min([child.lineno] + [d.lineno for d in getattr(
                    child, "decorator_list", [])])
                out.setdefault(first, [])
                visit(child, first)
                continue
            if isinstance(child, (ast.Try, ast.TryStar, ast.With, ast.AsyncWith)):
                what = "with" if isinstance(child, (ast.With, ast.AsyncWith)) else "try"
                out.setdefault(owner, []).append(
                    (child.lineno, child.end_lineno or child.lineno, what))
            visit(child, owner)

    visit(tree, 1)
    return {k: tuple(v) for k, v in out.items()}

