"""Built-in functions of the workflow's modules, while they are traced.

``len``, ``sum``, ``min``, ``max``, ``sorted``, ``zip``, ``enumerate``, ``range``,
``int`` and ``float`` are replaced in the namespace of the orchestrator module and of
the workflow's own modules (only there, only while tracing) by versions that build a
:class:`~motoko_airflow.graph.Call` when an argument is traced (a stand-in, a fan-in
list or generator, a string formatted from a stand-in), and call the real built-in
otherwise (``int`` and ``float`` stay usable as types). ``list`` makes a
:class:`~.sequences.TracedList` (a fan-in of a traced list). Built-ins that would let
Python answer for a stand-in stop the trace (:class:`~.state.Untraceable`):
``isinstance``, ``type``, ``id``, ``hasattr`` of a stand-in; ``tuple``, ``set`` and
``frozenset`` of a traced list. ``abs``, ``round``, ``str``, ``format`` and f-strings
need no replacement: symbols implement them.
"""

from __future__ import annotations

import ast
import builtins
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace import ordering, records, texts, tuples
from motoko_airflow.trace.calls import OneShot, convertible, keyed
from motoko_airflow.trace.loops import RunPair, Seq
from motoko_airflow.trace.sequences import (
    TracedGen,
    TracedList,
    consumed,
    has_marker,
    holds_marker,
    iterated_text,
    keyed_by_text,
    keyed_text,
    set_order,
    shared,
    stale_loop,
    unordered,
)
from motoko_airflow.trace.state import _SIGNALS, Recorder, Untraceable, active, shown
from motoko_airflow.trace.unread import may_raise
from motoko_airflow.trace.values import Symbol, loops_of, made_per_item, to_expr

__all__ = ["exact_length", "traced", "traced_builtins"]


def _traced(value: Any) -> bool:
    if isinstance(value, (Symbol, TracedGen)) or has_marker(value):
        return True
    if made_per_item(value):
        return True  # a createTask made per item of a loop that has ended, not gathered
    if isinstance(value, list):
        return stale_loop(value) is not None or any(
            _traced(v) for v in list.__iter__(value))
    if isinstance(value, tuple):
        return any(_traced(v) for v in tuple.__iter__(value))
    if isinstance(value, dict):
        return any(_traced(v) for v in value.values())
    return False


def _materializer(tracer: Recorder) -> Callable[..., Any]:
    def materialize(value: Any, keys: bool = False) -> Any:
        """A generator or other iterable becomes a list (a traced one: a fan-in); with
        ``keys``, a dict becomes the list of its keys."""
        if isinstance(value, TracedGen):
            return value.materialize(tracer)
        if keys and type(value) is dict and not holds_marker(value, keys_only=True):
            # consumed at once (sorted(d), len(d), min(d)), a dict gives its keys, plain
            # here: the traced values it holds are not read (zip and enumerate iterate
            # it lazily: a change meanwhile raises natively, so they keep the dict)
            return list(dict.keys(value))
        if isinstance(value, (Symbol, list, tuple, dict, str)) or value is None:
            return value
        try:
            return list(value)
        except TypeError:
            return value

    return materialize


def _copies_runs(expr: g.Expr) -> bool:
    """Whether ``expr`` holds a list of the items of a list that may hold runs or jobs,
    the items themselves (``[x for x in sum(batches, [])]``), not fields of them."""
    def whole(e: g.Expr, loop: str) -> bool:
        if isinstance(e, g.Item):
            return e.loop == loop
        if isinstance(e, g.Attr):
            return False  # a field (run.y), or an attribute of another value
        return any(whole(c, loop) for c in g.subexpressions(e))

    return any(isinstance(e, g.Collect) and whole(e.element, e.loop)
               and _elements_may_be_runs(e.over) for e in g.walk(expr))


def _elements_may_be_runs(e: g.Expr, depth: int = 0) -> bool:
    """Whether an element of the list ``e`` may be a run, a job or hold one (a pair)."""
    from motoko_airflow.trace.blocks import _may_hold_runs
    from motoko_airflow.trace.sequences import _block_value

    if depth > 50 or isinstance(e, g.Runs):
        return True
    if isinstance(e, (g.Attr, g.Const, g.Param)):
        return False
    if isinstance(e, (g.ListExpr, g.TupleExpr)):
        return any(_may_be_run(i, depth + 1) for i in e.items)
    if isinstance(e, g.Call) and e.function == "sum" and e.args:
        lists = e.args[0]  # sum(lists, []): the elements of its lists
        if isinstance(lists, (g.ListExpr, g.TupleExpr)):
            return any(_elements_may_be_runs(i, depth + 1) for i in lists.items)
        if isinstance(lists, g.Collect):
            return _elements_may_be_runs(lists.element, depth + 1) or _may_be_run(
                lists.element, depth + 1)
        return True
    if isinstance(e, g.Collect):
        return _may_be_run(e.element, depth + 1)
    if _block_value(e):
        return _may_hold_runs(e)
    return any(_elements_may_be_runs(c, depth + 1) for c in g.subexpressions(e))


def _may_be_run(e: g.Expr, depth: int) -> bool:
    """Whether the value ``e`` may be a run, a job or hold one."""
    if isinstance(e, (g.Attr, g.Const, g.Param)):
        return False
    if isinstance(e, (g.Runs, g.Item)) or depth > 50:
        return True
    if isinstance(e, g.Index):
        return _elements_may_be_runs(e.value, depth + 1) or _may_be_run(e.value, depth + 1)
    return any(_may_be_run(c, depth + 1) for c in g.subexpressions(e))


def _unconvertible(value: Any, depth: int = 0) -> str:
    """What in ``value`` the graph cannot hold (``convertible`` said so)."""
    if isinstance(value, dict) and depth < 20:
        key = next((k for k in value if not isinstance(k, str)), None)
        if key is not None:
            return f"a dict keyed by {type(key).__name__} ({key!r})"
        inner = next((v for v in value.values() if not convertible(v)), None)
        return _unconvertible(inner, depth + 1) if inner is not None else "a dict"
    if isinstance(value, tuple) and type(value) is not tuple:
        return f"a {type(value).__name__} object"
    if isinstance(value, (list, tuple)) and depth < 20:
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        inner = next((v for v in items if not convertible(v)), None)
        return _unconvertible(inner, depth + 1) if inner is not None \
            else f"a {type(value).__name__}"
    return f"a {type(value).__name__} object"


def _exact_length(tracer: Recorder, value: Any) -> int | None:
    """``len(value)`` when Python's answer is the run-time one: a list or tuple none of
    whose elements stands for the items of a loop that has ended (a fan-in, which
    :func:`~.values.to_expr` would make a ``Collect``), whatever its elements hold
    (`len(history)` of levels holding outputs); not inside a loop over a traced list,
    whose one iteration may stand for every item's."""
    if not isinstance(value, tuple) and type(value) is not list and not isinstance(
            value, TracedList) or any(
            lp.open for lp in tracer.all_loops):
        return None
    if getattr(value, "_fanin", None) is not None or stale_loop(value) is not None:
        return None  # collected into by a loop traced once (even if nothing was added)
    if isinstance(value, list) and any(
            not lp.open and not lp.reiterated
            for element in list.__iter__(value) for lp in loops_of(element)):
        return None
    if isinstance(value, list) and any(
            made_per_item(element) for element in list.__iter__(value)):
        return None  # createTasks made per item, not yet gathered (len(coros))
    return len(value)


traced, exact_length = _traced, _exact_length  # for .ordering


def _call(tracer: Recorder, name: str, args: tuple[Any, ...]) -> Seq:
    if name == "len" and any(isinstance(a, OneShot) for a in args):
        raise tracer.untraceable(
            f"len() of {args[0]._expr}, an iterator (natively a TypeError), is only known "
            "at run time")
    if name == "len" and len(args) == 1:
        exact = _exact_length(tracer, args[0])
        if exact is not None:
            return exact  # type: ignore[return-value]
    with records.allowing():  # a record given to the call: made again by its class
        odd = next((a for a in args if not convertible(a)), None)
        if odd is not None:  # objects of the workflow's classes, a dict keyed by numbers
            raise tracer.untraceable(
                f"{name}() is given traced values inside {_unconvertible(odd)}, which a "
                "DAG cannot hold (its values are numbers, strings, lists and dicts keyed "
                "by strings): only known at run time")
        loops: list[Any] = []
        exprs = tuple(to_expr(tracer, a, loops) for a in args)
    ended = next((lp for lp in loops if not lp.open and not lp.reiterated), None)
    if ended is not None:
        # a value standing for one per item of a loop traced once that has ended (a
        # gathered routine's runs, iterated after the gather): the call would give one
        # value where main computes one per item
        raise tracer.untraceable(
            f"{name}() of a value made once per item of the loop over {ended.over}, "
            "which has ended: main computes one result per item, a DAG one")
    if name == "sum" and len(exprs) == 2:  # start + items: a list plus a tuple raises
        tuples.refuse_pair(tracer, "+", exprs[1], g.Index(exprs[0], g.Const(0)))
    if name in ("min", "max", "sorted"):
        tuples.refuse_mixed(tracer, name, exprs)
    if name == "len" and len(exprs) == 1 and isinstance(exprs[0], g.Collect):
        # how many, not what: `len([run for run, job in runs if ...])` needs no run
        exprs = (replace(exprs[0], element=g.Const(0)),)
    return Seq(tracer, g.Call(name, exprs), tuple(lp for lp in loops if lp.open))


def traced_builtins(tracer: Recorder) -> dict[str, Callable[..., Any]]:
    """name -> replacement, to put in the workflow modules' globals: the same objects
    for every module of one path (``type(x) is list`` compares them)."""
    if tracer.builtins is None:
        tracer.builtins = _traced_builtins(tracer)
    return dict(tracer.builtins)


#: the lines ``main`` printed in the trace going on: each is shown once, not once per
#: path (:func:`forget_printed` at each trace's start)
_PRINTED: set[str] = set()


def forget_printed() -> None:
    _PRINTED.clear()


def _print(*args: Any, sep: str | None = " ", end: str | None = "\n", file: Any = None,
           flush: bool = False) -> None:
    """``print`` while ``main`` is traced. What it shows of values known at run time
    would be stand-ins: it prints nothing (the DAG's verification task replays ``main``
    and prints them, with their values, in its log; an error their computation raises
    fails the next step, see :mod:`.unread`). Nor does it print after the path has
    decided on such a value: the trace runs ``main`` once per way the decisions may go,
    and what one path prints there may never happen. Plain values before that go to
    stderr (stdout may be the graph itself: ``motoko trace --format json``), each line
    once per trace; to a file, as asked."""
    from motoko_airflow.trace.writes import WrittenFile

    if isinstance(file, WrittenFile):  # a file written by a step (.writes)
        file.printed(args, sep, end)
        return
    if file is not None and file is not sys.stdout and file is not sys.stderr:
        builtins.print(*args, sep=sep, end=end, file=file, flush=flush)
        return
    path = active()
    if _traced(args) or (path is not None and path.decisions):
        return
    line = (" " if sep is None else sep).join(map(str, args)) + ("\n" if end is None else end)
    if line not in _PRINTED:
        _PRINTED.add(line)
        sys.stderr.write(line)
        if flush:
            sys.stderr.flush()


def _traced_builtins(tracer: Recorder) -> dict[str, Callable[..., Any]]:
    _materialize = _materializer(tracer)

    def make(name: str, *, iterable_first: bool) -> Callable[..., Any]:
        real = getattr(builtins, name)

        def function(*args: Any, **kwargs: Any) -> Any:
            if any(keyed_by_text(a) for a in args):
                raise tracer.untraceable(keyed_text(name))
            if name in ("min", "max") and "key" in kwargs:
                _refuse_set_order(tracer, args)  # ties go to the first in its order
            given = args[0] if args else None
            if iterable_first and args:
                args = (_materialize(args[0], keys=name != "range"),) + args[1:]
            ordered = name in ("sorted", "min", "max") and "key" in kwargs and len(args) == 1
            if ordered and not _traced(args):  # the keys may hold outputs: see .ordering
                done = ordering.by_key(tracer, name, given, args[0], kwargs)
                if done is not ordering.NOT_HERE:
                    return done
            if not _traced(args) and not _traced(kwargs):
                return real(*args, **kwargs)
            if kwargs:  # key=, reverse=, default=: a run-time call (or a stop)
                try:
                    return keyed(tracer, name, args, kwargs)
                except Untraceable as refused:
                    # its key function cannot be called at run time (it reads a dict
                    # of main's): called now, per item, when the list is known whole
                    if not ordered or not ordering.applies(tracer, name, given, args[0],
                                                           kwargs):
                        raise
                    if refused in _SIGNALS:  # handled here: no stop of main's
                        _SIGNALS.remove(refused)
                    return ordering.by_key(tracer, name, given, args[0], kwargs)
            return _call(tracer, name, args)

        function.__name__ = name
        return function

    out = {name: make(name, iterable_first=True)
           for name in ("len", "sum", "min", "max", "sorted")}
    for name in ("zip", "enumerate"):
        real = getattr(builtins, name)

        def wrapper(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            _refuse_set_order(tracer, args, _name)
            args = tuple(_materialize(a) if i == 0 or _name == "zip" else a
                         for i, a in enumerate(args))
            if not _traced(args) and not _traced(kwargs):
                return _real(*args, **kwargs)
            if "start" in kwargs:
                args = args + (kwargs.pop("start"),)
            if kwargs:
                raise tracer.error(f"{_name}(): unknown arguments {', '.join(kwargs)}")
            made = _call(tracer, _name, args)
            # the lists it was given are read when it is iterated, natively: main may not
            # change them in place before (nor after: the tracer does not know when)
            shared(tracer, args)
            # Python's zip and enumerate are iterators: a second loop over one sees
            # nothing (or what the first left), where the graph's list is read again
            return OneShot(tracer, made._expr, made._loops)

        wrapper.__name__ = name
        out[name] = wrapper
    out["range"] = make("range", iterable_first=False)
    for name in ("any", "all"):
        out[name] = _short_circuit(tracer, name, _materialize)
    out["print"] = _print
    for name in ("int", "float"):
        out[name] = _type_shim(tracer, name)
    out.update(_python_answers(tracer, _materialize, out))
    return out


def _short_circuit(tracer: Recorder, name: str,
                   materialize: Callable[..., Any]) -> Callable[..., Any]:
    """``any``/``all`` of a list or generator over one known only at run time (a fan-in,
    a run-time call's result): a call in the graph. Natively they stop at the first
    item that decides; the graph's list is whole, so a generator's items must not be
    able to raise (``all(c.converged for c in chains)``). Any other argument goes to
    Python's, which stops where main does (a test of each traced item in turn)."""
    real = getattr(builtins, name)

    def function(iterable: Any) -> Any:
        if has_marker(iterable):  # any(s): Python reads the marker's characters
            raise tracer.untraceable(iterated_text())
        if keyed_by_text(iterable):
            raise tracer.untraceable(keyed_text(name))
        generator = isinstance(iterable, TracedGen)
        if not (generator and _over_traced(iterable) or isinstance(iterable, Symbol) or (
                isinstance(iterable, TracedList) and stale_loop(iterable) is not None)):
            return real(texts.checked_truths(tracer, iterable))  # (a text's truth)
        if generator and not _changes_nothing(tracer, iterable.gen):
            raise tracer.untraceable(
                f"{name}() of a generator over a list known only at run time stops at the "
                "first item that decides; this generator calls or changes something for "
                "each item (a method, a function of main's, a name it binds), which main "
                f"does only up to that item: give {name}() a generator of plain reads, "
                "comparisons and built-ins like len() or abs()")
        value = materialize(iterable)
        if generator:  # natively it is left where the item that decides was
            iterable.gen = _left_by(tracer, name)
        made = _call(tracer, name, (value,))
        over = made._expr.args[0] if isinstance(made._expr, g.Call) else None
        parts = (over.element, over.where) if isinstance(over, g.Collect) else (over,)
        if generator and (over is None or any(
                may_raise(part) for part in parts if part is not None)):
            raise tracer.untraceable(
                f"{name}() of a generator over a list known only at run time "
                f"stops at the first item that decides, and its items may raise "
                f"({shown(made._expr)}): a graph "
                f"evaluates them all (of a list comprehension, which main evaluates whole too, "
                f"{name}() compiles)")
        return made

    function.__name__ = name
    return function


def _changes_nothing(tracer: Recorder, gen: Any) -> bool:
    """A generator expression (read in its source) only reads, computes and calls the
    built-ins a segment may call (``segments._BUILTINS``: they change none of their
    arguments; not ``print``) by their names: evaluating it for more items than
    main does changes nothing main sees. A call of anything else (a method, a function
    of main's, a built-in given one: ``key=f``), a ``:=``, a lambda or a nested
    comprehension fails, as does a source
    that cannot be read, a line holding more than one generator, or such a name bound
    in the module or in the function around it."""
    from motoko_airflow.trace import instrument, segments

    pure = segments._BUILTINS - {"print"}
    code = gen.gi_code
    version = instrument.file_version(code.co_filename)
    tree = instrument._tree(code.co_filename, version) if version is not None else None
    if tree is None:
        return False
    found = [n for n in ast.walk(tree) if isinstance(n, ast.GeneratorExp)
             and n.lineno == code.co_firstlineno]
    if len(found) != 1:
        return False
    scope = set(code.co_varnames) | set(code.co_freevars) | set(code.co_cellvars)
    module = gen.gi_frame.f_globals if gen.gi_frame is not None else {}
    built = tracer.builtins or {}
    for node in ast.walk(found[0]):
        if node is found[0]:
            continue
        if isinstance(node, (ast.NamedExpr, ast.Lambda, ast.Await, ast.Yield,
                             ast.YieldFrom, *instrument._COMPREHENSIONS)):
            return False
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name not in pure or name in scope or any(
                    not isinstance(k.value, ast.Constant) for k in node.keywords):
                return False  # (sorted(..., key=f) calls f for each item)
            bound = module.get(name, getattr(builtins, name))
            if bound is not getattr(builtins, name) and bound is not built.get(name):
                return False  # the module's own abs, say
    return True


def _left_by(tracer: Recorder, name: str) -> Any:
    """What a generator given to ``any``/``all`` holds after it, read again."""
    raise tracer.untraceable(
        f"a generator given to {name}() is read again: natively {name}() stopped at the "
        "first item that decided, and which items it left is only known at run time")
    yield  # (a generator: it raises when read)


def _over_traced(gen: TracedGen) -> bool:
    """A generator expression whose outermost iterable is one known only at run time
    (a traced sequence's iterator, or a fan-in list's): its first item would stop."""
    from motoko_airflow.trace.loops import _Iterator
    from motoko_airflow.trace.sequences import _Reading

    frame = getattr(gen.gen, "gi_frame", None)
    source = frame.f_locals.get(".0") if frame is not None else None
    if isinstance(source, _Iterator):
        return source.direct  # made by the generator (not iter(xs) kept in a name)
    if isinstance(source, _Reading):
        return True  # (always made by a for or a comprehension)
    if type(source) is type(iter([])):
        reduced = source.__reduce__()
        over = reduced[1][0] if len(reduced) > 1 and reduced[1] else None
        return isinstance(over, TracedList) and stale_loop(over) is not None
    return False


def _python_answers(tracer: Recorder, materialize: Callable[[Any], Any],
                    made: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    """Built-ins that would answer for a stand-in: refused, or made exact. The
    replacements of types (``list``, ``tuple``, ``set``, ``frozenset``, ``int``,
    ``float``) are classes standing for the real type: ``isinstance(x, list)``, and
    ``type(x) is list`` (``type`` answers them for the real types) hold as natively."""

    def refuse(what: str, value: Any) -> Any:
        raise tracer.untraceable(
            f"{what} of a traced value ({_shown(value)}) is only known at run time")

    def traced_list(*args: Any) -> TracedList:
        out = TracedList()
        if not args:
            return out
        _refuse_set_order(tracer, args)
        (value,) = args
        if has_marker(value):  # the marker's characters
            raise tracer.untraceable(iterated_text())
        if isinstance(value, TracedGen):
            return value.materialize(tracer)
        if isinstance(value, list):
            list.extend(out, list.__iter__(value))
        elif isinstance(value, tuple):
            list.extend(out, tuple.__iter__(value))
        elif isinstance(value, Symbol):
            list.extend(out, consumed(value))
            if _copies_runs(to_expr(tracer, out, None)):
                # a graph's list holds no run (its elements are plain data): a copy of
                # runs is made where main makes it, at run time (a block)
                raise tracer.untraceable(
                    f"list() of runs or jobs ({value._expr}) is only known at run time")
        else:
            list.extend(out, builtins.list(value))
        return out

    def container(name: str) -> Callable[..., Any]:
        real = getattr(builtins, name)

        def make(*args: Any) -> Any:
            if name == "tuple":
                _refuse_set_order(tracer, args)
            if args:
                value = args[0]
                if has_marker(value):  # the marker's characters
                    raise tracer.untraceable(iterated_text())
                if isinstance(value, (Symbol, TracedGen)) or stale_loop(value) or (
                        isinstance(value, (list, tuple)) and name != "tuple"
                        and _traced(value)):
                    refuse(f"{name}()", value)
            return real(*args)

        make.__name__ = name
        return make

    def traced_isinstance(value: Any, types: Any) -> bool:
        if isinstance(value, (Symbol, TracedGen)):
            refuse("isinstance()", value)
        return isinstance(value, types)

    def traced_type(*args: Any) -> Any:
        if len(args) == 1:
            value = args[0]
            if isinstance(value, (Symbol, TracedGen)):
                refuse("type()", value)
            if isinstance(value, TracedList):
                return shims["list"]
            if isinstance(value, RunPair):
                return shims["tuple"]
            found = type(value)
            return shims.get(found.__name__, found) if getattr(
                builtins, found.__name__, None) is found else found
        return type(*args)

    def traced_id(value: Any) -> int:
        if isinstance(value, Symbol) or stale_loop(value):
            refuse("id()", value)
        return id(value)

    def traced_getattr(value: Any, name: str, *default: Any) -> Any:
        # a traced value answers every attribute: the default would never be taken,
        # while natively a run without that output gives it
        if default and isinstance(value, Symbol):
            refuse("getattr() with a default", value)
        return getattr(value, name, *default)

    def probing(name: str) -> Any:
        """``callable``/``dir``/``vars``/``hasattr`` of a traced value: the tracer's
        object answers, not the value main has natively."""
        real = getattr(builtins, name)

        def probe(*args: Any) -> Any:
            if args and isinstance(args[0], (Symbol, TracedGen)):
                refuse(f"{name}()", args[0])
            return real(*args)

        probe.__name__ = name
        return probe

    shims: dict[str, Any] = {name: made[name] for name in ("int", "float")}
    for name, make in (("list", traced_list), ("tuple", container("tuple")),
                       ("set", container("set")), ("frozenset", container("frozenset"))):
        shims[name] = _Shim(name, (getattr(builtins, name),), {
            "__new__": lambda cls, *args, _make=make: _make(*args),
            "_real": getattr(builtins, name)})
    return {**shims, "callable": probing("callable"), "dir": probing("dir"),
            "vars": probing("vars"), "isinstance": traced_isinstance, "type": traced_type,
            "id": traced_id, "hasattr": probing("hasattr"), "getattr": traced_getattr}


def _refuse_set_order(tracer: Recorder, args: tuple[Any, ...], name: str = "") -> None:
    """Python's order for one of ``args`` is the process's own (a set of strings), or
    one is a dict or set keyed by a string holding a marker: its keys are not the
    run's (equal texts may be distinct keys)."""
    for value in args:
        if unordered(value):
            raise tracer.untraceable(set_order(value))
        if keyed_by_text(value):
            raise tracer.untraceable(keyed_text(name or "a built-in"))


def _shown(value: Any) -> str:
    if isinstance(value, Symbol):
        return str(value._expr)
    return type(value).__name__


class _Shim(type):
    """A stand-in for ``int``/``float`` (or ``list``, ``tuple``, ``set``, ``frozenset``):
    instances and subclasses are the real type's. It derives from the real type, so a
    ``match`` class pattern ``case float(x)`` binds the subject itself as natively (the
    built-in types' own rule, inherited) and the type's class methods are its own."""

    _real: type

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls._real)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub._real if isinstance(sub, _Shim) else sub, cls._real)

    def __getattr__(cls, name: str) -> Any:
        # int.bit_length, float.fromhex: the real type's methods, which change nothing
        # (a stand-in given to one is refused by it: a stop, .blame); a list's or a
        # set's (list.append(xs, v)) would change a list behind the tracer's back
        if cls._real in (int, float) and not name.startswith("_"):
            return getattr(cls._real, name)
        raise AttributeError(name)


def _type_shim(tracer: Recorder, name: str) -> Any:
    real = getattr(builtins, name)

    def new(cls: Any, *args: Any, **kwargs: Any) -> Any:
        if _traced(args):
            return _call(tracer, name, args)
        return real(*args, **kwargs)

    return _Shim(name, (real,), {"__new__": new, "_real": real})
