"""Statements of ``main`` that need run-time values, compiled as run-time blocks.

A statement of ``main`` (or of a routine) that makes no step and cannot be traced on
stand-ins (a loop grouping runs into a ``defaultdict``, ``sorted`` of objects holding
outputs, a numpy index, a dict of outputs looked up) used to stop the path: the rest of
``main`` ran as one task. When such a statement (with the statements before it that
make the objects it fills) is pure, it becomes a *block*: an
:class:`~motoko_airflow.graph.Invoke` of the statements themselves, named by their
position in the workflow's source, which the tasks that need one of its variables run
at run time with the values of that DAG run, as they do other run-time calls. The
variables it binds are traced values (``block["name"]``), and the trace goes on after it.

How it works:

- :func:`spots` finds, per file, the statements that may become blocks (in an ``async
  def``, no ``await``, ``return``, ``yield``, ``global``, nested ``def`` or ``class``,
  ``try`` or ``del`` of a name, no ``break``/``continue`` leaving them) and
  :class:`Wrap` compiles each as ``if __motoko_block__(line, col): names =
  __motoko_block_values__() else: <statement>`` (the names it binds, then those bound by
  plain assignments before it in the same body);
- a stop signal (:class:`~.state.Untraceable`) names the statements around the line
  ``main`` was running (:func:`candidates`, innermost first); the driver traces again
  with the innermost one not yet tried marked (``Recorder.block_sites``);
- at a marked statement, :func:`enter` checks the block and makes it: the statements
  it changes objects of must have made them (a ``groups = defaultdict(list)`` before
  the loop joins the block, if nothing between reads what it rebinds), the block must be
  pure by the run-time calls' rule (:func:`.calls.impurity`: it reads only its inputs,
  constants and allowed functions, changes nothing it did not make), every variable of
  ``main`` it reads must be bound and convertible to a graph expression. A module-level
  list it changes that only ``main`` reaches is given to it as a copy and bound by it
  (:func:`_changed_globals`). When a check fails the path stops there as before, saying
  why, and the next statement out is tried.

A block is never a task of its own: it runs inside each task that reads one of its
variables (it is deterministic, so they all get the same values).
"""

from __future__ import annotations

import ast
import copy
import functools
import gc
import sys
import types
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.calls import CAUGHT, TRIAL
from motoko_airflow.calls import statement_lists as _bodies
from motoko_airflow.trace import instrument, tuples

__all__ = ["BLOCK", "VALUES", "Wrap", "candidates", "enter", "spots"]

BLOCK, VALUES = "__motoko_block__", "__motoko_block_values__"

#: statements that may become a block
_KINDS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.For, ast.While, ast.If,
          ast.With, ast.Try)
#: nodes that keep a statement from being a block
_REFUSED = (ast.Await, ast.Yield, ast.YieldFrom, ast.AsyncFor, ast.AsyncWith,
            ast.AsyncFunctionDef, ast.FunctionDef, ast.ClassDef, ast.Return, ast.Global,
            ast.Nonlocal, ast.Import, ast.ImportFrom, ast.TryStar)
#: what a statement needs to be worth a block (something Python answers on a value)
_WORK = (ast.Call, ast.Subscript, ast.Compare, ast.BinOp, ast.BoolOp, ast.UnaryOp,
         ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.For, ast.While,
         ast.If, ast.IfExp, ast.Attribute, ast.JoinedStr)


@dataclass(frozen=True)
class Spot:
    """A statement that may become a block, where it is and what it binds."""

    stmt: ast.stmt
    body: list[ast.stmt]  # the statement list holding it
    index: int
    stores: tuple[str, ...]  # names it binds, sorted
    before: tuple[str, ...]  # names bound by plain assignments before it in its body
    function: ast.AsyncFunctionDef
    # variables of its function whose objects it changes in place (``ys.append(x)``,
    # ``seen[k] += 1``), sorted: a block is given a copy and binds them
    changed: tuple[str, ...] = ()
    # a ``try`` whose body is the block, its ``except``s run by main (:func:`_trial`)
    trial: bool = False

    @property
    def statements(self) -> list[ast.stmt]:
        """The statements the block runs (without the plain assignments it joins)."""
        return list(self.stmt.body) if self.trial and isinstance(
            self.stmt, ast.Try) else [self.stmt]

    @property
    def names(self) -> tuple[str, ...]:
        """The names its compiled form rebinds: its own, those whose objects it changes,
        then those bound before it."""
        own = self.stores + tuple(n for n in self.changed if n not in self.stores)
        return own + tuple(n for n in self.before if n not in own)


def _plain_assigned(stmt: ast.stmt) -> str | None:
    """The name of ``name = value`` (or ``name: T = value``)."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(
            stmt.target, ast.Name):
        return stmt.target.id
    return None


def _refusal(stmt: ast.stmt) -> str | None:
    """Why ``stmt`` cannot be a block (None: it can)."""
    if not isinstance(stmt, _KINDS):
        return "it is not a plain statement"
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return "it does nothing"
    loops = 0
    for node in ast.walk(stmt):
        if isinstance(node, _REFUSED):
            return f"it holds {type(node).__name__.lower()}"
        if isinstance(node, ast.Delete) and any(isinstance(t, ast.Name)
                                                for t in node.targets):
            return "it deletes a variable"
        if isinstance(node, (ast.For, ast.While)):
            loops += 1
        if isinstance(node, (ast.Break, ast.Continue)) and not _inside_loop(stmt, node):
            return "it leaves a loop around it"
    if not any(isinstance(n, _WORK) for n in ast.walk(stmt)):
        return "nothing in it needs a value"
    return _keeps(stmt)


def _keeps(stmt: ast.stmt) -> str | None:
    """Why the statement cannot be in a block for a value it keeps (a lambda, an
    iterator), or None."""
    parents = {c: p for p in ast.walk(stmt) for c in ast.iter_child_nodes(p)}
    for node in ast.walk(stmt):
        if isinstance(node, ast.Lambda):
            # a key function given to a call, never a value kept (a task could not
            # pass it on, nor a later use call it with main's variables)
            call = parents.get(node)
            if isinstance(call, ast.keyword):
                call = parents.get(call)
            if not isinstance(call, ast.Call) or node is call.func or isinstance(
                    call.func, ast.Attribute) and call.func.attr in instrument.MUTATORS:
                return f"it keeps a lambda (line {node.lineno})"
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and \
                node.value is not None and _iterator(node.value):
            return (f"it binds an iterator (line {node.lineno}), which Python uses up "
                    "once and every task would make afresh")
    return None


#: callables that return an iterator (used up once)
_ITERATING = frozenset({"map", "filter", "zip", "iter", "reversed", "enumerate"})


def _iterator(value: ast.expr) -> bool:
    if isinstance(value, ast.GeneratorExp):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name):
            return func.id in _ITERATING
        if isinstance(func, ast.Attribute):
            return isinstance(func.value, ast.Name) and func.value.id == "itertools"
    return False


def _inside_loop(stmt: ast.stmt, jump: ast.stmt) -> bool:
    for node in ast.walk(stmt):
        if isinstance(node, (ast.For, ast.While)) and any(
                jump is n for n in _own_body_nodes(node)):
            return True
    return False


def _own_body_nodes(loop: ast.For | ast.While) -> list[ast.AST]:
    """The nodes of a loop's body and else, not those of loops nested in it."""
    out: list[ast.AST] = []
    todo: list[ast.AST] = [*loop.body, *loop.orelse]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, (ast.For, ast.While, *instrument._SCOPES)):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return out


@functools.lru_cache(maxsize=64)
def _spots(path: str, version: Any) -> dict[tuple[int, int], Spot]:
    tree = instrument._tree(path, version) if version is not None else None
    found: dict[tuple[int, int], Spot] = {}
    if tree is None:
        return found

    def visit(body: list[ast.stmt], function: ast.AsyncFunctionDef) -> None:
        before: list[str] = []
        # names main declares global or nonlocal: a block would make them its own
        declared = {n for node in instrument._walk(function, into_scopes=False)
                    if isinstance(node, (ast.Global, ast.Nonlocal)) for n in node.names}
        # its variables (never a module's name: binding it would make it main's own)
        variables = (instrument._stores(function) | _arguments(function)) - declared
        for i, stmt in enumerate(body):
            if isinstance(stmt, instrument._SCOPES):
                if isinstance(stmt, ast.AsyncFunctionDef):
                    visit(stmt.body, stmt)
                continue
            # a try that may be a block whole (its excepts make no step and leave no
            # loop) stays one: a trial only when it cannot
            trial = isinstance(stmt, ast.Try) and _refusal(stmt) is not None and \
                _trial_refusal(stmt, variables) is None
            inner = list(stmt.body) if trial and isinstance(stmt, ast.Try) else [stmt]
            if (trial or _refusal(stmt) is None) and not declared & (
                    _stores(inner) | _loads(inner)):
                stores = _stores(inner)
                found[(stmt.lineno, stmt.col_offset)] = Spot(
                    stmt, body, i, tuple(sorted(stores)),
                    tuple(dict.fromkeys(before)), function,
                    tuple(sorted((_mutated_roots(inner) & variables) - stores)), trial)
            for inner in _bodies(stmt):
                visit(inner, function)
            name = _plain_assigned(stmt)
            if name is not None:
                before.append(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncFunctionDef):
            visit(node.body, node)
    return found


#: names that read the error being handled (``sys.exc_info()``, ``traceback.print_exc()``)
_EXC_READERS = frozenset({"exc_info", "exception", "print_exc", "format_exc",
                          "format_exception", "print_exception", "last_exc", "traceback"})


def _trial_refusal(stmt: ast.Try, variables: set[str]) -> str | None:
    """Why the body of the ``try`` ``stmt`` cannot be a block whose error its
    ``except``s test (None: it can). Each ``except`` names its classes (names of the
    module or built-ins, evaluated again at run time; no ``as``), there is no
    ``finally``, and the body's statements may be in a block (the ``except``s and
    ``else`` are main's own: they may ``break``, await, make steps)."""
    if not stmt.handlers or stmt.finalbody:
        return "it has no except, or a finally"
    for handler in stmt.handlers:
        if handler.type is None or handler.name is not None:
            return "an except catches everything, or names the error"
        for node in ast.walk(handler):
            # main runs the except outside any try: no error is being handled there
            if isinstance(node, ast.Raise) and node.exc is None:
                return "an except raises the error again"
            if isinstance(node, (ast.Name, ast.Attribute)) and (
                    node.id if isinstance(node, ast.Name) else node.attr) in _EXC_READERS:
                return "an except reads the error being handled"
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [
            handler.type]
        for kind in kinds:
            root = kind
            while isinstance(root, ast.Attribute):
                root = root.value
            if not isinstance(root, ast.Name) or root.id in variables:
                return "an except names its classes otherwise than by a module's names"
    worth = False
    for inner in stmt.body:
        why = _refusal(inner)
        if why == "nothing in it needs a value":
            continue
        if why is not None:
            return why
        worth = True
    return None if worth else "nothing in its body needs a value"


def _arguments(function: ast.AsyncFunctionDef) -> set[str]:
    args = function.args
    out = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    out |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    return out


def spots(path: str) -> dict[tuple[int, int], Spot]:
    """The statements of ``path`` that may become blocks, by (line, column)."""
    return _spots(path, instrument.file_version(path))


def candidates(file: str, line: int, firstlineno: int) -> list[tuple[str, int, int]]:
    """The statements that may become blocks around ``line`` of the ``async def`` of
    ``file`` starting at ``firstlineno`` (its decorators included), innermost first."""
    found = []
    for (lineno, col), spot in spots(file).items():
        function = spot.function
        first = min([function.lineno, *(d.lineno for d in function.decorator_list)])
        if first != firstlineno:
            continue
        if lineno <= line <= (spot.stmt.end_lineno or lineno):
            found.append((lineno, col, spot.stmt.end_lineno or lineno))
    # inner statements start later or end sooner
    found.sort(key=lambda s: (-(s[0]), s[2]))
    return [(file, lineno, col) for lineno, col, _ in found]


def _is_hook(stmt: ast.stmt) -> bool:
    """A statement the instrumentation added (at the position of the one it precedes)."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(
            stmt.value.func, ast.Name) and stmt.value.func.id.startswith("__motoko_"):
        return True
    if isinstance(stmt, ast.For):  # an if merged at its join
        return isinstance(stmt.target, ast.Name) and stmt.target.id.startswith("__motoko_")
    if isinstance(stmt, ast.With):  # a try's guard, a side of an if merged at its join
        return any(isinstance(e, ast.Name) and e.id.startswith("__motoko_") or isinstance(
            e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id.startswith(
            "__motoko_") for e in (i.context_expr for i in stmt.items))
    return False


def _rebinding(stmt: ast.stmt, original: ast.stmt) -> bool:
    """``stmt`` is the instrumented form of ``original``: ``d.update(x)`` or
    ``xs.sort(...)`` made ``d = __motoko_update__(d, x)`` (``instrument.rebindable_calls``),
    a loop filling a dict made an ``if`` (``instrument.fillable_loops``)."""
    if isinstance(original, ast.For) and isinstance(stmt, ast.If):
        # a loop filling a dict: ``if __motoko_filling__(...): d = ... else: <loop>``
        test = stmt.test
        if instrument._is_call(test, instrument.TRUTH):
            test = test.args[0]  # type: ignore[attr-defined]
        return instrument._is_call(test, instrument.FILLING)
    return isinstance(original, ast.Expr) and isinstance(stmt, ast.Assign) and any(
        instrument._is_call(stmt.value, hook) for hook in (instrument.UPDATE, instrument.SORT))


class Wrap(ast.NodeTransformer):
    """Each statement of :func:`spots` (in the instrumented tree) as ``if
    __motoko_block__(line, col): names = __motoko_block_values__() else: stmt``."""

    def __init__(self, found: dict[tuple[int, int], Spot]) -> None:
        self.found = found

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for body in _bodies(node):
            for i, stmt in enumerate(body):
                spot = self.found.get((getattr(stmt, "lineno", -1),
                                       getattr(stmt, "col_offset", -1)))
                if spot is None or _is_hook(stmt) or type(stmt) is not type(spot.stmt) \
                        and not _rebinding(stmt, spot.stmt):
                    continue
                names = spot.names
                flags = [_flag(i) for i in range(len(stmt.handlers))] if spot.trial \
                    and isinstance(stmt, ast.Try) else []
                then: list[ast.stmt]
                if names or flags:
                    target = ast.Tuple([ast.Name(n, ast.Store()) for n in [*names, *flags]],
                                       ast.Store())
                    then = [ast.Assign([target], instrument._call(VALUES))]
                else:
                    then = [ast.Pass()]
                if spot.trial:  # main runs the except whose flag holds, else the else
                    assert isinstance(stmt, ast.Try)
                    chain: list[ast.stmt] = copy.deepcopy(stmt.orelse) or [ast.Pass()]
                    for flag, handler in reversed(list(zip(flags, stmt.handlers,
                                                           strict=True))):
                        test_flag = ast.copy_location(ast.Name(flag, ast.Load()), handler)
                        chain = [ast.copy_location(ast.If(
                            test_flag, copy.deepcopy(handler.body), chain), handler)]
                    then += chain
                    # the excepts keep their own lines (a test's site, a loop around)
                    kept = {id(n) for c in chain for n in ast.walk(c)}
                else:
                    kept = set()
                test = instrument._call(BLOCK, ast.Constant(stmt.lineno),
                                        ast.Constant(stmt.col_offset))
                wrapped = ast.If(test, then, [stmt])
                for new in ast.walk(wrapped):
                    if new is not stmt and id(new) not in kept and not _inside(new, stmt):
                        ast.copy_location(new, stmt)
                body[i] = wrapped
        return node


def _flag(index: int) -> str:
    """The variable the compiled form of a trial binds to "its ``except`` number
    ``index`` caught the body's error"."""
    return f"__motoko_caught_{index}__"


def _inside(node: ast.AST, stmt: ast.stmt) -> bool:
    return any(node is n for n in ast.walk(stmt))


# ---------------------------------------------------------------- making a block


class BlockRefused(Exception):
    """Why a marked statement is not made a block."""


def _mutated_roots(stmts: list[ast.stmt]) -> set[str]:
    """Names whose objects the statements may change (a mutating method, an item or
    attribute assignment, a function changing its first argument)."""
    out: set[str] = set()
    for stmt in stmts:
        out |= _mutated_by(stmt)
    return out


@functools.lru_cache(maxsize=8192)
def _mutated_by(stmt: ast.stmt) -> frozenset[str]:
    """:func:`_mutated_roots` of one statement, once (the cache keeps the tree alive)."""
    out: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in instrument.MUTATORS:
            root = instrument._root_name(node.func.value)
            if root is not None:
                out.add(root)
            else:  # `(hi if c else lo).append(x)`: hi and lo
                out |= {r for r in instrument.picked_roots(node.func.value) if r}
        if isinstance(node, ast.Call) and node.args and (
                isinstance(node.func, ast.Name) and node.func.id in
                instrument.MUTATING_FUNCTIONS or isinstance(node.func, ast.Attribute)
                and node.func.attr in instrument.MUTATING_FUNCTIONS):
            root = instrument._root_name(node.args[0])
            if root is not None:
                out.add(root)
        targets: list[ast.AST] = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            out.add(node.target.id)  # `xs += ys` changes a list in place
        for target in targets:
            out |= _store_roots(target)
    return frozenset(out)


def _store_roots(target: ast.AST) -> set[str]:
    """Names whose objects an assignment to ``target`` changes: the root of an item or
    attribute target (``seen[round(run.y)] += 1`` changes ``seen``, not ``run``), both
    sides of ``(a if c else b)[i] = v``, and every name of a target whose object is
    made by a call (``f(x)[0] = v`` may change ``x``)."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return {r for e in target.elts for r in _store_roots(e)}
    if isinstance(target, ast.Starred):
        return _store_roots(target.value)
    if not isinstance(target, (ast.Subscript, ast.Attribute)):
        return set()
    base = target.value
    while isinstance(base, (ast.Subscript, ast.Attribute)):
        base = base.value
    if isinstance(base, ast.Name):
        return {base.id}
    picked = instrument.picked_roots(base)
    if picked and None not in picked:
        return {r for r in picked if r}
    return {n.id for n in ast.walk(target.value) if isinstance(n, ast.Name)}


#: the largest numpy array written into the graph as its items (a bigger one would make
#: the DAG file that much bigger: what combines it with outputs runs natively instead)
MAX_ARRAY_ITEMS = 4096


def _array(rec: Any, value: Any) -> Any:
    """A numpy array of numbers or booleans made before the block (``np.linspace(lo, hi,
    n)`` of plain values), as the run-time call making it again (:func:`array_expr`);
    None for anything else."""
    expr = array_expr(value)
    if expr is None:
        return None
    from motoko_airflow.trace import calls

    return calls.Result(rec, expr, ())


def array_expr(value: Any) -> g.Expr | None:
    """A numpy array of numbers or booleans known now (``offsets = np.array([-0.25, 0.0,
    0.25])``) as the run-time call making it again: ``numpy.array`` of its items (a
    float's repr gives it back exactly) with its dtype, up to :data:`MAX_ARRAY_ITEMS`
    items; None for anything else."""
    if type(value).__module__ != "numpy" or type(value).__name__ != "ndarray" or \
            value.dtype.kind not in "biuf" or value.size > MAX_ARRAY_ITEMS:
        return None

    def items(v: Any) -> g.Expr:  # a list of constants (hashable, as paths merge them)
        return g.ListExpr(tuple(items(i) for i in v)) if isinstance(v, list) else g.Const(v)

    return g.Invoke(g.Function("numpy", "array"), (items(value.tolist()),),
                    ("dtype",), (g.Const(value.dtype.str),))


def _loop_target_only(stmts: list[ast.stmt], name: str) -> bool:
    """Whether ``name`` is bound in ``stmts`` only as the target of ``for`` loops, and
    read only inside their bodies."""
    loops = [n for s in stmts for n in ast.walk(s) if isinstance(n, ast.For)
             and name in instrument._target_names(n.target)]
    if not loops:
        return False
    inside = {id(n) for lp in loops for part in lp.body for n in ast.walk(part)}
    inside |= {id(n) for lp in loops for n in ast.walk(lp.target)}
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and n.id == name and id(n) not in inside:
                return False
    return True


def _marked_key(value: Any, depth: int = 0) -> bool:
    """A dict keyed by a string formatted from a traced value, in ``value``."""
    from motoko_airflow.trace.sequences import has_marker

    if depth > 20:
        return True
    if isinstance(value, dict):
        return any(has_marker(k) or _marked_key(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return any(_marked_key(v, depth + 1) for v in items)
    return False


def _plain_tuple(value: Any, depth: int = 0) -> bool:
    """A tuple in ``value`` (not a traced value's own): the DAG writes tuples as
    lists."""
    from motoko_airflow.trace.values import Symbol

    if depth > 20:
        return True
    if isinstance(value, Symbol):
        return False
    if type(value) is tuple:
        return True
    if isinstance(value, dict):
        return any(_plain_tuple(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_plain_tuple(v, depth + 1) for v in list.__iter__(value))
    return False


def _loads(stmts: list[ast.stmt]) -> set[str]:
    """Names the statements read, not those a lambda or comprehension in them binds."""
    out: set[str] = set()

    def visit(node: ast.AST, bound: frozenset[str]) -> None:
        if isinstance(node, ast.Lambda):
            bound = bound | {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    visit(default, bound)
            visit(node.body, bound)
            return
        for name in instrument._loads(node, bound) if not isinstance(
                node, ast.Lambda) and not any(isinstance(n, ast.Lambda)
                                              for n in ast.walk(node)) else ():
            out.add(name.id)
        if any(isinstance(n, ast.Lambda) for n in ast.walk(node)):
            if isinstance(node, ast.Name):
                return
            inner = bound | instrument._comprehension_bound(node) if isinstance(
                node, instrument._COMPREHENSIONS) else bound
            for child in ast.iter_child_nodes(node):
                visit(child, frozenset(inner))

    for stmt in stmts:
        visit(stmt, frozenset())
    return out


def _mutable(value: Any, whole: bool, depth: int = 0) -> bool:
    """``value`` (``whole``) or an object inside it is a list, dict, set, bytearray,
    numpy array or dataclass object that is not frozen."""
    if whole and (isinstance(value, (list, dict, set, bytearray)) or type(
            value).__name__ == "ndarray"):
        return True
    from motoko_airflow.trace.segments import _unchangeable, record_parts

    parts = record_parts(value)
    if whole and parts is not None and not _unchangeable(value):
        return True  # a dataclass object that is not frozen: its fields may be set
    if depth > 3:
        return True
    if isinstance(value, dict):
        items = list(value.values())
    elif parts is not None:
        items = parts
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(list.__iter__(value)) if isinstance(value, list) else list(value)
    else:
        return False
    return any(_mutable(v, True, depth + 1) for v in items[:1000])


#: calls whose result holds nothing of their arguments (a number, a string, a bool)
_IMMUTABLE_RESULT = frozenset({
    "len", "sum", "float", "int", "abs", "round", "str", "bool", "isinstance", "any",
    "all", "repr", "format", "hash", "type", "count", "index", "join", "upper", "lower",
    "strip", "startswith", "endswith", "is_integer", "item", "sqrt", "log", "exp",
    "isclose", "isnan", "isfinite", "floor", "ceil", "fabs", "mean", "median", "stdev",
    "fmean", "pstdev", "variance", "pvariance"})
#: library functions returning a new list of items of their arguments (found by what
#: the call's name is bound to, not by its name alone: a helper may be called so)
_NEW_LIST = (("heapq", "nsmallest"), ("heapq", "nlargest"))
_NEW_LIST_NAMES = frozenset(name for _, name in _NEW_LIST)
#: methods putting their arguments themselves into the object they change
_PUTTING = frozenset({"append", "insert", "add", "setdefault", "__setitem__",
                      "appendleft"})
#: methods putting the items of their arguments into the object they change
_PUTTING_ITEMS = frozenset({"extend", "update", "extendleft"})


def _held(expr: ast.AST | None, whole: bool = True,
          inputs: dict[str, Any] | None = None,
          fresh: frozenset[int] = frozenset()) -> set[tuple[str, bool]]:
    """The names whose object (``True``) or objects inside it (``False``) the value of
    ``expr`` may be or hold (``inputs``: the values of names the block neither binds nor
    changes, where ``params["x"]`` holding a number or string now holds no object; a
    ``range(...)`` and ``s + 100`` hold none; ``fresh``: the ids of the calls found to
    be library functions returning a new list, such as ``heapq.nsmallest``)."""
    if expr is None or isinstance(expr, (ast.Constant, ast.JoinedStr, ast.Lambda)):
        return set()
    if isinstance(expr, ast.Name):
        return {(expr.id, whole)}
    if isinstance(expr, ast.Subscript) and _scalar(_input_value(expr, inputs)):
        return set()  # a number or string now (``params["x"]``): it holds no object
    if isinstance(expr, (ast.Subscript, ast.Attribute)):
        return _held(expr.value, False, inputs, fresh)
    if isinstance(expr, (ast.Starred, ast.NamedExpr, ast.Await)):
        return _held(expr.value, whole, inputs, fresh)
    if isinstance(expr, ast.IfExp):
        return _held(expr.body, whole, inputs, fresh) | _held(expr.orelse, whole, inputs, fresh)
    if isinstance(expr, ast.BoolOp):
        return {h for v in expr.values for h in _held(v, whole, inputs, fresh)}
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return {h for e in expr.elts for h in _held(e, True, inputs, fresh)}
    if isinstance(expr, ast.Dict):
        return {h for e in [*expr.keys, *expr.values] for h in _held(e, True, inputs, fresh)}
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (
            ast.Add, ast.Sub, ast.Div, ast.FloorDiv, ast.Pow)) and any(
            isinstance(p, ast.Constant) and type(p.value) in (int, float)
            for p in (expr.left, expr.right)):
        return set()  # a number (a list, tuple or str and a number raise: ``s + 100``)
    if isinstance(expr, (ast.BinOp, ast.UnaryOp)):
        parts = [expr.left, expr.right] if isinstance(expr, ast.BinOp) else [expr.operand]
        return {(n, False) for p in parts for n, _ in _held(p, True, inputs, fresh)}
    if isinstance(expr, ast.Compare):
        return set()
    if isinstance(expr, ast.Call):
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _IMMUTABLE_RESULT or isinstance(func, ast.Name) and func.id == "range":
            return set()  # (a range holds ints only: ``for level in range(p["n"])``)
        given = [*expr.args, *(k.value for k in expr.keywords)]
        if isinstance(func, ast.Attribute):
            given.append(func.value)
        new = name in instrument.FRESH_CALLS or id(expr) in fresh
        return {(n, w and not new) for e in given
                for n, w in _held(e, True, inputs, fresh)}
    if isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
        targets = {t.id for g in expr.generators for t in ast.walk(g.target)
                   if isinstance(t, ast.Name)}
        elts = [expr.key, expr.value] if isinstance(expr, ast.DictComp) else [expr.elt]
        out = {h for e in elts for h in _held(e, True, inputs, fresh) if h[0] not in targets}
        if any(h[0] in targets for e in elts for h in _held(e, True, inputs, fresh)):
            # (an item of a list of numbers or strings is no object: ``for x0 in
            # params["starts"]``)
            out |= {(n, False) for g in expr.generators if not _scalar_items(g.iter, inputs)
                    for n, _ in _held(g.iter, True, inputs, fresh)}
        return out
    return {(n.id, True) for n in ast.walk(expr) if isinstance(n, ast.Name)}


#: what :func:`_input_value` gives for an expression it cannot read from the inputs
_UNKNOWN = object()


def _input_value(expr: ast.AST, inputs: dict[str, Any] | None) -> Any:
    """The value now of an input (``starts``) or of a constant key of one
    (``params["starts"]``), else :data:`_UNKNOWN` (``inputs``: the names the block
    neither binds nor changes, so the value stays this one all through it)."""
    if inputs is None:
        return _UNKNOWN
    if isinstance(expr, ast.Name):
        return inputs.get(expr.id, _UNKNOWN)
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) and \
            isinstance(expr.slice, ast.Constant) and type(inputs.get(expr.value.id)) is dict:
        return inputs[expr.value.id].get(expr.slice.value, _UNKNOWN)
    return _UNKNOWN


def _scalar(value: Any) -> bool:
    return value is None or type(value) in (int, float, bool, str)


def _scalar_items(expr: ast.AST, inputs: dict[str, Any] | None) -> bool:
    """Whether ``expr``'s value (:func:`_input_value`) is a list or tuple of numbers and
    strings only: its items hold no object."""
    value = _input_value(expr, inputs)
    return type(value) in (list, tuple) and len(value) <= 10_000 and all(
        _scalar(v) for v in value)


def _new_lists(stmts: list[ast.stmt], inputs: dict[str, Any],
               namespace: dict[str, Any]) -> frozenset[int]:
    """The ids of the calls in ``stmts`` of a function of :data:`_NEW_LIST` (``heapq.
    nsmallest(k, xs)`` with ``heapq`` the module, ``nsmallest(k, xs)`` imported from it),
    found by the names' values where main runs (``inputs``: its variables)."""
    made = _stores(stmts)

    def value(name: str) -> Any:
        if name in made:
            return None  # the block may rebind it
        return inputs[name] if name in inputs else namespace.get(name)

    wanted = _new_list_functions()
    out = set()
    for node in (n for s in stmts for n in ast.walk(s)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name):
            found = value(func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                isinstance(value(func.value.id), types.ModuleType):
            found = getattr(value(func.value.id), func.attr, None)
        else:
            continue
        if found is not None and id(found) in wanted:
            out.add(id(node))
    return frozenset(out)


@functools.cache
def _new_list_functions() -> frozenset[int]:
    """The ids of the functions of :data:`_NEW_LIST` (their modules imported once)."""
    import importlib

    out = set()
    for module, name in _NEW_LIST:
        try:
            out.add(id(getattr(importlib.import_module(module), name)))
        except (ImportError, AttributeError):
            continue
    return frozenset(out)


@functools.lru_cache(maxsize=8192)
def _called_names(stmt: ast.stmt) -> frozenset[str]:
    """The names the calls in ``stmt`` are made by (``f`` of ``f(x)`` and ``m.f(x)``),
    once per statement (the cache keeps the tree alive)."""
    return frozenset(n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id
                     for n in ast.walk(stmt) if isinstance(n, ast.Call)
                     and isinstance(n.func, (ast.Attribute, ast.Name)))


def _shared_input(stmts: list[ast.stmt], inputs: dict[str, Any],
                  namespace: dict[str, Any] | None = None,
                  kept: frozenset[str] | None = None) -> str | None:
    """Why a variable the block binds may be, or hold, a mutable object of one of its
    inputs (``chosen = extra``, ``holder = {"e": extra}``, ``for group in
    groups.values()``, ``out.append(extra)``): main would see later changes to the input
    through it (or to it through the input), the DAG's value would not. With ``kept``,
    only the variables of ``kept`` count (a segment passes on those the code after it
    reads; the others are not seen again: ``for r in results: w.writerow(...)``)."""
    made = _stores(stmts)
    changed = made | _mutated_roots(stmts)
    # inputs whose items the block neither rebinds nor changes: ``params["x"]`` holding
    # a number now holds one all through it
    fixed = {n: v for n, v in inputs.items() if n not in changed}
    fresh: frozenset[int] = frozenset()
    if namespace is not None and any(_called_names(s) & _NEW_LIST_NAMES for s in stmts):
        fresh = _new_lists(stmts, inputs, namespace)
    for node in (n for s in stmts for n in ast.walk(s)):
        held: set[tuple[str, bool]] = set()
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            held = _held(node.value, inputs=fixed, fresh=fresh)
        elif isinstance(node, ast.AugAssign):
            held = {(n, False) for n, _ in _held(node.value, inputs=fixed, fresh=fresh)}
        elif isinstance(node, ast.For):
            held = {(n, False) for n, _ in _held(node.iter, inputs=fixed, fresh=fresh)}
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in _PUTTING | _PUTTING_ITEMS:
            whole = node.func.attr in _PUTTING
            held = {(n, w and whole) for a in node.args
                    for n, w in _held(a, inputs=fixed, fresh=fresh)}
        if held and kept is not None and not _binds(node) & kept:
            continue
        for name, whole in sorted(held):
            if name in inputs and name not in made and _mutable(inputs[name], whole):
                line = getattr(node, "lineno", "?")
                return (f"line {line} binds a variable that may be {name} or hold an "
                        "object of it, which main may change after the block")
    return None


def _binds(node: ast.AST) -> set[str]:
    """The variables an assignment, a ``for`` or a putting call (``out.append(x)``)
    makes hold a value: for ``d[k] = x`` or ``o.a = x``, the variable holding ``d`` or
    ``o``."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For)):
        targets = [node.target]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        targets = [node.func.value]
    else:
        return set()
    out: set[str] = set()
    for target in targets:
        out |= _bound_names(target) | {
            root for sub in ast.walk(target) if isinstance(sub, (ast.Subscript, ast.Attribute))
            and (root := instrument._root_name(sub)) is not None}
    return out


def _bound_names(target: ast.AST) -> set[str]:
    """The names an assignment target binds (not those of ``a[i]`` or ``a.b``)."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return {n for t in target.elts for n in _bound_names(t)}
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return set()


def _iterates_keys(expr: ast.expr, name: str) -> bool:
    """``expr`` goes over the keys of the dict ``name``: ``name``, ``name.keys()``, or
    ``sorted``/``list``/``reversed`` of those."""
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and \
            expr.func.id in ("sorted", "list", "reversed") and len(expr.args) == 1:
        expr = expr.args[0]
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and \
            expr.func.attr == "keys" and not expr.args:
        expr = expr.func.value
    return isinstance(expr, ast.Name) and expr.id == name


def _key_names(stmts: list[ast.stmt], name: str) -> set[str]:
    """Names that only ever hold keys of the dict ``name`` in ``stmts``: every loop or
    comprehension binding them goes over its keys (or they are the first of a pair of
    its ``.items()``), every lambda binding them is the ``key=`` of a call given its
    keys (``max(name, key=lambda k: ...)``); nothing else binds them."""
    nodes = [n for s in stmts for n in ast.walk(s)]
    key_lambdas = {id(k.value) for node in nodes if isinstance(node, ast.Call)
                   and node.args and _iterates_keys(node.args[0], name)
                   for k in node.keywords if k.arg == "key"}
    good: set[str] = set()
    bad: set[str] = set()
    for node in nodes:
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            target, over = node.target, node.iter
            items = isinstance(over, ast.Call) and isinstance(over.func, ast.Attribute) \
                and over.func.attr == "items" and not over.args and isinstance(
                    over.func.value, ast.Name) and over.func.value.id == name
            if isinstance(target, ast.Name) and _iterates_keys(over, name):
                good.add(target.id)
            elif items and isinstance(target, ast.Tuple) and len(target.elts) == 2 and \
                    isinstance(target.elts[0], ast.Name):
                good.add(target.elts[0].id)
                bad |= _bound_names(target.elts[1])
            else:
                bad |= _bound_names(target)
        elif isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
            params |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
            if id(node) in key_lambdas and len(params) == 1 and len(a.args) == 1:
                good |= params
            else:
                bad |= params
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                bad |= _bound_names(target)
    return good - bad


def grouping_lookup(stmts: list[ast.stmt], values: dict[str, Any]) -> str | None:
    """Why ``stmts`` (a block's, a segment's), given main's ``values``, may not run at
    run time: they may look a defaultdict made at run time up at a key it lacks, which
    natively adds the key for main's later reads, and at run time changes their copy
    only (:func:`.calls.grouping`)."""
    from motoko_airflow.trace import calls
    from motoko_airflow.trace.values import Symbol

    for name, value in values.items():
        if isinstance(value, Symbol) and calls.grouping(value._expr):
            line = _keyed_read(stmts, name)
            if line is not None:
                return (f"{name} is a defaultdict made at run time, which line {line} "
                        "may read at a key it lacks: natively that adds the key, which "
                        f"main's later reads of {name} see; the copy run at run time "
                        "would not pass it on")
    return None


def _keyed_read(stmts: list[ast.stmt], name: str) -> int | None:
    """The line of a statement that may look ``name`` up by a key (``name[k]``, or
    ``name`` given to a function other than ``print`` and :data:`.calls.KEY_BLIND`),
    or None."""
    from motoko_airflow.trace import calls

    keys = _key_names(stmts, name)
    for node in (n for s in stmts for n in ast.walk(s)):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                node.value.id == name and not (
                    isinstance(node.slice, ast.Name) and node.slice.id in keys):
            return node.lineno
        if isinstance(node, ast.Call) and not (
                isinstance(node.func, ast.Name) and node.func.id in (
                    *calls.KEY_BLIND, "print")) and any(
                isinstance(a, ast.Name) and a.id == name for a in (
                    *node.args, *(k.value for k in node.keywords))):
            return node.lineno
    return None


#: methods giving an item of their container (``by_name.get(k)``: maybe a run)
_ITEM_GETTERS = frozenset({"get", "pop", "setdefault", "popitem"})


def _record_method(stmts: list[ast.stmt], with_runs: set[str],
                   containers: frozenset[str] | set[str] = frozenset()) -> str | None:
    """Why the block calls a method of BlackDynamite's runs and jobs (``job.items()``,
    ``run.keys()``) on a run or a job, or None: a run made by the DAG holds other
    entries, and a run given at run time answers its fields only. ``containers``: the
    inputs of ``with_runs`` that are a dict or list holding runs (``by_name.items()``
    is the dict's), unless the block binds them again."""
    from motoko_airflow.trace.values import RECORD_METHODS

    run_like = set(with_runs)
    nodes = [n for s in stmts for n in ast.walk(s)]
    bound = {n.id for n in nodes if isinstance(n, ast.Name) and not isinstance(
        n.ctx, ast.Load)}
    holders = set(containers) - bound
    for _ in range(len(nodes)):  # names bound to runs, jobs or pairs of them
        before = len(run_like)
        for node in nodes:
            source: ast.AST
            target: ast.AST
            if isinstance(node, (ast.For, ast.comprehension)):
                source, target = node.iter, node.target
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and \
                    node.value is not None:
                source = node.value
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            else:
                continue
            if {n.id for n in ast.walk(source) if isinstance(n, ast.Name)} & run_like:
                run_like |= _bound_names(target)
        if len(run_like) == before:
            break
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in RECORD_METHODS:
            receiver = node.func.value
            # down to the name it is read from: ``by_name[k]``, ``by_name.get(k)``
            while True:
                if isinstance(receiver, ast.Subscript):
                    receiver = receiver.value
                elif isinstance(receiver, ast.Call) and isinstance(
                        receiver.func, ast.Attribute) and receiver.func.attr in _ITEM_GETTERS:
                    receiver = receiver.func.value
                else:
                    break
            if isinstance(receiver, ast.Name) and receiver.id in run_like and (
                    receiver is not node.func.value or receiver.id not in holders):
                return (f"it calls .{node.func.attr}() of {receiver.id} (line "
                        f"{node.lineno}), which may be a run or a job: a run given at run "
                        "time answers its fields only")
    return None


#: run-time calls whose value is a new dict or list (never a run or a job itself)
_CONTAINERS = frozenset({("builtins", "dict"), ("builtins", "list"), ("builtins", "sorted")})


def _container(expr: g.Expr, module: dict[str, Any]) -> bool:
    """Whether ``expr``'s value is surely a dict or a list (made by it: its methods are
    the container's, whatever items it holds), or a variable an earlier block binds once,
    to a display, a comprehension or a call of ``dict``/``list``/``sorted`` the module
    does not bind (``by_name = {job.name: run for run, job in runs}``)."""
    if isinstance(expr, g.Index) and isinstance(expr.index, g.Const) and isinstance(
            expr.value, g.Invoke) and expr.value.callee.end is not None:
        stmts = _block_statements(expr.value.callee)
        name = expr.index.value
        if stmts is None:
            return False
        binds = [n for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name)
                 and n.id == name and not isinstance(n.ctx, ast.Load)]
        made = [s for s in stmts if isinstance(s, ast.Assign) and len(s.targets) == 1
                and isinstance(s.targets[0], ast.Name) and s.targets[0].id == name]
        if len(binds) != 1 or len(made) != 1:
            return False
        value = made[0].value
        bound = {n.id for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name)
                 and not isinstance(n.ctx, ast.Load)}
        return isinstance(value, (ast.Dict, ast.List, ast.DictComp, ast.ListComp)) or (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and ("builtins", value.func.id) in _CONTAINERS
            and value.func.id not in module and value.func.id not in bound)
    return isinstance(expr, (g.DictExpr, g.ListExpr, g.Collect)) or isinstance(
        expr, g.Invoke) and (expr.callee.module, expr.callee.qualname) in _CONTAINERS


def _may_hold_runs(expr: g.Expr, known: dict[int, tuple[g.Expr, bool]] | None = None,
                   depth: int = 0) -> bool:
    """Whether ``expr`` may be, or hold, a run or a job. A variable of an earlier block
    may only if that block binds it from its own inputs holding runs (read from its
    statements: ``groups = defaultdict(list)`` filled with outputs holds none).

    ``known``: the answers found so far, by expression object (kept in it, so that
    its id is not another's): blocks read the values of earlier blocks, several each,
    so a chain of n loops would otherwise be explored 2**n times."""
    known = {} if known is None else known
    if depth > 200:
        return True  # (an expression that deep: assumed to)
    found = known.get(id(expr))
    if found is not None:
        return found[1]
    answer = None
    if isinstance(expr, g.Index) and isinstance(expr.index, g.Const) and isinstance(
            expr.value, g.Invoke) and expr.value.callee.end is not None:
        invoke = expr.value
        stmts = _block_statements(invoke.callee)
        if stmts is not None:
            inputs = {k for k, v in zip(invoke.keywords, invoke.values, strict=True)
                      if _may_hold_runs(v, known, depth + 1)}
            answer = str(expr.index.value) in _run_like_names(tuple(stmts),
                                                              frozenset(inputs))
    if answer is None and isinstance(expr, g.Collect):
        # [e for x in over]: its elements, not what it goes over (a field of a run or
        # job of its loop, ``run.y``, holds data)
        answer = any(_element_holds_runs(e, expr, known, depth + 1)
                     for e in (expr.element, expr.where) if e is not None)
    if answer is None:
        # its parts; a variable of a block (above) answers for itself, not for what
        # that block was given
        answer = isinstance(expr, g.Runs) or isinstance(expr, g.Item) and \
            expr.part != "value" or any(_may_hold_runs(e, known, depth + 1)
                                        for e in g.subexpressions(expr))
    known[id(expr)] = (expr, answer)
    return answer


def _element_holds_runs(expr: g.Expr, collect: g.Collect,
                        known: dict[int, tuple[g.Expr, bool]], depth: int) -> bool:
    """Whether ``expr``, part of ``collect``'s element, may be or hold a run or a job:
    its loop's current run or job may, a field of them does not (a run's output or a
    job's parameter is data), its current item may where what it goes over does."""
    if depth > 200:
        return True
    if isinstance(expr, g.Attr) and isinstance(expr.value, g.Item) and \
            expr.value.loop == collect.loop and expr.value.part in ("run", "job"):
        return False
    if isinstance(expr, g.Item) and expr.loop == collect.loop:
        return expr.part != "value" or _may_hold_runs(collect.over, known, depth + 1)
    if isinstance(expr, g.Collect):
        return _may_hold_runs(expr, known, depth + 1) or _may_hold_runs(
            expr.over, known, depth + 1) and any(
            isinstance(e, g.Item) and e.loop == collect.loop for e in g.walk(expr))
    if not any(isinstance(e, g.Item) and e.loop == collect.loop for e in g.walk(expr)):
        return _may_hold_runs(expr, known, depth + 1)
    return any(_element_holds_runs(e, collect, known, depth + 1)
               for e in g.subexpressions(expr))


def _block_statements(callee: g.Function) -> list[ast.stmt] | None:
    """The statements of a block (``callee``: its function), or None when not found."""
    if callee.file is None or callee.end is None:
        return None
    found = spots(callee.file).get(callee.end)
    if found is None:
        return None
    body = found.body
    start = next((i for i, st in enumerate(body)
                  if (st.lineno, st.col_offset) == (callee.line, callee.column)), None)
    return None if start is None else body[start:found.index + 1]


def numeric_variable(callee: g.Function, name: str) -> bool:
    """Whether the block of ``callee`` binds ``name`` only once, by ``name = <value>``
    whose value is a number or an array of numbers whatever its operands (or raises): a
    division or a power, ``+``/``-``/``%`` of such a value or a number with anything,
    ``*`` of two such (a record has no methods, a list or string with a number raises).
    What the block was given under that name (a ``try`` that raised before binding it)
    is the caller's to check."""
    stmts = _block_statements(callee)
    if stmts is not None and callee.qualname == TRIAL:
        stmts = list(stmts[0].body) if len(stmts) == 1 and isinstance(
            stmts[0], ast.Try) else None
    if stmts is None:
        return False
    parents = {id(c): p for s in stmts for p in ast.walk(s) for c in ast.iter_child_nodes(p)}
    stores = [n for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name)
              and n.id == name and not isinstance(n.ctx, ast.Load)]
    if len(stores) != 1:
        return False
    assign = parents.get(id(stores[0]))
    return isinstance(assign, ast.Assign) and len(assign.targets) == 1 and \
        assign.targets[0] is stores[0] and _numeric(assign.value)


def _numeric(e: ast.expr) -> bool:
    if isinstance(e, ast.Constant):
        return type(e.value) in (int, float)
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and isinstance(
            e.func.value, ast.Name) and e.func.attr in ("array", "asarray") and len(
            e.args) == 1 and not e.keywords and isinstance(e.args[0], ast.ListComp) and (
            isinstance(e.args[0].elt, ast.Attribute) or _numeric(e.args[0].elt)):
        # np.array([r.root for r in results]): an array of fields (the block's own
        # check has found np.array to be numpy's), which holds no record
        return True
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
        return _numeric(e.operand)
    if not isinstance(e, ast.BinOp):
        return False
    if isinstance(e.op, (ast.Div, ast.FloorDiv, ast.Pow)):
        return True
    if isinstance(e.op, (ast.Add, ast.Sub, ast.Mod)):
        return _numeric(e.left) or _numeric(e.right)
    if isinstance(e.op, ast.Mult):
        return _numeric(e.left) and _numeric(e.right)
    return False


#: built-ins whose result is a number, a string or a bool whatever they are given (or
#: which raise): never a tuple, a list or an array
_SCALAR_BUILTINS = frozenset({"float", "int", "str", "bool", "len", "repr", "format"})
_SCALAR_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)


def scalar_tuples(callee: g.Function, name: str, inputs: tuple[str, ...]) -> bool:
    """Whether the block of ``callee`` (given ``inputs``) binds ``name`` to a dict each
    of whose values is a tuple of numbers, strings or bools: made empty by the block
    itself (``stats = {}``), then only filled ``stats[k] = (float(...), len(...))`` and
    read by subscripts (``stats[k]``, ``del stats[k]``). Anything else done with the
    name (given to a call, aliased, iterated, a method called, bound another way), a
    conversion whose name the module, ``main`` or the block binds, or a star import:
    not known (False)."""
    if callee.file is None or name in inputs:
        return False
    version = instrument.file_version(callee.file)
    return version is not None and _scalar_tuples(callee, version, name, inputs)


@functools.lru_cache(maxsize=1024)
def _scalar_tuples(callee: g.Function, version: Any, name: str,
                   inputs: tuple[str, ...]) -> bool:
    """:func:`scalar_tuples` of one version of the workflow's file."""
    assert callee.file is not None
    stmts = _block_statements(callee)
    tree = instrument._tree(callee.file, version)
    if stmts is None or tree is None:
        return False
    bound = _file_names(tree) | set(inputs)
    if "*" in bound:
        return False

    def scalar(e: ast.expr) -> bool:
        if isinstance(e, ast.Constant):
            return e.value is None or type(e.value) in (bool, int, float, str)
        if isinstance(e, ast.Call):
            return isinstance(e.func, ast.Name) and e.func.id in _SCALAR_BUILTINS and \
                e.func.id not in bound
        if isinstance(e, ast.BinOp):
            return isinstance(e.op, _SCALAR_OPS) and scalar(e.left) and scalar(e.right)
        if isinstance(e, ast.UnaryOp):
            return scalar(e.operand)
        if isinstance(e, ast.IfExp):
            return scalar(e.body) and scalar(e.orelse)
        return False

    made = any(isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(
        s.targets[0], ast.Name) and s.targets[0].id == name and isinstance(
        s.value, ast.Dict) and not s.value.keys for s in stmts)
    if not made:
        return False
    nodes = [n for s in stmts for n in ast.walk(s)]
    parents = {c: p for p in nodes for c in ast.iter_child_nodes(p)}
    for n in nodes:
        if isinstance(n, ast.arg) and n.arg == name:
            return False  # a lambda's own parameter of that name
        if not isinstance(n, ast.Name) or n.id != name:
            continue
        parent = parents.get(n)
        if isinstance(n.ctx, ast.Store):
            if not (isinstance(parent, ast.Assign) and parent.targets == [n] and isinstance(
                    parent.value, ast.Dict) and not parent.value.keys):
                return False
            continue
        if not (isinstance(n.ctx, ast.Load) and isinstance(parent, ast.Subscript)
                and parent.value is n) or isinstance(parent.slice, ast.Slice):
            return False
        if isinstance(parent.ctx, ast.Store):
            fill = parents.get(parent)
            if not (isinstance(fill, ast.Assign) and fill.targets == [parent]
                    and isinstance(fill.value, ast.Tuple)
                    and all(scalar(e) for e in fill.value.elts)):
                return False
    return True


@functools.lru_cache(maxsize=64)
def _file_names(tree: ast.Module) -> frozenset[str]:
    """Every name the file binds in any scope, or declares global or nonlocal (``*`` for
    a star import): a conversion the block calls by one of them may not be the
    built-in."""
    from motoko_airflow.trace import calls

    declared = {name for n in ast.walk(tree) if isinstance(n, (ast.Global, ast.Nonlocal))
                for name in n.names}
    return frozenset(calls._bound(tree) | declared)


@functools.lru_cache(maxsize=4096)
def _run_like_names(stmts: tuple[ast.stmt, ...], with_runs: frozenset[str]) -> frozenset[str]:
    """The names the statements bind to runs, jobs or pairs of them (or to what holds
    them), given the names ``with_runs`` holding some: every name assigned or looped
    over from an expression reading one of them. Once per block's statements (by object:
    the cache keeps them alive) and names: each path of a trace asks again for every
    variable of every block it reads."""
    run_like = set(with_runs)
    nodes = [n for s in stmts for n in ast.walk(s)]
    parents = {c: p for p in nodes for c in ast.iter_child_nodes(p)}

    def carried(source: ast.AST) -> set[str]:
        """The names whose value ``source`` may carry: not ``run.y`` (an output read),
        but ``run``, ``pair[0]``, ``run.method()``."""
        out = set()
        for n in ast.walk(source):
            if not isinstance(n, ast.Name):
                continue
            parent = parents.get(n)
            call = parents.get(parent) if parent is not None else None
            if isinstance(parent, ast.Attribute) and parent.value is n and not (
                    isinstance(call, ast.Call) and call.func is parent):
                continue
            out.add(n.id)
        return out

    for _ in range(len(nodes)):
        before = len(run_like)
        for node in nodes:
            source: ast.AST
            target: ast.AST
            if isinstance(node, (ast.For, ast.comprehension)):
                source, target = node.iter, node.target
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and \
                    node.value is not None:
                source = node.value
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            elif isinstance(node, ast.AugAssign):
                source, target = node.value, node.target
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in _FILLING:
                # xs.append(run), table.setdefault(k, []).append(job), d.update(...)
                source = ast.Tuple(elts=[*node.args, *(k.value for k in node.keywords)])
                for child in source.elts:
                    parents.setdefault(child, node)
                target = _root(node.func.value)
            else:
                continue
            if carried(source) & run_like:
                root = _root(target)  # d[k] = run: d holds it
                run_like |= _bound_names(target) | (
                    {root.id} if isinstance(root, ast.Name) else set())
        if len(run_like) == before:
            break
    return frozenset(run_like)


#: methods that put a value into the object they are called on
_FILLING = frozenset({"append", "extend", "insert", "add", "update", "setdefault",
                      "__setitem__", "appendleft", "extendleft"})


def _root(node: ast.AST) -> ast.AST:
    """``a`` of ``a[k].b[j]``."""
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _stores(stmts: list[ast.stmt]) -> set[str]:
    out: set[str] = set()
    for s in stmts:
        out |= instrument._stores(s)
    return out


def _extent(spot: Spot) -> int:
    """The index in its body where the block of ``spot`` starts: earlier when it changes
    objects made by plain assignments before it (``groups = {}``), which join it."""
    start = spot.index
    body = spot.body
    while True:
        stmts = body[start:spot.index + 1]
        # objects made by the block's own statements (the purity check finds the
        # others it changes)
        made = {_plain_assigned(s) for s in stmts}
        missing = sorted(_mutated_roots(stmts) - made)
        earlier = [j for j in range(start) if _plain_assigned(body[j]) in missing]
        if not earlier:
            break
        start = max(earlier)
    for j in range(start, spot.index):
        stmt = body[j]
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.Expr)) or any(
                isinstance(n, _REFUSED) for n in ast.walk(stmt)):
            raise BlockRefused(f"line {stmt.lineno}, between the statements it needs, is "
                               "not a plain assignment or call")
        kept = _keeps(stmt)
        if kept is not None:
            raise BlockRefused(f"line {stmt.lineno} between its statements: {kept}")
        if _plain_assigned(stmt) is None and _stores([stmt]):
            raise BlockRefused(f"line {stmt.lineno} between its statements binds "
                               "variables in another way than name = value")
        # at the statement, the names these statements rebind hold their new values
        read = _loads([stmt]) & _stores(body[j:spot.index])
        if read:
            raise BlockRefused(f"line {stmt.lineno} reads {sorted(read)[0]}, which it "
                               "or a later statement of the block rebinds")
    return start


@functools.lru_cache(maxsize=256)
def _function_def(path: str, version: Any, line: int, col: int, start: int,
                  inputs: tuple[str, ...], copied: tuple[str, ...] = ()
                  ) -> tuple[ast.FunctionDef, tuple[str, ...]]:
    """The block as a function of its inputs (for the purity check), and the names it
    binds. ``copied``: inputs the block is given a copy of at run time (a module-level
    list it changes, :func:`_changed_globals`), checked as lists it makes itself."""
    spot = _spots(path, version)[(line, col)]
    stmts = spot.body[start:spot.index + 1]
    args = ast.arguments(posonlyargs=[], args=[ast.arg(n) for n in inputs
                                               if n not in copied],
                         vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])
    made = [ast.Assign([ast.Name(n, ast.Store())], ast.List([], ast.Load()))
            for n in copied]
    for stmt in made:
        ast.copy_location(stmt, stmts[0])
        ast.fix_missing_locations(stmt)
    node = ast.FunctionDef(name="<block>", args=args, body=[*made, *stmts],
                           decorator_list=[], returns=None, type_comment=None)
    ast.copy_location(node, stmts[0])
    return node, tuple(sorted(_stores(stmts)))


def _trial_def(spot: Spot, inputs: tuple[str, ...], copied: tuple[str, ...]
               ) -> tuple[ast.FunctionDef, tuple[str, ...]]:
    """The body of a trial's ``try`` as a function of its inputs, each ``except`` doing
    nothing (for the purity check; the classes it names are read), and the names it
    binds. ``copied``: inputs it is given a copy of (:func:`_changed_locals`)."""
    stmt = spot.stmt
    assert isinstance(stmt, ast.Try)
    args = ast.arguments(posonlyargs=[], args=[ast.arg(n) for n in inputs
                                               if n not in copied],
                         vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])
    made: list[ast.stmt] = [ast.Assign([ast.Name(n, ast.Store())], ast.List([], ast.Load()))
                            for n in copied]
    trial = ast.Try(body=list(stmt.body),
                    handlers=[ast.ExceptHandler(h.type, None, [ast.Pass()])
                              for h in stmt.handlers], orelse=[], finalbody=[])
    node = ast.FunctionDef(name="<block>", args=args, body=[*made, trial],
                           decorator_list=[], returns=None, type_comment=None)
    for new in (*made, trial, *(h for h in trial.handlers), node):
        ast.copy_location(new, stmt)
    ast.fix_missing_locations(node)
    return node, tuple(sorted(_stores(list(stmt.body))))


#: what main may do with a module-level list a block changes, outside the block: call a
#: list method (none returns the list, a view or an iterator of it), or give it to a
#: built-in that keeps no reference to it, or test membership
_LIST_METHODS = frozenset({"append", "extend", "insert", "remove", "pop", "clear", "sort",
                           "reverse", "index", "count", "copy"})
_READING_CALLS = frozenset({"len", "sum", "sorted", "min", "max", "list", "tuple", "any",
                            "all"})
_COMPREHENSION_NODES = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _own_nodes(function: ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """The nodes of ``function``'s own scope: not those of functions, lambdas, classes
    or comprehensions in it."""
    todo: list[ast.AST] = [function]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(c for c in ast.iter_child_nodes(node)
                    if not isinstance(c, (*instrument._SCOPES, *_COMPREHENSION_NODES)))


@functools.lru_cache(maxsize=64)
def _global_list_uses(path: str, version: Any, name: str, line: int, col: int
                      ) -> str | None:
    """Why the module-level list ``name`` of ``path`` is not one only ``main`` (the
    ``async def`` holding the statement at ``line``/``col``) reaches, by name, in ways
    that keep no other reference to it (None: it is)."""
    tree = instrument._tree(path, version)
    spot = _spots(path, version).get((line, col))
    if tree is None or spot is None:
        return "its source changed while it was traced"
    if not any(node is spot.function for node in tree.body):
        return f"it is changed in {spot.function.name}(), not in main's own statements"
    made = [s for s in tree.body if _plain_assigned(s) == name]
    display = getattr(made[0], "value", None) if len(made) == 1 else None
    if not isinstance(display, ast.List) or not all(
            isinstance(e, ast.Constant) for e in display.elts):
        return "it is not made once, at the top of its module, as a list of constants"
    target = made[0].targets[0] if isinstance(made[0], ast.Assign) else getattr(
        made[0], "target", None)
    parents = {c: p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    own = {id(n) for n in _own_nodes(spot.function)}
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.arg == name or isinstance(
                node, ast.alias) and (node.asname or node.name) == name or isinstance(
                node, (*instrument._SCOPES,)) and getattr(node, "name", None) == name:
            return f"line {node.lineno} binds another {name}"
        if not isinstance(node, ast.Name) or node.id != name:
            continue
        if not isinstance(node.ctx, ast.Load):
            if node is target:
                continue
            return f"line {node.lineno} binds it again"
        if id(node) not in own:
            return f"line {node.lineno} reads it outside main's own statements"
        parent = parents.get(node)
        call = parents.get(parent) if parent is not None else None
        if isinstance(parent, ast.Attribute) and parent.attr in _LIST_METHODS and \
                isinstance(call, ast.Call) and call.func is parent:
            continue
        if isinstance(parent, ast.Call) and node in parent.args and isinstance(
                parent.func, ast.Name) and parent.func.id in _READING_CALLS:
            continue
        if isinstance(parent, ast.Compare) and any(
                c is node and isinstance(op, (ast.In, ast.NotIn))
                for c, op in zip(parent.comparators, parent.ops, strict=True)):
            continue
        return (f"line {node.lineno} uses it in another way than a list method, len() "
                "and the like, or `in`")
    return None


def _held_elsewhere(value: Any, module: dict[str, Any], name: str,
                    main: types.FrameType) -> bool:
    """Whether anything but the module's namespace under ``name`` holds ``value``
    (:func:`foreign_references`: another name of the namespace, another object, one
    the collector does not see; ``main``: main's frame, which called the block's hook)."""
    if module.get(name) is not value:
        return True
    return foreign_references(value, main, known=1) != 0


def _changed_globals(rec: Any, spot: Spot, stmts: list[ast.stmt],
                     frame: types.FrameType, local_names: set[str]) -> dict[str, list[Any]]:
    """The module-level lists of the orchestrator the block changes (``SEEN.append(x)``
    in a loop over runs), each a copy of its value now: the block is given it and binds
    it, and the module's name holds the block's value from then on (what main and the
    code after it read). Only where nothing else can see the list: a list of constants
    made once at the top of the module, reached by name only in main's own statements
    (list methods, ``len()`` and the like, ``in``), nowhere else in the workflow's code,
    by no other object, and the block in main's own body with no loop traced once open
    (main runs once, in order: what it reads before the block is the list, after it
    the block's value). Other globals are left to the purity check (which refuses
    them)."""
    from motoko_airflow.trace import calls
    from motoko_airflow.trace.sequences import TracedList

    out: dict[str, list[Any]] = {}
    module = frame.f_globals
    for name in sorted(_mutated_roots(stmts) - local_names - _stores(stmts)):
        value: Any = module.get(name)
        if type(value) not in (list, TracedList):  # (a list display of the workflow's)
            continue
        what = f"it changes {name}, a list of its module"
        if frame.f_code.co_filename != rec.file or \
                spot.function.name != rec.config.orchestrator_function:
            raise BlockRefused(f"{what}, outside main")
        if any(lp.open for lp in rec.open_loops):
            raise BlockRefused(f"{what}, inside a loop traced once")
        if not all(v is None or type(v) in (str, int, float, bool) for v in value):
            raise BlockRefused(f"{what}, holding values main made while traced")
        rebound = calls._rebound_names(rec)
        if name in rebound or "*" in rebound:
            raise BlockRefused(f"{what}, which a function may rebind (global, an "
                               "attribute of the module, its namespace)")
        why = _global_list_uses(rec.file, instrument.file_version(rec.file), name,
                                spot.stmt.lineno, spot.stmt.col_offset)
        if why is not None:
            raise BlockRefused(f"{what}: {why}")
        for other in sorted(rec.instrumented - {rec.file}):
            version = instrument.file_version(other)
            tree = instrument._tree(other, version) if version is not None else None
            if tree is None or any(isinstance(n, ast.Name) and n.id == name or isinstance(
                    n, ast.Attribute) and n.attr == name or isinstance(n, ast.alias) and (
                    n.name == name or n.asname == name) for n in ast.walk(tree)):
                raise BlockRefused(f"{what}, which {other} may reach")
        if _held_elsewhere(value, module, name, frame):
            raise BlockRefused(f"{what}, which another object holds too")
        out[name] = list(value)
    return out


#: how many runs of earlier blocks the inputs of a block may cost (each reading of a
#: block's variable runs that block again, with its own inputs)
MAX_BLOCK_RUNS = 256


def _dict_subclass(value: Any, depth: int = 0) -> str | None:
    """The name of a dict subclass ``value`` is or holds (plain values only)."""
    if depth > 20:
        return None
    if isinstance(value, dict):
        if type(value) is not dict:
            return type(value).__name__
        items: Any = dict.values(value)
    elif isinstance(value, (list, tuple)):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
    else:
        return None
    for item in items:
        found = _dict_subclass(item, depth + 1)
        if found is not None:
            return found
    return None


def _block_runs(expr: g.Expr) -> int:
    """How many times evaluating ``expr`` runs a block of main's statements."""
    known: dict[int, int] = {}

    def count(e: g.Expr) -> int:
        if id(e) in known:
            return known[id(e)]
        n = sum(count(c) for c in g.subexpressions(e))
        if isinstance(e, g.Invoke) and isinstance(e.callee, g.Function) and \
                e.callee.end is not None:
            n += 1
        known[id(e)] = n = min(n, 1 << 30)
        return n

    return count(expr)


def _block_variable(expr: g.Expr) -> bool:
    """``expr`` is a variable of a block of main's statements, ``block["name"]``: a new
    object at each reading (the block runs again)."""
    return isinstance(expr, g.Index) and isinstance(expr.index, g.Const) and isinstance(
        expr.value, g.Invoke) and isinstance(expr.value.callee, g.Function) and \
        expr.value.callee.end is not None


def _other_holders(value: Any, frame: types.FrameType, rec: Any,
                   inputs: dict[str, Any]) -> bool:
    """Whether anything but ``frame``'s one name for ``value``, the tracer's hooks
    running and its own lists holds ``value`` (:func:`foreign_references`: another
    name, object or routine awaiting this one; garbage collected first when one seems
    to: a closure already dropped may still hold it in a cycle)."""
    return held_beyond(value, frame,
                       references_in(inputs, value) + references_in(rec.pending, value))


def held_beyond(value: Any, main: types.FrameType, known: int = 0) -> bool:
    """Whether :func:`foreign_references` finds a holder of ``value`` besides ``main``'s
    names, the tracer's hooks and ``known`` (garbage collected first when one seems to:
    a closure already dropped may still hold it in a cycle)."""
    for attempt in range(2):
        if attempt:
            gc.collect()
        if foreign_references(value, main, known) == 0:
            return False
    return True


def foreign_references(value: Any, main: types.FrameType, known: int = 0) -> int:
    """How many references to ``value`` come from elsewhere than ``main``'s names for
    it, the functions running between ``main``'s frame and the caller (the tracer's
    hooks) and ``known`` more the caller counts (its own lists and dicts): 0 when
    nothing else holds it. Counted from ``sys.getrefcount``, which sees every holder:
    also an object the collector does not walk (one frozen before the trace,
    ``gc.freeze``: a list or a module of a library imported earlier, given ``value`` by
    main) and a holder outside Python's objects (``atexit.register``, an extension's
    cache), which ``gc.get_referrers`` misses; a weak reference counts too. Each
    running frame's names for ``value`` make two references (its slot or cell, and its
    locals snapshot ``f_locals``: made here if not before), a free variable one (its
    cell is its owner's); a reference
    this cannot place (a frame's evaluation stack, a C call between) counts as
    foreign, so the answer errs towards "held elsewhere", never the other way. Negative
    (not 0) when ``main`` is not among the callers, or a frame between runs module,
    class or ``exec`` code (its locals are a namespace). Only the tracer's own hooks are
    meant to run between ``main`` and the caller."""
    counted = known
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        references = _frame_references(frame, value)
        if references is None:
            return -1
        counted += references
        if frame is main:
            break
        frame = frame.f_back
    if frame is None:
        return -1
    del frame
    # less this function's own parameter and getrefcount's argument
    return sys.getrefcount(value) - 2 - counted + _foreign_weak_references(value)


def _foreign_weak_references(value: Any) -> int:
    """How many weak references to ``value`` (which see it, and natively its changes)
    are not the tracer's own record of a traced value (``Recorder.symbols``, held by
    nothing else)."""
    from motoko_airflow.trace.state import active

    rec = active()
    own = rec.symbols if rec is not None else []
    count = 0
    for ref in weakref.getweakrefs(value):
        # held by the record, the list getweakrefs made, ``ref`` and getrefcount's argument
        if not (_among(ref, own) and sys.getrefcount(ref) == 4):
            count += 1
    return count


#: the code flag of a function's frame (its locals are slots, not a namespace dict)
_OPTIMIZED = 0x1


def _frame_references(frame: types.FrameType, value: Any) -> int | None:
    """The references a running frame's names for ``value`` make (:func:`foreign_references`):
    two for each of its own variables (its slot or cell, and its locals snapshot's entry),
    one for a free variable (its cell is its owner's) and for any other key of the
    snapshot (``locals()["alias"] = ys`` writes one there: the snapshot's reference
    only). None for a frame whose locals are a namespace (module or class code, ``exec``):
    its references cannot be placed. (No closure here: its cell would hold ``value``
    while it runs.)"""
    code = frame.f_code
    if not code.co_flags & _OPTIMIZED:
        return None
    own = set(code.co_varnames) | set(code.co_cellvars)
    count = 0
    for name, held in list(frame.f_locals.items()):
        if held is value:
            count += 2 if name in own else 1
    return count


def references_in(holder: Any, value: Any) -> int:
    """How many times a list or a dict (its values) of the tracer's holds ``value``."""
    count = 0
    for held in (dict.values(holder) if isinstance(holder, dict) else list.__iter__(holder)):
        if held is value:
            count += 1
    return count


def _among(value: Any, held: list[Any]) -> bool:
    """``value`` itself is in ``held`` (a function: no closure of its caller's holds
    ``value``)."""
    for v in held:
        if v is value:
            return True
    return False


def _item_augmented(stmts: list[ast.stmt], name: str) -> bool:
    """Whether ``name[...] op= value`` is among the statements."""
    return any(isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Subscript)
               and isinstance(n.target.value, ast.Name) and n.target.value.id == name
               for s in stmts for n in ast.walk(s))


def _changed_locals(rec: Any, spot: Spot, stmts: list[ast.stmt],
                    frame: types.FrameType, inputs: dict[str, Any]) -> tuple[str, ...]:
    """The variables of main (or of the routine) the block changes in place, made
    before it (``ys.append(run.y)``, ``seen[k] += 1`` in a loop over runs inside an
    iteration): the block is given a copy (its input, evaluated anew at run time) and
    binds it, and main's name holds the block's value from then on. Only where that is
    what the change in place does: nothing else holds the object (no other name, list,
    closure, view or iterator; for a value known at run time, no traced value alive
    reading it but through a function that reads it when called), it is a plain list,
    dict or Counter of constants and traced values never made part of an expression,
    or a variable of an earlier block (a new object at each reading), and no loop
    traced once is open (the block would stand for every item, each given the value
    before the loop)."""
    from motoko_airflow.trace import calls
    from motoko_airflow.trace.segments import _changed_inside
    from motoko_airflow.trace.sequences import TracedList, stale_loop
    from motoko_airflow.trace.values import Symbol

    if any(lp.open for lp in rec.open_loops):
        # the block would stand for every item, each given the value before the loop:
        # left to the purity check, which refuses the change
        return ()
    names = sorted((_mutated_roots(stmts) - _stores(stmts)) & set(inputs))
    for name in names:
        value = inputs[name]
        what = f"it changes {name}, which main made before it"
        if name not in spot.changed:
            raise BlockRefused(f"{what}, in a statement it joins")
        for stmt in stmts:  # the copy is of the object only: its items are shared
            inner = _changed_inside(stmt, name)
            if inner is not None:
                raise BlockRefused(f"{what}: line {inner} changes an object inside it")
        if not isinstance(value, Symbol) and _item_augmented(stmts, name) and any(
                isinstance(v, Symbol) for v in (dict.values(value) if isinstance(
                    value, dict) else list.__iter__(value))):
            raise BlockRefused(f"{what}: `{name}[...] += ...` on an item known only at "
                               "run time (a list there, changed in place)")
        if isinstance(value, Symbol):
            if not _block_variable(value._expr):
                raise BlockRefused(f"{what}: {value._expr} is known only at run time, "
                                   "and not as a variable of a block")
            reader = calls._still_reading(rec, value)
            if reader is not None:
                raise BlockRefused(f"{what}: {reader} was made from it before and is "
                                   "still held (natively it may see the change)")
            if _block_runs(value._expr) > MAX_BLOCK_RUNS:
                raise BlockRefused(f"{what}: reading it would run earlier blocks more "
                                   f"than {MAX_BLOCK_RUNS} times")
        elif type(value) in (list, TracedList):
            if stale_loop(value) is not None:
                raise BlockRefused(f"{what}, a list a loop traced once collected into")
            if _among(value, rec.converted_lists):
                raise BlockRefused(f"{what}, a list made part of an expression before "
                                   "(which would keep it as it was)")
            if not all(calls._settled(v) for v in list.__iter__(value)):
                raise BlockRefused(f"{what}, a list holding lists, dicts or objects")
        elif type(value) in (dict, Counter):
            if _among(value, rec.converted_dicts):
                raise BlockRefused(f"{what}, a dict made part of an expression before "
                                   "(which would keep it as it was)")
            if not all(type(k) is str for k in dict.keys(value)) or not all(
                    calls._settled(v) for v in dict.values(value)):
                raise BlockRefused(f"{what}, a dict with keys other than strings or "
                                   "values other than numbers, strings and traced values")
        else:
            raise BlockRefused(f"{what}, a {type(value).__name__} (only a list, dict or "
                               "Counter is given to a block as a copy)")
        if calls._snapshot_holders(frame, value) != 1 or _other_holders(
                value, frame, rec, inputs):
            raise BlockRefused(f"{what}, which another name or object holds too (it "
                               "would see the change)")
    return tuple(names)


def enter(rec: Any, line: int, col: int, frame: types.FrameType) -> tuple[Any, ...]:
    """The values of the names the compiled form of the statement at ``line``/``col``
    rebinds, the statement made a block (:class:`BlockRefused` when it cannot be)."""
    from motoko_airflow.trace import calls, records
    from motoko_airflow.trace.state import Untraceable

    if rec.catching_own:
        raise BlockRefused("it is in a try catching the module's own exception: run at "
                           "run time, its statements may raise it")
    file = frame.f_code.co_filename
    version = instrument.file_version(file)
    spot = _spots(file, version).get((line, col))
    if spot is None:
        raise BlockRefused("its source changed while it was traced")
    start = spot.index if spot.trial else _extent(spot)
    stmts = spot.statements if spot.trial else spot.body[start:spot.index + 1]
    code = frame.f_code
    local_names = set(code.co_varnames) | set(code.co_cellvars) | set(code.co_freevars)
    made_before = _stores(spot.body[start:spot.index])
    wanted = ((_loads(stmts) | set(spot.stores)) & local_names) - made_before
    values = frame.f_locals
    inputs: dict[str, Any] = {}
    for name in sorted(wanted):
        if name in values:
            inputs[name] = values[name]
        elif name not in _stores(stmts):
            raise BlockRefused(f"it reads {name} before main assigns it")
    lookup = grouping_lookup(stmts, inputs)
    if lookup is not None:
        raise BlockRefused(lookup)
    copied = _changed_locals(rec, spot, stmts, frame, inputs)
    changed = _changed_globals(rec, spot, stmts, frame, local_names)
    inputs.update(changed)
    if spot.trial:
        if changed:
            raise BlockRefused("the try's body changes a list of its module")
        node, binds = _trial_def(spot, tuple(inputs), copied)
    else:
        node, binds = _function_def(file, version, line, col, start, tuple(inputs),
                                    tuple(sorted([*changed, *copied])))
    binds = tuple(sorted({*binds, *copied}))
    aliased = _shared_input(stmts, inputs, frame.f_globals)
    if aliased is not None:
        raise BlockRefused(aliased)
    reason = calls.impurity(rec, node, frame.f_globals, set())
    if reason is not None:
        raise BlockRefused(reason.replace("<block>()", "it"))
    from motoko_airflow.trace.sequences import TracedGen, TracedList, collected, shared, stale_loop

    with_runs: set[str] = set()  # inputs holding runs or jobs
    containers: set[str] = set()  # of those, the dicts and lists holding them
    known: dict[int, tuple[g.Expr, bool]] = {}  # _may_hold_runs's answers
    collected_inputs: list[Any] = []  # fan-in lists given as their run-time value
    for name, value in list(inputs.items()):
        if isinstance(value, (TracedGen, calls.OneShot, Iterator)):
            raise BlockRefused(f"{name} is an iterator: what the block takes of it, main "
                               "would not find in it afterwards")
        loop = stale_loop(value)
        if loop is not None and isinstance(value, TracedList) and value._fanin is loop:
            # a list a loop traced once collected into: its value at run time (a
            # Collect), as a loop over it would read it; main may not change it after
            # (what the block binds may hold its items, natively seeing the change)
            with records.allowing():  # a record in it: made again by its class
                whole = collected(value, loop, records_as_calls=True)
            if whole is not None:
                collected_inputs.append(value)
                inputs[name] = value = whole
                loop = None
        if loop is not None:
            if _loop_target_only(stmts, name):
                # the block's own loop binds it before any read: its value before the
                # block is read by nothing but a later use after a loop of no item
                # (unbound in the DAG: an error, never another value)
                del inputs[name]
                continue
            raise BlockRefused(f"{name} holds an item of a loop traced once for all its "
                               "items (which item is last is only known at run time)")
        if _marked_key(value):
            raise BlockRefused(f"{name} is keyed by a string formatted from a traced "
                               "value (the DAG would hold the placeholder)")
        if _plain_tuple(value):
            raise BlockRefused(f"{name} holds a tuple, which the DAG would give it as a "
                               "list (a dict key, a comparison with a tuple)")
        if type(value) is Counter:
            # given as a Counter (a dict would raise KeyError where it answers 0)
            counter = calls._invoke(rec, g.Function("collections", "Counter"),
                                    (dict(value),), {})
            if counter is None:
                raise BlockRefused(f"{name}, a Counter, cannot be written into the DAG")
            inputs[name] = value = counter
        kind = _dict_subclass(value)
        if kind is not None:
            raise BlockRefused(f"{name} is or holds a {kind}, which the DAG would give it "
                               "as a plain dict (a missing key would raise, or another "
                               "order show)")
        array = _array(rec, value)
        if array is not None:
            inputs[name] = value = array
        with records.allowing():  # a record: made again by its class (as _invoke does)
            expr = calls._expr(rec, value, [])
        if expr is None:
            raise BlockRefused(f"{name} holds a {type(value).__name__}, which a DAG "
                               "cannot give it at run time")
        if tuples.holds_tuple(tuples.shape(rec, expr)) and tuples.native(rec, expr) is None:
            # (where its tuples are known, the block is given them made again:
            # calls._invoke, tuples.rebuilt)
            raise BlockRefused(f"{name} may be or hold a tuple, which the DAG would give "
                               "it as a list")
        if _may_hold_runs(expr, known):
            with_runs.add(name)
            if _container(expr, frame.f_globals):
                containers.add(name)
    record = _record_method(stmts, with_runs, containers)
    if record is not None:
        raise BlockRefused(record)
    module = frame.f_globals.get("__name__", "")
    if module == rec.module_name:
        module = rec.config.orchestrator_module
    first = spot.body[start]
    function = g.Function(module, TRIAL if spot.trial else "<block>", file,
                          first.lineno, first.col_offset,
                          end=(spot.stmt.lineno, spot.stmt.col_offset))
    try:
        result = calls._invoke(rec, function, (), inputs)
    except Untraceable as exc:
        from motoko_airflow.trace.state import _SIGNALS

        if exc in _SIGNALS:  # not a stop of main's: this block's refusal
            _SIGNALS.remove(exc)
        raise BlockRefused(str(exc).split(": ", 1)[-1]) from None
    if result is None:
        raise BlockRefused("its inputs cannot be written into the DAG")
    for value in collected_inputs:
        shared(rec, value)
    for name in changed:  # the module's name holds the block's value from now on
        frame.f_globals[name] = calls.Result(rec, g.Index(result._expr, g.Const(name)),
                                             result._loops)
    out = []
    for name in spot.names:
        if name in binds:
            out.append(calls.Result(rec, g.Index(result._expr, g.Const(name)),
                                    result._loops))
        elif name in values:
            out.append(values[name])
        else:
            raise BlockRefused(f"{name} is not bound here")
    if spot.trial:  # which except caught the body's error: main's own tests, at run time
        assert isinstance(spot.stmt, ast.Try)
        caught = g.Index(result._expr, g.Const(CAUGHT))
        out += [calls.Result(rec, g.BinOp("==", caught, g.Const(i)), result._loops)
                for i in range(len(spot.stmt.handlers))]
    return tuple(out)


# ---------------------------------------------------------------- while tracing


def hooks(rec: Any) -> dict[str, Any]:
    """The names :class:`Wrap` makes the workflow's code call, for recorder ``rec``."""
    from motoko_airflow.trace import state

    made: list[tuple[Any, ...]] = []

    def block(line: int, col: int) -> bool:
        frame = sys._getframe(1)
        site = (frame.f_code.co_filename, line, col)
        sites: dict[Any, str] = rec.block_sites
        if site not in sites or state.active() is not rec:
            return False
        try:
            made.append(enter(rec, line, col, frame))
        except BlockRefused as why:
            exc = state.Untraceable(
                f"{sites[site]}; it does not run at run time as a block of "
                f"main's statements either: {why}", filename=site[0], lineno=line)
            exc.block_failed = site
            exc.block_refused = str(why)
            raise exc from None
        finally:
            del frame
        return True

    def values() -> tuple[Any, ...]:
        return made.pop()

    return {BLOCK: block, VALUES: values}


def around(rec: Any) -> list[tuple[str, int, int]]:
    """The statements that may become blocks around the line the innermost ``async def``
    of the workflow is running (innermost first); none outside ``main``'s run."""
    import inspect

    frame: types.FrameType | None = sys._getframe(2)
    try:
        while frame is not None:
            code = frame.f_code
            if code.co_flags & inspect.CO_COROUTINE and code.co_filename in \
                    rec.instrumented:
                return candidates(code.co_filename, frame.f_lineno, code.co_firstlineno)
            frame = frame.f_back
        return []
    finally:
        del frame
