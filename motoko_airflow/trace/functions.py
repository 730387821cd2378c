"""Built-in functions of the orchestrator module, while it is traced.

``len``, ``sum``, ``min``, ``max``, ``sorted``, ``zip``, ``enumerate``, ``range``,
``int`` and ``float`` are replaced in the orchestrator module's namespace (only there,
only while tracing) by versions that build a :class:`~motoko_airflow.graph.Call` when an
argument is traced, and call the real built-in otherwise (``int`` and ``float`` stay
usable as types: ``isinstance(x, float)``). ``abs``, ``round``, ``str``, ``format`` and
f-strings need no replacement: symbols implement them.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace.loops import Seq
from motoko_airflow.trace.state import Recorder
from motoko_airflow.trace.values import Symbol, to_expr

__all__ = ["traced_builtins"]


def _traced(value: Any) -> bool:
    if isinstance(value, Symbol):
        return True
    if isinstance(value, (list, tuple)):
        return any(_traced(v) for v in value)
    if isinstance(value, dict):
        return any(_traced(v) for v in value.values())
    return False


def _materialize(value: Any) -> Any:
    """A generator or other iterable becomes a list (a traced one: a fan-in)."""
    if isinstance(value, (Symbol, list, tuple, dict, str)) or value is None:
        return value
    try:
        return list(value)
    except TypeError:
        return value


def _call(tracer: Recorder, name: str, args: tuple[Any, ...]) -> Seq:
    loops: list[Any] = []
    exprs = tuple(to_expr(tracer, a, loops) for a in args)
    return Seq(tracer, g.Call(name, exprs), tuple(lp for lp in loops if lp.open))


def traced_builtins(tracer: Recorder) -> dict[str, Callable[..., Any]]:
    """name -> replacement, to put in the orchestrator module's globals."""

    def make(name: str, *, iterable_first: bool) -> Callable[..., Any]:
        real = getattr(builtins, name)

        def function(*args: Any, **kwargs: Any) -> Any:
            if iterable_first and args:
                args = (_materialize(args[0]),) + args[1:]
            if not _traced(args) and not _traced(kwargs):
                return real(*args, **kwargs)
            if kwargs:
                raise tracer.untraceable(
                    f"{name}() of a traced value with keyword arguments "
                    f"({', '.join(kwargs)}) cannot be compiled")
            return _call(tracer, name, args)

        function.__name__ = name
        return function

    out = {name: make(name, iterable_first=True)
           for name in ("len", "sum", "min", "max", "sorted")}
    for name in ("zip", "enumerate"):
        real = getattr(builtins, name)

        def wrapper(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            args = tuple(_materialize(a) if i == 0 or _name == "zip" else a
                         for i, a in enumerate(args))
            if not _traced(args) and not _traced(kwargs):
                return _real(*args, **kwargs)
            if "start" in kwargs:
                args = args + (kwargs.pop("start"),)
            if kwargs:
                raise tracer.error(f"{_name}(): unknown arguments {', '.join(kwargs)}")
            return _call(tracer, _name, args)

        wrapper.__name__ = name
        out[name] = wrapper
    out["range"] = make("range", iterable_first=False)
    for name in ("int", "float"):
        out[name] = _type_shim(tracer, name)
    return out


class _Shim(type):
    """A stand-in for ``int``/``float``: instances and subclasses are the real type's."""

    _real: type

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls._real)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, cls._real)


def _type_shim(tracer: Recorder, name: str) -> Any:
    real = getattr(builtins, name)

    def new(cls: Any, *args: Any, **kwargs: Any) -> Any:
        if _traced(args):
            return _call(tracer, name, args)
        return real(*args, **kwargs)

    return _Shim(name, (), {"__new__": new, "_real": real})
