"""Whose error is it: ``main``'s own, or one a stand-in made Python raise?

Python's own code (a built-in such as ``ord``, ``sys.intern``, ``str``'s ``in`` or
``%``, a method descriptor ``int.bit_length``, a slot called with arguments a symbol
does not take) checks the types of its operands and raises (mostly ``TypeError``) on
a stand-in, where ``main``, given the value itself at run time, runs on. Such an error
is the tracer's, not ``main``'s: blamed on the orchestrator ("fix the orchestrator")
it refused a valid one; caught by ``main``'s own ``except TypeError`` (or a ``with
contextlib.suppress(...)``) it made the trace go on where ``main`` does not, a DAG
doing other work.

:func:`own_error` tells them apart from what the error's traceback shows: the
operation that raised it is the instruction its innermost frame of the workflow's
code was executing (``co_positions``: the expression's text). The error is ``main``'s
own when that instruction is a ``raise`` of the workflow's code, when the tracer's
helper that ran it said so (:func:`mark_own`: a plain dict looked up with a constant
key lacks it), or when every name the expression reads holds plain data only (numbers,
strings without a marker, ``None``, built-in functions and types, library modules,
and lists, tuples, sets and dicts of those), and no frame of the tracer's own code
lies between. Anything else (a name holding a stand-in, an object the tracer cannot
look into, source it cannot read) cannot be shown ``main``'s: the caller makes it a
stop (:class:`~.state.Untraceable`), so the rest of ``main`` runs natively, where it
raises exactly when ``main`` raises.
"""

from __future__ import annotations

import ast
import builtins
import dis
import linecache
import pathlib
import types
from typing import Any

from motoko_airflow.trace.state import Recorder

__all__ = ["mark_own", "own_error", "plain", "stand_in_error"]

_PACKAGE = __file__.rsplit("/", 1)[0] + "/"
_RAISES = frozenset(op for op in ("RAISE_VARARGS", "RERAISE") if op in dis.opmap)
_SCALARS = (int, float, complex, bool, bytes, type(None), range, slice)
#: objects looked into at most (a larger value is not shown plain)
_BUDGET = 2000


def mark_own(rec: Recorder, exc: BaseException) -> None:
    """``exc`` is surely ``main``'s own (a helper of the tracer ran the operation on
    plain data)."""
    rec.own_errors.append(exc)


def own_error(rec: Recorder, exc: BaseException) -> bool:
    """Whether ``main`` itself raises ``exc`` natively (see the module docstring)."""
    if any(e is exc for e in rec.own_errors):
        return True
    found = _innermost(rec, exc)
    if found is None:
        return False
    frame, lasti, deeper = found
    op = frame.f_code.co_code[lasti] if lasti < len(frame.f_code.co_code) else None
    if op is not None and dis.opname[op] in _RAISES:
        return True
    node = _expression(frame, lasti)
    if node is None:
        return False
    budget = [_BUDGET]
    for name in {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}:
        if name in frame.f_locals:
            value = frame.f_locals[name]
        elif name in frame.f_globals:
            value = frame.f_globals[name]
        elif hasattr(builtins, name):
            value = getattr(builtins, name)
        else:
            continue  # unbound: NameError, main's own
        if not _plain(rec, value, budget, 0):
            return False
    return True


def stand_in_error(rec: Recorder, exc: BaseException) -> str:
    """The stop's message for ``exc``, an error :func:`own_error` could not show
    ``main``'s own."""
    found = _innermost(rec, exc)
    text = _text(found[0], found[1]) if found is not None else None
    what = f"`{text}`" if text and len(text) <= 80 else "an operation"
    return (f"{what} raised {type(exc).__name__}: {exc} on a stand-in while traced "
            "(Python's own code checks the type of a value known only at run time): "
            "whether main raises there is only known at run time")


def plain(rec: Recorder, value: Any) -> bool:
    """``value`` holds plain data only: no stand-in, nothing the tracer made."""
    return _plain(rec, value, [_BUDGET], 0)


def _innermost(rec: Recorder, exc: BaseException) -> tuple[Any, int, list[Any]] | None:
    """The innermost frame of the workflow's code ``exc`` went through, the instruction
    it was at, and the frames below it."""
    found = None
    below: list[Any] = []
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in rec.instrumented:
            found = (tb.tb_frame, tb.tb_lasti)
            below = []
        else:
            below.append(tb.tb_frame)
        tb = tb.tb_next
    if found is None:
        return None
    return found[0], found[1], below


def _text(frame: Any, lasti: int) -> str | None:
    positions = list(frame.f_code.co_positions())
    if lasti // 2 >= len(positions):
        return None
    line, end_line, column, end_column = positions[lasti // 2]
    if None in (line, end_line, column, end_column):
        return None
    lines = [linecache.getline(frame.f_code.co_filename, n) for n in range(line, end_line + 1)]
    if not all(lines):
        return None
    text = "".join(lines).encode()
    end = len("".join(lines[:-1]).encode()) + end_column
    try:
        return text[column:end].decode()
    except UnicodeDecodeError:
        return None


def _expression(frame: Any, lasti: int) -> ast.AST | None:
    text = _text(frame, lasti)
    if text is None:
        return None
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError):
        return None


def _plain(rec: Recorder, value: Any, budget: list[int], depth: int) -> bool:
    """``value`` holds plain data only (no stand-in, nothing the tracer made)."""
    from motoko_airflow.trace.sequences import TracedList, has_marker

    budget[0] -= 1
    if budget[0] < 0 or depth > 8:
        return False
    kind = type(value)
    if kind is str:
        return not has_marker(value)
    if kind in _SCALARS:
        return True
    if kind in (list, tuple, set, frozenset, TracedList):
        if kind is TracedList and getattr(value, "_fanin", None) is not None:
            return False
        items = list.__iter__(value) if isinstance(value, list) else iter(value)
        return all(_plain(rec, v, budget, depth + 1) for v in items)
    if kind is dict:
        return all(_plain(rec, k, budget, depth + 1) and _plain(rec, v, budget, depth + 1)
                   for k, v in dict.items(value))
    if isinstance(value, pathlib.PurePath):
        # a path of plain strings (HERE / "settings.json"): its errors are main's own
        return not has_marker(str(value))
    if isinstance(value, types.ModuleType):
        # a library's module: its functions are looked at where they are called; a
        # module of the workflow may hold what main stored in it
        return getattr(value, "__file__", None) not in rec.instrumented
    if isinstance(value, (types.BuiltinFunctionType, types.BuiltinMethodType)):
        owner = getattr(value, "__self__", None)
        return owner is None or isinstance(owner, types.ModuleType)
    if isinstance(value, type):
        # the real built-in types (the tracer's stand-ins for int, list... are not)
        return getattr(builtins, value.__name__, None) is value or (
            issubclass(value, BaseException) and value.__module__ == "builtins")
    return False
