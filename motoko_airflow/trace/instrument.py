"""The code of the workflow, compiled so that Python never answers for a stand-in.

The orchestrator module, and every module of the workflow directory it imports (its
helpers), are compiled from their AST with these rewrites (:class:`Instrument`), and
run on a fresh import for every path of ``main`` (no module state survives from one
path to the next):

- every loop body starts with ``__motoko_loop_iteration__(<line>)`` (which iteration of
  an unrolled loop a step was made in);
- ``a is b`` / ``a is not b`` and single comparisons (``==``, ``<``, ``in``...) call the
  tracer, which refuses identity tests of stand-ins and comparisons of formatted
  values (``str(run.y) == "1.0"`` would be answered on a placeholder string);
- ``v[k]`` and method calls ``v.m(...)`` go through the tracer, which refuses them on
  formatted values (``str(run.y).replace(...)``) and refuses dict/set methods given one;
  a Python function of another module than the workflow's (a library, which Python
  runs uninstrumented) given a traced value stops the trace (``logging`` aside);
- what a ``for`` loop, a comprehension, ``*xs`` or ``a, b = xs`` iterates goes through
  ``__motoko_iter__``,
  which refuses a set whose order changes from one process to the next (strings);
- the subject of a ``match`` with a class, sequence, mapping or singleton pattern goes
  through ``__motoko_match__``, which refuses one holding a traced value (Python tests
  those patterns on the stand-in's type, length and identity);
- ``__name__`` reads ``__motoko_name__``: the module's name in a native run (the trace
  imports the orchestrator under another name, one per path);
- a dict comprehension is built from the list of its ``(key, value)`` pairs (see
  :func:`.calls.dict_comprehension`);
- list displays and list comprehensions make a :class:`~.sequences.TracedList`,
  generator expressions a :class:`~.sequences.TracedGen` (see :mod:`.sequences`);
  one unpacked (``f(*(g(x) for x in xs))``, ``[*(...)]``) is consumed whole through
  ``__motoko_star__``, as Python does there, into a fan-in list;
- the body of a ``try`` whose ``except`` may swallow an error, or with a ``finally``
  (it runs whatever the body raises), runs under
  ``with __motoko_guard__():``: there, an operation on a traced value (an index, an
  attribute, arithmetic...) stops the trace, since whether it raises natively (an
  ``IndexError`` on a short list param, a ``KeyError``...) is only known at run time;
  a ``try`` without ``finally`` whose every ``except`` names only the module's own plain
  exception classes
  (:func:`own_exceptions`: only the workflow's ``raise`` statements can raise them)
  runs under ``with __motoko_guard__(True):``, where operations on data are traced and
  only what may run the workflow's code at run time stops the trace;
- an error leaving the body of such a ``try`` that a stand-in may have made Python
  raise (:mod:`.blame`: ``ord(run.text)``, ``'%-*s' % (run.y, s)``) becomes a stop
  before an ``except`` can catch it; the context manager of a ``with`` is given to
  ``__motoko_shield__``, which runs the body as such a ``try``'s (its manager may
  swallow an error: ``contextlib.suppress``), unless it is a file;
- ``a % b`` and ``name %= b`` call ``__motoko_percent__``/``__motoko_ipercent__``
  (``d[k] %= b`` and ``o.a %= b`` give ``b`` to ``__motoko_pcheck__`` with the target
  read again),
  every f-string field ``{x!c:spec}`` is ``{__motoko_format__(__motoko_convert__(x,
  c), spec)}`` (Python's order: ``x``, its conversion, then the spec), and
  ``str.format``/``format_map``/``format()`` go through :mod:`.texts`, which refuses
  a width, a precision or an escape applied to a string holding a traced value's
  text (Python would change the placeholder standing for it, not the text);
- each operand of a chained comparison (``a < b < c``, which Python compares
  itself) goes through ``__motoko_chained__``: a string formatted from a traced value,
  or a traced value where the chain tests identity, stops the trace there;
- every truth Python tests (``if``, ``while``, ``x if t else y``, ``and``/``or`` but
  the last operand, ``not``, ``assert``, a comprehension's or a case's ``if``) goes
  through ``__motoko_truth__`` first: a string made only of traced values' texts
  (its placeholder is never empty, the text may be) stops the trace there;
- every function starts with ``__motoko_enter__(<line>)``: a function that changes
  objects it does not own (globals, its arguments) may not run inside a loop traced
  once, nor in a branch of ``asyncio.gather`` (Motoko's loop interleaves those).
- an ``if`` whose branches only make steps (:func:`joinable_ifs`: ``await
  workflow.<tm>.createTask(...)`` of plain expressions, names read only later in the
  same branch, nested such ``if`` statements) runs as ``for side in __motoko_sides__(test,
  names): with side: if side: ... else: ...``: on a traced test, both branches run,
  each under its guard, and the decision merges at its join (see :mod:`.joins`).

:func:`loop_obstacle` is the static check of a loop traced once (mapped): what its body
carries to a later iteration or past the loop (see its docstring).
:class:`WorkflowImporter` imports the workflow's own modules this way while tracing.
"""

from __future__ import annotations

import ast
import functools
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["ITERATION", "JOIN_CALLS", "MATCH", "RAISE", "SIDES", "Instrument", "WorkflowImporter",
           "compile_instrumented", "forget_files", "function_obstacle", "joinable_ifs",
           "loop_collectors", "loop_obstacle"]

ITERATION = "__motoko_loop_iteration__"
IS, COMPARE, ITEM, METHOD = ("__motoko_is__", "__motoko_compare__", "__motoko_item__",
                             "__motoko_method__")
LIST, MARK, GEN, ENTER, SLICE = ("__motoko_list__", "__motoko_mark__", "__motoko_gen__",
                                 "__motoko_enter__", "__motoko_slice__")
CALL, GUARD, SHIELD = "__motoko_call__", "__motoko_guard__", "__motoko_shield__"
DICT = "__motoko_dict__"
FILL, FILLING = "__motoko_fill__", "__motoko_filling__"
UPDATE, SORT = "__motoko_update__", "__motoko_sort__"
NAME = "__motoko_name__"
ITER = "__motoko_iter__"
#: the patterns Python tests on the object itself: its class, length or keys, identity
_STRUCTURAL = {ast.MatchClass: "class", ast.MatchSequence: "sequence",
               ast.MatchMapping: "mapping", ast.MatchSingleton: "singleton"}


def _pattern_kinds(patterns: list[ast.pattern]) -> tuple[set[str], bool]:
    """The kinds of structural patterns testing a match's subject itself (its cases'
    patterns, through ``as`` and ``|``), and whether one tests a part of it (a pattern
    nested in a sequence, mapping or class pattern)."""
    top: set[str] = set()
    nested = False
    for pattern in patterns:
        while isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
            pattern = pattern.pattern
        if isinstance(pattern, ast.MatchOr):
            more_top, more_nested = _pattern_kinds(pattern.patterns)
            top |= more_top
            nested = nested or more_nested
            continue
        kind = _STRUCTURAL.get(type(pattern))
        if kind is None:
            continue
        top.add(kind)
        parts: list[ast.pattern] = []
        if isinstance(pattern, ast.MatchSequence):
            parts = pattern.patterns
        elif isinstance(pattern, ast.MatchMapping):
            parts = pattern.patterns
        elif isinstance(pattern, ast.MatchClass):
            parts = [*pattern.patterns, *pattern.kwd_patterns]
        nested = nested or any(type(n) in _STRUCTURAL for part in parts
                               for n in ast.walk(part))
    return top, nested
STAR = "__motoko_star__"
SIDES = "__motoko_sides__"
RAISE = "__motoko_raise__"
MATCH = "__motoko_match__"
TRUTH = "__motoko_truth__"
CHAINED = "__motoko_chained__"
PERCENT, IPERCENT = "__motoko_percent__", "__motoko_ipercent__"
PCHECK = "__motoko_pcheck__"
CONVERT, FORMAT = "__motoko_convert__", "__motoko_format__"

_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
        ast.GtE: ">=", ast.In: "in", ast.NotIn: "not in"}


#: built-in exceptions Python itself catches somewhere (iteration, ``getattr`` with a
#: default, the old ``__getitem__`` iteration protocol): an own class may not derive
#: from them
_PYTHON_CATCHES = (StopIteration, StopAsyncIteration, AttributeError, LookupError)
#: calls that reach a module's names by their text
_NAMESPACE_CALLS = frozenset({"globals", "vars", "locals", "setattr", "getattr", "exec",
                              "eval", "__import__", "delattr"})


def own_exceptions(tree: ast.Module) -> frozenset[str]:
    """The module's own plain exception classes: a top-level ``class E(RuntimeError):
    pass`` (a docstring or ``pass`` only; no decorator, keyword or metaclass; bases
    built-in ``Exception`` subclasses Python never catches itself, or classes of this
    set), whose name the module binds once and uses only in ``raise E``/``raise
    E(...)``, ``except E``/``except (E, F)`` and the bases of such classes. Only the
    workflow's own ``raise`` statements can raise one: no library gets the class, no
    built-in operation on data raises it, and nothing rebinds the name (a module that
    reaches names by their text, ``globals()``, ``setattr``..., has none)."""
    import builtins

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in _NAMESPACE_CALLS:
            return frozenset()
        if isinstance(node, ast.Attribute) and node.attr in ("__dict__", "__class__"):
            return frozenset()
    bound: dict[str, int] = {}

    def bind(name: str) -> None:
        bound[name] = bound.get(name, 0) + 1

    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bind(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bind(node.name)
        elif isinstance(node, ast.alias):
            bind((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                bind(name)
        elif isinstance(node, ast.arg):
            bind(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bind(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bind(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bind(node.rest)
    own: set[str] = set()
    for stmt in tree.body:
        if not isinstance(stmt, ast.ClassDef) or stmt.decorator_list or stmt.keywords \
                or getattr(stmt, "type_params", None) or bound.get(stmt.name) != 1 \
                or not stmt.bases:
            continue
        if not all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(
                s.value, ast.Constant) and isinstance(s.value.value, str))
                for s in stmt.body):
            continue
        ok = True
        for base in stmt.bases:
            if not isinstance(base, ast.Name):
                ok = False
            elif base.id in own:
                continue
            else:
                value = getattr(builtins, base.id, None)
                ok = ok and base.id not in bound and isinstance(value, type) and \
                    issubclass(value, Exception) and not issubclass(value, _PYTHON_CATCHES)
        if ok:
            own.add(stmt.name)
    if not own:
        return frozenset()
    # every other use of the name: only raised, caught, or a base of an own class
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            allowed.add(id(exc))
        elif isinstance(node, ast.ExceptHandler) and node.type is not None:
            kinds = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            allowed |= {id(k) for k in kinds}
        elif isinstance(node, ast.ClassDef) and node.name in own:
            allowed |= {id(b) for b in node.bases}
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            # with contextlib.suppress(E, F): only catches them
            for item in node.items:
                if _suppress_call(item.context_expr):
                    allowed |= {id(a) for a in item.context_expr.args}  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in own and id(node) not in allowed:
            own.discard(node.id)
    return frozenset(own)


def _suppress_call(node: ast.expr) -> bool:
    """``suppress(...)`` or ``contextlib.suppress(...)`` of names, without keywords."""
    if not isinstance(node, ast.Call) or node.keywords or not node.args or not all(
            isinstance(a, ast.Name) for a in node.args):
        return False
    func = node.func
    return isinstance(func, ast.Name) and func.id == "suppress" or isinstance(
        func, ast.Attribute) and func.attr == "suppress" and isinstance(
        func.value, ast.Name) and func.value.id == "contextlib"


def _catches_own(handlers: list[ast.ExceptHandler], own: frozenset[str]) -> bool:
    """Every ``except`` names classes of ``own`` only (:func:`own_exceptions`)."""
    for handler in handlers:
        if handler.type is None:
            return False
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if not kinds or not all(isinstance(k, ast.Name) and k.id in own for k in kinds):
            return False
    return True


def _reraises(handler: ast.ExceptHandler) -> bool:
    """An ``except`` that ends with a bare ``raise``: it lets every error through."""
    last = handler.body[-1] if handler.body else None
    return isinstance(last, ast.Raise) and last.exc is None


def _pure(node: ast.expr) -> bool:
    """Evaluating ``node`` twice gives the same value and does nothing else: names,
    constants, attributes, items and arithmetic of those (no call)."""
    return all(isinstance(n, (ast.Name, ast.Constant, ast.Attribute, ast.Subscript,
                              ast.BinOp, ast.UnaryOp, ast.Tuple, ast.expr_context,
                              ast.operator, ast.unaryop)) or (
                   isinstance(n, ast.expr) and _is_call(n, ITEM))
               for n in ast.walk(node))


def _loaded(node: ast.expr) -> ast.expr:
    """A copy of ``node`` to read again (its own ``ctx`` Load)."""
    import copy

    new = copy.deepcopy(node)
    for n in ast.walk(new):
        if hasattr(n, "ctx"):
            n.ctx = ast.Load()
    return new


def _truth(test: ast.expr) -> ast.expr:
    """``test`` given to ``__motoko_truth__`` (:func:`.texts.truth`) before Python tests
    its truth."""
    return ast.copy_location(_call(TRUTH, test), test)


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(ast.Name(name, ast.Load()), list(args), [])


def _is_call(node: ast.expr, name: str) -> bool:
    """Whether ``node`` is a call of the tracer's ``name`` this rewrite made."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == name


class Instrument(ast.NodeTransformer):
    """The rewrites listed in the module docstring."""

    def __init__(self, joinable: dict[int, tuple[str, ...]] | None = None,
                 fillable: dict[int, tuple[str, str]] | None = None,
                 rebinds: dict[int, str] | None = None,
                 own: frozenset[str] = frozenset()) -> None:
        self.own = own  # the module's own exception classes (own_exceptions)
        self.joinable = joinable or {}  # id(if node) -> the names its branches read
        self.fillable = dict(fillable or {})  # id(for node) -> (dict name, how)
        # id -> "update" / "sort": `d.update(x)`, `xs.sort(...)` (rebindable_calls)
        self.rebinds = rebinds or {}

    def visit_Expr(self, node: ast.Expr) -> Any:  # noqa: N802
        how = self.rebinds.get(id(node))
        if how is None:
            self.generic_visit(node)
            return node
        # d.update(x) -> d = __motoko_update__(d, x), xs.sort(key=k) -> xs =
        # __motoko_sort__(xs, key=k): over a traced value, the name is bound to the dict
        # or list made at run time
        call = node.value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        name = call.func.value
        assert isinstance(name, ast.Name)
        hook = _call(UPDATE if how == "update" else SORT, ast.Name(name.id, ast.Load()),
                     *(self.visit(a) for a in call.args))
        hook.keywords = [ast.keyword(k.arg, self.visit(k.value)) for k in call.keywords]
        new = ast.Assign([ast.Name(name.id, ast.Store())], hook)
        ast.copy_location(new, node)
        ast.fix_missing_locations(new)
        return new

    def visit_If(self, node: ast.If) -> Any:  # noqa: N802
        names = self.joinable.get(id(node))
        self.generic_visit(node)
        node.test = _truth(node.test)
        if names is None:
            return node
        side = f"__motoko_side_{node.lineno}_{node.col_offset}__"
        test = _call(SIDES, node.test, ast.Tuple([ast.Constant(n) for n in names],
                                                  ast.Load()))
        inner = ast.If(ast.Name(side, ast.Load()), node.body, node.orelse or [ast.Pass()])
        guarded = ast.With(items=[ast.withitem(ast.Name(side, ast.Load()), None)],
                           body=[inner])
        loop = ast.For(target=ast.Name(side, ast.Store()), iter=test, body=[guarded],
                       orelse=[])
        for new in (test, inner, guarded, loop):
            ast.copy_location(new, node)
        ast.fix_missing_locations(loop)
        return loop

    def visit_loop(self, node: Any) -> Any:
        self.generic_visit(node)
        if isinstance(node, ast.While):
            node.test = _truth(node.test)
        call = ast.Expr(_call(ITERATION, ast.Constant(node.lineno)))
        ast.copy_location(call, node.body[0])
        ast.fix_missing_locations(call)
        node.body.insert(0, call)
        return node

    visit_While = visit_loop  # noqa: N815

    def visit_For(self, node: Any) -> Any:  # noqa: N802
        filling = self.fillable.pop(id(node), None)
        if filling is not None:
            return self._filling(node, *filling)
        node = self.visit_loop(node)
        node.iter = ast.copy_location(_call(ITER, node.iter), node.iter)
        return node

    visit_AsyncFor = visit_For  # noqa: N815

    def _filling(self, node: ast.For, name: str, how: str) -> Any:
        """A loop filling a dict (:func:`fillable_loops`), as one statement (a block
        of main's statements may take its place, :class:`.blocks.Wrap`): ``if
        __motoko_filling__(held := <it>): name = __motoko_fill__(name, how, mark,
        [(k, v) for <target> in held for <let target> in [<let value>]...])``, else the
        loop itself over ``held``."""
        import copy

        _, _, key, value = _fill_statement(node.body[-1])  # type: ignore[misc]
        held = f"__motoko_fill_{node.lineno}_{node.col_offset}__"
        keep = ast.NamedExpr(ast.Name(held, ast.Store()), node.iter)
        generators = [ast.comprehension(copy.deepcopy(node.target),
                                        ast.Name(held, ast.Load()), [], 0)]
        for stmt in node.body[:-1]:
            target, bound = _let(stmt)  # type: ignore[misc]
            generators.append(ast.comprehension(
                copy.deepcopy(target), ast.List([copy.deepcopy(bound)], ast.Load()), [], 0))
        pairs = ast.ListComp(
            elt=ast.Tuple([copy.deepcopy(key), copy.deepcopy(value)], ast.Load()),
            generators=generators)
        fill = ast.Assign([ast.Name(name, ast.Store())],
                          _call(FILL, ast.Name(name, ast.Load()), ast.Constant(how),
                                _call(MARK), pairs))
        node.iter = ast.Name(held, ast.Load())
        choice = ast.If(_call(FILLING, keep), [fill], [node])
        for new in (keep, pairs, fill, choice):
            ast.copy_location(new, node)
        ast.fix_missing_locations(choice)
        return self.visit(choice)

    def visit_Starred(self, node: ast.Starred) -> Any:  # noqa: N802
        # [*xs], f(*xs): what is unpacked is iterated
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            value = node.value
            if _is_call(value, GEN):
                # f(*(g(x) for x in xs)): Python consumes the generator whole first, as
                # the traced built-ins do (sum(g(x) for x in xs))
                value = ast.copy_location(_call(STAR, value), value)
            node.value = ast.copy_location(_call(ITER, value), value)
        return node

    # annotations are left as written: they are types, never traced values, and the
    # text of one is what a dataclass reads under `from __future__ import annotations`
    # (`ClassVar[list]` tells a class variable from a field)
    def visit_AnnAssign(self, node: ast.AnnAssign) -> Any:  # noqa: N802
        node.target = self.visit(node.target)
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_arg(self, node: ast.arg) -> Any:
        return node

    def visit_Assign(self, node: ast.Assign) -> Any:  # noqa: N802
        # a, b = xs: xs is iterated
        self.generic_visit(node)
        if any(isinstance(t, (ast.Tuple, ast.List)) for t in node.targets):
            node.value = ast.copy_location(_call(ITER, node.value), node.value)
        return node

    def visit_comprehension(self, node: ast.comprehension) -> Any:
        self.generic_visit(node)
        node.ifs = [_truth(test) for test in node.ifs]
        node.iter = ast.copy_location(_call(ITER, node.iter), node.iter)
        return node

    def visit_function(self, node: Any) -> Any:
        returns, node.returns = node.returns, None
        self.generic_visit(node)
        node.returns = returns
        call = ast.Expr(_call(ENTER, ast.Constant(node.lineno)))
        ast.copy_location(call, node.body[0])
        ast.fix_missing_locations(call)
        node.body.insert(0, call)
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_function  # noqa: N815

    def visit_Try(self, node: Any) -> Any:  # noqa: N802
        self.generic_visit(node)
        # a finally runs its steps whatever the body raises at run time (an error a DAG
        # would see only in the body's task, the finally's steps then never made)
        if (node.handlers and not all(_reraises(h) for h in node.handlers)) or \
                node.finalbody:
            own = bool(node.handlers) and not node.finalbody and not isinstance(
                node, ast.TryStar) and _catches_own(node.handlers, self.own)
            line = ast.Constant(node.lineno)
            guard = _call(GUARD, line, ast.Constant(True)) if own else _call(GUARD, line)
            guarded = ast.With(items=[ast.withitem(guard, None)], body=node.body)
            ast.copy_location(guarded, node.body[0])
            ast.fix_missing_locations(guarded)
            node.body = [guarded]
        return node

    visit_TryStar = visit_Try  # noqa: N815

    def visit_Match(self, node: ast.Match) -> Any:  # noqa: N802
        # match subject -> match __motoko_match__(subject) where a case tests the
        # subject's type, length or identity (Python's own tests, not traced)
        self.generic_visit(node)
        top, nested = _pattern_kinds([c.pattern for c in node.cases])
        if top or nested:
            node.subject = ast.copy_location(
                _call(MATCH, node.subject, ast.Constant(",".join(sorted(top))),
                      ast.Constant(nested)), node.subject)
        return node

    def visit_With(self, node: Any) -> Any:  # noqa: N802
        # its context manager may swallow an error of the body (contextlib.suppress):
        # the body runs as a try's (a stop for what may raise only at run time, and for
        # an error a stand-in made Python raise), unless it is a file's
        own = len(node.items) == 1 and _suppress_call(node.items[0].context_expr) and all(
            a.id in self.own for a in node.items[0].context_expr.args)
        self.generic_visit(node)
        for item in node.items:
            item.context_expr = ast.copy_location(
                _call(SHIELD, item.context_expr, ast.Constant(node.lineno),
                      ast.Constant(isinstance(node, ast.AsyncWith)), ast.Constant(own)),
                item.context_expr)
        return node

    visit_AsyncWith = visit_With  # noqa: N815

    def visit_IfExp(self, node: ast.IfExp) -> Any:  # noqa: N802
        self.generic_visit(node)
        node.test = _truth(node.test)
        return node

    def visit_Assert(self, node: ast.Assert) -> Any:  # noqa: N802
        self.generic_visit(node)
        node.test = _truth(node.test)
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> Any:  # noqa: N802
        # a or b: a's truth is tested (b's is the caller's, if any)
        self.generic_visit(node)
        node.values = [*(_truth(v) for v in node.values[:-1]), node.values[-1]]
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Any:  # noqa: N802
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            node.operand = _truth(node.operand)
        return node

    def visit_match_case(self, node: ast.match_case) -> Any:
        self.generic_visit(node)
        if node.guard is not None:
            node.guard = _truth(node.guard)
        return node

    def visit_Raise(self, node: ast.Raise) -> Any:  # noqa: N802
        # raise exc -> raise __motoko_raise__(exc): a raise on a branch may be a node
        self.generic_visit(node)
        if node.exc is not None:
            node.exc = ast.copy_location(_call(RAISE, node.exc), node.exc)
        return node

    def visit_Compare(self, node: ast.Compare) -> Any:  # noqa: N802
        self.generic_visit(node)
        if len(node.ops) != 1:
            # a < b < c: Python's own chain (each operand once, stopping at the first
            # false), each operand checked by __motoko_chained__ first
            identity = ast.Constant(any(isinstance(op, (ast.Is, ast.IsNot))
                                        for op in node.ops))
            node.left = ast.copy_location(_call(CHAINED, node.left, identity), node.left)
            node.comparators = [ast.copy_location(_call(CHAINED, c, identity), c)
                                for c in node.comparators]
            return node
        op, right = node.ops[0], node.comparators[0]
        if isinstance(op, (ast.Is, ast.IsNot)):
            new = _call(IS, node.left, right, ast.Constant(isinstance(op, ast.IsNot)))
        elif type(op) in _OPS:
            new = _call(COMPARE, ast.Constant(_OPS[type(op)]), node.left, right)
        else:
            return node
        return ast.copy_location(new, node)

    def visit_Subscript(self, node: ast.Subscript) -> Any:  # noqa: N802
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            return node
        index = node.slice
        if isinstance(index, ast.Slice):
            none = ast.Constant(None)
            index = ast.copy_location(_call(SLICE, index.lower or none, index.upper or none,
                                            index.step or none), index)
        return ast.copy_location(_call(ITEM, node.value, index), node)

    def visit_Call(self, node: ast.Call) -> Any:  # noqa: N802
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.ctx, ast.Load):
            node.func = ast.copy_location(
                _call(METHOD, func.value, ast.Constant(func.attr)), func)
        elif isinstance(func, ast.Name) and not func.id.startswith("__motoko_") \
                and func.id != "super":
            node.func = ast.copy_location(_call(CALL, func), func)
        elif not isinstance(func, (ast.Name, ast.Attribute)):
            # operator.itemgetter(0)(s), funcs[0](x), (lambda v: ...)(x): what a call,
            # an item or any other expression gives is called as a name's value is
            node.func = ast.copy_location(_call(CALL, func), func)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> Any:  # noqa: N802
        self.generic_visit(node)
        if not isinstance(node.op, ast.Mod):
            return node
        return ast.copy_location(_call(PERCENT, node.left, node.right), node)

    def visit_AugAssign(self, node: ast.AugAssign) -> Any:  # noqa: N802
        # name %= b -> name = __motoko_ipercent__(name, b) (which does `left %= b`);
        # d[k] %= b, o.a %= b -> d[k] %= __motoko_pcheck__(d[k], b): the item read again
        # to be checked as `%` checks its left side (None when reading it again could
        # differ: a call in d or k)
        self.generic_visit(node)
        if not isinstance(node.op, ast.Mod):
            return node
        if isinstance(node.target, (ast.Subscript, ast.Attribute)):
            target = node.target
            again: ast.expr = ast.Constant(None)
            if isinstance(target, ast.Subscript) and _pure(target.value) and _pure(
                    target.slice):
                again = _call(ITEM, _loaded(target.value), _loaded(target.slice))
            elif isinstance(target, ast.Attribute) and _pure(target.value):
                again = ast.Attribute(_loaded(target.value), target.attr, ast.Load())
            node.value = ast.copy_location(
                _call(PCHECK, again, ast.Constant(isinstance(again, ast.Constant)),
                      node.value), node.value)
            ast.fix_missing_locations(node)
            return node
        if not isinstance(node.target, ast.Name):
            return node
        new = ast.Assign([ast.Name(node.target.id, ast.Store())],
                         _call(IPERCENT, ast.Name(node.target.id, ast.Load()), node.value))
        ast.copy_location(new, node)
        ast.fix_missing_locations(new)
        return new

    def visit_FormattedValue(self, node: ast.FormattedValue) -> Any:  # noqa: N802
        self.generic_visit(node)
        value = node.value
        if node.conversion != -1:
            value = ast.copy_location(_call(CONVERT, value, ast.Constant(node.conversion)),
                                      value)
        args = [value] if node.format_spec is None else [value, node.format_spec]
        new = ast.FormattedValue(ast.copy_location(_call(FORMAT, *args), node.value), -1,
                                 None)
        ast.copy_location(new, node)
        ast.fix_missing_locations(new)
        return new

    def visit_List(self, node: ast.List) -> Any:  # noqa: N802
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            return node
        return ast.copy_location(_call(LIST, ast.Constant(None), node), node)

    def visit_ListComp(self, node: ast.ListComp) -> Any:  # noqa: N802
        self.generic_visit(node)
        return ast.copy_location(_call(LIST, _call(MARK), node), node)

    def visit_DictComp(self, node: ast.DictComp) -> Any:  # noqa: N802
        # {k: v for ...} -> __motoko_dict__(mark, [(k, v) for ...]): the same order of
        # evaluation, and the pairs a list the tracer can read as a fan-in
        self.generic_visit(node)
        pairs = ast.ListComp(elt=ast.Tuple([node.key, node.value], ast.Load()),
                             generators=node.generators)
        ast.copy_location(pairs, node)
        return ast.copy_location(_call(DICT, _call(MARK), _call(LIST, _call(MARK), pairs)),
                                 node)

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> Any:  # noqa: N802
        self.generic_visit(node)
        return ast.copy_location(_call(GEN, node), node)

    def visit_Name(self, node: ast.Name) -> Any:  # noqa: N802
        # the module's own name: the trace imports the orchestrator under another one
        if node.id == "__name__" and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Name(NAME, ast.Load()), node)
        return node


@functools.lru_cache(maxsize=64)
def _compiled(path: str, mtime: Any) -> types.CodeType:
    source = Path(path).read_bytes()
    tree = ast.parse(source, filename=path)
    tree = Instrument(joinable_ifs(tree), fillable_loops(tree),
                      rebindable_calls(tree), own_exceptions(tree)).visit(tree)
    from motoko_airflow.trace import blocks

    tree = blocks.Wrap(blocks.spots(path)).visit(tree)
    from motoko_airflow.trace import segments

    tree = segments.Wrap(segments.spots(path)).visit(tree)
    ast.fix_missing_locations(tree)
    # compiled under this module's `from __future__ import annotations`: the
    # orchestrator's annotations are kept as their text, never evaluated (with the
    # tracer's stand-ins for `list`, `dict`, ..., `list[float]` would not evaluate)
    return compile(tree, path, "exec")


def compile_instrumented(path: str | Path) -> types.CodeType:
    """The module's code, instrumented (cached while the file is unchanged)."""
    path = str(path)
    mtime = _mtime(path)
    if mtime is None:
        raise OSError(f"cannot read {path}")
    return _compiled(path, mtime)


# ---------------------------------------------------------------- the workflow's modules


class WorkflowImporter(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports the modules of the workflow directory instrumented, each with the
    tracer's names (``prepare(module)`` fills its namespace before it runs)."""

    def __init__(self, directory: str, prepare: Callable[[types.ModuleType], None]) -> None:
        self.directory = directory
        self.prepare = prepare
        self.loaded: set[str] = set()

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> Any:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            return None
        if not spec.origin.startswith(self.directory + "/"):
            return None
        spec.loader = self
        return spec

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        spec = module.__spec__
        assert spec is not None and spec.origin is not None
        self.loaded.add(module.__name__)
        self.prepare(module)
        exec(compile_instrumented(spec.origin), vars(module))  # noqa: S102

    def forget(self) -> None:
        """Drop the modules imported so far: the next path imports them afresh."""
        for name in self.loaded:
            sys.modules.pop(name, None)
        self.loaded.clear()


# ---------------------------------------------------------------- static checks


@functools.lru_cache(maxsize=64)
def _tree(path: str, mtime: Any) -> ast.Module | None:
    try:
        return ast.parse(Path(path).read_bytes(), filename=path)
    except (OSError, SyntaxError, ValueError):
        return None


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree)
            for child in ast.iter_child_nodes(parent)}


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
MUTATORS = frozenset({
    "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "update",
    "setdefault", "popitem", "add", "discard", "difference_update",
    "intersection_update", "symmetric_difference_update", "appendleft", "extendleft",
    "rotate", "__setitem__", "__delitem__", "__iadd__", "write"})
# functions changing their first argument (heapq, bisect, random, operator, builtins)
MUTATING_FUNCTIONS = frozenset({
    "heappush", "heappop", "heapify", "heapreplace", "heappushpop", "insort",
    "insort_left", "insort_right", "shuffle", "setattr", "delattr", "setitem",
    "delitem", "iadd"})


def _walk(node: ast.AST, *, into_scopes: bool = True,
          skip: frozenset[int] = frozenset()) -> Iterator[ast.AST]:
    """Every node under ``node`` (itself included), optionally not entering nested
    functions, lambdas and classes, nor the nodes of ids ``skip``."""
    todo = [node]
    while todo:
        current = todo.pop()
        if id(current) in skip:
            continue
        yield current
        for child in ast.iter_child_nodes(current):
            if into_scopes or not isinstance(child, _SCOPES):
                todo.append(child)


def _target_names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _comprehension_bound(node: ast.AST) -> set[str]:
    out: set[str] = set()
    if isinstance(node, _COMPREHENSIONS):
        for gen in node.generators:
            out |= _target_names(gen.target)
    return out


def _loads(node: ast.AST, bound: frozenset[str] = frozenset()) -> Iterator[ast.Name]:
    """Names read under ``node``, except those bound by a comprehension around them."""
    if isinstance(node, ast.Name):
        if isinstance(node.ctx, ast.Load) and node.id not in bound:
            yield node
        return
    inner = bound | _comprehension_bound(node) if isinstance(node, _COMPREHENSIONS) \
        else bound
    for child in ast.iter_child_nodes(node):
        yield from _loads(child, frozenset(inner))


def _stores(node: ast.AST, skip: frozenset[int] = frozenset()) -> set[str]:
    """Names bound under ``node`` in its own scope (walrus included, nested functions'
    and comprehensions' own variables not; nor in the statements of ids ``skip``)."""
    return set(_stores_of(node, skip))


@functools.lru_cache(maxsize=8192)
def _stores_of(node: ast.AST, skip: frozenset[int]) -> frozenset[str]:
    """:func:`_stores`, once per statement (a tree of the orchestrator's source, kept
    alive by the cache: its id names no other node while the entry lives)."""
    out: set[str] = set()
    for n in _walk(node, into_scopes=False, skip=skip):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            if not any(n in ast.walk(gen.target) for c in _enclosing_comps(node, n)
                       for gen in c.generators):
                out.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and n is not node:
            out.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, ast.ExceptHandler) and n.name:
            out.add(n.name)
    return frozenset(out)


def _enclosing_comps(root: ast.AST, target: ast.AST) -> list[Any]:
    return [c for c in _walk(root, into_scopes=False) if isinstance(c, _COMPREHENSIONS)
            and any(target in ast.walk(gen.target) for gen in c.generators)]


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_create(node: ast.AST) -> bool:
    """``await X.createTask(...)`` or ``await routine(...)``: runs made in this
    iteration (a list of several elements made per iteration is refused when it is
    added: see ``TracedList.extend``)."""
    return isinstance(node, ast.Await) and isinstance(node.value, ast.Call)


def _collector(stmt: ast.stmt) -> str | None:
    """The list a statement collects into, one element (or the runs of one awaited
    call) per iteration: ``out.append(e)``, ``out += [e]``, ``out += await f(...)``,
    ``out.extend(await f(...))``."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call = stmt.value
        if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) \
                and len(call.args) == 1 and not call.keywords:
            name = call.func.value.id
            if call.func.attr == "append" or (call.func.attr == "extend"
                                              and _is_create(call.args[0])):
                if name not in {n.id for n in _loads(call.args[0])}:
                    return name
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add) \
            and isinstance(stmt.target, ast.Name):
        value = stmt.value
        if (isinstance(value, ast.List) and len(value.elts) == 1
                and not isinstance(value.elts[0], ast.Starred)) or _is_create(value):
            if stmt.target.id not in {n.id for n in _loads(value)}:
                return stmt.target.id
    return None


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a body, nested ones included (not those of nested scopes)."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(stmt, field, []) or [])
        for handler in getattr(stmt, "handlers", []) or []:
            yield from _statements(handler.body)
        for case in getattr(stmt, "cases", []) or []:
            yield from _statements(case.body)


def _read_before_assigned(body: list[ast.stmt], carried: set[str],
                          defined: set[str]) -> str | None:
    """A name of ``carried`` read in ``body`` before this iteration surely assigned it
    (so it may hold a value from the previous iteration)."""
    defined = set(defined)
    for stmt in body:
        if isinstance(stmt, _SCOPES):
            # a function made in the loop reads its variables when it runs (late)
            free = {n.id for n in _loads(stmt)} & (carried | defined)
            if free:
                return sorted(free)[0]
            continue
        if isinstance(stmt, ast.AugAssign):
            name = _root_name(stmt.target)
            if name in carried and name not in defined:
                return name
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr,
                             ast.Return, ast.Raise, ast.Assert, ast.Delete)):
            for node in _walk(stmt):
                if isinstance(node, ast.Lambda):
                    free = {n.id for n in _loads(node.body)} & (carried | defined)
                    if free:
                        return sorted(free)[0]
            read = {n.id for n in _loads(stmt)} & carried - defined
            if read:
                return sorted(read)[0]
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, (ast.Name, ast.Tuple, ast.List)):
                        defined |= _target_names(target)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                defined.add(stmt.target.id)
            elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
                defined.add(stmt.target.id)
            defined |= {n.target.id for n in _walk(stmt) if isinstance(n, ast.NamedExpr)
                        and isinstance(n.target, ast.Name)}
            continue
        # compound statements: their parts run conditionally
        heads: list[ast.AST] = []
        blocks: list[list[ast.stmt]] = []
        caught: dict[int, str] = {}  # a handler's body: the name ``except ... as`` binds
        if isinstance(stmt, (ast.If, ast.While)):
            heads, blocks = [stmt.test], [stmt.body, stmt.orelse]
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            heads, blocks = [stmt.iter], [stmt.body, stmt.orelse]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            heads = [i.context_expr for i in stmt.items]
            blocks = [stmt.body]
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            blocks = [stmt.body, stmt.orelse, stmt.finalbody]  # type: ignore[attr-defined]
            blocks += [h.body for h in stmt.handlers]  # type: ignore[attr-defined]
            caught = {id(h.body): h.name for h in stmt.handlers  # type: ignore[attr-defined]
                      if h.name}
        elif isinstance(stmt, ast.Match):
            heads = [stmt.subject]
            blocks = [c.body for c in stmt.cases]
        for head in heads:
            read = {n.id for n in _loads(head)} & carried - defined
            if read:
                return sorted(read)[0]
        inner = set(defined)
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            inner |= _target_names(stmt.target)
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            inner |= {n for i in stmt.items if i.optional_vars is not None
                      for n in _target_names(i.optional_vars)}
        for block in blocks:
            # ``except E as err:`` binds err before its body runs
            bound = inner | {caught[id(block)]} if id(block) in caught else inner
            found = _read_before_assigned(block, carried, bound)
            if found:
                return found
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            defined = inner  # a with block runs (unless it raises)
        defined |= _definite([stmt])
    return None


def _definite(block: list[ast.stmt]) -> set[str]:
    """Names a block surely assigns (on every way through it that goes on after it)."""
    out: set[str] = set()
    for stmt in block:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, (ast.Name, ast.Tuple, ast.List)):
                    out |= _target_names(target)
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and isinstance(
                stmt.target, ast.Name) and (stmt.value is not None):
            out.add(stmt.target.id)
        elif isinstance(stmt, ast.If):
            out |= _definite(stmt.body) & _definite(stmt.orelse)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            out |= _definite(stmt.body)
    return out


def _reads_after(chain: list[ast.AST], loop: ast.AST, names: set[str]) -> set[str]:
    """Names of ``names`` that code after ``loop`` (in its function) may read while they
    still hold what the loop left in them (:func:`_reads_in`); with an enclosing loop,
    its whole body."""
    found: set[str] = set()
    child = loop
    for parent in chain:
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(parent, field, None)
            if not isinstance(block, list) or child not in block:
                continue
            found |= _reads_in(block[block.index(child) + 1:], set(names))
        if isinstance(parent, (ast.For, ast.AsyncFor, ast.While)):
            # the next iteration of the enclosing loop reads them anywhere in its body
            for stmt in parent.body:
                if stmt is not child and not _contains(stmt, loop):
                    found |= {n.id for n in _loads(stmt)} & names
        if isinstance(parent, _SCOPES):
            break
        child = parent
    return found


def _reads_in(block: list[ast.stmt], live: set[str]) -> set[str]:
    """Names of ``live`` that the statements of ``block`` may read, in order: a name
    bound by an assignment of the block (``x = e``, ``a, b = e``) before any read is
    not read, nor one a ``for`` binds in its body before reading it (each item binds it
    anew, the first before any read)."""
    found: set[str] = set()
    live = set(live)
    for stmt in block:
        if not live:
            break
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            value = stmt.value
            found |= {n.id for n in _loads(value)} & live if value else set()
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    live.discard(target.id)
                elif isinstance(target, (ast.Tuple, ast.List)) and all(
                        isinstance(n, ast.Name) for n in target.elts):
                    live -= {n.id for n in target.elts}  # type: ignore[attr-defined]
                else:
                    found |= {n.id for n in _loads(target)} & live
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            found |= {n.id for n in _loads(stmt.iter)} & live
            found |= _reads_in(stmt.body, live - _target_names(stmt.target))
            found |= _reads_in(stmt.orelse, live)
        else:
            found |= {n.id for n in _loads(stmt)} & live
    return found


def _contains(node: ast.AST, inner: ast.AST) -> bool:
    return any(n is inner for n in ast.walk(node))


def _function_of(chain: list[ast.AST]) -> ast.AST | None:
    return next((p for p in chain if isinstance(p, _SCOPES)), None)


def _chain(tree: ast.AST, node: ast.AST) -> list[ast.AST]:
    parents = _parents(tree)
    out = []
    current = parents.get(node)
    while current is not None:
        out.append(current)
        current = parents.get(current)
    return out


def _owned(function: ast.AST | None) -> set[str]:
    """Names a function binds itself (its locals), parameters excluded."""
    if function is None or not isinstance(function, (ast.FunctionDef,
                                                     ast.AsyncFunctionDef)):
        return set()
    declared = {n for stmt in _walk(function, into_scopes=False)
                if isinstance(stmt, (ast.Global, ast.Nonlocal)) for n in stmt.names}
    stores: set[str] = set()
    for stmt in function.body:
        stores |= _stores(stmt)
    return stores - declared


#: expressions whose value is an object they make (a change to it changes nothing else)
_FRESH = (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.ListComp, ast.DictComp, ast.SetComp,
          ast.Constant, ast.JoinedStr)
#: calls making a new object (a name bound to one owns it); any other call may return
#: an object made elsewhere (``d.get(k)``, ``max(a, b)``, a helper's ``return d[k]``)
FRESH_CALLS = frozenset({
    "list", "dict", "set", "tuple", "frozenset", "bytearray", "sorted", "defaultdict",
    "Counter", "OrderedDict", "deque", "copy", "deepcopy", "zeros", "ones", "empty",
    "full", "array", "linspace", "arange", "zeros_like", "ones_like", "full_like",
    "tolist", "keys", "values", "items", "split", "rsplit", "range", "enumerate", "zip",
    "map", "filter", "fromkeys", "loads", "flatten", "astype"})


def picks_object(value: ast.AST) -> bool:
    """``value`` may be an object made elsewhere (a name's, an item's, an attribute's,
    one of several by ``a if c else b`` / ``a or b``, one a call such as ``d.get(k)``,
    ``max(a, b)`` or a helper returns)."""
    if isinstance(value, (ast.Name, ast.Attribute, ast.Subscript, ast.Starred, ast.IfExp,
                          ast.BoolOp, ast.NamedExpr)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        return name not in FRESH_CALLS
    return False


def picked_roots(node: ast.AST) -> list[str | None]:
    """The names at the root of the objects an expression may be: ``(a if c else b)[i]``
    is ``a`` or ``b``; None for an object made elsewhere without a name (a literal made
    there is none)."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call, ast.NamedExpr)):
        node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.IfExp):
        return picked_roots(node.body) + picked_roots(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [r for v in node.values for r in picked_roots(v)]
    if isinstance(node, ast.Name):
        return [node.id]
    return [] if isinstance(node, _FRESH) else [None]


def _picked_outer(node: ast.AST, local: set[str]) -> bool:
    """A receiver without one name at its root picking an object not in ``local``."""
    return any(r is None or r not in local for r in picked_roots(node))


def _outer_mutation(nodes: list[ast.stmt], local: set[str],
                    allowed: set[int] | None = None) -> tuple[str, int] | None:
    """(what, line) of the first change to an object not in ``local``: a mutating method
    call, an item or attribute assignment or deletion, ``global``/``nonlocal``; a change
    to an object picked by an expression (``(a if c else b).append(x)``) counts as
    one."""
    allowed = allowed or set()
    skip = frozenset(allowed)
    for stmt in nodes:
        if id(stmt) in allowed:
            continue
        for node in _walk(stmt, into_scopes=False, skip=skip):
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                return f"declares {', '.join(node.names)} {type(node).__name__.lower()}", \
                    node.lineno
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in MUTATORS:
                root = _root_name(node.func.value)
                if root is not None and root not in local:
                    return f"calls {root}...{node.func.attr}()", node.lineno
                if root is None and _picked_outer(node.func.value, local):
                    return (f"calls .{node.func.attr}() on an object an expression "
                            "picks"), node.lineno
            if isinstance(node, ast.Call) and node.args and (
                    isinstance(node.func, ast.Name) and node.func.id in MUTATING_FUNCTIONS
                    or isinstance(node.func, ast.Attribute)
                    and node.func.attr in MUTATING_FUNCTIONS):
                root = _root_name(node.args[0])
                if root is not None and root not in local:
                    return f"changes {root} with a call", node.lineno
                if root is None and _picked_outer(node.args[0], local):
                    return "changes an object an expression picks", node.lineno
            targets: list[ast.AST] = []
            if isinstance(node, (ast.Assign, ast.Delete)):
                targets = list(node.targets)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            for target in targets:
                for t in ast.walk(target):
                    if isinstance(t, (ast.Subscript, ast.Attribute)) and isinstance(
                            t.ctx, (ast.Store, ast.Del)):
                        root = _root_name(t)
                        if root is not None and root not in local:
                            return f"changes {root}[...] or {root}.<attribute>", t.lineno
                        if root is None and _picked_outer(t, local):
                            return "changes an item of an object an expression picks", \
                                t.lineno
    return None


@functools.lru_cache(maxsize=1024)
def _loop_obstacle(path: str, mtime: Any, lineno: int, comprehension: bool
                   ) -> str | None:
    tree = _tree(path, mtime)
    if tree is None:
        return None
    loops = [n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.AsyncFor))
             and n.lineno == lineno]
    if loops and not comprehension:
        return _for_obstacle(tree, loops[0])
    comps = [n for n in ast.walk(tree) if isinstance(n, _COMPREHENSIONS)
             and n.lineno <= lineno <= (n.end_lineno or n.lineno)]
    for comp in comps:
        if any(isinstance(n, ast.NamedExpr) for n in ast.walk(comp)):
            return ("an assignment expression (:=) in this comprehension keeps a value "
                    "from one item for the next or for after it")
        bound = _comprehension_bound(comp)
        for node in ast.walk(comp):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in MUTATORS:
                root = _root_name(node.func.value)
                if root is not None and root not in bound:
                    return (f"this comprehension changes {root} (.{node.func.attr}()) "
                            "once per item")
    return None


def loop_obstacle(path: str, lineno: int | None, *, comprehension: bool = False
                  ) -> str | None:
    """Why the loop starting at ``lineno`` cannot be traced once for all its items, or
    None. A loop traced once (mapped) carries nothing from one iteration to the next or
    past its end, except through the collectors the graph models exactly (one
    ``out.append(e)``, ``out += [e]`` or ``out += await X.createTask(...)`` per list):

    - a name it assigns (its target, assignments, augmented assignments, walrus,
      nested loops' targets, ``with ... as``) read by the body before this iteration
      assigns it, read after the loop, or read by a function made in the loop;
    - a change to an object from outside the loop (a mutating method call, item or
      attribute assignment, ``del``, ``global``/``nonlocal``);
    - ``return``, ``yield``, ``break`` (but an unconditional ``break`` ending the first
      iteration of a loop that creates nothing: its values are the first item's),
      ``else:``.
    """
    if lineno is None:
        return None
    mtime = _mtime(path)
    if mtime is None:
        return None
    return _loop_obstacle(path, mtime, lineno, comprehension)


def _for_at(tree: ast.AST, lineno: int) -> ast.For | ast.AsyncFor | None:
    """The first ``for`` statement starting at ``lineno``."""
    return next((n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.AsyncFor))
                 and n.lineno == lineno), None)


@functools.lru_cache(maxsize=1024)
def _loop_collectors(path: str, mtime: Any, lineno: int) -> tuple[str, ...]:
    tree = _tree(path, mtime)
    if tree is None:
        return ()
    loop = _for_at(tree, lineno)
    if loop is None:
        return ()
    names = (_collector(stmt) for stmt in _statements(loop.body))
    return tuple(sorted({n for n in names if n is not None}))


def loop_collectors(path: str, lineno: int | None) -> tuple[str, ...]:
    """The lists the ``for`` loop at ``lineno`` collects into (see :func:`_collector`)."""
    mtime = _mtime(path)
    if mtime is None or lineno is None:
        return ()
    return _loop_collectors(path, mtime, lineno)


#: methods that add to the object they are called on
_ADDING = frozenset({"append", "extend", "insert", "add", "update", "setdefault"})
_JUMPS = (ast.Continue, ast.Break, ast.Return, ast.Raise)


def _fixed_container(target: ast.expr) -> bool:
    """A name, an attribute of one, or an item of one at a constant key: one container
    whatever the item (``groups[r.n]`` or ``d.setdefault(k, [])`` may be several)."""
    while isinstance(target, (ast.Attribute, ast.Subscript)):
        if isinstance(target, ast.Subscript) and not isinstance(target.slice, ast.Constant):
            return False
        target = target.value
    return isinstance(target, ast.Name)


def _added_to(node: ast.AST) -> ast.expr | None:
    """The container a node adds to: ``x`` of ``x.append(...)``, ``x += ...``, ``x[k] =
    ...``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in _ADDING:
        return node.func.value
    if isinstance(node, ast.AugAssign):
        return node.target
    return None


@functools.lru_cache(maxsize=1024)
def _fills_several(path: str, mtime: Any, lineno: int) -> bool:
    tree = _tree(path, mtime)
    if tree is None:
        return True
    loop = _for_at(tree, lineno)
    if loop is None:
        return False  # a comprehension: it builds one list
    conditional: set[str] = set()
    jumped = False
    for stmt in loop.body:
        top = _added_to(stmt.value) if isinstance(stmt, ast.Expr) else _added_to(stmt)
        for node in _walk(stmt, into_scopes=False):
            targets = [t.value for t in node.targets if isinstance(t, ast.Subscript)] \
                if isinstance(node, ast.Assign) else [_added_to(node)]
            for target in targets:
                if target is None:
                    continue
                if not _fixed_container(target):
                    return True
                if jumped or target is not top:
                    conditional.add(ast.unparse(target))
        jumped = jumped or any(isinstance(n, _JUMPS)
                               for n in _walk(stmt, into_scopes=False))
    return len(conditional) > 1


def loop_fills_several(path: str, lineno: int | None) -> bool:
    """Whether the ``for`` loop at ``lineno`` may add to two or more containers only on
    some items: two containers added to under a test (or after a ``continue``,
    ``break``, ``return`` or ``raise`` of an earlier statement), or one that may be
    several (``groups[r.n].append(...)``, ``d.setdefault(k, []).append(...)``). False for
    a comprehension (it builds one list)."""
    mtime = _mtime(path)
    if mtime is None or lineno is None:
        return True
    return _fills_several(path, mtime, lineno)


def _for_obstacle(tree: ast.AST, loop: ast.For | ast.AsyncFor) -> str | None:
    chain = _chain(tree, loop)
    body = loop.body
    if loop.orelse:
        return "its else: block runs once the loop is over"
    # break / continue / return of this loop
    breaks = []
    for stmt in _statements(body):
        if isinstance(stmt, ast.Return):
            return f"a return inside it (line {stmt.lineno}) ends main at one item"
    for stmt in body:
        for node in _walk(stmt, into_scopes=False):
            if isinstance(node, (ast.Yield, ast.YieldFrom)):
                return (f"it yields (line {node.lineno}): what takes its items sees one "
                        "of them, not one per item")
    breaks = [n for n in _own_jumps(body) if isinstance(n, ast.Break)]
    first_only = False
    if breaks:
        creates = any(isinstance(n, ast.Await)
                      for stmt in body for n in ast.walk(stmt))
        if creates or not any(isinstance(s, ast.Break) for s in body):
            return (f"a break (line {breaks[0].lineno}) ends it after some items only, "
                    "which a task mapped over all of them cannot do")
        first_only = True
    collectors: dict[str, list[ast.stmt]] = {}
    for stmt in _statements(body):
        name = _collector(stmt)
        if name is not None:
            collectors.setdefault(name, []).append(stmt)
    allowed: set[int] = set()
    assigned: set[str] = _target_names(loop.target)
    collecting = frozenset(id(s) for stmts in collectors.values() for s in stmts)
    for stmt in body:
        assigned |= _stores(stmt, collecting)
    # a list the body assigns itself (`tmp = []`) is its own, not a collector
    collectors = {name: stmts for name, stmts in collectors.items() if name not in assigned}
    for name, stmts in collectors.items():
        others = [n for n in _loads(ast.Module(body=body, type_ignores=[]))
                  if n.id == name and not any(_contains(s, n) for s in stmts)]
        if first_only or len(stmts) > 1 or others:
            what = "twice per item" if len(stmts) > 1 else "and reads it"
            return (f"it adds to {name} {what} (line {stmts[-1].lineno}): the order "
                    "or the contents depend on the iterations before")
        assigned.discard(name)
        allowed |= {id(s) for s in stmts}
    function = _function_of(chain)
    if function is not None:
        shared = {n for stmt in _walk(function, into_scopes=False)
                  if isinstance(stmt, (ast.Global, ast.Nonlocal)) for n in stmt.names}
        if shared & assigned:
            name = sorted(shared & assigned)[0]
            return f"it assigns {name}, a global or nonlocal name other functions read"
    # a name given another's object in the body (`xs = params["a"]`) changes that object
    local = assigned - _aliased(body)
    mutation = _outer_mutation(list(_statements(body)), local, allowed)
    if mutation is not None:
        what, line = mutation
        return f"it {what} (line {line}), which the next items or the code after it see"
    carried = _read_before_assigned(body, assigned - set(collectors),
                                    _target_names(loop.target))
    if carried is not None:
        return (f"it keeps {carried} from one item to the next (a counter, a flag, "
                "a previous item, a function reading it late)")
    if not first_only:
        after = _reads_after(chain, loop, assigned - set(collectors))
        if after:
            name = sorted(after)[0]
            return (f"{name}, assigned in it, is read after it (the last item's value, "
                    "or whether some item set it)")
    return None


def _aliased(body: list[ast.stmt]) -> set[str]:
    """Names the statements bind to an object they did not make: another name's, an
    attribute's, an item's (``xs = params["a"]``, ``a = b if c else d``)."""
    out: set[str] = set()
    for stmt in _statements(body):
        for node in _walk(stmt, into_scopes=False):
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and \
                    node.value is not None and picks_object(node.value):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                out |= {t.id for target in targets for t in ast.walk(target)
                        if isinstance(t, ast.Name)}
    return out


def _own_jumps(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """break/continue statements of this loop (not of loops inside it)."""
    for stmt in body:
        if isinstance(stmt, (ast.Break, ast.Continue)):
            yield stmt
        if isinstance(stmt, (*_SCOPES, ast.For, ast.AsyncFor, ast.While)):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _own_jumps(getattr(stmt, field, []) or [])
        for handler in getattr(stmt, "handlers", []) or []:
            yield from _own_jumps(handler.body)
        for case in getattr(stmt, "cases", []) or []:
            yield from _own_jumps(case.body)


@functools.lru_cache(maxsize=1024)
def _function_obstacle(path: str, mtime: Any, lineno: int) -> str | None:
    tree = _tree(path, mtime)
    if tree is None:
        return None
    function = next((n for n in ast.walk(tree)
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.lineno == lineno), None)
    if function is None:
        return None
    found = _outer_mutation(list(_statements(function.body)), _owned(function))
    if found is None:
        return None
    what, line = found
    return f"{function.name}() {what} (line {line})"


def function_obstacle(path: str, lineno: int) -> str | None:
    """What a function changes that it does not own (globals, its arguments), or None."""
    mtime = _mtime(path)
    if mtime is None:
        return None
    return _function_obstacle(path, mtime, lineno)


_MTIMES: dict[str, tuple[int, int] | None] = {}


def _mtime(path: str) -> tuple[int, int] | None:
    """The file's version (modification time in ns, size), read once per trace
    (:func:`forget_files`): what is cached of a file is keyed by it."""
    if path not in _MTIMES:
        try:
            st = os.stat(path)
            _MTIMES[path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            _MTIMES[path] = None
    return _MTIMES[path]


file_version = _mtime


def forget_files() -> None:
    """Read the files' times again (a new trace: they may have changed)."""
    _MTIMES.clear()


# ---------------------------------------------------------------- ifs that merge at their join

#: built-ins a branch that merges at its join may call (checked again when it runs: the
#: name must be the built-in, or the tracer's version of it)
JOIN_CALLS = frozenset({"len", "abs", "min", "max", "sum", "round", "float", "int"})
_JOIN_EXPR = (ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.Slice, ast.BinOp,
              ast.UnaryOp, ast.Compare, ast.Tuple, ast.List, ast.Dict, ast.Call,
              ast.keyword, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop)
# reading a function's variables by name
_INTROSPECTION = frozenset({"locals", "vars", "eval", "exec", "dir", "globals"})


def joinable_ifs(tree: ast.Module) -> dict[int, tuple[str, ...]]:
    """The ``if`` statements of a module, in functions, that run both branches (each
    under its guard) when their test is traced: ``id(node) -> the names the branches
    read`` (their values are checked when it runs, :mod:`.joins`; ``name@line``: the
    coroutine function defined at that line).

    Such an ``if`` changes nothing Python sees after it whichever branch runs, so the
    code after the join does not depend on the branch taken: each statement of a branch
    is ``pass``, ``await <name>.<name>.createTask(<args>)``, ``<name> = <that or an
    expression>``, ``await <helper>(<args>)`` or such an ``if``; expressions are names,
    constants, attributes, items, arithmetic, comparisons, list/tuple/dict displays and
    calls of :data:`JOIN_CALLS` (no assignment to an item or attribute, no other call, no
    ``break``/``continue``/``return``/``raise``/``try``/loop); a name a branch binds is
    read nowhere in the function but later in that same branch (not after the join,
    not in a later iteration, not by a nested function), and is not declared global. A
    helper is an ``async def`` of the module (defined once, undecorated, its defaults
    constants, no nested function) whose statements are those, ``return`` and ``if``
    statements of its own (``and``/``or``/``x if c else y`` allowed: they decide): its
    variables die with its call.
    """
    counts: dict[str, int] = {}
    module_bound: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            module_bound.add(n.id)
            counts[n.id] = counts.get(n.id, 0) + 1
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            module_bound.add(n.name)
            counts[n.name] = counts.get(n.name, 0) + 1
        elif isinstance(n, ast.arg):
            module_bound.add(n.arg)
            counts[n.arg] = counts.get(n.arg, 0) + 1
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for a in n.names:
                name = (a.asname or a.name).split(".")[0]
                module_bound.add(name)
                counts[name] = counts.get(name, 0) + 1
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            for name in n.names:
                counts[name] = counts.get(name, 0) + 2
    helpers = {f.name: f for f in tree.body if isinstance(f, ast.AsyncFunctionDef)
               and counts.get(f.name) == 1 and not f.decorator_list}
    check = _JoinCheck(helpers, module_bound)
    out: dict[int, tuple[str, ...]] = {}
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        loads = [n for n in ast.walk(function) if isinstance(n, ast.Name)
                 and isinstance(n.ctx, ast.Load)]
        if any(n.id in _INTROSPECTION for n in loads):
            continue
        declared = {name for n in ast.walk(function)
                    if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
        for stmt in _statements(function.body):
            if isinstance(stmt, ast.If):
                names = check.joinable(stmt, loads, declared)
                if names is not None:
                    out[id(stmt)] = names
    return out


class _JoinCheck:
    """The static half of :func:`joinable_ifs` for one module."""

    def __init__(self, helpers: dict[str, ast.AsyncFunctionDef], shadowed: set[str]) -> None:
        self.helpers = helpers
        self.shadowed = shadowed
        # the helpers that qualify, given that those they call do (the largest such set)
        self.good = set(helpers)
        changed = True
        while changed:
            changed = False
            for name in sorted(self.good):
                if not self._qualifies(helpers[name]):
                    self.good.discard(name)
                    changed = True
        # helper name -> the names of the module it reads
        self.reads: dict[str, frozenset[str]] = {}
        for name in self.good:
            function = helpers[name]
            local = _params(function) | {n.id for n in ast.walk(function)
                                         if isinstance(n, ast.Name)
                                         and not isinstance(n.ctx, ast.Load)}
            self.reads[name] = frozenset(
                n.id for n in ast.walk(function) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Load)) - local

    def _qualifies(self, function: ast.AsyncFunctionDef) -> bool:
        args = function.args
        defaults = args.defaults + [d for d in args.kw_defaults if d is not None]
        return all(isinstance(d, ast.Constant) for d in defaults) and not any(
            isinstance(n, (*_SCOPES, *_COMPREHENSIONS, ast.Global, ast.Nonlocal))
            for stmt in function.body for n in ast.walk(stmt)) and self.statements(
            function.body, [], decide=True, returns=True)

    def pure(self, e: ast.AST | None, decide: bool = False) -> bool:
        """Whether evaluating ``e`` runs nothing but the tracer (``decide``: ``and``,
        ``or`` and ``x if c else y`` too, which make decisions)."""
        if e is None:
            return True
        for n in ast.walk(e):
            if not isinstance(n, _JOIN_EXPR) and not (decide and isinstance(
                    n, (ast.BoolOp, ast.IfExp, ast.boolop))):
                return False
            if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript)) and \
                    not isinstance(n.ctx, ast.Load):
                return False
            if isinstance(n, ast.Call) and not (
                    isinstance(n.func, ast.Name) and n.func.id in JOIN_CALLS
                    and n.func.id not in self.shadowed):
                return False
        return True

    def create(self, e: ast.AST, decide: bool = False) -> bool:
        if not (isinstance(e, ast.Await) and isinstance(e.value, ast.Call)):
            return False
        call = e.value
        func = call.func
        return (isinstance(func, ast.Attribute) and func.attr == "createTask"
                and isinstance(func.value, ast.Attribute)
                and isinstance(func.value.value, ast.Name)
                and all(self.pure(a, decide) for a in call.args)
                and all(self.pure(k.value, decide) for k in call.keywords))

    def helper_call(self, e: ast.AST, decide: bool = False) -> bool:
        if not (isinstance(e, ast.Await) and isinstance(e.value, ast.Call)):
            return False
        call = e.value
        return (isinstance(call.func, ast.Name) and call.func.id in self.good
                and all(self.pure(a, decide) for a in call.args)
                and all(self.pure(k.value, decide) for k in call.keywords))

    def statements(self, body: list[ast.stmt],
                   bindings: list[tuple[str, list[ast.stmt], int]], *,
                   decide: bool = False, returns: bool = False) -> bool:
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.Pass):
                continue
            if isinstance(stmt, ast.Return) and returns and self.pure(stmt.value, decide):
                continue
            if isinstance(stmt, ast.Expr) and (self.create(stmt.value, decide)
                                               or self.helper_call(stmt.value, decide)):
                continue
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
                    stmt.targets[0], ast.Name) and (self.create(stmt.value, decide)
                                                    or self.pure(stmt.value, decide)):
                bindings.append((stmt.targets[0].id, body, i))
                continue
            if isinstance(stmt, ast.If) and self.pure(stmt.test, decide) and \
                    self.statements(stmt.body, bindings, decide=decide, returns=returns) \
                    and self.statements(stmt.orelse, bindings, decide=decide,
                                        returns=returns):
                continue
            return False
        return True

    def joinable(self, node: ast.If, loads: list[ast.Name],
                 declared: set[str]) -> tuple[str, ...] | None:
        bindings: list[tuple[str, list[ast.stmt], int]] = []
        if not self.statements(node.body, bindings) or not self.statements(
                node.orelse, bindings):
            return None
        bound = {name for name, _, _ in bindings}
        if bound & declared:
            return None
        for name, body, index in bindings:
            later = {id(n) for stmt in body[index + 1:] for n in ast.walk(stmt)}
            if any(n.id == name and id(n) not in later for n in loads):
                return None
        read = {n.id for part in node.body + node.orelse for n in ast.walk(part)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - bound
        called = {n.func.id for part in node.body + node.orelse for n in ast.walk(part)
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                  and n.func.id in self.good}
        helpers: set[str] = set()
        todo = list(called)
        while todo:  # the helpers called, and those they call
            name = todo.pop()
            if name in helpers:
                continue
            helpers.add(name)
            module_names = self.reads[name]
            read |= module_names - self.good
            todo += [n for n in module_names if n in self.good]
        read -= helpers
        names = {n for n in read if not n.startswith("__motoko_")}
        names |= {f"{h}@{self.helpers[h].lineno}" for h in helpers}
        return tuple(sorted(names))


def _params(function: ast.AsyncFunctionDef | ast.FunctionDef) -> set[str]:
    args = function.args
    every = args.posonlyargs + args.args + args.kwonlyargs
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    return {a.arg for a in every}


# ---------------------------------------------------------------- loops filling a dict

#: the expressions a key or value of a filling loop may hold: no call, no await, no
#: walrus, no comprehension, no lambda (nothing that could change state or read the
#: dict by another name while the items are read)
_FILL_EXPRS = (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.BinOp,
               ast.UnaryOp, ast.Load, ast.operator, ast.unaryop, ast.JoinedStr,
               ast.FormattedValue, ast.Tuple, ast.Slice, ast.Compare, ast.cmpop)
#: calls a key or value may make (plain conversions: built-ins the tracer answers)
_FILL_CALLS = frozenset({"int", "float", "str", "round", "abs", "bool"})


def _fill_expr(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            if not (isinstance(n.func, ast.Name) and n.func.id in _FILL_CALLS
                    and not n.keywords and all(not isinstance(a, ast.Starred)
                                               for a in n.args)):
                return False
        elif not isinstance(n, _FILL_EXPRS) and not (
                isinstance(n, ast.Name) or isinstance(n, ast.expr_context)):
            return False
    return True


def _fill_statement(stmt: ast.stmt) -> tuple[str, str, ast.expr, ast.expr] | None:
    """``d[k] = v`` -> (d, "set", k, v); ``d.setdefault(k, v)`` (a statement) ->
    (d, "setdefault", k, v); ``d[k].append(v)`` -> (d, "append", k, v);
    ``d.setdefault(k, []).append(v)`` -> (d, "setdefault_append", k, v)."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                and not isinstance(target.slice, ast.Slice):
            return target.value.id, "set", target.slice, stmt.value
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return None
    call = stmt.value
    if not isinstance(call.func, ast.Attribute) or call.keywords or any(
            isinstance(a, ast.Starred) for a in call.args):
        return None
    owner = call.func.value
    if call.func.attr == "setdefault" and isinstance(owner, ast.Name) \
            and len(call.args) == 2:
        return owner.id, "setdefault", call.args[0], call.args[1]
    if call.func.attr != "append" or len(call.args) != 1:
        return None
    if isinstance(owner, ast.Subscript) and isinstance(owner.value, ast.Name) \
            and not isinstance(owner.slice, ast.Slice):
        return owner.value.id, "append", owner.slice, call.args[0]
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Attribute) \
            and owner.func.attr == "setdefault" and isinstance(owner.func.value, ast.Name) \
            and len(owner.args) == 2 and not owner.keywords \
            and isinstance(owner.args[1], ast.List) and not owner.args[1].elts \
            and not isinstance(owner.args[0], ast.Starred):
        return owner.func.value.id, "setdefault_append", owner.args[0], call.args[0]
    return None


def _let(stmt: ast.stmt) -> tuple[ast.expr, ast.expr] | None:
    """``name = e`` or ``a, b = e`` (names only): (target, e)."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return None
    target = stmt.targets[0]
    names = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
    if not names or not all(isinstance(n, ast.Name) for n in names):
        return None
    if any(isinstance(n, (ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr, ast.Lambda))
           for n in ast.walk(stmt.value)):
        return None
    return target, stmt.value


def closed_names(stmts: list[ast.stmt]) -> frozenset[str]:
    """The names the functions, lambdas and generator expressions made in ``stmts``
    read (they may run later and see main's variables then)."""
    return frozenset(n.id for s in stmts for scope in ast.walk(s) if isinstance(
        scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.GeneratorExp))
        for n in ast.walk(scope) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))


def _nonlocal_names(function: ast.AST) -> set[str]:
    """The names the functions inside ``function`` declare ``nonlocal`` (they may bind
    its variables whenever they are called)."""
    return {name for node in ast.walk(function) if isinstance(node, ast.Nonlocal)
            for name in node.names}


def fillable_loops(tree: ast.Module) -> dict[int, tuple[str, str]]:
    """The ``for`` loops of a module's functions that only fill one dict of the
    function: ``id(node) -> (name, how)`` (:func:`_fill_statement`). Over a traced list
    such a loop runs as ``name = <a run-time call>`` (:func:`.calls.dict_fill`): Python's
    own dict, filled at run time item by item from the pairs the loop's items give.

    The loop's body is a fill statement, ``d[k] = v``, ``d.setdefault(k, v)``,
    ``d[k].append(v)`` or ``d.setdefault(k, []).append(v)``, after any number of
    statements binding names (``mean = f(ys)``, ``a, b = e``: no await, yield, walrus or
    lambda; each reads no name it or a later one binds, so the pairs' comprehension
    binds them as the loop does, ``for mean in [f(ys)]``; the names are the function's
    own, not global or nonlocal); ``k`` and ``v`` are names,
    constants, attributes, items, arithmetic, comparisons, f-strings and calls of
    int/float/str/round/abs/bool (nothing that changes state or reads ``d`` by another
    name); neither they, the statements before them nor what the loop iterates read
    ``d``, and with such statements, no function, lambda or generator expression of
    the function reads ``d`` or those names, nor declares one ``nonlocal`` (the
    statements may call it: :func:`closed_names`); ``d`` is a local of the function
    (bound in it, or its parameter; not global or nonlocal), so binding it again
    changes no other scope's name; the loop has no
    ``else``; it is in no ``try`` (its items would be read before any is stored, and an
    error between leaves ``d`` as it was); its target's names and those the statements
    bind are not read after it (a comprehension leaves none). Whether anything else
    holds ``d``'s object is checked when it runs."""
    out: dict[int, tuple[str, str]] = {}
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        args = function.args
        params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
        params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
        local = _owned(function) | params
        closures: frozenset[str] | None = None
        for loop in _walk(function, into_scopes=False):
            if not isinstance(loop, ast.For) or loop.orelse:
                continue
            found = _fill_statement(loop.body[-1])
            if found is None:
                continue
            name, how, key, value = found
            found_lets = [_let(stmt) for stmt in loop.body[:-1]]
            lets = [let for let in found_lets if let is not None]
            if len(lets) != len(found_lets):
                continue
            bound = [_target_names(t) for t, _ in lets]
            targets = _target_names(loop.target)
            every = set().union(targets, *bound)
            if name not in local or name in every:
                continue
            if lets and not set().union(*bound) <= local:
                continue  # a name of the module's or an outer function's (global)
            if sum(len(b) for b in bound) + len(targets) != len(every):
                continue  # a name bound twice
            if any({n.id for n in _loads(e)} & set().union(*bound[i:])
                   for i, (_, e) in enumerate(lets)):
                continue
            if not (_fill_expr(key) and _fill_expr(value)):
                continue
            parts = [key, value, loop.iter, *(e for _, e in lets)]
            if any(n.id == name for part in parts for n in _loads(part)):
                continue
            chain = _chain(tree, loop)
            if _function_of(chain) is not function:
                continue
            if any(isinstance(p, (ast.Try, ast.TryStar, ast.With, ast.AsyncWith))
                   for p in chain[:chain.index(function)]):
                continue
            if _reads_after(chain, loop, every):
                continue
            if lets:
                if closures is None:
                    closures = closed_names(function.body) | _nonlocal_names(function)
                if closures & (every | {name}):
                    continue
            out[id(loop)] = (name, how)
    return out


def rebindable_calls(tree: ast.Module) -> dict[int, str]:
    """The ``d.update(x)`` and ``xs.sort(key=..., reverse=...)`` statements of a
    module's functions that may bind ``d`` or ``xs`` again instead
    (:func:`.calls.dict_update`, :func:`.sequences.helpers`' sort), by id, to the
    method's name: ``d`` a local of the function (bound in it or its parameter, not
    global or nonlocal), ``update`` given one positional argument (no ``**``, no
    keywords), ``sort`` only its keywords, in no ``try`` or ``with`` (an error leaves the
    object as it was). What else holds the object is checked when it runs; on values
    Python knows, it is the method itself."""
    out: dict[int, str] = {}
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        args = function.args
        params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
        params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
        local = _owned(function) | params
        for stmt in _walk(function, into_scopes=False):
            if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
                continue
            call = stmt.value
            if not (isinstance(call.func, ast.Attribute)
                    and isinstance(call.func.value, ast.Name)):
                continue
            if call.func.attr == "update":
                if len(call.args) != 1 or call.keywords or \
                        isinstance(call.args[0], ast.Starred):
                    continue
            elif call.func.attr == "sort":
                if call.args or not all(k.arg in ("key", "reverse")
                                        for k in call.keywords):
                    continue
            else:
                continue
            if call.func.value.id not in local:
                continue
            chain = _chain(tree, stmt)
            if _function_of(chain) is not function:
                continue
            if any(isinstance(p, (ast.Try, ast.TryStar, ast.With, ast.AsyncWith))
                   for p in chain[:chain.index(function)]):
                continue
            out[id(stmt)] = call.func.attr
    return out
