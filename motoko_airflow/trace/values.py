"""Symbolic values: what ``main`` holds in place of things known only at run time.

A :class:`Symbol` stands for a graph expression (:mod:`motoko_airflow.graph`): a param,
a run's output, a loop item, and anything computed from them. Arithmetic, comparisons,
indexing and attribute access build bigger expressions; ``str()``, ``format()`` and
f-strings give a string holding a marker that :func:`to_expr` turns back into a
formatting expression; a truth test (``if``, ``and``, ``not``, ``x if c else y``) asks
the recorder for a decision, so each path of ``main`` sees a plain ``bool``.

:func:`to_expr` converts what ``main`` passes to ``createTask`` (symbols, lists built in
loops, dicts, constants) into one expression; a list built by a loop that has ended
becomes a fan-in (:class:`~motoko_airflow.graph.Collect`). Iterating a symbol is
:mod:`.loops`'s business (its ``Seq`` is the class every symbol really has).
"""

from __future__ import annotations

import ast
import dataclasses
import dis
import linecache
import re
import sys
import weakref
from collections.abc import Callable
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace import tuples, unread
from motoko_airflow.trace.state import LenError, Recorder, Untraceable

__all__ = ["FALLBACK_HINT", "Symbol", "to_expr"]

FALLBACK_HINT = "or run with --fallback (the whole orchestrator becomes one task)"
MARKER = "\u27e8traced#"  # in a string formatted from a symbol
_MARK = re.compile("\u27e8traced#(\\d+)\u27e9")


def only_markers(text: str) -> bool:
    """``text`` holds a traced value's text and nothing else: each of them may be empty
    at run time, so may the whole."""
    return MARKER in text and not _MARK.sub("", text)


#: modules whose functions a run-time expression may call inside a try catching the
#: module's own exceptions: they cannot raise one (given no callable of the workflow)
_FOREIGN_MODULES = frozenset({"builtins", "math", "statistics", "json", "operator",
                              "motoko_airflow.calls", "motoko_airflow.segments"})


def runs_workflow_code(expr: g.Expr) -> bool:
    """Whether evaluating ``expr`` at run time may run code of the workflow (a function,
    a block of main's statements, a record class, a callable given to a library), which
    may raise the module's own exceptions (:func:`.instrument.own_exceptions`)."""
    for e in g.walk(expr):
        function = e.callee if isinstance(e, g.Invoke) else e
        if isinstance(function, g.Function) and function.file is None and function.end \
                is None and (function.module in _FOREIGN_MODULES
                             or function.module.split(".")[0] == "numpy"):
            continue
        if isinstance(function, g.Function):
            return True
    return False


class Symbol:
    """A value known only at run time, standing for an expression."""

    __slots__ = ("_expr", "_loops", "_tracer", "__weakref__")
    _expr: g.Expr
    _loops: tuple[Any, ...]
    _tracer: Recorder

    def __init__(self, tracer: Recorder, expr: g.Expr, loops: tuple[Any, ...] = ()) -> None:
        object.__setattr__(self, "_tracer", tracer)
        object.__setattr__(self, "_expr", expr)
        object.__setattr__(self, "_loops", loops)
        tracer.symbols.append(weakref.ref(self))
        unread.made(tracer, expr, loops)  # it may raise at run time, read or not
        if tracer.catching_own and not tracer.guarded and runs_workflow_code(expr):
            raise tracer.untraceable(
                f"a value made inside a try catching the module's own exception ({expr}) "
                "runs the workflow's code at run time, which may raise it there")

    # lazy expressions
    def _now(self) -> g.Expr:
        """The expression, with the items of loops left by a ``break`` in their first
        iteration read as those loops' first items (what Python leaves in them)."""
        broken = [lp for lp in self._loops if _broken(lp)]
        return after_loops(self._expr, broken) if broken else self._expr

    def _derive(self, expr: g.Expr, *others: Any) -> Symbol:
        if self._tracer.guarded:
            raise self._tracer.caught(f"an operation on a traced value ({self._expr})")
        loops = [lp for lp in self._loops if not _broken(lp)]
        for other in others:
            for lp in loops_of(other):
                if lp not in loops and not _broken(lp):
                    loops.append(lp)
        return self._derived_kind()(self._tracer, expr, tuple(loops))

    def _derived_kind(self) -> type[Symbol]:
        """The class of the values computed from this one."""
        return type(self)

    def _binop(self, op: str, other: Any, reverse: bool = False) -> Symbol:
        left, right = self._now(), _operand(self._tracer, other)
        if reverse:
            left, right = right, left
        left, right = tuples.paired(self._tracer, op, left, right)
        return self._derive(g.BinOp(op, left, right), other)

    def __hash__(self) -> int:
        # a dict or set keyed by a stand-in would answer by identity, not by value
        where = ""
        if isinstance(self._expr, g.Item):  # a loop's item: say which loop
            loop = next((lp for lp in self._loops
                         if getattr(lp, "var", None) == self._expr.loop), None)
            if loop is not None:
                at = f" at line {loop.lineno}" if getattr(loop, "lineno", None) else ""
                where = f", the item of the loop over {loop.over}{at},"
        raise self._tracer.untraceable(
            f"a traced value ({self._expr}{where}) used as a dict key or set member (or "
            "hashed) is compared by value only at run time")

    def __iadd__(self, other: Any) -> Symbol:
        # natively, += extends a list in place (the params' own list, a run's output):
        # every other name for it sees the change
        self._not_in_place("+")
        return self._binop("+", other)

    def _not_in_place(self, op: str) -> None:
        """``x op= y`` rebinds ``x`` here; natively it changes a list in place (every
        other name for it, as ``alias = ys`` before ``ys += [...]``, sees the change):
        refused unless the value is surely not a list."""
        if may_be_list(self._tracer, self._expr):
            rec = self._tracer
            made = segment_made(rec, self._expr)
            if made is not None:  # the IR of a segment's value reads badly: the source
                names, lines = made
                line = rec.lineno()
                text = linecache.getline(rec.file, line).strip() if line else ""
                shown = f"`{text}`" if text else f"{op}= on {', '.join(names)}"
                target = _augmented_name(text)
                instead = (f"if {target} is a number, write {target} = {target} {op} "
                           "..., which compiles" if target else
                           f"x = x {op} ... makes a new one")
                raise rec.untraceable(
                    f"{shown}: {' and '.join(names)} "
                    f"{'comes' if len(names) == 1 else 'come'} from the statements of "
                    f"lines {lines}, run natively as a segment, so the tracer cannot tell "
                    f"whether the value {op}= changes is a number or a list (natively "
                    f"{op}= changes a list in place; {instead})")
            raise rec.untraceable(
                f"{op}= on a traced value ({self._expr}) that may be a list changes it in "
                f"place natively (x = x {op} ... does not)")

    def __neg__(self) -> Symbol:
        return self._derive(g.UnaryOp("-", self._now()))

    def __pos__(self) -> Symbol:
        return self._derive(g.UnaryOp("+", self._now()))

    def __invert__(self) -> Symbol:
        return self._derive(g.UnaryOp("~", self._now()))

    def __abs__(self) -> Symbol:
        return self._derive(g.UnaryOp("abs", self._now()))

    def __round__(self, digits: Any = None) -> Symbol:
        args = (self._now(),) if digits is None else (
            self._now(), _operand(self._tracer, digits))
        return self._derive(g.Call("round", args), digits)

    def __getitem__(self, key: Any) -> Symbol:
        if isinstance(key, slice):  # value[slice(lo, hi, step)], sliced at run time
            bounds = (key.start, key.stop, key.step)
            index = g.Invoke(g.Function("builtins", "slice"),
                             tuple(_operand(self._tracer, b) for b in bounds))
            return self._derive(g.Index(self._now(), index), *bounds)
        if isinstance(key, tuple):
            # the DAG holds a tuple as a list: a dict keyed by tuples would not find it
            # (unhashable), a numpy array `grid[i, j]` would pick rows i and j
            raise self._tracer.untraceable(
                f"indexing a value known only at run time ({self._expr}) with a tuple: "
                "the DAG holds a tuple as a list, which indexes differently")
        from motoko_airflow.trace import calls  # (it imports this module)

        looked_up = _operand(self._tracer, key)
        if calls.grouping(self._expr) and not calls.present_key(
                self._expr, looked_up, loops_of(key)):
            # natively a missing key is added (and seen by what reads the dict later);
            # the DAG's value would not have it
            raise self._tracer.untraceable(
                f"reading {looked_up} of a defaultdict filled at run time: a key it lacks "
                "would be added natively, which the DAG cannot do (read it with "
                ".get(key, []) or iterate the dict)")
        return self._derive(g.Index(self._now(), looked_up), key)

    def __getattr__(self, name: str) -> Symbol:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._derive(g.Attr(self._now(), name))

    # truth tests fork the trace
    def _truth(self) -> tuple[g.Expr, tuple[Any, ...]]:
        """What a truth test of this value decides: the expression and its loops."""
        ended = [lp for lp in self._loops if not lp.open and not lp.reiterated
                 and not _broken(lp)]
        if ended:
            loop = ended[0]
            raise Untraceable(
                f"a value computed in this loop over {loop.over} is tested after it, at "
                f"line {self._tracer.lineno()} (to compile it, test it inside the loop, or "
                "test sum()/min()/max()/len() of the runs)",
                filename=self._tracer.file, lineno=loop.lineno or self._tracer.lineno(),
                loop=True)
        return (fresh(self._tracer, self._now()),
                tuple(lp for lp in self._loops if not _broken(lp)))

    def __bool__(self) -> bool:
        return self._tracer.decide(*self._truth())

    def __contains__(self, item: Any) -> bool:
        test = g.BinOp("in", to_expr(self._tracer, item, None), self._expr)
        tuples.refuse_pair(self._tracer, "in", test.left, test.right)
        return self._tracer.decide(fresh(self._tracer, test), self._loops + loops_of(item))

    def _in_text(self, text: str) -> bool:
        """``self in text`` for a plain string ``text`` (Python's ``str.__contains__``
        takes no stand-in): a test of the value at run time."""
        test = g.BinOp("in", self._now(), g.Const(text))
        tuples.refuse_pair(self._tracer, "in", test.left, test.right)
        return self._tracer.decide(fresh(self._tracer, test), self._loops)

    def __len__(self) -> int:
        raise LenError(
            f"len() of a traced value ({self._expr}) cannot be an int while main is "
            "traced", filename=self._tracer.file, lineno=self._tracer.lineno())

    # what only the native loop can do
    def __setattr__(self, name: str, value: Any) -> None:
        raise self._tracer.untraceable(
            f"setting {self._expr}.{name} changes a run, which only Motoko's loop can do")

    def _convert(self, what: str) -> Any:
        raise self._tracer.untraceable(
            f"{what}({self._expr}) needs the value itself, which is only known at run "
            "time")

    def __int__(self) -> int:
        return self._convert("int")  # type: ignore[no-any-return]

    def __float__(self) -> float:
        return self._convert("float")  # type: ignore[no-any-return]

    def __index__(self) -> int:
        return self._convert("index")  # type: ignore[no-any-return]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from motoko_airflow.calls import ARRAY_METHODS, STR_METHODS, VIEW_METHODS

        expr = self._expr
        unread.called(self._tracer, expr)
        if isinstance(expr, g.Attr) and (expr.name in VIEW_METHODS or (
                expr.name in STR_METHODS and (_plain_data(expr.value, self._tracer)
                                              or _field_text(expr.value)))) \
                and not kwargs and not (
                isinstance(expr.value, g.Runs) or isinstance(expr.value, g.Item)
                and expr.value.part in ("run", "job")) and not (
                expr.name in RECORD_METHODS and run_like(expr.value)) and (
                expr.name != "most_common" or _counter(expr.value)):
            # a dict's items/keys/values/get or a list's count/index, of a value known
            # at run time: called there (motoko_airflow.calls.method)
            call = g.Invoke(g.Function("motoko_airflow.calls", "method"),
                            (expr.value, g.Const(expr.name),
                             *(_operand(self._tracer, a) for a in args)))
            for arg in call.args[2:]:
                tuples.refuse_if(self._tracer, arg, f"{expr.name}() given a value")
            if expr.name in ("count", "index"):  # compares its argument with items
                tuples.refuse_if(self._tracer, expr.value, f"{expr.name}()")
            return self._derive(call, *args)
        if isinstance(expr, g.Attr) and expr.name in ARRAY_METHODS and not (
                isinstance(expr.value, g.Runs) or isinstance(expr.value, g.Item)
                and expr.value.part in ("run", "job")) and all(
                isinstance(k, str) for k in kwargs):
            from motoko_airflow.trace import records

            if not records.may_hold(self._tracer, expr.value):
                # a numpy array's sum/mean/argmin..., of a value known at run time
                # (a numpy call's result): called there (motoko_airflow.calls.array_method)
                values = [_operand(self._tracer, a) for a in (*args, *kwargs.values())]
                for value in values:
                    tuples.refuse_if(self._tracer, value, f"{expr.name}() given a value")
                call = g.Invoke(g.Function("motoko_airflow.calls", "array_method"),
                                (expr.value, g.Const(expr.name), *values[:len(args)]),
                                tuple(kwargs), tuple(values[len(args):]))
                return self._derive(call, *args, *kwargs.values())
        if isinstance(expr, g.Attr) and expr.name in _IN_PLACE_METHODS:
            raise self._tracer.untraceable(
                f".{expr.name}() changes in place a value known only at run time "
                f"({expr.value}): the DAG cannot follow the change into every name and "
                "view of it")
        raise self._tracer.untraceable(
            f"calling {self._expr}() on a traced value (a method of a run or a value) "
            "cannot be compiled")

    # formatting: a marker that to_expr reads back
    def _mark(self, expr: g.Expr) -> str:
        tracer = self._tracer
        tracer.markers.append((expr, self._loops))
        unread.made(tracer, expr, self._loops)  # format() may raise (a wrong spec)
        return f"\u27e8traced#{len(tracer.markers) - 1}\u27e9"

    # a tuple main builds is made again where it is formatted (tuples.rebuilt); else a
    # loop's item, crossing tasks, keeps its tuples (execution.to_json/view), and a
    # run-time function's result is main's own (tuples.rebuilt_or_kept)
    def __str__(self) -> str:
        return text_of(self, sys._getframe(1), "str")

    def __repr__(self) -> str:
        return text_of(self, sys._getframe(1), "repr")

    def __format__(self, spec: str) -> str:
        expr = tuples.rebuilt_or_kept(self._tracer, self._expr, "format()")
        # the spec may itself be formatted from a traced value: f"{x:.{digits}f}"
        return self._mark(g.Call("format", (expr, _string(self._tracer, spec, None))))


def _counter(expr: g.Expr) -> bool:
    """``collections.Counter(xs)`` made where it is read (a Counter passed on between
    tasks is a plain dict, which has no ``most_common``)."""
    return isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and (
        expr.callee.module, expr.callee.qualname) == ("collections", "Counter")


_FORMAT_VALUE = dis.opmap.get("FORMAT_VALUE")
_CALL = dis.opmap.get("CALL")
_NB_REMAINDER = (6, 19)  # BINARY_OP's arguments of % and %=


def text_of(symbol: Symbol, frame: Any, how: str) -> str:
    """``str(symbol)`` or ``repr(symbol)`` (``how``), asked for in ``frame``: the marker
    of its text made at run time (see :func:`_whole_text`)."""
    _whole_text(symbol, frame, f"{how}()")
    expr = tuples.rebuilt_or_kept(symbol._tracer, symbol._expr, f"{how}()")
    return symbol._mark(g.Call(how, (expr,)))


def _whole_text(symbol: Symbol, frame: Any, what: str) -> None:
    """Refuse a ``str()``/``repr()`` of a traced value whose text Python itself would
    change before ``main`` sees it: the marker standing for it would be changed instead,
    and the DAG would hold other text than ``main`` makes. ``main``'s own code asks
    for it in three ways that keep it whole: ``str(v)``/``repr(v)`` called by name,
    and an f-string's ``{v!s}``/``{v!r}`` with no format spec. A format spec after a
    conversion (``{v!s:>5}``), ``ascii()`` and ``{v!a}`` (they escape the marker),
    ``%``-formatting (``'%5s' % v`` pads it, ``'%.1s' % v`` cuts it, ``'%s' % v`` of a
    tuple output takes its items as the arguments) and any other call (``'{!s:>5}'.
    format(v)``) are refused. A library's code asking for it is left as it was. A run
    or a job is refused whatever asks: its text is BlackDynamite's object's, which the
    DAG's tasks do not hold."""
    tracer = symbol._tracer
    if run_like(symbol._expr):
        raise tracer.untraceable(
            f"{what} of a run or a job ({symbol._expr}) is BlackDynamite's text for its "
            "object, which the DAG's tasks do not hold; format its fields instead")
    reader = _order_reader(frame)
    if reader is not None:  # main called str/repr/ascii by name (checked for set order)
        if reader is ascii:
            raise tracer.untraceable(
                f"ascii() of a traced value ({symbol._expr}) escapes the text main makes "
                "only at run time; compare or format the value itself")
        return
    if frame.f_code.co_filename not in (getattr(tracer, "instrumented", None) or ()):
        return
    code, at = frame.f_code.co_code, frame.f_lasti
    if at + 1 >= len(code):
        return
    op, arg = code[at], code[at + 1]
    if op == _FORMAT_VALUE:
        if arg & 0x04 or arg & 0x03 == 3:
            raise tracer.untraceable(
                f"an f-string field converting a traced value ({symbol._expr}) with "
                f"{'!a' if arg & 0x03 == 3 else 'a conversion and a format spec'}: the "
                "DAG cannot give the text main makes; drop the conversion "
                "(f\"{v:>5}\") or format the value with str(v) first")
        return
    if op == _BINARY_OP and arg in _NB_REMAINDER:
        raise tracer.untraceable(
            f"%-formatting of a traced value ({symbol._expr}): its widths and precisions, "
            "and a tuple taken as its arguments, are only known at run time; write an "
            "f-string instead")
    if op == _CALL and _called_by_name(frame, at, what[:-2]):
        return
    raise tracer.untraceable(
        f"{what[:-2] if op != _CALL else 'a call'} formatting a traced value "
        f"({symbol._expr}) other than str(v), repr(v) or an f-string field: the DAG "
        "cannot give the text main makes; write an f-string instead")


def _order_reader(frame: Any) -> Any:
    """The built-in ``frame`` calls if it is the wrapper main's calls of order readers
    (``str``, ``repr``, ``ascii``, ...) go through (:mod:`.sequences`), else None."""
    from motoko_airflow.trace import sequences

    code = frame.f_code
    if code.co_filename != sequences.__file__ or code.co_name != "call" or \
            "function" not in code.co_freevars:
        return None
    return frame.f_locals.get("function")


def _called_by_name(frame: Any, at: int, name: str) -> bool:
    """Whether the call ``frame`` executes at ``at`` is ``name(...)`` in its source."""
    import ast
    import linecache

    positions = list(frame.f_code.co_positions())
    if at // 2 >= len(positions):
        return False
    line, end_line, column, end_column = positions[at // 2]
    if None in (line, end_line, column, end_column):
        return False
    lines = [linecache.getline(frame.f_code.co_filename, n) for n in range(line, end_line + 1)]
    if not all(lines):
        return False
    text = "".join(lines).encode()
    start = column
    end = len("".join(lines[:-1]).encode()) + end_column
    try:
        node = ast.parse(text[start:end].decode(), mode="eval").body
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == name


#: methods BlackDynamite's runs and jobs answer (over their stored entries, which a
#: run made by the DAG holds others of): never called at run time on a run or a job
RECORD_METHODS = frozenset({"items", "keys", "values", "get", "copy", "update",
                            "get_keys", "get_params"})


#: run-time calls whose value is made of their data arguments' elements, rearranged
#: (never an object of another type): a str method of an element is the str's
_ELEMENTS_OF = frozenset({
    ("builtins", "sorted"), ("builtins", "min"), ("builtins", "max"), ("builtins", "list"),
    ("builtins", "tuple"), ("motoko_airflow.calls", "dict_fill"),
    ("motoko_airflow.calls", "grouped")})
#: ... of which these keywords are no data (their functions order, nothing more)
_ORDERING_KEYWORDS = frozenset({"key"})


def _plain_data(expr: g.Expr, rec: Any, depth: int = 0,
                memo: dict[int, bool] | None = None) -> bool:
    """``expr`` is a run's output or job field, a param, or made from those by the
    graph's own operators, by fan-ins of them and by built-ins that only rearrange their
    elements (``sorted``, ``min``/``max`` with or without a key, a dict filled in a loop,
    its items): no other run-time call, which may return any object (a str method's name
    may be another object's, ``Path.replace`` renames a file); or the item of a loop over
    such a value (``depth``: loops looked through so far); and it is no run or job
    itself."""
    return not run_like(expr) and _made_of_data(expr, rec, depth,
                                                {} if memo is None else memo)


def _field_text(expr: g.Expr) -> bool:
    """``expr`` is a field of a value known at run time (``best.text`` of the run a
    ``max(key=)`` chose among a block's): a str method of it is called at run time only
    on a str or another plain value (:func:`motoko_airflow.calls.method`), where it
    changes nothing; on any other object (a path, an object of the workflow) the task
    fails loudly, never doing other work than ``main``."""
    from motoko_airflow.calls import STR_METHODS

    if isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and (
            expr.callee.module, expr.callee.qualname) == ("motoko_airflow.calls", "method") \
            and isinstance(expr.args[1], g.Const) and expr.args[1].value in STR_METHODS:
        return _field_text(expr.args[0])  # text.lower().strip(): one of those again
    return isinstance(expr, g.Attr) and not isinstance(expr.value, (g.Runs, g.Function))


def _made_of_data(expr: g.Expr, rec: Any, depth: int, memo: dict[int, bool]) -> bool:
    known = memo.get(id(expr))
    if known is None:
        known = memo[id(expr)] = _made_of_data_once(expr, rec, depth, memo)
    return known


def _made_of_data_once(expr: g.Expr, rec: Any, depth: int, memo: dict[int, bool]) -> bool:
    from motoko_airflow.calls import STR_METHODS, VIEW_METHODS

    if isinstance(expr, g.Item):
        if expr.part != "value":
            return True  # a run or job, whose fields are data (read by an Attr)
        loop = next((lp for lp in reversed(rec.all_loops) if lp.var == expr.loop), None)
        return loop is not None and depth < 8 and _plain_data(loop.over, rec, depth + 1)
    if isinstance(expr, g.Collect):
        # its elements are its value; what it goes over is read through its items
        return all(_plain_data(e, rec, depth, memo) for e in (expr.element, expr.where)
                   if e is not None)
    if isinstance(expr, g.Invoke):
        if not isinstance(expr.callee, g.Function):
            return False
        name = (expr.callee.module, expr.callee.qualname)
        if name == ("builtins", "slice"):
            return True
        if name == ("motoko_airflow.calls", "method"):
            if not (isinstance(expr.args[1], g.Const)
                    and expr.args[1].value in STR_METHODS | VIEW_METHODS):
                return False
        elif name not in _ELEMENTS_OF:
            return False
        return all(_plain_data(a, rec, depth, memo) for a in expr.args) and all(
            _plain_data(v, rec, depth, memo)
            for k, v in zip(expr.keywords, expr.values, strict=True)
            if k not in _ORDERING_KEYWORDS)
    if isinstance(expr, g.Function):
        return False
    return all(_made_of_data(e, rec, depth, memo) for e in g.subexpressions(expr))


def run_like(expr: g.Expr) -> bool:
    """``expr`` may be a run, a job, a (run, job) pair or a list of them: runs reached
    by items only (``runs[0][0]``), not an output (``run.table``)."""
    while isinstance(expr, g.Index):
        expr = expr.value
    return isinstance(expr, (g.Runs, g.Item)) and not (
        isinstance(expr, g.Item) and expr.part == "value")


_BINARY_OP = dis.opmap.get("BINARY_OP")
_FIRST_IN_PLACE = 13  # BINARY_OP's arguments from NB_INPLACE_ADD on are x op= y


def in_place_op(frame: Any) -> bool:
    """Whether ``frame`` is executing an augmented assignment (``x += y``, ...)."""
    code, at = frame.f_code.co_code, frame.f_lasti
    return _BINARY_OP is not None and at + 1 < len(code) and code[at] == _BINARY_OP \
        and code[at + 1] >= _FIRST_IN_PLACE


def _operator(op: str, reverse: bool = False) -> Callable[[Symbol, Any], Symbol]:
    def method(self: Symbol, other: Any) -> Symbol:
        if op in _ORDERING and isinstance(other, tuple) and not _run_pair(other):
            # the graph's values are JSON: a tuple would be compared as a list, and a
            # list is never equal to a tuple natively; unless both sides are made again
            # at run time as main has them (tuples.native)
            left, right = self._now(), _operand(self._tracer, other)
            if reverse:
                left, right = right, left
            l_again, r_again = tuples.native(self._tracer, left), tuples.native(
                self._tracer, right)
            if l_again is not None and r_again is not None:
                return self._derive(g.BinOp(op, l_again, r_again), other)
            raise self._tracer.untraceable(
                f"comparing a traced value ({self._expr}) with a tuple is only known at "
                "run time (the graph holds a tuple as a list; natively [1, 1] != (1, 1))")
        if op in _ORDERING and isinstance(other, (list, tuple)) and self._tracer.tuple_params:
            tupled = sorted({e.name for e in g.walk(self._expr) if isinstance(e, g.Param)
                             and e.name in self._tracer.tuple_params})
            if tupled:
                # natively the option not given is its tuple default, never equal to a
                # list; a DAG run holds a list
                raise self._tracer.untraceable(
                    f"comparing {self._expr} (populate_arg_parser gives {tupled[0]} a "
                    "tuple default, a DAG run a list) with a sequence is only known at "
                    "run time")
        if not reverse and in_place_op(sys._getframe(1)):
            if op in ("*", "|", "&", "^"):  # a list repeated, a dict or set updated in place
                self._not_in_place(op)
            elif _may_be_array(self._expr) or segment_made(self._tracer,
                                                           self._expr) is not None:
                # h /= 2 on a run-time call's array (numpy.array(...)) or a segment's
                # set (s -= {x}) changes it in place: every other name for it sees it
                raise self._tracer.untraceable(
                    f"{op}= on a traced value ({self._expr}) that may be an array or a set "
                    f"changes it in place natively (x = x {op} ... does not)")
        if reverse and in_place_op(sys._getframe(1)) and not isinstance(
                other, (int, float, complex, bool, str, bytes, tuple, frozenset, type(None))):
            # plain_list += traced: natively the plain list itself grows (every other
            # name for it, a param's own list, sees the change), as does an array or a
            # set; here the name would be rebound to a new value
            raise self._tracer.untraceable(
                f"{op}= of a traced value ({self._expr}) onto a {type(other).__name__} "
                f"changes that {type(other).__name__} in place natively")
        return self._binop(op, other, reverse)

    return method


_ORDERING = frozenset({"<", "<=", ">", ">=", "==", "!="})

#: methods of dicts, lists and sets that change their object
_IN_PLACE_METHODS = frozenset({
    "update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert",
    "remove", "sort", "reverse", "add", "discard", "difference_update",
    "intersection_update", "symmetric_difference_update"})


def _run_pair(value: Any) -> bool:
    from motoko_airflow.trace.loops import RunPair

    return isinstance(value, RunPair)

for _name, _op in {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//",
                   "mod": "%", "pow": "**", "and": "&", "or": "|", "xor": "^",
                   "lshift": "<<", "rshift": ">>"}.items():
    setattr(Symbol, f"__{_name}__", _operator(_op))
    setattr(Symbol, f"__r{_name}__", _operator(_op, reverse=True))
for _name, _op in {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!="}.items():
    setattr(Symbol, f"__{_name}__", _operator(_op))


def _divmod(self: Symbol, other: Any) -> tuple[Symbol, Symbol]:
    # divmod(a, b) is (a // b, a % b) for ints, floats (CPython computes both from
    # the same float_divmod) and numpy values: a tuple of the two, each read at run time
    return self // other, self % other


def _rdivmod(self: Symbol, other: Any) -> tuple[Symbol, Symbol]:
    return other // self, other % self


setattr(Symbol, "__divmod__", _divmod)  # noqa: B010 - as the operators above
setattr(Symbol, "__rdivmod__", _rdivmod)  # noqa: B010


def made_per_item(value: Any) -> tuple[Any, ...]:
    """The ended loops over traced lists a value not awaited yet was made per item of
    (``__trace_loops__``: a ``createTask`` made in a comprehension over one), or ()."""
    made = getattr(type(value), "__trace_loops__", None)
    return tuple(made(value)) if made is not None else ()


def loops_of(value: Any) -> tuple[Any, ...]:
    if isinstance(value, Symbol):
        return value._loops
    if isinstance(value, (list, tuple)):
        out: list[Any] = []
        loop = getattr(value, "_loop", None)  # a (run, job) pair
        if loop is not None:
            out.append(loop)
        for v in (list.__iter__(value) if isinstance(value, list)
                  else tuple.__iter__(value)):
            out.extend(lp for lp in loops_of(v) if lp not in out)
        return tuple(out)
    if isinstance(value, dict):
        return loops_of(list(value.values()))
    if _workflow_object(value) and id(value) not in _VISITING:
        # an object of a class of the workflow (a dataclass of results): its attributes'
        _VISITING.add(id(value))
        try:
            return loops_of(list(vars(value).values()))
        finally:
            _VISITING.discard(id(value))
    return ()


_VISITING: set[int] = set()


def _workflow_object(value: Any) -> bool:
    """An instance of a class defined in the workflow's own code."""
    if isinstance(value, type) or not isinstance(getattr(value, "__dict__", None), dict):
        return False
    from motoko_airflow.trace.state import active

    rec = active()
    module = sys.modules.get(type(value).__module__)
    return rec is not None and module is not None and (
        getattr(module, "__file__", None) in rec.instrumented)


# ---------------------------------------------------------------- conversion


#: built-ins of graph calls whose result is never a list (sum of one argument: of
#: numbers; a list of lists has no sum without a start)
_SCALAR_CALLS = tuples.SCALAR_CALLS


def _augmented_name(text: str) -> str | None:
    """``x`` of a source line ``x += ...`` (a name, not an item), or None."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    stmt = tree.body[0] if len(tree.body) == 1 else None
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    return None


def segment_made(rec: Recorder, expr: g.Expr) -> tuple[list[str], str] | None:
    """The variables of a segment ``expr`` reads (``segments.value(runs, "seen")``) and
    that segment's lines, or None."""
    names: list[str] = []
    node_id = None
    for e in g.walk(expr):
        if isinstance(e, g.Invoke) and isinstance(e.callee, g.Function) and (
                e.callee.module, e.callee.qualname) == ("motoko_airflow.segments", "value") \
                and len(e.args) == 2 and isinstance(e.args[0], g.Runs) \
                and isinstance(e.args[1], g.Const):
            node_id = e.args[0].node
            if e.args[1].value not in names:
                names.append(str(e.args[1].value))
    node = next((r.node for r in rec.recorded if r.node.id == node_id), None)
    if not isinstance(node, g.SegmentNode):
        return None
    # its reason names its lines ("the loop of lines 22-24 runs", "lines 22-24 (tasks")
    found = re.search(rf"lines {node.line}-(\d+)", node.reason)
    return names, f"{node.line}-{found.group(1)}" if found else str(node.line)


def may_be_list(tracer: Recorder, expr: g.Expr) -> bool:
    """Whether ``expr``'s value may be a list (or another mutable sequence): a list
    param, a list constant, a sorted()/zip() or run-time call, a run output, an item of
    a list; ``a + b`` when ``a`` may be one (or ``b`` a run-time call's array), ``a * b``,
    ``a or b`` when either side may be one."""
    if isinstance(expr, g.Const):
        return isinstance(expr.value, (list, dict))
    if isinstance(expr, g.Param):
        return not _scalar_param(tracer, expr.name)
    if isinstance(expr, g.UnaryOp):
        return False
    if isinstance(expr, g.Call):
        return expr.function not in _SCALAR_CALLS and not (
            expr.function == "sum" and len(expr.args) == 1)
    if isinstance(expr, g.BinOp):
        if expr.op == "+":  # a number plus a list raises: a list on the right only
            # counts where it may be an array (a run-time call's result)
            return may_be_list(tracer, expr.left) or may_be_list(tracer, expr.right) and \
                any(isinstance(e, g.Invoke) for e in g.walk(expr.right))
        if expr.op in ("*", "and", "or"):  # 3 * [x] is a list; `a or b` is a or b
            return may_be_list(tracer, expr.left) or may_be_list(tracer, expr.right)
        return False
    if isinstance(expr, g.Cond):
        return may_be_list(tracer, expr.then) or may_be_list(tracer, expr.orelse)
    return True


def _may_be_array(expr: g.Expr) -> bool:
    """Whether ``expr``'s value may be an object an augmented assignment changes in
    place other than a list: the result of a call made at run time (``numpy.array(...)``:
    ``h /= 2`` halves the array every other name for it holds), or an item or part of
    one; not a number such a result is turned into (``float(...)``, ``len(...)``)."""
    if isinstance(expr, g.Call) and expr.function in _SCALAR_CALLS:
        return False
    return any(isinstance(e, g.Invoke) for e in g.walk(expr))


def _scalar_param(tracer: Recorder, name: str) -> bool:
    """Whether a DAG param is never a list (known from populate_arg_parser)."""
    spec = tracer.params.get(name)
    if spec is None:
        return False
    types = spec.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    return bool(types) and "array" not in types


def _broken(loop: Any) -> bool:
    """Left by a ``break`` in its (only traced) first iteration, on no test of its item."""
    return bool(loop.left_early and not loop.open and not loop.decided
                and not loop.list_driven)


def _operand(tracer: Recorder, value: Any) -> g.Expr:
    if isinstance(value, Symbol):
        return value._now()
    if not _holdable(value):
        from motoko_airflow.trace.blocks import array_expr

        array = array_expr(value)
        if array is not None:  # a numpy array of numbers: made again at run time
            return array
        # natively a valid operand (a Fraction, an array of objects): Python answers
        # for it in main, from here on (partial fallback), not the DAG
        raise tracer.untraceable(
            f"a {type(value).__name__} value combined with a value only known at run "
            "time: the DAG holds numbers, strings, booleans, lists and dicts of them")
    return to_expr(tracer, value, None)


def _holdable(value: Any) -> bool:
    """Whether ``to_expr`` can write ``value`` into the graph."""
    if isinstance(value, Symbol) or getattr(type(value), "__trace_expr__", None) is not None:
        return True
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_holdable(v) for v in (list.__iter__(value) if isinstance(value, list)
                                          else tuple.__iter__(value)))
    if isinstance(value, dict):
        return all(isinstance(k, str) and _holdable(v) for k, v in value.items())
    return False


def after_loops(expr: g.Expr, ended: list[Any]) -> g.Expr:
    """A value computed in loops left by a ``break`` in their first iteration, as Python
    leaves it: from their first item."""
    position = {lp.var: (lp.over, g.Const(0)) for lp in ended}

    def item(e: g.Expr) -> g.Expr:
        if not isinstance(e, g.Item) or e.loop not in position:
            return e
        over, index = position[e.loop]
        value: g.Expr = g.Index(over, index)
        if e.part == "value":
            return value
        return g.Index(value, g.Const(0 if e.part == "run" else 1))

    return g.map_expr(expr, item)


def fresh(tracer: Recorder, expr: g.Expr, keep: tuple[Any, ...] = ()) -> g.Expr:
    """``expr`` with the runs of a task made inside loops that have ended meaning all its
    runs again (inside the loop they are the current item's), except for a loop in
    ``keep`` or one a fan-in around them goes over (``Collect`` of that loop): its
    element is evaluated once per item of the loop, where the runs are again that
    item's (``[run.y for x in xs]`` of ``(run, job), = await wf.a.createTask(x=x)``)."""
    if not any(isinstance(e, g.Runs) and e.scope for e in g.walk(expr)):
        return expr
    done: dict[tuple[int, tuple[Any, ...]], tuple[g.Expr, g.Expr]] = {}

    def kept(lp: Any, bound: tuple[tuple[str, g.Expr], ...]) -> bool:
        return lp.open or any(lp is k for k in keep) or any(
            var == lp.var and (over is lp.over or over == lp.over) for var, over in bound)

    def go(e: g.Expr, bound: tuple[tuple[str, g.Expr], ...]) -> g.Expr:
        key = (id(e), tuple(id(o) for _, o in bound))
        known = done.get(key)
        if known is not None:
            return known[1]
        out = e
        if isinstance(e, g.Runs):
            if e.scope:
                still = {lp.var for lp in tracer.node_loops.get(e.node, ())
                         if kept(lp, bound)}
                scope = tuple(v for v in e.scope if v in still)
                out = e if scope == e.scope else g.Runs(e.node, scope)
        else:
            changes: dict[str, Any] = {}
            inner = ((e.loop, e.over),) + bound if isinstance(e, g.Collect) else bound
            for name, many in g._children(type(e)):
                value = getattr(e, name)
                if value is None:
                    continue
                where = bound if name == "over" else inner
                new: Any = tuple(go(v, where) for v in value) if many else go(value, where)
                if (any(a is not b for a, b in zip(new, value, strict=True)) if many
                        else new is not value):
                    changes[name] = new
            if changes:
                out = dataclasses.replace(e, **changes)  # type: ignore[arg-type]
        done[key] = (e, out)
        return out

    return go(expr, ())


def _string(tracer: Recorder, text: str, loops: list[Any] | None) -> g.Expr:
    """A string, with the markers of formatted symbols turned back into expressions."""
    parts: list[g.Expr] = []
    position = 0
    for match in _MARK.finditer(text):
        if match.start() > position:
            parts.append(g.Const(text[position:match.start()]))
        expr, marker_loops = tracer.markers[int(match.group(1))]
        if loops is not None:
            loops.extend(lp for lp in marker_loops if lp not in loops)
        parts.append(expr)
        position = match.end()
    if not parts:
        return g.Const(text)
    if position < len(text):
        parts.append(g.Const(text[position:]))
    result = parts[0]
    for part in parts[1:]:
        result = g.BinOp("+", result, part)
    return result


def plain(tracer: Recorder, value: Any, loops: list[Any] | None = None) -> g.Expr:
    if isinstance(value, str):
        return _string(tracer, value, loops)
    if value is None or isinstance(value, (bool, int, float)):
        return g.Const(value)
    # a cut, not an error: main may well run with it (a dict of asyncio tasks given to
    # a run-time call), so the part of main from here runs natively
    raise tracer.untraceable(
        f"a {type(value).__name__} value cannot be passed through the DAG (it holds "
        "numbers, strings, booleans, lists and dicts of them)")


def to_expr(tracer: Recorder, value: Any, loops: list[Any] | None) -> g.Expr:
    """Convert a value built by the orchestrator into an expression.

    ``loops`` (when given) collects the open loops the value depends on. A list whose
    elements come from loops that have ended is a fan-in: each such element stands
    for all the items of its loop (``[run.y for run, job in runs]`` has one element,
    made in the loop's only symbolic iteration), and lists are concatenated.
    """
    if isinstance(value, Symbol):
        spend = getattr(type(value), "_spend", None)
        if spend is not None:  # an iterator: used as a value, it gives its items once
            spend(value)
        if loops is not None:
            loops.extend(lp for lp in value._loops if lp not in loops)
        # an element of a list whose loops have ended is collected over them (see
        # _sequence): the runs it reads stay those of the item it was made for, and so
        # do those of a value inside it (``(run.y, x)``: the tuple has the loop of x)
        keep = value._loops + _COLLECTED_OVER[-1] if _COLLECTING[0] else ()
        return fresh(tracer, value._expr, keep)
    trace_expr = getattr(type(value), "__trace_expr__", None)
    if trace_expr is not None:
        return fresh(tracer, trace_expr(value))
    from motoko_airflow.trace import records

    if records.is_record(value):  # given to a run-time call: made again by its class
        return records.expr(tracer, value, loops)
    if isinstance(value, (list, tuple)):
        if isinstance(value, list):
            tracer.converted_lists.append(value)  # a block changing it later is refused
        return _sequence(tracer, value, loops)
    if isinstance(value, dict):
        tracer.converted_dicts.append(value)  # a loop filling it later is refused
        keys = []
        for key in value:
            if not isinstance(key, str):
                raise tracer.error(f"dict keys passed to createTask must be strings: {key!r}")
            keys.append(key)
        return g.DictExpr(tuple(keys), tuple(to_expr(tracer, value[k], loops) for k in keys))
    return plain(tracer, value, loops)


#: how many list elements are being converted: an element made in loops that have ended
#: becomes a fan-in over them (``Collect``), whose element is evaluated once per item, so
#: the runs of a task it reads keep those loops in their scope (``to_expr``). Without it,
#: ``(run, job), = await wf.a.createTask(x=x)`` then ``out.append(run.y)`` in a loop over
#: a list param gave ``[runs(a)[0][0].y for x in xs]``: the first item's run, every time
_COLLECTING = [0]
#: the ended loops the element being converted is collected over (``_sequence``): a
#: value inside it made in one of them reads that item's runs (``out.append((run.y,
#: x))`` in a loop over a traced list, ``run`` its createTask's: without it the DAG
#: read the first item's run for every item)
_COLLECTED_OVER: list[tuple[Any, ...]] = [()]


def _sequence(tracer: Recorder, value: list[Any] | tuple[Any, ...],
              loops: list[Any] | None) -> g.Expr:
    segments: list[g.Expr] = []
    run: list[g.Expr] = []  # plain elements waiting to become a ListExpr
    # the loops the list was made in (``[run.y, us]`` in a comprehension over runs): one
    # list per item of them, not a fan-in over them, though they have ended since
    born: frozenset[int] = getattr(value, "_born", frozenset())
    for element in (list.__iter__(value) if isinstance(value, list)
                    else tuple.__iter__(value)):
        inner: list[Any] = []
        over = _COLLECTED_OVER[-1]
        if isinstance(value, list):
            over += tuple(lp for lp in loops_of(element) if not lp.open
                          and not lp.reiterated and id(lp) not in born)
        _COLLECTING[0] += isinstance(value, list)
        _COLLECTED_OVER.append(over)
        try:
            expr = to_expr(tracer, element, inner)
        finally:
            _COLLECTING[0] -= isinstance(value, list)
            _COLLECTED_OVER.pop()
        ended = [lp for lp in inner if not lp.open and not lp.reiterated
                 and id(lp) not in born]
        if isinstance(value, list) and ended:
            if run:
                segments.append(g.ListExpr(tuple(run)))
                run = []
            segments.append(collect(tracer, ended, element, expr))
            still = [lp for lp in inner if lp.open or id(lp) in born]
        else:
            run.append(expr)
            still = inner
        if loops is not None:
            loops.extend(lp for lp in still if lp not in loops)
    if isinstance(value, tuple):  # main holds a tuple here, the DAG a list
        return g.TupleExpr(tuple(run))
    if run or not segments:
        segments.append(g.ListExpr(tuple(run)))
    result = segments[0]
    for segment in segments[1:]:
        result = g.BinOp("+", result, segment)
    return result


#: what the element of a flattened list of a mapped node's runs may be made of
_FLAT_PARTS = (g.Item, g.Attr, g.Index, g.Const, g.Param, g.BinOp, g.UnaryOp, g.ListExpr,
               g.TupleExpr, g.DictExpr, g.Call, g.Invoke, g.Function)


def _flattened_runs(tracer: Recorder, ended: list[Any], expr: g.Expr) -> bool:
    """The outer loop goes over the results ``asyncio.gather`` gave for a ``createTask``
    made in it (the loop that mapped its node, and only that one), the inner one over
    each result's runs, and the element reads only the inner loop's run and job: the
    list is the node's runs, each item's after the one before (the order the DAG keeps
    them in)."""
    outer, inner = ended
    over = inner.over
    if not (isinstance(over, g.Runs) and not over.scope):
        return False
    made_in = tracer.node_loops.get(over.node)
    if made_in is None or len(made_in) != 1 or made_in[0] is not outer:
        return False
    return all(isinstance(e, _FLAT_PARTS) and (
        not isinstance(e, g.Item) or e.loop == inner.var) for e in g.walk(expr))


def collect(tracer: Recorder, ended: list[Any], element: Any, expr: g.Expr) -> g.Expr:
    """The fan-in of an element made in loops that have ended (innermost last)."""
    if isinstance(element, tuple) and len(ended) == 1 and expr == g.ListExpr(
            (g.Item(ended[0].var, "run"), g.Item(ended[0].var, "job"))):
        over = ended[0].over
        if isinstance(over, g.Runs):
            return over  # [(run, job) for run, job in runs] is the runs themselves
        return g.Collect(ended[0].var, over, g.Item(ended[0].var))
    if len(ended) == 2 and _flattened_runs(tracer, ended, expr):
        # [run.id for runs in gather(*[wf.sq.createTask(x=x) for x in xs]) for run, job
        # in runs]: each item's runs, one item after the other, are the mapped node's
        return g.Collect(ended[1].var, ended[1].over, expr)
    if len(ended) == 2 and (ended[0] in ended[1].within or ended[1] in ended[0].within):
        # made in a loop inside another (`for run, job in runs: for x in job.x + dx:
        # fine.append(...)`): each outer item's inner items, one after the other, as
        # natively (the inner loop's list read per outer item)
        outer, inner = ended if ended[0] in ended[1].within else ended[::-1]
        return g.Call("sum", (g.Collect(outer.var, outer.over, g.Collect(
            inner.var, inner.over, expr)), g.ListExpr(())))
    if len(ended) > 1:
        raise tracer.untraceable(
            "a list built by nested loops that have ended cannot be compiled (build it "
            "with one loop per list, or flatten it with sum(..., []) to compile it)")
    return g.Collect(ended[0].var, ended[0].over, expr)
