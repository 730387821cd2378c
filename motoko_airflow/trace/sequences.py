"""Lists and generators of the workflow's code while it is traced, and the checks the
instrumented code calls (see :mod:`.instrument`).

A loop traced once leaves ONE symbolic element per list it builds
(``[run.y for run, job in runs]`` holds one element standing for all the runs). The
tracer reads such a list as a fan-in (:func:`.values.to_expr`), but Python would
answer for it with the wrong length, the wrong items, the wrong order. So every list
the workflow's code makes is a :class:`TracedList`: while it holds an element of a loop
that is over (a *fan-in list*), Python may not read it (``len`` through another module,
indexing, slicing, ``in``, comparing, iterating it from ``set()``, ``itertools``,
``sum`` of another module, ``if out:``...): that stops the trace there
(:class:`~.state.Untraceable`). What the tracer models stays exact: passing it to
``createTask``, ``len``/``sum``/``min``/``max``/``sorted`` of the orchestrator, ``+``,
``+=``, ``append``, and a ``for``/comprehension over a list of ``(run, job)`` pairs
(which maps again). Indexing, slicing and a ``for``/comprehension over it read its
run-time value (:func:`collected`) where Python's list is surely that value.

A generator expression is a :class:`TracedGen`: the traced built-ins read it as a
fan-in; anything else that pulls an item from a loop over a traced list (``next(...)``,
``any(...)``, ``set(...)``, a ``for`` over it) stops the trace.

A list comprehension over a traced list tags constant elements with its loop
(``[1 for _ in runs]`` is one 1 per run, not one 1).
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import io
import operator
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any, cast

from motoko_airflow import graph as g
from motoko_airflow.trace import blame, calls, instrument, records, texts
from motoko_airflow.trace.state import PACKAGE_DIR, Recorder, Untraceable, active
from motoko_airflow.trace.values import MARKER, Symbol, in_place_op, loops_of

__all__ = ["GatheredList", "TracedGen", "TracedList", "has_marker", "helpers", "stale_loop"]


def has_marker(value: Any) -> bool:
    """A string made by formatting a stand-in (``str(run.y)``, ``f"{x}"``)."""
    return isinstance(value, str) and MARKER in value


def holds_marker(value: Any, *, keys_only: bool = False, depth: int = 3) -> bool:
    """A formatted string (:func:`has_marker`) in ``value`` or in the lists, tuples,
    sets and dicts it holds (``depth`` levels; for a dict with ``keys_only``, its keys):
    Python would hash, order or compare the placeholder, not the value."""
    if has_marker(value):
        return True
    if depth <= 0:
        return False
    if isinstance(value, dict):
        items: Any = dict.keys(value) if keys_only else (
            *dict.keys(value), *dict.values(value))
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = _raw(value)
    else:
        return False
    return any(holds_marker(v, keys_only=keys_only, depth=depth - 1) for v in items)


#: methods of a list that compare their argument with it or with its elements
_COMPARED_WITH = frozenset({"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
                            "__contains__", "index", "count", "remove"})
#: methods of a list that compare or order its elements
_LIST_COMPARING = frozenset({"index", "count", "remove", "sort", "__contains__"})


def stale_loop(value: Any) -> Any:
    """The ended loop (traced once) one of ``value``'s elements comes from (or that a
    list collected into, even if this path added nothing), or None."""
    items: Any
    fanin = getattr(value, "_fanin", None) if isinstance(value, TracedList) else None
    if fanin is not None and not fanin.open and all(
            _plain(v) or isinstance(v, tuple) for v in list.__iter__(value)):
        return fanin  # (a list of coroutines to gather is no data)
    if isinstance(value, list):
        items = list.__iter__(value)
    elif isinstance(value, tuple):
        items = tuple.__iter__(value)
    else:
        items = (value,)
    for item in items:
        for lp in loops_of(item):
            if not lp.open and not lp.reiterated:
                return lp
    return None


def _stop(what: str, loop: Any = None) -> Untraceable:
    rec = active()
    file = rec.file if rec is not None else None
    line = rec.lineno() if rec is not None else None
    where = ""
    if loop is not None:
        where = f" (a fan-in of the loop over {loop.over}, line {loop.lineno})"
    return Untraceable(f"{what}{where}: Python would answer here for values only known "
                       "at run time", filename=file, lineno=line)


def _pairs_only(value: list[Any]) -> bool:
    from motoko_airflow.trace.loops import RunPair

    return all(isinstance(v, RunPair) for v in list.__iter__(value))


def collected(value: TracedList, loop: Any, records_as_calls: bool = False) -> Any:
    """A fan-in list as one value known at run time (a ``Collect`` of each loop that
    built it, concatenated with what else it holds), or None where Python's list and
    that value may differ: a loop that built it was left early (``break``) or tested
    its item (``if`` on an output: how many elements, and which, is only known at run
    time), a loop that collects into it is still open (the reader is inside it), an
    element depends on an open loop, or an element is no data the DAG holds.

    ``records_as_calls``: the value is given to a run-time call converting its
    arguments (:func:`.records.allowing`), where a record is made again by its class (a
    checked plain record class, fields of traced values or constants); elsewhere a
    record in it is refused."""
    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.values import _holdable, to_expr

    rec = active()
    if rec is None or isinstance(value, GatheredList) or value._read_now():
        return None
    built = [loop] + ([value._fanin] if value._fanin is not None else [])
    for item in list.__iter__(value):
        if not _holdable(item) or records.holds_record(item) and not (
                records_as_calls and records.allowed()):
            # a record converted here would be a list at run time (table[-1].y fails)
            return None
        for lp in loops_of(item):
            if lp.open:
                return None
            if not lp.reiterated:
                built.append(lp)
    if any(lp.open or lp.reopened or lp.left_early for lp in built):
        return None
    expr = to_expr(rec, value, None)
    if _fan_in_holds_runs(rec, expr):
        # lists of runs, one per item, or runs given to a function at run time
        # (itertools.islice(runs, 2)): the DAG passes runs as pairs only
        return None
    return Seq(rec, expr, ())


def _fan_in_holds_runs(rec: Recorder, expr: g.Expr) -> bool:
    """Whether the value of ``expr`` may hold runs or jobs: a fan-in of them, or what a
    function called at run time is given them for (``itertools.islice(runs, 2)``). A
    fan-in whose element is a number holds none, whatever it goes over."""
    from motoko_airflow.trace.tuples import scalar

    todo, seen = [expr], set()
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, g.Collect) and _whole_runs(e.element) or isinstance(
                e, g.Invoke) and any(_whole_runs(a) for a in (*e.args, *e.values)):
            return True
        if isinstance(e, g.Collect) and (scalar(rec, e.element) or isinstance(
                e.element, g.UnaryOp) or isinstance(e.element, g.BinOp) and e.element.op in (
                    "-", "/", "//", "%", "**")):
            todo.extend(x for x in (e.element, e.where) if x is not None)  # not e.over
            continue
        if isinstance(e, g.Collect) and _block_value(e.over) and _fields_only(e.element):
            # fields of the runs a block or segment passed on (``[run.y for run, job in
            # kept]``): data, whatever else the block's value holds
            todo.extend(x for x in (e.element, e.where) if x is not None)
            continue
        todo.extend(g.subexpressions(e))
    return False


def _block_value(expr: g.Expr) -> bool:
    """A variable a block of main's statements or a segment passed on."""
    return isinstance(expr, g.Index) and isinstance(expr.index, g.Const) and isinstance(
        expr.value, g.Invoke) and expr.value.callee.end is not None or isinstance(
        expr, g.Invoke) and expr.callee.module == "motoko_airflow.segments"


def _fields_only(expr: g.Expr) -> bool:
    """``expr`` reads runs and jobs by their fields only (``run.y``, ``(run.y, job.x)``),
    never a method of theirs nor one whole."""
    from motoko_airflow.trace.values import RECORD_METHODS

    if isinstance(expr, g.Attr):
        if expr.name in RECORD_METHODS:
            return False
        inner = expr.value
        while isinstance(inner, (g.Attr, g.Index)) and (
                not isinstance(inner, g.Index) or isinstance(inner.index, g.Const)):
            inner = inner.value  # run.y, pair[0].y, run.y.z: a field's value
        return isinstance(inner, g.Item) or _fields_only(inner)
    if isinstance(expr, (g.Item, g.Runs, g.Index)):
        return isinstance(expr, g.Index) and _fields_only(expr.value) and _fields_only(
            expr.index)
    return all(_fields_only(c) for c in g.subexpressions(expr))


def _whole_runs(expr: g.Expr) -> bool:
    """``expr`` holds runs or jobs themselves, not only their fields."""
    from motoko_airflow.trace.values import run_like

    if run_like(expr):
        return True
    if isinstance(expr, g.Attr):
        return False  # a run's output (or an attribute of another value)
    return any(_whole_runs(e) for e in g.subexpressions(expr))


class _Reading:
    """Iterating a fan-in list as a loop over its value at run time: the list may not
    grow while that loop is open (natively the loop would see the new elements)."""

    __slots__ = ("inner", "owner")

    def __init__(self, owner: TracedList, inner: Any) -> None:
        self.owner = owner
        self.inner = inner

    def __iter__(self) -> _Reading:
        return self

    def __next__(self) -> Any:
        item = next(self.inner)
        self.owner._reading += (self.inner.loop,)
        return item


def _policed(name: str) -> Callable[..., Any]:
    real = getattr(list, name)

    def method(self: TracedList, *args: Any, **kwargs: Any) -> Any:
        if name in _CHANGING:
            _not_shared(self)
        loop = stale_loop(self)
        if loop is not None and name == "__getitem__":
            value = collected(self, loop)
            if value is not None:  # indexed or sliced at run time
                _snapshot_of(self)
                return value[args[0]]
        if loop is not None and name in ("__str__", "__repr__"):
            value = collected(self, loop)
            if value is not None:  # its text made at run time (str(ys), f"{ys}")
                from motoko_airflow.trace.values import text_of

                return text_of(value, sys._getframe(1), name.strip("_"))
        if loop is not None:
            raise _stop(f"reading a list built in a loop ({name})", loop)
        for arg in args:
            if has_marker(arg) or isinstance(arg, Symbol):
                raise _stop("looking up a traced value in a list")
            if name in _COMPARED_WITH:
                # [a, b] == [v for v in runs]: the other list holds one stand-in per
                # loop traced once, so Python's answer (lengths differ) would be wrong
                other = stale_loop(arg)
                if other is not None:
                    raise _stop(f"comparing a list with a list built in a loop ({name})",
                                other)
        return real(self, *args, **kwargs)

    method.__name__ = name
    return method


#: references to a list its .sort() hook is given when nothing else holds it: main's
#: name, the hook's argument and getrefcount's (main's locals snapshot counted apart)
_SORT_REFERENCES = 3
#: the policed list methods that change it in place (append and extend check for
#: themselves)
_CHANGING = frozenset({"__setitem__", "__delitem__", "__imul__", "sort", "reverse", "pop",
                       "remove", "insert", "clear"})


def _not_shared(value: list[Any]) -> None:
    """Refuse to change a list given to a call made at run time: natively what the call
    returned (``min(levels, key=...)`` is one of the lists in ``levels``) may hold it and
    see the change; the DAG's call was given the list as it was."""
    rec = active()
    if rec is not None and id(value) in rec.shared_lists:
        if id(value) in rec.snapshot_lists:
            raise _stop("changing a list read before at run time from a list holding it "
                        "(`[xs][0]`: natively that value is this very list, and sees the "
                        "change)")
        raise _stop("changing a list given to a call made at run time (what the call "
                    "returned may hold it, and natively sees the change)")


def _snapshot_of(value: list[Any]) -> None:
    """``value`` indexed at run time (``[ys][0]`` where ``ys`` was built in a loop): the
    result is its value now, where natively it is the very object inside, which later
    changes reach. So the lists inside are marked as given to a call made at run time
    (:func:`_not_shared`: changing them is refused), and a dict or set inside, whose
    changes no hook sees, stops the path."""
    rec = active()
    if rec is None:
        return
    for item in list.__iter__(value):
        if _holds_dict_or_set(item):
            raise _stop("indexing at run time a list holding a dict or set (natively "
                        "the item is that object, and sees its later changes)")
        if isinstance(item, list):
            shared(rec, item)
            rec.snapshot_lists.add(id(item))


def _holds_dict_or_set(value: Any, depth: int = 0) -> bool:
    if depth > 20:
        return True
    if isinstance(value, (dict, set)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_dict_or_set(v, depth + 1)
                   for v in (list.__iter__(value) if isinstance(value, list)
                             else tuple.__iter__(value)))
    return False


def shared(rec: Recorder, value: Any, depth: int = 0) -> None:
    """Mark the lists in ``value``, given to a call made at run time (see
    :func:`_not_shared`)."""
    if depth > 20:
        return
    if isinstance(value, list):
        rec.shared_lists[id(value)] = value
        for item in list.__iter__(value):
            shared(rec, item, depth + 1)
    elif isinstance(value, tuple):
        for item in tuple.__iter__(value):
            shared(rec, item, depth + 1)
    elif type(value) is dict:
        for item in value.values():
            shared(rec, item, depth + 1)


class TracedList(list):  # type: ignore[type-arg]
    """A list of the workflow's code (see the module docstring)."""

    __slots__ = ("_born", "_fanin", "_reading")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._fanin: Any = None  # the loop traced once that collects into it
        self._reading: tuple[Any, ...] = ()  # loops over its run-time value (_Reading)
        rec = active()  # the loops it is made in: one list per item of them
        self._born = frozenset(id(lp) for lp in rec.open_loops if lp.open) \
            if rec is not None else frozenset()

    def _read_now(self) -> Any:
        """A loop going over its run-time value, still open, or None."""
        return next((lp for lp in self._reading if lp.open), None)

    def _growing(self) -> None:
        loop = self._read_now()
        if loop is not None:
            raise _stop("adding to a list while a loop goes over it", loop)

    def append(self, item: Any) -> None:
        _not_shared(self)
        self._growing()
        item = _with_open_loops(item)
        self._once_per_item([item])
        list.append(self, item)

    def _once_per_item(self, items: list[Any]) -> None:
        """Refuse a second element made in the (only traced) iteration of a loop still
        open (``out.append(...)`` in a plain loop nested in it): natively the elements
        of one item come together, item after item; the fan-in would put all the first
        ones, then all the second ones. A list made in that iteration is that item's
        own: it may hold several."""
        current = {id(lp) for v in items for lp in loops_of(v)
                   if lp.open and id(lp) not in self._born}
        if current and any(id(lp) in current for v in list.__iter__(self)
                           for lp in loops_of(v) if lp.open):
            raise _stop("adding to a list twice in one item of a loop traced once (the "
                        "order of its elements would be lost)")

    def __iter__(self) -> Iterator[Any]:
        loop = stale_loop(self)
        if loop is not None and not (_pairs_only(self) and _direct_loop()):
            value = collected(self, loop) if _direct_loop() else None
            if value is not None:  # a for or a comprehension maps over it at run time
                return _Reading(self, iter(value))
            raise _stop("iterating a list built in a loop", loop)
        return list.__iter__(self)

    def __add__(self, other: Any) -> Any:
        if not isinstance(other, list):
            return NotImplemented
        _not_interleaved(self, other)
        out = TracedList(list.__iter__(self))
        list.extend(out, list.__iter__(other))
        return out

    def __radd__(self, other: Any) -> Any:
        if not isinstance(other, list) or in_place_op(sys._getframe(1)):
            # plain += traced: Python asks a subclass's __radd__ before the plain list's
            # own in-place extend; answering would rebind the name to a new list, and
            # every other name for the plain one (a param's own list) would miss the
            # change that main makes natively
            return NotImplemented
        _not_interleaved(other, self)
        out = TracedList(list.__iter__(other))
        list.extend(out, list.__iter__(self))
        return out

    def __iadd__(self, other: Any) -> TracedList:
        self.extend(other)
        return self

    def extend(self, other: Any) -> None:
        _not_shared(self)
        self._growing()
        if isinstance(other, list):
            _not_interleaved(self, other)
            items = builtins.list(list.__iter__(other))  # (out += out: a copy first)
            if len(items) > 1 and any(lp.open for lp in loops_of(other)):
                # [a, b] per item of a loop traced once: all a's, then all b's
                raise _stop("adding several elements per item of a loop traced once "
                            "(their order would be lost)")
            added = [_with_open_loops(v) for v in items]
            self._once_per_item(added)
            list.extend(self, added)
        elif isinstance(other, tuple):
            list.extend(self, tuple.__iter__(other))
        elif isinstance(other, TracedGen) and _materializable(self, other):
            # xs.extend(run.y for run, job in runs): as xs.extend([...]), a fan-in
            self.extend(other.materialize(cast(Recorder, active())))
        else:
            list.extend(self, consumed(other))

    def copy(self) -> TracedList:
        return TracedList(list.__iter__(self))


for _name in ("__len__", "__getitem__", "__contains__", "__eq__", "__ne__", "__lt__",
              "__le__", "__gt__", "__ge__", "__reversed__", "__mul__", "__rmul__",
              "__imul__", "__setitem__", "__delitem__", "__repr__", "__str__", "index",
              "count", "sort", "reverse", "pop", "remove", "insert", "clear"):
    setattr(TracedList, _name, _policed(_name))
TracedList.__hash__ = None  # type: ignore[assignment]


class GatheredList(TracedList):
    """The results of routines gathered once per item of a comprehension's loops: each
    element stands for one result per item (a value of those loops), so a ``for`` or a
    comprehension of the workflow's code goes over it as over those items; Python may
    not index or measure it (it holds one element, not one per routine)."""

    __slots__ = ()

    def __iter__(self) -> Iterator[Any]:
        if _direct_loop():
            return list.__iter__(self)
        return TracedList.__iter__(self)


def _not_interleaved(first: list[Any], then: list[Any]) -> None:
    """Refuse to join two lists that a loop traced once fills in different branches of
    a test of its item (``valid.append(...)`` if an output is set, ``missing.append(...)``
    if not): this path traced the items going one way, so one of the lists holds that
    loop's element and the other none, and the two paths' values would both read as one
    list in the loop's order, merged; natively the joined list is all of ``first``'s
    elements, then all of ``then``'s."""
    loops = {id(lp): lp for x in (first, then)
             for lp in (getattr(x, "_fanin", None), *loops_of(x)) if lp is not None}
    for lp in loops.values():
        if lp.open or not lp.decided:
            continue
        held = [any(lp in loops_of(v) for v in list.__iter__(x)) for x in (first, then)]
        collects = [held[i] or getattr(x, "_fanin", None) is lp
                    for i, x in enumerate((first, then))]
        if all(collects) and held[0] != held[1]:
            raise _stop("joining two lists that a loop fills in different branches of "
                        "a test of its item", lp)


def _with_open_loops(item: Any) -> Any:
    """An element added inside loops traced once stands for one element per item of
    them: a plain one (``ones.append(1)``) gets those loops."""
    rec = active()
    if rec is None:
        return item
    mapped = [lp for lp in rec.open_loops if lp.open]
    if not mapped or not _plain(item):
        return item
    have = loops_of(item)
    missing = tuple(lp for lp in mapped if lp not in have)
    if not missing:
        return item
    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.values import to_expr

    return Seq(rec, to_expr(rec, item, None), tuple(have) + missing)


def _direct_loop() -> bool:
    """Whether the list is being iterated by a ``for`` or a comprehension of the
    workflow's code (its ``GET_ITER``), not by a function."""
    from motoko_airflow.trace.loops import calling_instruction

    frame, instruction = calling_instruction()
    rec = active()
    return (rec is not None and frame.f_code.co_filename in rec.instrumented
            and instruction is not None and instruction.opname == "GET_ITER")


_CONSUMING = [0]


def consumed(value: Any) -> Iterator[Any]:
    """Iterate a traced value as a fan-in (its one symbolic item stands for all)."""
    _CONSUMING[0] += 1
    try:
        return iter(builtins.list(iter(value)))
    finally:
        _CONSUMING[0] -= 1


def consuming() -> bool:
    return _CONSUMING[0] > 0


#: objects looked at, at most, for a path from a generator to a list (more: not shown)
_REACH_BUDGET = 20000


def _materializable(target: list[Any], gen: TracedGen) -> bool:
    """Whether ``target.extend(gen)`` is ``target.extend(list(gen))``: natively the
    generator runs while the list grows, an element at a time (what it reads of the
    list then, or an error halfway, would tell them apart); the same when no ``try``
    (nor ``with``) may catch its error and nothing the generator can reach (its frame,
    the globals and closures of what it may call, and what those hold) is the list.
    Looked for through every reference (``gc.get_referents``), library modules and
    the tracer's own objects aside; a search past its budget is not shown."""
    import gc

    rec = active()
    if rec is None or rec.guarded or rec.catching_own:
        return False
    frame = getattr(gen.gen, "gi_frame", None)
    if frame is None:
        return False
    code = gen.gen.gi_code
    start: list[Any] = list(frame.f_locals.values())
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= set(const.co_names)
    start += [frame.f_globals[n] for n in names if n in frame.f_globals]
    seen: set[int] = set()
    todo = start
    budget = _REACH_BUDGET
    while todo:
        value = todo.pop()
        if value is target:
            return False
        if id(value) in seen or isinstance(value, (Symbol, Recorder, str, int, float)):
            continue
        seen.add(id(value))
        budget -= 1
        if budget < 0:
            return False
        if isinstance(value, types.ModuleType):
            if getattr(value, "__file__", None) not in rec.instrumented:
                continue  # a library's: main's list is none of its
        elif isinstance(value, type):
            module = sys.modules.get(value.__module__)
            if getattr(module, "__file__", None) not in rec.instrumented:
                continue  # a library's class
        elif isinstance(value, types.BuiltinFunctionType):
            if not isinstance(value.__self__, types.ModuleType):
                todo.append(value.__self__)  # xs.append, bound: xs
            continue
        elif isinstance(value, (types.CodeType, bytes)) or value is vars(builtins):
            continue
        todo.extend(gc.get_referents(value))
    return True


class TracedGen:
    """A generator expression of the workflow's code (see the module docstring)."""

    __slots__ = ("gen",)

    def __init__(self, gen: Any) -> None:
        self.gen = gen

    def __iter__(self) -> TracedGen:
        return self

    def __next__(self) -> Any:
        rec = active()
        before = len(rec.all_loops) if rec is not None else 0
        value = next(self.gen)
        if rec is not None and (len(rec.all_loops) != before or stale_loop(value)
                                or isinstance(value, Symbol) and value._loops):
            self.gen.close()
            raise _stop("taking items one by one from a generator over a traced list "
                        "(next(), any(), set(), a for loop, a function of another module)")
        return value

    def send(self, value: Any) -> Any:
        return self.gen.send(value)

    def throw(self, *args: Any) -> Any:
        return self.gen.throw(*args)

    def close(self) -> None:
        self.gen.close()

    def materialize(self, rec: Recorder) -> TracedList:
        """Its items as the traced built-ins read them: a fan-in list."""
        mark = len(rec.all_loops)
        items = builtins.list(self.gen)
        return tagged(rec, mark, items)


def tagged(rec: Recorder, mark: int, items: Any) -> TracedList:
    """``items`` made by a comprehension that opened ``rec.all_loops[mark:]``: plain
    elements get those loops (one per item, not one)."""
    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.values import to_expr

    opened = [lp for lp in rec.all_loops[mark:] if not lp.open]
    items = builtins.list(items)
    out = TracedList()
    if opened and all(_plain(item) or isinstance(item, tuple) for item in items):
        out._fanin = opened[0]  # a fan-in, even where this path kept no item
    for item in items:
        if opened and _plain(item) and not set(opened) <= set(loops_of(item)):
            loops = tuple(loops_of(item)) + tuple(lp for lp in opened
                                                  if lp not in loops_of(item))
            item = Seq(rec, to_expr(rec, item, None), loops)
        list.append(out, item)
    return out


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str, Symbol)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in (list.__iter__(value) if isinstance(value, list)
                                       else tuple.__iter__(value)))
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


# ---------------------------------------------------------------- instrumented calls


def _traced(value: Any) -> bool:
    from motoko_airflow.trace.loops import RunPair

    return isinstance(value, (Symbol, TracedGen, RunPair)) or has_marker(value)


def helpers(rec: Recorder) -> dict[str, Any]:
    """The names :class:`~.instrument.Instrument` makes the workflow's code call."""

    def identity(a: Any, b: Any, negate: bool) -> bool:
        if b is None and isinstance(a, Symbol) or a is None and isinstance(b, Symbol):
            # `x is None`, kept an identity test: a value made at run time may be a
            # numpy array, whose == None compares element by element
            symbol = a if isinstance(a, Symbol) else cast(Symbol, b)
            return bool(symbol._binop("is not" if negate else "is", None))
        if _traced(a) or _traced(b) or stale_loop(a) or stale_loop(b):
            raise rec.untraceable(
                "an identity test (is / is not) of a traced value is only known at run "
                "time (compare with == instead)")
        return (a is not b) if negate else (a is b)

    def compare(op: str, a: Any, b: Any) -> Any:
        if holds_marker(a) or holds_marker(b, keys_only=op in ("in", "not in")):
            raise rec.untraceable(
                "comparing a string formatted from a traced value is only known at run "
                "time (compare the value itself)")
        if op in ("in", "not in") and isinstance(a, Symbol) and type(b) is str:
            # run.text in "XABY": str's `in` takes no stand-in; a test made at run time
            found = a._in_text(b)
            return not found if op == "not in" else found
        return _COMPARE[op](a, b)

    def chained(value: Any, identity: bool) -> Any:
        """An operand of a chained comparison (``a < b < c``), which Python compares
        itself: a string formatted from a traced value would be compared as its
        placeholder, and a traced value's identity (``is``) is the stand-in's."""
        if holds_marker(value):
            raise rec.untraceable(
                "a chained comparison of a string formatted from a traced value is only "
                "known at run time (compare the value itself)")
        if identity and (_traced(value) or stale_loop(value)):
            raise rec.untraceable(
                "an identity test (is / is not) of a traced value in a chained comparison "
                "is only known at run time (compare with == instead)")
        return value

    def item(value: Any, key: Any) -> Any:
        if has_marker(value) or holds_marker(key) or (
                isinstance(value, dict) and holds_marker(value, keys_only=True)):
            raise rec.untraceable(
                "indexing with or into a string formatted from a traced value (or a dict "
                "keyed by one) is only known at run time")
        if type(value) is dict and type(key).__name__ == "Choice":
            from motoko_airflow.trace import ordering

            if isinstance(key, ordering.Choice):
                found = ordering.look_up(rec, value, key)
                if found is not ordering.NOT_HERE:
                    return found
        try:
            return value[key]
        except KeyError as exc:
            if type(value) is dict and blame.plain(rec, key) and all(
                    blame.plain(rec, k) for k in dict.keys(value)):
                blame.mark_own(rec, exc)  # a plain dict lacks a plain key, as natively
            raise

    def method(value: Any, name: str) -> Any:
        if value is str and isinstance(getattr(str, "__dict__", {}).get(name), (
                types.MethodDescriptorType, types.WrapperDescriptorType)):
            # str.ljust(s, 14), str.format(text, ...): the method of the string given
            def unbound(*args: Any, **kwargs: Any) -> Any:
                if args and type(args[0]) is str:
                    return method(args[0], name)(*args[1:], **kwargs)
                if any(holds_marker(a) for a in args) or any(
                        holds_marker(v) for v in kwargs.values()):
                    raise rec.untraceable(
                        f"str.{name}() given a string formatted from a traced value is "
                        "only known at run time")
                return getattr(str, name)(*args, **kwargs)
            return unbound
        if isinstance(value, type) and value is not str and getattr(
                value, "__module__", None) == "builtins":
            # dict.fromkeys(s), bytes.fromhex(s): a built-in type's method given a
            # string holding a marker reads its characters
            bound_method = getattr(value, name)

            def of_type(*args: Any, **kwargs: Any) -> Any:
                if any(has_marker(a) for a in args) or any(
                        has_marker(v) for v in kwargs.values()):
                    raise rec.untraceable(iterated_text())
                return bound_method(*args, **kwargs)
            return of_type
        if type(value) is str and name in ("format", "format_map") and not has_marker(value):
            return texts.str_format(rec, value, name)
        if has_marker(value):
            raise rec.untraceable(
                f"the string method .{name}() of a string formatted from a traced value "
                "is only known at run time")
        if (isinstance(value, (dict, set, frozenset)) and holds_marker(value, keys_only=True)
                and not name.startswith("__")) or (
                isinstance(value, list) and name in _LIST_COMPARING and holds_marker(value)):
            raise rec.untraceable(
                f".{name}() of a {type(value).__name__} holding a string formatted from a "
                "traced value is only known at run time (Python would hash, compare or "
                "order the placeholder)")
        if type(value) is str and name == "join":
            def join(items: Any) -> Any:
                if _carries(items):  # joined at run time (motoko_airflow.calls.method)
                    result = calls._invoke(rec, g.Function("motoko_airflow.calls",
                                                           "method"),
                                           (value, "join", items), {})
                    if result is not None:
                        return result
                return order_checked(foreign(value.join, text=False))(items)
            return join
        # (a string's own methods are checked above: text= would come back here)
        bound = foreign(getattr(value, name), text=not isinstance(value, str))
        if name in ("join", "extend", "update", "fromkeys", "insert"):
            bound = order_checked(bound)
        if isinstance(value, (dict, set, frozenset)) or (
                isinstance(value, str) and name not in ("join", "format")):
            def checked(*args: Any, **kwargs: Any) -> Any:
                if any(holds_marker(a) or isinstance(a, Symbol) for a in args) or any(
                        holds_marker(v) for v in kwargs.values()):
                    raise rec.untraceable(
                        f".{name}() given a traced value (or a string formatted from "
                        "one) is only known at run time")
                return bound(*args, **kwargs)
            return checked
        return bound

    def text_callable(function: Any) -> Any:
        """A checked stand-in for a callable that formats or changes a string
        (``format``, ``repr``, ``ascii``, a string's method, bound or not, held in a
        name or given to ``map``/``filter``), else None."""
        if isinstance(function, Symbol) or _traced(function):
            return None  # (== on a stand-in would make a decision)
        if function is builtins.format:
            def format_(value: Any, format_spec: Any = "") -> Any:
                return texts.format_value(rec, value, format_spec)
            return format_
        if function is repr or function is ascii:
            return order_checked(function)
        if any(function is f for f in _PERCENT_FUNCTIONS):  # operator.mod("%-14s", s)
            other = foreign(function, text=False)

            def percent(left: Any, right: Any) -> Any:
                if isinstance(left, str):
                    return texts.percent(rec, left, right)
                return other(left, right)
            return percent
        owner, name = getattr(function, "__self__", None), getattr(function, "__name__", "")
        if type(owner) is str and isinstance(function, (
                types.BuiltinMethodType, types.MethodWrapperType)):
            return method(owner, name)  # f = text.ljust; f(14)
        if getattr(function, "__objclass__", None) is str and isinstance(function, (
                types.MethodDescriptorType, types.WrapperDescriptorType)):
            return method(str, name)  # f = str.ljust; f(text, 14)
        return None

    def foreign(function: Any, text: bool = True) -> Any:
        """``function`` itself, or, for a Python function that runs uninstrumented (a
        library's), one that refuses traced arguments (``text``: first, one formatting
        a string is checked, :func:`text_callable`)."""
        checked_text = text_callable(function) if text else None
        if checked_text is not None:
            return checked_text
        special = calls.wrapped(rec, function)
        if special is not None:
            return special
        if id(function) in _ORDER_READER_IDS:
            return order_checked(function)
        code = getattr(function, "__code__", None) or getattr(
            getattr(function, "__func__", None), "__code__", None)
        owner = getattr(function, "__self__", None)
        if code is None and (owner is builtins or isinstance(function, type) and getattr(
                function, "__module__", None) == "builtins" and not issubclass(
                function, BaseException)) and getattr(
                function, "__name__", "") not in _TEXT_WHOLE:
            # bytes(s, "utf8"), any(s), ord(s): Python reads the marker's characters
            def read_text(*args: Any, **kwargs: Any) -> Any:
                if any(has_marker(a) for a in args) or any(
                        has_marker(v) for v in kwargs.values()):
                    raise rec.untraceable(iterated_text())
                if any(keyed_by_text(a) for a in args):
                    raise rec.untraceable(keyed_text(function.__name__))
                if function in (any, all) and len(args) == 1:
                    args = (texts.checked_truths(rec, args[0]),)
                return function(*args, **kwargs)
            return read_text
        if code is None and isinstance(owner, types.ModuleType) and owner is not builtins:
            # a C function of a module (heapq, bisect...) reads lists by their insides
            def checked_c(*args: Any, **kwargs: Any) -> Any:
                if any(_carries(a) for a in args) or any(
                        _carries(v) for v in kwargs.values()):
                    result = calls.deferred(rec, function, args, kwargs)
                    if result is not None:
                        return result
                if any(stale_loop(a) is not None for a in args):
                    raise rec.untraceable(
                        f"{owner.__name__}.{getattr(function, '__name__', '?')}() is given "
                        "a list built in a loop (a fan-in): it would see one element")
                return function(*args, **kwargs)
            return checked_c
        if code is None and isinstance(function, types.BuiltinMethodType) and \
                owner is not None and not isinstance(owner, types.ModuleType) and \
                _library_class(rec, type(owner)):
            # re.compile("A").sub("x", s): a library object's C method would read the
            # stand-ins or the placeholder standing for a text
            return run_time_or_cut(
                function, f".{getattr(function, '__name__', '?')}() of a "
                f"{type(owner).__module__}.{type(owner).__qualname__} (a library's object, "
                "run unchecked)")
        if callable(function) and not isinstance(function, (
                types.FunctionType, types.MethodType, types.BuiltinFunctionType, type)) \
                and _library_class(rec, type(function)) \
                and not _partial_of_workflow(rec, function):
            # operator.itemgetter(0)(s), functools.partial(str.replace)(s, "A", "x"): a
            # library's callable object would read the placeholder standing for a text
            # as the string it is (given stand-ins, Python calls their own methods)
            return run_time_or_cut(
                function, f"a {type(function).__module__}.{type(function).__qualname__} "
                "object (a library's callable, run unchecked)", given=holds_marker,
                bound=(getattr(function, "args", ()), getattr(function, "keywords", None)))
        if isinstance(function, type) and not issubclass(function, BaseException) and \
                _library_class(rec, function):
            # pathlib.Path(s).name, fractions.Fraction(run.y): a library's class would
            # be built from the stand-ins (or the placeholder standing for a text)
            return run_time_or_cut(
                function, f"{function.__module__}.{function.__qualname__}() (a library's "
                "class: Python would build it from the placeholders, unchecked)")
        if code is None or code.co_filename in rec.instrumented or \
                code.co_filename.startswith(PACKAGE_DIR) or \
                getattr(function, "__module__", "") in _HARMLESS:
            return function

        def checked(*args: Any, **kwargs: Any) -> Any:
            if any(_carries(a) for a in args) or any(_carries(v) for v in kwargs.values()):
                result = calls.deferred(rec, function, args, kwargs)
                if result is not None:
                    return result
                raise rec.untraceable(
                    f"{code.co_qualname}() of {code.co_filename} (not a module of the "
                    "workflow: Python would run it on the stand-ins, unchecked) is given "
                    "a traced value")
            return function(*args, **kwargs)

        return checked

    def run_time_or_cut(function: Any, what: str,
                        given: Callable[[Any], bool] = lambda a: _carries(a) or holds_marker(a),
                        bound: tuple[Any, ...] = ()) -> Callable[..., Any]:
        """``function``, called at run time (:func:`.calls.deferred`) when ``given`` holds
        for one of its arguments or of the ``bound`` ones it keeps (by default: a traced
        value or a string holding one's text), else refused: ``what`` names it."""
        def call(*args: Any, **kwargs: Any) -> Any:
            if any(given(a) for a in (*args, *kwargs.values(), *bound)):
                result = calls.deferred(rec, function, args, kwargs)
                if result is not None:
                    return result
                raise rec.untraceable(f"{what} is given a traced value or its text")
            return function(*args, **kwargs)
        return call

    def ordered(value: Any) -> Any:
        """What a loop iterates, unless Python's order for it is the process's own, or
        a string holding a traced value's text (its marker's characters)."""
        if unordered(value):
            raise rec.untraceable(set_order(value))
        if has_marker(value):
            raise rec.untraceable(iterated_text())
        if keyed_by_text(value):
            raise rec.untraceable(keyed_text("iter"))
        return value

    def order_checked(function: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if any(unordered(a) for a in args):
                raise rec.untraceable(set_order(next(a for a in args if unordered(a))))
            if function in (map, filter) and args:  # map(format, texts, specs)
                args = (text_callable(args[0]) or args[0], *args[1:])
            if function in _ITERATING and any(has_marker(a) for a in args[
                    1 if function in (map, filter) else 0:]):
                raise rec.untraceable(iterated_text())
            if any(keyed_by_text(a) for a in args):
                raise rec.untraceable(keyed_text(function.__name__))
            if function is filter and len(args) == 2 and args[0] in (None, bool):
                args = (args[0], texts.checked_truths(rec, args[1]))
            if function in _TEXT_READERS and args and texts.marked(args[0]) and (
                    function is not str or not isinstance(args[0], str)):
                raise rec.untraceable(
                    f"{function.__name__}() of a string made from a traced value (or of a "
                    "container or object holding one) shows the string's repr, which "
                    "escapes its text: only known at run time")
            return function(*args, **kwargs)
        return call

    def make_list(mark: int | None, value: Any) -> TracedList:
        if mark is None:
            out = TracedList()
            list.extend(out, list.__iter__(value))
            return out
        return tagged(rec, mark, list.__iter__(value))  # type: ignore[arg-type]

    def enter(lineno: int) -> None:
        frame = _caller()
        mapped = [lp for lp in rec.open_loops if lp.open and not lp.reopened]
        if not mapped and not rec.gathering:
            return
        reason = instrument.function_obstacle(frame.f_code.co_filename, lineno)
        if reason is None:
            return
        if mapped:
            loop = mapped[-1]
            raise Untraceable(
                f"{reason}, called in this loop over {loop.over} traced once: the "
                "change is seen by the next items", filename=rec.file,
                lineno=loop.lineno, loop=True)
        raise rec.untraceable(
            f"{reason}, in a routine running concurrently (asyncio.gather, create_task): "
            "Motoko's loop interleaves them, so the order of the changes is only known "
            "at run time")

    made_update = calls.dict_update(rec)

    def update(d: Any, value: Any) -> Any:
        """``d.update(value)``, for a statement that binds ``d`` to what this returns."""
        if (type(d) is dict or calls.made_dict(d)) and (_carries(value) or _traced(d)):
            return made_update(d, value)
        method(d, "update")(value)
        return d

    def sort(values: Any, **kwargs: Any) -> Any:
        """``values.sort(**kwargs)``, for a statement that binds ``values``' name to what
        this returns: a list built in a loop traced once (a fan-in) is sorted at run time,
        ``sorted(values, **kwargs)``, when nothing else holds it (the name bound again is
        then what sorting it in place does), else as the list sorts itself."""
        if (isinstance(values, TracedList) and stale_loop(values) is not None
                and not calls.held_elsewhere(sys._getframe(1), values, _SORT_REFERENCES)):
            # else (another name or object holds it, and natively sees it sorted) the
            # list's own sort stops the path, and the statement may run as a block
            _not_shared(values)
            from motoko_airflow.trace.functions import traced_builtins

            return foreign(traced_builtins(rec)["sorted"])(values, **kwargs)
        if isinstance(values, list):  # known whole (not a fan-in: checked there)
            from motoko_airflow.trace import ordering

            if ordering.sort_in_place(rec, values, kwargs):
                return values  # ordered at run time (its keys hold outputs)
        method(values, "sort")(**kwargs)
        return values

    def ipercent(left: Any, right: Any) -> Any:
        if isinstance(left, str):
            return texts.percent(rec, left, right)
        left %= right
        return left

    class Guard:
        """The body of a ``try`` whose ``except`` may catch an error, or that has a
        ``finally`` (its line given); ``own``: its excepts catch only the module's own
        exception classes (:func:`.instrument.own_exceptions`)."""

        def __init__(self, line: int | None = None, own: bool = False) -> None:
            caller = sys._getframe(1).f_code.co_filename
            self.where: tuple[str, int] | tuple[str, int, str] | None = (
                (caller, line) if line is not None else None)
            self.own = own

        def __enter__(self) -> None:
            if self.own and not rec.guarded and _runs_no_workflow_code(rec):
                rec.catching_own += 1
            else:
                self.own = False
                rec.guarded += 1
                rec.tries.append(self.where)

        def __exit__(self, *exc: Any) -> None:
            if self.own:
                rec.catching_own -= 1
            else:
                rec.guarded -= 1
                rec.tries.pop()
            shield(exc[1])

    def shield(error: BaseException | None) -> None:
        """An error leaving a ``try``'s body or a ``with``'s (whose ``except`` or
        context manager may catch it) that a stand-in may have made Python raise
        (:mod:`.blame`): a stop, out of reach of main's ``except TypeError`` or
        ``contextlib.suppress``."""
        if isinstance(error, Exception) and not blame.own_error(rec, error):
            raise rec.untraceable(blame.stand_in_error(rec, error),
                                  lineno=_line_in(rec, error)) from error

    class Shield:
        """The context manager of a ``with`` (its line given): one that may swallow an
        error (anything but a file, read or written) has the body run as the body of a ``try``
        catching it (:class:`Guard`)."""

        def __init__(self, manager: Any, line: int, asynchronous: bool,
                     own: bool = False) -> None:
            self.manager = manager
            kind = type(manager)
            # contextlib.suppress of the module's own exceptions only: as a try
            # catching them (own_exceptions)
            self.guard = None if isinstance(manager, (io.IOBase, calls.OpenFile,
                                                      calls.writes.WrittenFile)) \
                else Guard(line, own and kind is contextlib.suppress)
            self.guard_where = (sys._getframe(1).f_code.co_filename, line, "with")
            self._enter = getattr(kind, "__aenter__" if asynchronous else "__enter__")
            self._exit = getattr(kind, "__aexit__" if asynchronous else "__exit__")

        def _entered(self) -> None:
            if self.guard is not None:
                self.guard.where = self.guard_where
                self.guard.__enter__()

        def _leaving(self, exc: tuple[Any, ...]) -> tuple[Any, ...]:
            if self.guard is None:
                return exc
            try:
                self.guard.__exit__(*exc)
            except Untraceable as stop:
                return type(stop), stop, stop.__traceback__
            return exc

        def __enter__(self) -> Any:
            value = self._enter(self.manager)
            self._entered()
            return value

        def __exit__(self, *exc: Any) -> Any:
            exc = self._leaving(exc)
            swallowed = self._exit(self.manager, *exc)
            if isinstance(exc[1], Untraceable):
                raise exc[1]
            return swallowed

        async def __aenter__(self) -> Any:
            value = await self._enter(self.manager)
            self._entered()
            return value

        async def __aexit__(self, *exc: Any) -> Any:
            exc = self._leaving(exc)
            swallowed = await self._exit(self.manager, *exc)
            if isinstance(exc[1], Untraceable):
                raise exc[1]
            return swallowed

    return {
        instrument.PERCENT: lambda left, right: texts.percent(rec, left, right),
        instrument.IPERCENT: ipercent,
        instrument.TRUTH: lambda value: texts.truth(rec, value),
        instrument.PCHECK: lambda left, unknown, right: texts.percent_right(
            rec, left, unknown, right),
        instrument.CONVERT: lambda value, conversion: texts.convert(rec, value, conversion),
        instrument.FORMAT: lambda value, spec="": texts.format_value(rec, value, spec),
        instrument.GUARD: Guard,
        instrument.SHIELD: Shield,
        instrument.IS: identity,
        instrument.COMPARE: compare,
        instrument.CHAINED: chained,
        instrument.ITEM: item,
        instrument.METHOD: method,
        instrument.LIST: make_list,
        instrument.MARK: lambda: len(rec.all_loops),
        instrument.GEN: TracedGen,
        instrument.ENTER: enter,
        instrument.SLICE: slice,
        instrument.ITERATION: lambda line: rec.iterate(_caller(), line),
        instrument.CALL: foreign,
        instrument.DICT: calls.dict_comprehension(rec),
        instrument.FILL: calls.dict_fill(rec),
        instrument.FILLING: lambda it: isinstance(it, Symbol),
        instrument.UPDATE: update,
        instrument.SORT: sort,
        instrument.ITER: ordered,
        instrument.STAR: lambda value: (value.materialize(rec)
                                        if isinstance(value, TracedGen) else value),
    }


def _line_in(rec: Any, error: BaseException) -> int | None:
    """The line of ``rec``'s file (main's) ``error`` went through last."""
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == rec.file:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _runs_no_workflow_code(rec: Any) -> bool:
    """No traced value alive may run the workflow's code when evaluated at run time, nor
    be made by a record class (a ``try`` catching only the module's own exceptions is
    then traced: only the workflow's ``raise`` statements can raise them, and those run
    while traced)."""
    from motoko_airflow.trace.values import runs_workflow_code

    if rec.made_records or rec.record_segments:
        return False
    for ref in rec.symbols:
        value = ref()
        if value is not None and runs_workflow_code(value._expr):
            return False
    return True


#: built-ins (not replaced while tracing) whose result shows an iteration order
_ORDER_READERS = (iter, map, filter, str, repr, reversed, next, ascii)
_ORDER_READER_IDS = frozenset(id(f) for f in _ORDER_READERS)
#: the operator module's % (a string on the left: %-formatting)
_PERCENT_FUNCTIONS = (operator.mod, operator.__mod__, operator.imod, operator.__imod__)
#: order readers that iterate their arguments (map and filter: after the function)
_ITERATING = (iter, map, filter, reversed, next)
#: built-ins given a string holding a marker that keep it whole (or pass it on)
_TEXT_WHOLE = frozenset({"print", "isinstance", "issubclass", "callable", "getattr",
                         "setattr", "hasattr", "delattr", "id", "type", "vars", "dir",
                         "locals", "globals", "super", "object", "staticmethod",
                         "classmethod", "property", "__build_class__", "__import__",
                         "open", "dict", "str", "slice"})


def keyed_by_text(value: Any) -> bool:
    """A dict or set with a string holding a marker among its keys: Python hashed the
    placeholder, so two equal texts may be two keys here (or a text and a plain key)."""
    return isinstance(value, (dict, set, frozenset)) and holds_marker(value, keys_only=True)


def keyed_text(name: str) -> str:
    return (f"{name}() of a dict or set keyed by "
            "a string made from a traced value is only known at run time: Python hashed "
            "the placeholder standing for its text, so equal texts may be distinct keys")


def iterated_text() -> str:
    return ("iterating or converting a string made from a traced value (its characters, "
            "its bytes, its truth) is only known at run time: Python would read the "
            "placeholder standing for its text")


#: order readers that show a string's repr: of a string holding a marker, it escapes
_TEXT_READERS = (str, repr, ascii)


def _stable_hash(value: Any) -> bool:
    if type(value) in (int, float, bool, complex):
        return True
    return type(value) is tuple and all(_stable_hash(v) for v in value)


def unordered(value: Any) -> bool:
    """A set of several values whose order of iteration is only the process's: strings,
    bytes, None and objects hash differently from one process to the next."""
    return isinstance(value, (set, frozenset)) and len(value) > 1 and not all(
        _stable_hash(v) for v in value)


def set_order(value: Any) -> str:
    shown = ", ".join(sorted(repr(v) for v in value)[:3])
    return (f"iterating a set ({{{shown}, ...}}) gives an order that changes from one "
            "Python process to the next (string hashes are salted): main's order is "
            "only known when it runs; iterate sorted(...) of it")


_HARMLESS = ("logging", "warnings")


def _library_class(rec: Recorder, cls: type) -> bool:
    """``cls`` is a class of a module outside the workflow and this package, and not a
    built-in type."""
    module = sys.modules.get(getattr(cls, "__module__", "") or "")
    if module is None or module is builtins:
        return False
    file = getattr(module, "__file__", None) or ""
    return file not in rec.instrumented and not file.startswith(PACKAGE_DIR)


def _partial_of_workflow(rec: Recorder, function: Any) -> bool:
    """``function`` is a ``functools.partial`` of a function of the workflow (which runs
    instrumented, checking what it is given itself)."""
    inner = getattr(function, "func", None) if isinstance(function, functools.partial) \
        else None
    code = getattr(inner, "__code__", None)
    return code is not None and code.co_filename in rec.instrumented


def _carries(value: Any) -> bool:
    """A traced value, or a container holding one (one level down)."""
    if _traced(value) or stale_loop(value) is not None:
        return True
    if isinstance(value, (list, tuple)):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return any(_traced(v) for v in items)
    if isinstance(value, dict):
        return any(_traced(v) for v in value.values())
    return False


def _caller() -> Any:
    import sys

    return sys._getframe(2)


def _raw(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        return list.__iter__(value)
    if isinstance(value, tuple):
        return tuple.__iter__(value)
    return iter(value)


def _contains(a: Any, b: Any) -> bool:
    return a in b


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "in": _contains, "not in": lambda a, b: a not in b,
}

_ = g  # the graph module documents what these lists become


def match_hook(rec: Recorder) -> Callable[[Any, str, bool], Any]:
    """``__motoko_match__``: the subject of a ``match`` statement with a class, sequence,
    mapping or ``None``/``True``/``False`` pattern (:meth:`.instrument.Instrument.
    visit_Match`). Python tests those against the object itself (its type, its length,
    identity), which for a stand-in answers for the placeholder, not the value: a
    subject holding a traced value stops the trace there."""

    def subject(value: Any, top: str, nested: bool) -> Any:
        kinds = set(top.split(",")) - {""}
        parts = (list(list.__iter__(value)) if isinstance(value, list) else
                 list(tuple.__iter__(value)) if isinstance(value, tuple) else
                 [*dict.keys(value), *dict.values(value)] if isinstance(value, dict) else
                 list(getattr(value, "__dict__", {}).values()))
        if kinds and _traced(value) or "sequence" in kinds and isinstance(
                value, (list, tuple)) and _holds_traced(value) or "mapping" in kinds and \
                isinstance(value, dict) and any(_holds_traced(k) for k in dict.keys(value)) \
                or nested and any(_holds_traced(part) for part in parts):
            raise rec.untraceable(
                "a match statement's class, sequence, mapping or None/True/False pattern "
                "over a traced value: Python tests it on the stand-in's type and length, "
                "so which case matches is only known at run time")
        return value

    return subject


def _holds_traced(value: Any, depth: int = 0) -> bool:
    """``value`` is, or holds (in a list, tuple, set, dict or an object's attributes), a
    traced value; past a few levels of nesting, assumed to."""
    if _traced(value):
        return True
    if isinstance(value, (str, bytes, int, float, complex, type(None), type,
                          types.FunctionType, types.ModuleType)):
        return False
    if depth > 4:
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        items: Iterator[Any] = (list.__iter__(value) if isinstance(value, list) else
                                tuple.__iter__(value) if isinstance(value, tuple) else
                                iter(list(set.__iter__(value) if isinstance(value, set)
                                          else frozenset.__iter__(value))))
        return any(_holds_traced(v, depth + 1) for v in items)
    if isinstance(value, dict):
        return any(_holds_traced(k, depth + 1) or _holds_traced(v, depth + 1)
                   for k, v in dict.items(value))
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        return any(_holds_traced(v, depth + 1) for v in attributes.values())
    return False
