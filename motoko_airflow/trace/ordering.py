"""Orders only known at run time: ``sorted``/``min``/``max`` with ``key=`` and
``list.sort`` of a list whose length the trace knows.

``ranked = sorted(stats, key=lambda x: stats[x][1] / stats[x][0])`` over a dict of
outputs, ``candidates.sort()`` of ``(error, x)`` pairs, ``min(levels, key=lambda lv:
lv.error)``: Python compares the keys, which hold outputs, so each comparison used to be
a decision of the trace (a path per way it goes: a sort of fifteen items is more paths
than a trace may follow) or the key function was refused (it reads a dict of ``main``).

Here the key function is called at trace time, once per item and in order, as Python
calls it (``list.sort`` empties the list meanwhile, as CPython does); only the
comparisons are left to run time. When no key holds a traced value, or the graph cannot
hold the items or the keys, they are compared now as Python compares them (each
comparison of traced keys a decision of the trace, as before), the same objects in the
result. Otherwise the result is a run-time choice among the items: ``sorted`` gives a
list of as many values as items, the ``i``-th being ``items[order(keys, reverse)[i]]``
(:func:`motoko_airflow.calls.order`), ``min``/``max`` one value, ``items[pick(name,
keys)]`` (:func:`motoko_airflow.calls.pick`); both compare the keys as Python does (the
same comparisons, ties to the first item). A choice among plain values
(:class:`Choice`) looks up a plain dict holding all of them as keys.

It applies only where the trace knows the list whole: a list, tuple or dict (its keys)
of at most :data:`MAX_ITEMS` items, none standing for the items of a loop traced once,
outside any such loop. Elsewhere the built-ins behave
as before (a run-time call of ``sorted``/``min``/``max`` over a list known at run time).
"""

from __future__ import annotations

from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace import records, tuples
from motoko_airflow.trace.calls import convertible
from motoko_airflow.trace.loops import Seq
from motoko_airflow.trace.state import Recorder
from motoko_airflow.trace.values import to_expr

__all__ = ["MAX_ITEMS", "NOT_HERE", "Choice", "applies", "by_key", "look_up", "sort_in_place"]

#: the longest list ordered here: each item of the result carries every key, so a
#: sorted list given whole to a step holds its keys once per item (32 items of keys of
#: a hundred characters: about 100 kB of graph)
MAX_ITEMS = 32
#: what :func:`by_key` returns when it does not apply
NOT_HERE: Any = object()
_KEYWORDS = {"sorted": {"key", "reverse"}, "min": {"key", "default"},
             "max": {"key", "default"}}


class Choice(Seq):
    """One of plain values (``options``, known now) chosen at run time: the ``position``
    an order gave it. A plain dict looked up with it (``means[stiffest]``, ``stats[x]``
    for ``x`` of ``sorted(stats, key=...)``) gives the same choice among the dict's
    values (:func:`look_up`), where any other traced key could not be hashed."""

    __slots__ = ("_options", "_position")
    _options: tuple[Any, ...]
    _position: g.Expr

    def __init__(self, tracer: Recorder, options: list[Any], position: g.Expr,
                 loops: tuple[Any, ...] = ()) -> None:
        with records.allowing():
            items = g.ListExpr(tuple(to_expr(tracer, o, None) for o in options))
        super().__init__(tracer, g.Index(items, position), loops)
        object.__setattr__(self, "_options", tuple(options))
        object.__setattr__(self, "_position", position)

    def _derived_kind(self) -> type[Seq]:
        return Seq  # a value computed from the choice is no longer one of its options


def _plain_key(value: Any) -> bool:
    if type(value) is tuple:
        return all(_plain_key(v) for v in tuple.__iter__(value))
    return value is None or type(value) in (str, int, float, bool)


def _traced(value: Any) -> bool:
    from motoko_airflow.trace.functions import traced  # (it imports this module)

    return traced(value)


def _length(tracer: Recorder, value: Any) -> int | None:
    from motoko_airflow.trace.functions import exact_length

    return exact_length(tracer, value)


def look_up(tracer: Recorder, mapping: dict[Any, Any], key: Choice) -> Any:
    """``mapping[key]`` of a plain dict when every option of ``key`` is a key of it (a
    choice among its values), else :data:`NOT_HERE`."""
    if not all(_plain_key(o) for o in key._options) or any(
            not _plain_key(k) for k in dict.keys(mapping)) or not all(
            dict.__contains__(mapping, o) for o in key._options):
        return NOT_HERE
    values = [dict.__getitem__(mapping, o) for o in key._options]
    if not _traced(values) and all(_plain_key(v) for v in values):
        return Choice(tracer, values, key._position, key._loops)
    with records.allowing():
        if not all(convertible(v) for v in values):
            return NOT_HERE
        loops: list[Any] = []
        items = g.ListExpr(tuple(to_expr(tracer, v, loops) for v in values))
    if any(not lp.open and not lp.reiterated for lp in loops):
        return NOT_HERE
    return Seq(tracer, g.Index(items, key._position),
               tuple(dict.fromkeys([*key._loops, *(lp for lp in loops if lp.open)])))


def applies(tracer: Recorder, name: str, given: Any, items: Any,
            kwargs: dict[str, Any]) -> bool:
    """Whether :func:`by_key` orders ``name(given, **kwargs)``."""
    key = kwargs.get("key")
    if (set(kwargs) - _KEYWORDS[name] or key is None or not callable(key)
            or type(kwargs.get("reverse", False)) is not bool
            or not isinstance(given, (list, tuple, dict))
            or not isinstance(items, (list, tuple)) or _traced(key)):
        return False
    n = _length(tracer, items)
    return n is not None and 0 < n <= MAX_ITEMS


def by_key(tracer: Recorder, name: str, given: Any, items: Any,
           kwargs: dict[str, Any]) -> Any:
    """``name(given, **kwargs)`` (``items``: ``given`` as a list, a dict's keys) ordered
    by keys computed now and compared at run time, or :data:`NOT_HERE`."""
    if not applies(tracer, name, given, items, kwargs):
        return NOT_HERE
    key, reverse = kwargs["key"], kwargs.get("reverse", False)
    items = list(items)
    keys = [key(item) for item in items]
    return _ordered(tracer, name, items, keys, reverse)


def sort_in_place(tracer: Recorder, values: list[Any], kwargs: dict[str, Any]) -> bool:
    """``values.sort(**kwargs)`` of a plain list whose items or keys hold traced values:
    done here (True), the list changed in place as Python changes it, or not (False:
    the list's own sort runs)."""
    key = kwargs.get("key")
    reverse = kwargs.get("reverse", False)
    if (not isinstance(values, list) or set(kwargs) - {"key", "reverse"}
            or key is not None and (not callable(key) or _traced(key))
            or type(reverse) is not bool):
        return False
    n = _length(tracer, values)
    if n is None or n == 0 or n > MAX_ITEMS or key is None and not _traced(values):
        return False
    items = list(values)
    if key is None:
        keys = items
    else:
        values.clear()  # as CPython's sort does: the key function sees an empty list
        try:
            keys = [key(item) for item in items]
        finally:
            changed = len(values) != 0
            values[:] = items
        if changed:
            raise tracer.untraceable(
                "the key function of .sort() changes the list being sorted (natively "
                "a ValueError): only known at run time")
    values[:] = _ordered(tracer, "sorted", items, keys, reverse)
    return True


def _ordered(tracer: Recorder, name: str, items: list[Any], keys: list[Any],
             reverse: bool) -> Any:
    with records.allowing():  # a record among the items: made again by its class
        held = all(convertible(v) for v in items)
    if len(items) < 2 or not _traced(keys) or not held or not all(
            convertible(k) for k in keys):
        # compared now, as Python compares them (each comparison of traced keys a
        # decision of the trace, as before); the result holds the items themselves
        positions = range(len(items))
        if name == "sorted":
            return [items[i] for i in sorted(positions, key=keys.__getitem__,
                                             reverse=reverse)]
        chosen = min if name == "min" else max
        return items[chosen(positions, key=keys.__getitem__)]
    what = f"{name}() ordering by keys known only at run time"
    loops: list[Any] = []
    keys_expr = g.ListExpr(tuple(to_expr(tracer, k, loops) for k in keys))
    with records.allowing():
        for v in items:
            to_expr(tracer, v, loops)
    ended = next((lp for lp in loops if not lp.open and not lp.reiterated), None)
    if ended is not None:
        raise tracer.untraceable(
            f"{what}: a value made once per item of the loop over {ended.over}, which has "
            "ended: main computes one per item, a DAG one")
    tuples.refuse_mixed(tracer, name, (keys_expr,))
    open_loops = tuple(lp for lp in loops if lp.open)
    if name == "sorted":
        order = g.Invoke(g.Function("motoko_airflow.calls", "order"),
                         (keys_expr, g.Const(reverse)))
        return [_chosen(tracer, items, g.Index(order, g.Const(i)), open_loops)
                for i in range(len(items))]
    return _chosen(tracer, items, g.Invoke(g.Function("motoko_airflow.calls", "pick"),
                                           (g.Const(name), keys_expr)), open_loops)


def _chosen(tracer: Recorder, options: list[Any], position: g.Expr,
            loops: tuple[Any, ...]) -> Any:
    """``options[position]``: a tuple (every option a tuple of one length) of its fields
    chosen alike, as natively a tuple; a :class:`Choice` among plain values; else the
    run-time item."""
    first = options[0]
    if all(type(o) is tuple and len(o) == len(first) for o in options):
        return tuple(_chosen(tracer, [o[j] for o in options], position, loops)
                     for j in range(len(first)))
    if not _traced(options) and all(_plain_key(o) for o in options):
        return Choice(tracer, options, position, loops)
    with records.allowing():
        items = g.ListExpr(tuple(to_expr(tracer, o, None) for o in options))
    return Seq(tracer, g.Index(items, position), loops)
