"""Tuples: where the graph would answer with a list what ``main`` answers with a tuple.

The graph's values are plain JSON: a tuple ``main`` builds (``(run.y, job.x)``, an item
of ``zip``/``enumerate``/``dict.items()``, a run-time function's result) is a list in
the DAG. Python tells them apart: ``str((1, 2))`` is ``"(1, 2)"``, ``(1, 2) == [1, 2]``
is False, ``(1, 2) + [3]`` raises. :func:`shape` says, conservatively, what an
expression may be: a scalar, a list (or dict) whose elements have a shape, a tuple of
such elements, ``CLEAN`` (may be a list or a dict, holds no tuple at any depth) or
``ANY`` (may be or hold a tuple anywhere). :func:`refuse_if` stops the trace where a
value that may be or hold a tuple meets an operation that would tell.

A ``range`` of a traced value is a list in the graph too: it counts as a tuple here.

A tuple display converted into the graph is a :class:`~motoko_airflow.graph.TupleExpr`
(the JSON form of a list): the mark lives only while ``main`` is traced.

What crosses tasks keeps its tuples: a run's outputs are read as its script stored them
(``run_record(exact=True)``), a loop's items are tagged (``execution.to_json``/``view``).
So a run's output read whole (:func:`run_output`) is main's own value at run time, and
a value whose shape is not known may be formatted as it is (:func:`rebuilt_or_kept`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from motoko_airflow import graph as g

__all__ = ["ANY", "CLEAN", "SCALAR", "SCALAR_CALLS", "holds_tuple", "is_sequence", "native",
           "rebuilt", "rebuilt_or_kept", "run_output", "scalar", "shape"]

Shape = tuple[Any, ...]
SCALAR: Shape = ("scalar",)  # a number, string, bool or None
CLEAN: Shape = ("clean",)  # may be a list or dict; holds no tuple at any depth
ANY: Shape = ("any",)  # may be or hold a tuple anywhere


def _list(element: Shape) -> Shape:
    return ("list", element)


def _tuple(element: Shape) -> Shape:
    return ("tuple", element)


def join(a: Shape, b: Shape) -> Shape:
    """A shape covering both."""
    if a == b or b == SCALAR:
        return a
    if a == SCALAR:
        return b
    if ANY in (a, b):
        return ANY
    if a == CLEAN and b[0] == "list" or b == CLEAN and a[0] == "list":
        inner = a[1] if a != CLEAN else b[1]
        return _list(join(CLEAN, inner))
    if a[0] == b[0] and a[0] in ("list", "tuple"):
        return (a[0], join(a[1], b[1]))
    return ANY


def element(s: Shape) -> Shape:
    """The shape of an element (an item, a value of a dict, a character)."""
    return s[1] if s[0] in ("list", "tuple", "range") else s


def holds_tuple(s: Shape) -> bool:
    """May the value be a tuple, or hold one at any depth."""
    return s == ANY or s[0] in ("tuple", "range") or s[0] == "list" and holds_tuple(s[1])


def may_be_tuple(s: Shape) -> bool:
    return s == ANY or s[0] in ("tuple", "range")


def is_sequence(s: Shape) -> bool:
    """May the value be a list, a tuple or a dict."""
    return s != SCALAR


def _join_all(shapes: Any) -> Shape:
    out = SCALAR
    for s in shapes:
        out = join(out, s)
    return out


#: graph calls whose result is a number, a string or a bool (never a list or a tuple)
SCALAR_CALLS = frozenset({"len", "round", "abs", "str", "int", "float", "bool", "format",
                          "repr", "any", "all"})


def shape(rec: Any, expr: g.Expr, depth: int = 0, opaque: Shape = CLEAN,
          mapped: Shape = ANY, bound: dict[str, Shape] | None = None,
          memo: dict[Any, Shape] | None = None) -> Shape:
    """What ``expr``'s value may be, as far as tuples go (see the module docstring).

    ``opaque`` is the shape of what a function called at run time returns (not one
    this module knows): called where its value is used, what it returns is what
    ``main`` gets, a tuple included; its items mapped over cross tasks as JSON (they
    are ``mapped``). ``bound``: the items of the ``Collect`` around ``expr`` (by their
    loop's name: an inner one hides an outer one of the same name).

    Each object is looked at once per ``opaque``/``mapped``/``bound`` (``memo``): an
    expression sharing its parts (``v = v * v + v``, fourteen times) walked as a tree
    is exponential in its depth. (A part's shape does not depend on where it is met:
    the depth limit is a guard, its ``ANY`` the least precise answer.)"""
    if depth > 50:
        return ANY
    bound = bound or {}
    memo = {} if memo is None else memo
    key = (id(expr), opaque, mapped, tuple(sorted(bound.items())))
    if key not in memo:
        memo[key] = _shape(rec, expr, depth, opaque, mapped, bound, memo)
    return memo[key]


def _shape(rec: Any, expr: g.Expr, depth: int, opaque: Shape, mapped: Shape,
           bound: dict[str, Shape], memo: dict[Any, Shape]) -> Shape:
    def of(e: g.Expr) -> Shape:
        return shape(rec, e, depth + 1, opaque, mapped, bound, memo)

    if isinstance(expr, g.TupleExpr):
        return _tuple(_join_all(of(i) for i in expr.items))
    if isinstance(expr, g.ListExpr):
        return _list(_join_all(of(i) for i in expr.items))
    if isinstance(expr, g.DictExpr):
        return _list(_join_all(of(v) for v in expr.values))
    if isinstance(expr, g.Const):
        return SCALAR if expr.value is None or isinstance(
            expr.value, (bool, int, float, str)) else _const(expr.value)
    if isinstance(expr, g.Param):
        if expr.name in getattr(rec, "tuple_params", ()):
            return ANY
        from motoko_airflow.trace.values import _scalar_param

        return SCALAR if _scalar_param(rec, expr.name) else CLEAN
    if isinstance(expr, g.Attr) and any(_segment_value(rec, e) for e in g.walk(expr.value)):
        return ANY  # a field of a record a segment passed on (a NamedTuple, a tuple...)
    if isinstance(expr, (g.Runs, g.Attr, g.Function)):
        return CLEAN  # runs and jobs (pairs are tuples in the DAG too), their outputs
    if isinstance(expr, g.Item):
        if expr.part in ("run", "job"):
            return CLEAN
        if expr.loop in bound:
            return bound[expr.loop]
        loop = next((lp for lp in reversed(getattr(rec, "all_loops", ()))
                     if lp.var == expr.loop), None)
        if loop is None:
            return ANY
        if isinstance(loop.over, g.Runs):
            return CLEAN
        return element(shape(rec, loop.over, depth + 1, mapped, mapped, None, memo))
    if isinstance(expr, g.Collect):
        # its item as a loop's item is read (below): what its list holds, as mapped
        over = shape(rec, expr.over, depth + 1, mapped, mapped, bound, memo)
        inner = {**bound, expr.loop: element(over)}
        return _list(shape(rec, expr.element, depth + 1, opaque, mapped, inner, memo))
    if isinstance(expr, g.Index):
        if _block_tuple_item(expr):
            return SCALAR
        value = of(expr.value)
        if _is_slice(expr.index):
            return value
        return element(value)
    if isinstance(expr, g.UnaryOp):
        return SCALAR
    if isinstance(expr, g.BinOp):
        if expr.op in ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not"):
            return SCALAR
        if expr.op in ("-", "/", "//", "%", "**"):
            return CLEAN  # a number or an array: no tuple subtracts, divides or raises
        left, right = of(expr.left), of(expr.right)
        if expr.op == "+" and SCALAR in (left, right):
            # a tuple plus a number or a string raises TypeError, as a list does: what
            # adds gives a scalar, or an array (not ``*``: a tuple times 2 is a tuple)
            return SCALAR if left == right else CLEAN
        return join(left, right)
    if isinstance(expr, g.Cond):
        return join(of(expr.then), of(expr.orelse))
    if isinstance(expr, g.Call):
        return _call(expr.function, [of(a) for a in expr.args])
    if isinstance(expr, g.Invoke):
        return _invoke(rec, expr, of, opaque)
    return ANY


def _block_tuple_item(expr: g.Index) -> bool:
    """``expr`` is ``table[k][i]`` (``i`` an int) of a dict ``table`` a block of main's
    statements binds, whose values are all tuples of numbers, strings or bools made by
    the block (:func:`.blocks.scalar_tuples`): a number, a string or a bool (or an
    error, natively as in the DAG)."""
    from motoko_airflow.trace.blocks import scalar_tuples

    row = expr.value
    if not (isinstance(expr.index, g.Const) and type(expr.index.value) is int
            and isinstance(row, g.Index) and not _is_slice(row.index)):
        return False
    table = row.value
    if not (isinstance(table, g.Index) and isinstance(table.index, g.Const)
            and isinstance(table.index.value, str) and isinstance(table.value, g.Invoke)):
        return False
    callee = table.value.callee
    return isinstance(callee, g.Function) and callee.qualname == "<block>" and \
        callee.end is not None and not table.value.args and \
        scalar_tuples(callee, table.index.value, table.value.keywords)


def _is_slice(index: g.Expr) -> bool:
    return isinstance(index, g.Invoke) and isinstance(index.callee, g.Function) and (
        index.callee.module, index.callee.qualname) == ("builtins", "slice")


def _const(value: Any) -> Shape:
    if isinstance(value, tuple):
        return ANY
    if isinstance(value, list):
        return CLEAN if all(_const(v) != ANY for v in value) else ANY
    if isinstance(value, dict):
        return CLEAN if all(_const(v) != ANY for v in value.values()) else ANY
    return SCALAR if value is None or isinstance(value, (bool, int, float, str)) else ANY


def _call(name: str, args: list[Shape]) -> Shape:
    if name in SCALAR_CALLS:
        return SCALAR
    if name == "range":  # a list in the graph: str(range(3)) is 'range(0, 3)' natively
        return ("range", SCALAR)
    if name == "zip":
        return _list(_tuple(_join_all(element(a) for a in args)))
    if name == "enumerate" and args:
        return _list(_tuple(element(args[0])))
    if name in ("sorted", "reversed", "list") and len(args) == 1:
        return _list(element(args[0]))
    if name in ("min", "max"):
        return element(args[0]) if len(args) == 1 else _join_all(args)
    if name == "sum":
        return SCALAR if len(args) == 1 else join(element(args[0]), args[1])
    if name == "tuple" and len(args) == 1:
        return _tuple(element(args[0]))
    return ANY


#: run-time methods (motoko_airflow.calls.method) and what they give of their value
_METHODS = {"keys": lambda v: _list(SCALAR), "values": lambda v: _list(element(v)),
            "items": lambda v: _list(_tuple(element(v))), "get": element,
            "count": lambda v: SCALAR, "index": lambda v: SCALAR, "copy": lambda v: v,
            # a Counter's (key, count) pairs, most common first
            "most_common": lambda v: _list(_tuple(ANY))}


def _segment_value(rec: Any, expr: g.Expr) -> bool:
    """A variable a segment passed on that may be or hold a record of the workflow's
    own class (``Recorder.record_segments``; its other values hold runs and plain data)."""
    from motoko_airflow.trace.segments import _segment_of

    return _segment_of(expr) in getattr(rec, "record_segments", ())


def _invoke(rec: Any, expr: g.Invoke, of: Any, opaque: Shape) -> Shape:
    callee = expr.callee
    if not isinstance(callee, g.Function):
        return opaque
    if (callee.module, callee.qualname) == ("builtins", "slice"):
        return SCALAR
    if (callee.module, callee.qualname) == ("motoko_airflow.calls", "method") and len(
            expr.args) >= 2 and isinstance(expr.args[1], g.Const):
        method = _METHODS.get(expr.args[1].value)
        if method is None:
            return opaque
        counted = expr.args[0]
        if expr.args[1].value == "most_common" and isinstance(counted, g.Invoke) and (
                counted.callee.module, counted.callee.qualname) == (
                "collections", "Counter") and len(counted.args) == 1 and not \
                counted.keywords:
            # Counter(xs).most_common(): (an element of xs, its count) pairs
            return _list(_tuple(_join_all([element(of(counted.args[0])), SCALAR])))
        out = method(of(expr.args[0]))
        if expr.args[1].value == "get":
            out = _join_all([out, *(of(a) for a in expr.args[3:])])
        return out
    if callee.module == "builtins" and callee.qualname in ("sorted", "min", "max") and \
            expr.args:
        inner = element(of(expr.args[0])) if len(expr.args) == 1 else _join_all(
            of(a) for a in expr.args)
        if callee.qualname == "sorted":
            return _list(inner)
        return _join_all([inner, *(of(v) for v in expr.values)])
    if callee.module == "builtins" and expr.args and not expr.keywords:
        if callee.qualname == "dict":
            return _list(element(element(of(expr.args[0]))))
        if callee.qualname in ("len", "any", "all"):
            return SCALAR
        if callee.qualname in ("list", "reversed"):
            return _list(element(of(expr.args[0])))
    if callee.module == "bisect" and callee.qualname in ("bisect", "bisect_left",
                                                         "bisect_right"):
        return SCALAR  # an index
    if callee.module == "heapq" and callee.qualname in ("nsmallest", "nlargest") and len(
            expr.args) == 2:
        return _list(element(of(expr.args[1])))  # some items of its iterable
    if (callee.module, callee.qualname) == ("itertools", "accumulate") and len(
            expr.args) == 1 and not expr.keywords and not holds_tuple(element(of(
                expr.args[0]))):
        return _list(element(of(expr.args[0])))  # sums of its items (no tuple in them)
    if callee.module == "math":
        return ANY if callee.qualname in ("frexp", "modf") else SCALAR
    if (callee.module, callee.qualname) == ("builtins", "divmod"):
        return ANY
    return opaque


#: built-ins that answer alike for a tuple and a list of the same items (called at run
#: time with no key function to see them)
_BLIND = frozenset({"dict", "len", "any", "all", "list", "reversed", "sorted", "min", "max",
                    "sum"})


def blind(rec: Any, callee: g.Function, args: tuple[g.Expr, ...],
          keywords: tuple[str, ...]) -> bool:
    """Whether the run-time call ``callee(*args)`` cannot tell a tuple from a list in
    its arguments (``dict(zip(names, ys))``: its pairs, not what they hold)."""
    if (callee.file, callee.module, callee.qualname) == (
            None, "motoko_airflow.calls", "dict_fill") and len(args) == 3 and not keywords:
        # a dict filled by a loop: its pairs' items become keys and values; the dict it
        # starts from is pairs too, or a dict made at run time by such a call (checked
        # when it was made)
        from motoko_airflow.trace.calls import dict_made

        return all(dict_made(a) or not holds_tuple(element(element(shape(rec, a))))
                   for a in (args[0], args[2]))
    if callee.file is not None or callee.module != "builtins" or \
            callee.qualname not in _BLIND or len(args) != 1:
        return False
    if keywords and not (callee.qualname in ("sorted", "min", "max")
                         and set(keywords) <= {"reverse", "default"}):
        return False  # a key function would see lists
    if callee.qualname == "dict":  # a pair's items become keys and values
        return not holds_tuple(element(element(shape(rec, args[0]))))
    if callee.qualname in ("sorted", "min", "max"):  # orders items: a tuple with a list
        return shape(rec, args[0]) != ANY and element(shape(rec, args[0])) != ANY
    return True


def refuse_if(rec: Any, expr: g.Expr, what: str, mapped: Shape = ANY) -> None:
    """Stop the trace when ``expr`` may be or hold a tuple and ``what`` would tell."""
    if holds_tuple(shape(rec, expr, mapped=mapped)):
        raise rec.untraceable(
            f"{what} of a traced value ({expr}) that may be or hold a tuple (or a range) is "
            "only known at run time (the graph holds a tuple as a list: natively str((1, 2)) is "
            "'(1, 2)' and (1, 2) != [1, 2])")


def rebuilt(rec: Any, expr: g.Expr, what: str, mapped: Shape = ANY) -> g.Expr:
    """``expr`` for an operation (``what``) that tells a tuple from a list: itself when
    it may be or hold no tuple, else rebuilt so that its tuples are tuples at run time
    (:func:`native`); stops the trace when their shape is not known."""
    if not holds_tuple(shape(rec, expr, mapped=mapped)):
        return expr
    again = native(rec, expr)
    if again is None:
        refuse_if(rec, expr, what, mapped)
        raise AssertionError("refuse_if returned on a value that may hold a tuple")
    return again


def rebuilt_or_kept(rec: Any, expr: g.Expr, what: str) -> g.Expr:
    """As :func:`rebuilt` (rebuilt where the shape is known), else ``expr`` itself when
    its tuples are main's own at run time once loops' items crossing tasks are (they
    keep their tuples: ``execution.to_json``/``view``), as run outputs (read as their
    script stored them) and run-time functions' results are: ``mapped=CLEAN``."""
    if not holds_tuple(shape(rec, expr)):
        return expr
    again = native(rec, expr)
    if again is not None:
        return again
    return rebuilt(rec, expr, what, mapped=CLEAN)


def refuse_mixed(rec: Any, name: str, args: tuple[g.Expr, ...]) -> None:
    """``min``/``max``/``sorted`` of a tuple and a list (``max([best, [1.0, 2.0]])``):
    natively they raise (a tuple and a list do not order), in the DAG two lists do."""
    items: list[g.Expr] = list(args)
    if len(args) == 1 and isinstance(args[0], g.ListExpr):
        items = list(args[0].items)
    elif len(args) == 1:
        return
    kinds = {shape(rec, e)[0] for e in items}
    if kinds & {"tuple", "range"} and kinds & {"list", "clean"}:
        raise rec.untraceable(
            f"{name}() of tuples and lists ({', '.join(str(e) for e in items)}) orders "
            "them natively only if all are tuples or all lists; the graph holds them as "
            "lists: only known at run time")


#: the operators for which a tuple and a list of the same items may give different results
_TELLING_OPS = frozenset({"==", "!=", "<", "<=", ">", ">=", "+", "in"})


def paired(rec: Any, op: str, left: g.Expr, right: g.Expr) -> tuple[g.Expr, g.Expr]:
    """``left`` and ``right`` for ``left op right``: themselves when no side may tell a
    tuple from a list (:func:`refuse_pair`), else both rebuilt with their tuples made
    again at run time (:func:`native`); stops the trace when a shape is not known."""
    if not _telling(rec, op, left, right):
        return left, right
    l_again, r_again = native(rec, left), native(rec, right)
    if l_again is None or r_again is None:
        refuse_pair(rec, op, left, right)
        raise AssertionError("refuse_pair returned on a pair that tells")
    return l_again, r_again


def refuse_pair(rec: Any, op: str, left: g.Expr, right: g.Expr) -> None:
    """Stop the trace where ``left op right`` may compare or join a tuple with a list."""
    if _telling(rec, op, left, right):
        raise rec.untraceable(
            f"{left} {op} {right}: one side may be or hold a tuple, which the graph holds "
            "as a list (natively (1, 2) != [1, 2]): only known at run time")


def _telling(rec: Any, op: str, left: g.Expr, right: g.Expr) -> bool:
    if op not in _TELLING_OPS:
        return False  # (shape() only reads: no need to ask it)
    ls, rs = shape(rec, left), shape(rec, right)
    if op in ("==", "!=", "<", "<=", ">", ">="):
        telling = holds_tuple(ls) and is_sequence(rs) or holds_tuple(rs) and is_sequence(ls)
    elif op == "+":
        telling = (may_be_tuple(ls) or may_be_tuple(rs)) and is_sequence(ls) and \
            is_sequence(rs) and not (ls[0] == "tuple" and rs[0] == "tuple")
    elif op == "in":
        telling = ls != SCALAR and (holds_tuple(ls) or holds_tuple(rs))
    else:
        telling = False
    return telling


# ---------------------------------------------------------------- known to be main's own

_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!=", "in", "not in", "is",
                          "is not"})
_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})
_SCALAR_FIELDS = frozenset({"int", "float", "str", "bool"})
#: library functions whose result is a number (or which raise, for a tuple as for a list)
_SCALAR_LIBRARY = {
    "math": None,  # every one but frexp, modf (and cmath.polar): pairs
    "cmath": None,
    "statistics": frozenset({"mean", "fmean", "pstdev", "stdev", "pvariance", "variance",
                             "geometric_mean", "harmonic_mean"}),
}


def scalar(rec: Any, expr: g.Expr) -> bool:
    """``expr`` is surely a number, string, bool or None natively, never a tuple or a
    list: a constant, a conversion (int, str, format, round...), a comparison,
    arithmetic of such, a number of math or statistics, ``job.<field>`` declared a
    number or string in bd.yaml. A run's output may be anything its script stored (a
    tuple): it is none of these, but it is main's own at run time (:func:`run_output`)."""
    if isinstance(expr, g.Const):
        return expr.value is None or type(expr.value) in (str, int, float, bool)
    if isinstance(expr, g.Call):
        return expr.function in SCALAR_CALLS
    if isinstance(expr, g.BinOp):
        if expr.op in _COMPARISONS:
            return True
        return expr.op in _ARITHMETIC and scalar(rec, expr.left) and \
            scalar(rec, expr.right)
    if isinstance(expr, g.UnaryOp):
        return scalar(rec, expr.operand)
    if isinstance(expr, g.Cond):
        return scalar(rec, expr.then) and scalar(rec, expr.orelse)
    if isinstance(expr, g.Param):  # a number, string, bool or None by its schema
        spec = getattr(rec, "params", {}).get(expr.name)
        kinds = spec.get("type", []) if isinstance(spec, dict) else []
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        return expr.name not in getattr(rec, "tuple_params", ()) and bool(kinds) and \
            set(kinds) <= {"number", "integer", "string", "boolean", "null"}
    if isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and \
            expr.callee.file is None and expr.callee.module in _SCALAR_LIBRARY:
        names = _SCALAR_LIBRARY[expr.callee.module]
        return expr.callee.qualname in names if names is not None else \
            expr.callee.qualname not in ("frexp", "modf", "polar")
    if isinstance(expr, g.Attr):
        from motoko_airflow.trace.calls import _job_field_type

        return _job_field_type(rec, expr) in _SCALAR_FIELDS
    return False


def run_output(expr: g.Expr) -> bool:
    """``expr`` is a run's output read whole (``run.cells`` of a run item): its value
    at run time is the one the run's script stored, as ``main`` reads it natively
    (``run_record(exact=True)``: tuples, sets, dicts keyed by numbers, numpy numbers)."""
    if not isinstance(expr, g.Attr):
        return False
    run = expr.value  # a run item, or runs[i][0]: a pair's run
    return isinstance(run, g.Item) and run.part == "run" or isinstance(run, g.Index) and \
        isinstance(run.index, g.Const) and type(run.index.value) is int and \
        run.index.value == 0 and isinstance(run.value, g.Index) and \
        isinstance(run.value.value, g.Runs)


def native(rec: Any, expr: g.Expr, depth: int = 0, own: frozenset[str] = frozenset(),
           ) -> g.Expr | None:
    """``expr`` rebuilt so that its run-time value is ``main``'s own, tuples included
    (a tuple ``main`` builds becomes ``tuple([...])`` at run time), or None when that
    is not known. Known: a :func:`scalar`; a tuple or list display, a fan-in over a
    task's runs, an item, or a choice, of such; a run or a job; a value that holds no
    tuple (:func:`shape`) and no run output (which may be a tuple natively, a list in
    the DAG). Evaluated where it is used (in one task), the rebuilt tuples stay tuples;
    a value passed on between tasks is plain JSON again."""
    if depth > 50:
        return None
    if scalar(rec, expr) or isinstance(expr, g.UnaryOp) or isinstance(
            expr, g.BinOp) and expr.op in ("-", "/", "//", "%", "**"):
        return expr  # no tuple subtracts, divides, raises or negates: a number (or fails)
    if isinstance(expr, g.Const) and isinstance(expr.value, (tuple, list)):
        return native(rec, (g.TupleExpr if isinstance(expr.value, tuple) else g.ListExpr)(
            tuple(g.Const(v) for v in expr.value)), depth + 1, own)
    if isinstance(expr, g.ListExpr):  # a TupleExpr too
        items = [native(rec, i, depth + 1, own) for i in expr.items]
        if any(i is None for i in items):
            return None
        out = g.ListExpr(tuple(items))  # type: ignore[arg-type]
        if isinstance(expr, g.TupleExpr):
            return g.Invoke(g.Function("builtins", "tuple"), (out,))
        return out
    if isinstance(expr, g.Collect) and _own_list(rec, expr.over, depth, own):
        # over runs, or over a list that is main's own: its items are (read in the task
        # evaluating it)
        bound = own | {expr.loop}
        where = None if expr.where is None else native(rec, expr.where, depth + 1, bound)
        element = native(rec, expr.element, depth + 1, bound)
        if element is None or where is None and expr.where is not None:
            return None
        return g.Collect(expr.loop, expr.over, element, where)
    if isinstance(expr, g.Call) and expr.function in ("min", "max", "sorted", "list"):
        args = [native(rec, a, depth + 1, own) for a in expr.args]
        if any(a is None for a in args):
            return None
        return g.Call(expr.function, tuple(args))  # type: ignore[arg-type]
    if isinstance(expr, g.Index) and (scalar(rec, expr.index) or _is_slice(expr.index)):
        value = native(rec, expr.value, depth + 1, own)
        return None if value is None else g.Index(value, expr.index)
    if isinstance(expr, g.BinOp) and expr.op in ("+", "*"):  # joined or repeated
        left = native(rec, expr.left, depth + 1, own)
        right = native(rec, expr.right, depth + 1, own)
        return None if left is None or right is None else g.BinOp(expr.op, left, right)
    if isinstance(expr, g.Cond):
        then = native(rec, expr.then, depth + 1, own)
        orelse = native(rec, expr.orelse, depth + 1, own)
        if then is None or orelse is None:
            return None
        return g.Cond(expr.test, then, orelse)
    if isinstance(expr, (g.Item, g.Runs)) and (
            isinstance(expr, g.Runs) or expr.part in ("run", "job")):
        return expr
    if run_output(expr):
        return expr
    if isinstance(expr, g.Item) and expr.loop in own:
        return expr
    if isinstance(expr, g.Item):
        # an item of a list that is main's own: tagged where it crosses tasks, so main's
        # own too (the list itself, not one rebuilt from it, is what the loop goes over)
        loop = next((lp for lp in reversed(getattr(rec, "all_loops", ()))
                     if lp.var == expr.loop), None)
        if loop is not None and _own_list(rec, loop.over, depth, own):
            return expr
    if isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and (
            expr.callee.module, expr.callee.qualname) in _ORDERING and expr.callee.file is None \
            and len(expr.args) == 1 and set(expr.keywords) <= {"key", "reverse"}:
        # sorted(xs, key=...): xs's own items (the key function, a callable, is kept)
        inner = native(rec, expr.args[0], depth + 1, own)
        if inner is not None:
            return replace(expr, args=(inner,))
    elif isinstance(expr, g.Invoke) and _holding(expr):
        # a dict filled at run time holds its pairs' items, and its views their tuples:
        # main's own where what they are given is
        pairs = len(expr.args) - 1  # dict(pairs), dict_fill(base, how, pairs)
        args = [a if isinstance(a, g.Const) and isinstance(a.value, str) else
                _native_pairs(rec, a, depth + 1, own) if i == pairs and
                expr.callee.qualname != "method" else native(rec, a, depth + 1, own)
                for i, a in enumerate(expr.args)]
        if all(a is not None for a in args):
            return g.Invoke(expr.callee, tuple(args))  # type: ignore[arg-type]
    if not holds_tuple(shape(rec, expr)) and not _raw_output(rec, expr):
        return expr
    return None


#: run-time calls ordering the items of their one iterable
_ORDERING = frozenset({("builtins", "sorted"), ("builtins", "min"), ("builtins", "max")})


def _own_list(rec: Any, over: g.Expr, depth: int, own: frozenset[str]) -> bool:
    """A loop over ``over`` gets main's own items: ``over`` is runs, or itself main's
    own value (:func:`native` leaves it as it is)."""
    return isinstance(over, g.Runs) or native(rec, over, depth + 1, own) == over


def _native_pairs(rec: Any, expr: g.Expr, depth: int, own: frozenset[str],
                  ) -> g.Expr | None:
    """As :func:`native`, for the pairs a dict is made of: a pair's items become its
    keys and values (themselves made main's own), the pair itself is not kept."""
    def pair(e: g.Expr, bound: frozenset[str]) -> g.Expr | None:
        if not isinstance(e, g.ListExpr) or len(e.items) != 2:  # (a TupleExpr too)
            return native(rec, e, depth + 1, bound)
        items = [native(rec, i, depth + 1, bound) for i in e.items]
        if any(i is None for i in items):
            return None
        return type(e)(tuple(items))  # type: ignore[arg-type]

    if isinstance(expr, g.ListExpr) and not isinstance(expr, g.TupleExpr):
        made = [pair(e, own) for e in expr.items]
        return None if any(m is None for m in made) else g.ListExpr(
            tuple(made))  # type: ignore[arg-type]
    if isinstance(expr, g.Collect) and expr.where is None and _own_list(
            rec, expr.over, depth, own):
        element = pair(expr.element, own | {expr.loop})
        return None if element is None else replace(expr, element=element)
    return native(rec, expr, depth, own)


def _holding(expr: g.Invoke) -> bool:
    """``expr`` is a run-time call whose result holds what it is given: a dict made of
    pairs or filled by a loop (``dict(pairs)``, ``dict_fill``: its pairs' items its
    keys and values) or a view of a dict (``d.items()``: tuples of its keys and
    values)."""
    callee = expr.callee
    if not isinstance(callee, g.Function) or callee.file is not None or expr.keywords:
        return False
    if (callee.module, callee.qualname) == ("builtins", "dict"):  # dict(pairs)
        return len(expr.args) == 1
    if callee.module != "motoko_airflow.calls":
        return False
    if callee.qualname == "method":
        return len(expr.args) == 2 and isinstance(expr.args[1], g.Const) and \
            expr.args[1].value in ("items", "keys", "values")
    return callee.qualname == "dict_fill" and len(expr.args) == 3 and isinstance(
        expr.args[1], g.Const) and expr.args[1].value in ("set", "setdefault")


def _raw_output(rec: Any, expr: g.Expr) -> bool:
    """``expr`` reads a field of a run or job (``job.x``, which may be a tuple natively
    and is a list in the DAG) other than through a :func:`scalar` (``float(job.x)``)
    or as a run's output read whole (:func:`run_output`: the run's script's own)."""
    todo = [expr]
    while todo:
        e = todo.pop()
        if scalar(rec, e) or run_output(e):
            continue
        if isinstance(e, g.Attr):
            return True
        todo.extend(g.subexpressions(e))
    return False
