"""Calls the tracer cannot evaluate on traced values, made run-time calls.

A library function given a traced value (``statistics.fmean(ys)``, ``np.linspace(lo,
hi, n)`` with ``n`` a param, ``json.load(open(path))`` of a traced path), a built-in
with ``key=`` (``sorted(runs, key=lambda p: p[0].y)``), and a plain (not ``async``)
function of the workflow's own code whose symbolic run stops (a loop carrying a sum,
a ``while``...) become an :class:`~motoko_airflow.graph.Invoke`: the task that needs
the value calls the same function with the values of that DAG run. Its result is a
traced value like any other (mapped over, indexed, tested, passed to ``createTask``).

Only what is shown safe is called again at run time; everything else stays a stop
(:class:`~.state.Untraceable`), as before:

- the callee must be *named* (:class:`~motoko_airflow.graph.Function`): a library
  function of :data:`motoko_airflow.calls.LIBRARY` found again by module and qualified
  name (the very same object), a safe built-in, or a function of the workflow's code:
  a module-level ``def``, or a ``lambda``/``def`` inside a function that reads no
  variable of the function around it (no closure, no defaults), found by its position;
- a function of the workflow's code must be deterministic and change nothing it does
  not own (:func:`impurity`): it reads only its arguments, its own variables, constants
  of its module, allowed library functions and modules, and other such functions; no
  ``global``, no change to its arguments, no clock, no random, no files but reading,
  no set of strings (whose order changes from one process to the next);
- a symbolic run of a workflow function is only replaced when it made no decision and
  no step (its loops are closed, its stop signals withdrawn);
- a call returning an iterator (``itertools.product``, ``map``...) may be iterated once,
  as in Python.
"""

from __future__ import annotations

import ast
import builtins
import copy
import functools
import inspect
import itertools
import operator
import os
import pathlib
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.calls import BUILTINS, LIBRARY, library_allows, resolve, writes_into
from motoko_airflow.trace import instrument, state, writes
from motoko_airflow.trace.state import Recorder, Untraceable

__all__ = ["callee", "convertible", "deferred", "impurity", "keyed", "recovering", "wrapped"]

# built-ins a function of the workflow may call and still be called again at run time
_SAFE_BUILTINS = (BUILTINS - {"open", "set", "frozenset"}) | {
    "isinstance", "print", "ValueError", "TypeError", "KeyError", "IndexError",
    "ZeroDivisionError", "ArithmeticError", "Exception", "RuntimeError", "True", "False",
    "None", "hasattr", "getattr", "slice", "NotImplemented", "AssertionError", "callable"}
# callees whose result is an iterator: Python lets main iterate it once
_ITERATORS = {("builtins", n) for n in ("map", "filter", "zip", "reversed", "enumerate")}
_CONSTANTS = (int, float, complex, str, bytes, bool, type(None))


def _constant(value: Any) -> bool:
    if isinstance(value, _CONSTANTS):
        return True
    if isinstance(value, tuple):
        return all(_constant(v) for v in tuple.__iter__(value))
    return False


# ---------------------------------------------------------------- naming a callee

#: C modules whose functions a library module exports as its own: named by the latter
#: (found again there, and refused or allowed by its entry of LIBRARY)
_ACCELERATED = {"_bisect": "bisect", "_heapq": "heapq", "_statistics": "statistics",
                "_functools": "functools"}


def callee(rec: Recorder, function: Any) -> g.Function | str:
    """The graph's name of ``function``, or why it has none a run-time call may use."""
    owner = getattr(function, "__self__", None)
    if isinstance(function, types.MethodType) or (
            isinstance(function, types.BuiltinMethodType) and owner is not None
            and not isinstance(owner, types.ModuleType)):
        return "a method of an object (its object is state the graph cannot hold)"
    name = getattr(function, "__name__", None)
    if name is not None and getattr(builtins, name, None) is function:
        if name in BUILTINS:
            return g.Function("builtins", name)
        return f"the built-in {name}() is not called at run time"
    code = getattr(function, "__code__", None)
    if inspect.isfunction(function) and code is not None \
            and code.co_filename in rec.instrumented:
        return _workflow_function(rec, function)
    module = getattr(function, "__module__", None)
    qualname = getattr(function, "__qualname__", None) or name
    if module in _ACCELERATED and isinstance(qualname, str):
        module = _ACCELERATED[module]  # bisect.bisect_left is _bisect's
    if not isinstance(module, str) or not isinstance(qualname, str):
        return f"{function!r} has no module and name to find it again by"
    if not library_allows(module, qualname):
        return (f"{module}.{qualname} is not known to be deterministic and free of side "
                "effects (see motoko_airflow.calls.LIBRARY)")
    try:
        found = resolve(module, qualname)
    except (ImportError, AttributeError, ValueError):
        found = None
    if found is not function:
        return f"{module}.{qualname} is not found again by its name"
    return g.Function("os.path" if module == "posixpath" else module, qualname)


def _workflow_function(rec: Recorder, function: Any, free: bool = False,
                       ) -> g.Function | str:
    """The graph's name of a function of the workflow, or why it has none. ``free``:
    it may read variables of the function around it (:func:`_closed` gives it their
    values); they are checked as numbers."""
    code = function.__code__
    what = f"{function.__qualname__}()"
    if inspect.iscoroutinefunction(function) or inspect.isgeneratorfunction(function):
        return f"{what} is a coroutine or a generator"
    if function.__closure__ and not free:
        names = ", ".join(code.co_freevars)
        return f"{what} reads variables of the function around it ({names})"
    if any(not _constant(v) for v in function.__defaults__ or ()) or any(
            not _constant(v) for v in (function.__kwdefaults__ or {}).values()):
        return f"{what} has defaults that are not constants"
    module = function.__module__
    if module == rec.module_name:
        module = rec.config.orchestrator_module
    file = code.co_filename
    mtime = instrument.file_version(file)
    tree = instrument._tree(file, mtime) if mtime is not None else None
    if tree is None:
        return f"the source of {what} cannot be read"
    node: ast.AST | None
    line = column = None
    if "<" not in function.__qualname__:
        if function.__globals__.get(function.__qualname__) is not function or \
                function.__qualname__ in _rebound_names(rec):
            return f"{what} is not found again by its name in its module"
        node = next((n for n in tree.body if isinstance(n, ast.FunctionDef)
                     and n.name == function.__name__ and n.lineno <= code.co_firstlineno
                     <= (n.end_lineno or n.lineno)), None)
        if node is None:
            return f"the definition of {what} is not found"
    elif function.__name__ == "<lambda>":
        found = [n for n in _nested(tree) if isinstance(n, ast.Lambda)
                 and n.lineno == code.co_firstlineno]
        if len(found) != 1:
            return f"line {code.co_firstlineno} has {len(found)} lambdas; name the function"
        node = found[0]
        line, column = node.lineno, node.col_offset
    else:
        defs = [n for n in _nested(tree) if isinstance(n, ast.FunctionDef)
                and n.name == function.__name__ and n.lineno == code.co_firstlineno
                and not n.decorator_list]
        if len(defs) != 1:
            return f"{what} is decorated or not found at line {code.co_firstlineno}"
        node = defs[0]
        line, column = node.lineno, node.col_offset
    namespace = function.__globals__
    if function.__closure__:  # (free) read as the numbers _closed gives them
        namespace = {**namespace, **dict.fromkeys(code.co_freevars, 0)}
    reason = impurity(rec, node, namespace, set())
    if reason is not None:
        return f"{what} {reason}"
    if line is None:
        return g.Function(module, function.__qualname__, file)
    # made again at run time in its module, where its defaults would be evaluated anew
    # (`lambda p, c=center:` reads main's center): the graph holds main's values
    defaults = tuple(function.__defaults__ or ())
    kwdefaults = tuple(sorted((function.__kwdefaults__ or {}).items()))
    if any(not _json_scalar(v) for v in (*defaults, *(v for _, v in kwdefaults))):
        return f"{what} has defaults that are not numbers, strings, booleans or None"
    return g.Function(module, function.__name__, file, line, column, defaults, kwdefaults)


def _json_scalar(value: Any) -> bool:
    return value is None or type(value) in (bool, int, float, str)


def _known_scalar(value: Any) -> bool:
    """``value`` is a number, string, bool or None known while tracing (not a traced
    value's text)."""
    from motoko_airflow.trace.sequences import has_marker

    return _json_scalar(value) and not (isinstance(value, str) and has_marker(value))


_NESTED: dict[int, tuple[ast.AST, list[ast.AST]]] = {}


def _nested(tree: ast.AST) -> list[ast.AST]:
    """The lambdas and ``def``s of a module's source (found once per parsed version)."""
    cached = _NESTED.get(id(tree))
    if cached is not None and cached[0] is tree:
        return cached[1]
    if len(_NESTED) > 256:
        _NESTED.clear()
    found: list[ast.AST] = [n for n in ast.walk(tree)
                            if isinstance(n, (ast.Lambda, ast.FunctionDef))]
    _NESTED[id(tree)] = (tree, found)
    return found


# ---------------------------------------------------------------- purity


def _bound(node: ast.AST) -> set[str]:
    """Every name bound anywhere under ``node`` (its parameters, its variables, those
    of the functions and comprehensions inside it)."""
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.arg):
            out.add(n.arg)
        elif isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and n is not node:
            out.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and n.name:
            out.add(n.name)
        elif isinstance(n, ast.MatchMapping) and n.rest:
            out.add(n.rest)
    return out


def _aliases(node: ast.AST) -> set[str]:
    """Names that may refer to an object the function did not make: assigned another
    name, an attribute or an item (``ys = xs``), or a loop's or a ``with``'s target."""
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            value = n.value
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if value is None or instrument.picks_object(value):
                out |= {n for target in targets for n in _bound_by(target)}
            elif any(isinstance(t, (ast.Tuple, ast.List, ast.Starred)) for t in targets):
                # unpacking: the parts of the value are its objects
                out |= {n for target in targets
                        if isinstance(target, (ast.Tuple, ast.List, ast.Starred))
                        for n in _bound_by(target)}
        elif isinstance(n, (ast.For, ast.comprehension)):
            out |= {t.id for t in ast.walk(n.target) if isinstance(t, ast.Name)}
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            out |= {t.id for t in ast.walk(n.optional_vars) if isinstance(t, ast.Name)}
    return out


def _bound_by(target: ast.AST) -> set[str]:
    """The names an assignment target binds (not those inside ``a[i]`` or ``a.b``, which
    change an object)."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return {n for t in target.elts for n in _bound_by(t)}
    if isinstance(target, ast.Starred):
        return _bound_by(target.value)
    return set()


def _params(node: ast.AST) -> set[str]:
    args = getattr(node, "args", None)
    if args is None:
        return set()
    every = args.posonlyargs + args.args + args.kwonlyargs
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    return {a.arg for a in every}


def impurity(rec: Recorder, node: ast.AST, namespace: dict[str, Any],
             seen: set[int]) -> str | None:
    """Why the function ``node`` (a ``def`` or a ``lambda`` whose globals are
    ``namespace``) may not be called again at run time, or None."""
    if id(node) in seen:
        return None
    seen.add(id(node))
    facts = _facts(node)
    if facts.reason is not None:
        return facts.reason
    for attr, root, lineno in facts.methods:
        if attr in _ARRAY_METHODS and isinstance(root, ast.Name) and _numpy_made(
                node, root.id, facts, namespace):
            continue
        owner = _global_value(root, facts.bound, namespace) if isinstance(
            root, (ast.Name, ast.Attribute)) else None
        if owner is itertools.chain and attr == "from_iterable":
            continue  # (a class method of the library's: makes an iterator, changes nothing)
        if not isinstance(owner, types.ModuleType):
            return (f"calls .{attr}() (line {lineno}), which a run or value "
                    "given at run time may not have")
    for n in facts.names:
        reason = _global_use(rec, n, facts.parents, namespace, seen)
        if reason is not None:
            return reason
    return None


@dataclass(frozen=True)
class _Facts:
    """What :func:`impurity` finds in a function's source alone (the rest depends on
    what its names refer to when it is called)."""

    reason: str | None
    bound: set[str]
    methods: list[tuple[str, ast.expr, int]]  # .m() calls of a non-safe method
    names: list[ast.Name]  # names read that the function does not bind
    parents: dict[ast.AST, ast.AST]


# id(node) -> (node, facts): the node is kept, so its id is not reused while cached.
# Sources are parsed once per file version (instrument._tree), so a function's static
# facts are computed once, not on every call of every path of main.
_FACTS: dict[int, tuple[ast.AST, _Facts]] = {}


def _facts(node: ast.AST) -> _Facts:
    cached = _FACTS.get(id(node))
    if cached is not None and cached[0] is node:
        return cached[1]
    if len(_FACTS) > 4096:
        _FACTS.clear()
    facts = _static_facts(node)
    _FACTS[id(node)] = (node, facts)
    return facts


def _static_facts(node: ast.AST) -> _Facts:
    def refused(reason: str) -> _Facts:
        return _Facts(reason, set(), [], [], {})

    if isinstance(node, (ast.Lambda, ast.FunctionDef)) and (
            node.args.defaults or any(node.args.kw_defaults)):
        # its defaults were evaluated when main made it (their values are checked and
        # kept apart): not code the call runs
        node = copy.copy(node)
        node.args = copy.copy(node.args)
        node.args.defaults = []
        node.args.kw_defaults = [None] * len(node.args.kwonlyargs)
    for n in ast.walk(node):
        if isinstance(n, (ast.Global, ast.Nonlocal)):
            return refused(f"declares {', '.join(n.names)} {type(n).__name__.lower()}")
        if isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFunctionDef,
                          ast.AsyncFor, ast.AsyncWith)):
            return refused("waits or yields")
        if isinstance(n, (ast.Set, ast.SetComp)):
            return refused("makes a set (its order may change from one process to the "
                           "next)")
        if isinstance(n, (ast.Import, ast.ImportFrom, ast.ClassDef)):
            return refused("imports a module or defines a class")
    params = _params(node)
    bound = _bound(node)
    aliases = _aliases(node)
    body: list[ast.stmt] = node.body if isinstance(node.body, list) else [  # type: ignore[attr-defined]
        ast.Expr(node.body)]  # type: ignore[attr-defined]
    owned = bound - params - aliases
    for n in ast.walk(node):
        # `xs += ys` changes a list in place: an argument's, or one it was given
        if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and \
                n.target.id not in owned:
            return refused(f"changes {n.target.id} in place (+=, line {n.lineno}), which "
                           "it did not make")
    for scope in [node] + [n for n in ast.walk(node) if n is not node
                           and isinstance(n, (ast.FunctionDef, ast.Lambda))]:
        inner: list[ast.stmt] = scope.body if isinstance(scope.body, list) else [  # type: ignore[attr-defined]
            ast.Expr(scope.body)]  # type: ignore[attr-defined]
        found = instrument._outer_mutation(list(instrument._statements(inner)), owned)
        if found is not None:
            return refused(f"{found[0]} (line {found[1]})")
    for stmt in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            value = stmt.value
            parts = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
            if isinstance(value, ast.Dict):
                parts = list(value.values)
            if any(isinstance(p, ast.Name) and p.id in params for p in parts):
                return refused("returns one of its arguments itself (main may change it "
                               "later)")
    methods = [(n.func.attr, n.func.value, n.lineno) for n in ast.walk(node)
               if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and n.func.attr not in _SAFE_METHODS]
    parents = {child: parent for parent in ast.walk(node)
               for child in ast.iter_child_nodes(parent)}
    names = [n for n in ast.walk(node) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Load) and n.id not in bound]
    return _Facts(None, bound, methods, names, parents)


# methods of plain values (lists, dicts, strings, numbers) a checked function may call
_SAFE_METHODS = frozenset({
    "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "copy",
    "count", "index", "get", "items", "keys", "values", "update", "setdefault",
    "upper", "lower", "strip", "lstrip", "rstrip", "split", "rsplit", "join", "replace",
    "startswith", "endswith", "format", "find", "title", "capitalize", "zfill",
    "is_integer", "conjugate", "bit_length", "tolist", "item"})


# methods of numpy's arrays (and scalars) that change nothing and return a new value,
# called on a variable the function binds to what a numpy function made only
_ARRAY_METHODS = frozenset({
    "mean", "std", "var", "sum", "prod", "min", "max", "argmin", "argmax", "cumsum",
    "cumprod", "all", "any", "tolist", "item", "copy", "flatten", "round"})


def _numpy_made(node: ast.AST, name: str, facts: _Facts,
                namespace: dict[str, Any]) -> bool:
    """Whether the function ``node`` binds ``name`` only as ``name = np.f(...)`` (``np``
    the numpy module, ``f`` a function of it a run-time call may use, no ``out=``), and
    every method called on it gets no ``out`` (a method of an array that writes into
    it: ``out=``, or its place among the positional arguments, past the first)."""
    if name not in facts.bound or name in _params(node):
        return False
    found = False
    for n in ast.walk(node):
        if isinstance(n, ast.arg) and n.arg == name:
            return False  # a lambda's or an inner function's own variable of that name
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(
                n.func.value, ast.Name) and n.func.value.id == name and (any(
                k.arg in (None, "out") for k in n.keywords) or len(n.args) > 1 or any(
                isinstance(a, ast.Starred) for a in n.args)):
            return False
        if not (isinstance(n, ast.Name) and n.id == name and not isinstance(
                n.ctx, ast.Load)):
            continue
        parent = facts.parents.get(n)
        if not (isinstance(parent, ast.Assign) and parent.targets == [n] and isinstance(
                parent.value, ast.Call)):
            return False
        if not _numpy_call(parent.value, facts, namespace):
            return False
        found = True
    return found


def _numpy_call(call: ast.Call, facts: _Facts, namespace: dict[str, Any]) -> bool:
    """``np.f(...)``: a function (or ufunc) of numpy a run-time call may use, no
    ``out=``."""
    if not isinstance(call.func, ast.Attribute) or any(
            k.arg in (None, "out") for k in call.keywords):
        return False
    function = _global_value(call.func, facts.bound, namespace)
    if not callable(function):
        return False
    module = getattr(function, "__module__", None) or ""
    if isinstance(function, type) and module != "numpy":
        return False
    if not (module == "numpy" or module.startswith("numpy.")) \
            and type(function).__name__ != "ufunc":
        return False
    return library_allows(module, getattr(function, "__name__", "_"))


def _global_value(node: ast.AST, bound: set[str], namespace: dict[str, Any]) -> Any:
    """What a name or dotted name not bound in the function refers to (or None)."""
    if isinstance(node, ast.Name):
        return None if node.id in bound else namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _global_value(node.value, bound, namespace)
        return getattr(base, node.attr, None) if isinstance(base, types.ModuleType) \
            else None
    return None


#: what a set may be given to whatever the order of its items (a set of strings is
#: ordered by their hashes, salted per process): their result is the same
_ORDER_FREE_CALLS = frozenset({"sorted", "len", "min", "max", "any", "all", "bool"})
_SET_ALGEBRA = (ast.Sub, ast.BitOr, ast.BitAnd, ast.BitXor)


def _order_free(name: ast.Name, parents: dict[ast.AST, ast.AST]) -> bool:
    """``sorted(set(a) - set(b))``, ``len(set(xs))``, ``x in set(xs)``: ``set`` (or
    ``frozenset``) called on one value, its result (through set operators) given only
    to a built-in whose result does not depend on the order of its items (no key: ties
    go to the first in that order), or tested with ``in``."""
    call = parents.get(name)
    if not (isinstance(call, ast.Call) and call.func is name and len(call.args) <= 1
            and not call.keywords):
        return False
    node: ast.AST = call
    while isinstance(parents.get(node), ast.BinOp) and isinstance(
            parents[node].op, _SET_ALGEBRA):  # type: ignore[attr-defined]
        node = parents[node]
    above = parents.get(node)
    if isinstance(above, ast.Compare):
        return node is not above.left and all(isinstance(op, (ast.In, ast.NotIn))
                                               for op in above.ops)
    return isinstance(above, ast.Call) and isinstance(above.func, ast.Name) and \
        above.func.id in _ORDER_FREE_CALLS and above.args == [node] and all(
            k.arg == "reverse" for k in above.keywords) and (
            above.func.id == "sorted" or not above.keywords)


def _global_use(rec: Recorder, name: ast.Name, parents: dict[ast.AST, ast.AST],
                namespace: dict[str, Any], seen: set[int]) -> str | None:
    if name.id not in namespace or _is_builtin(name.id, namespace[name.id]):
        if name.id in _SAFE_BUILTINS or name.id in ("set", "frozenset") and _order_free(
                name, parents):
            return None
        return f"uses {name.id}() (not known to be deterministic and free of side effects)"
    value = namespace[name.id]
    from motoko_airflow.trace.values import Symbol

    if isinstance(value, Symbol):  # a block's value (blocks._changed_globals)
        return (f"reads {name.id}, a variable of its module holding a value known only "
                "at run time: a fresh import gives another value")
    if name.id in _rebound_names(rec) or "*" in _rebound_names(rec) and not (
            isinstance(value, types.ModuleType) or callable(value)):
        return (f"reads {name.id}, which a function changes (global or an attribute "
                "of its module): a fresh import gives another value")
    if _constant(value):
        return None
    if isinstance(value, types.ModuleType):
        # module.attr.attr...: every step an allowed module, ending on an allowed name
        path: list[str] = []
        current: Any = value
        here: ast.AST = name
        while isinstance(current, types.ModuleType):
            parent = parents.get(here)
            if not isinstance(parent, ast.Attribute) or parent.value is not here:
                return f"uses the module {current.__name__} as a value"
            path.append(parent.attr)
            nxt = getattr(current, parent.attr, None)
            if not _module_allowed(rec, current) and not (
                    current.__name__ == "os" and parent.attr == "path"):
                return f"uses {current.__name__}.{parent.attr}"
            if not isinstance(nxt, types.ModuleType) and callable(nxt) and \
                    not library_allows(current.__name__, parent.attr) and \
                    not _module_is_workflow(rec, current):
                return f"uses {current.__name__}.{parent.attr}"
            current, here = nxt, parent
        dotted = ".".join([name.id, *path])
        if callable(current) and not _constant(current):
            found = callee(rec, current)
            if isinstance(found, str):
                return f"uses {dotted}: {found}"
            return _written(current, here, parents)
        if not _constant(current):
            # a table of another module (settings.LIMITS): main may change it first,
            # and a task imports the module afresh
            return (f"reads {dotted}, a {type(current).__name__} of a module (state main "
                    "may change)")
        if path[-1] in _rebound_names(rec) or "*" in _rebound_names(rec):
            return (f"reads {dotted}, which main or a function may change (an attribute "
                    "of its module): a fresh import gives another value")
        return None
    if inspect.isfunction(value) and value.__code__.co_filename in rec.instrumented:
        code = value.__code__
        mtime = instrument.file_version(code.co_filename)
        tree = instrument._tree(code.co_filename, mtime) if mtime is not None else None
        node = next((n for n in (tree.body if tree is not None else [])
                     if isinstance(n, ast.FunctionDef) and n.name == value.__name__), None)
        if node is None or value.__closure__:
            return f"calls {value.__qualname__}(), which cannot be checked"
        if any(not _constant(v) for v in value.__defaults__ or ()) or any(
                not _constant(v) for v in (value.__kwdefaults__ or {}).values()):
            # a list or dict default is state kept from one call to the next
            return f"calls {value.__qualname__}(), which has defaults that are not constants"
        if inspect.iscoroutinefunction(value) or inspect.isgeneratorfunction(value):
            return f"calls {value.__qualname__}(), a coroutine or generator"
        inner = impurity(rec, node, value.__globals__, seen)
        return None if inner is None else f"calls {value.__qualname__}(), which {inner}"
    if callable(value):
        found = callee(rec, value)
        if isinstance(found, str):
            return f"uses {name.id}: {found}"
        return _written(value, name, parents)
    return f"reads {name.id}, a {type(value).__name__} of its module (state main may change)"


def _written(function: Any, node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str | None:
    """Why the call of library ``function`` at ``node`` (its name) may write into an
    argument (numpy's ``out=``), or None."""
    call = parents.get(node)
    if not isinstance(call, ast.Call) or call.func is not node:
        return None
    starred = any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords)
    writes = writes_into(function, len(call.args), [k.arg for k in call.keywords if k.arg],
                         starred)
    return None if writes is None else f"calls {writes} (line {call.lineno})"


def _rebound_names(rec: Recorder) -> frozenset[str]:
    """Names declared ``global``/``nonlocal`` in a function, or assigned as an attribute
    (``module.NAME = ...``), anywhere in the workflow's code."""
    out: set[str] = set()
    for file in sorted(rec.instrumented):
        out |= _rebound_in(file, instrument.file_version(file))
    return frozenset(out)


#: Ways to reach a module's namespace as a dict (or to run code in it): a name written
#: through them is not known, so every module-level value counts as rebound ("*").
_NAMESPACES = frozenset({"globals", "vars", "locals", "exec", "eval", "reload",
                         "__import__", "import_module"})


@functools.lru_cache(maxsize=64)
def _rebound_in(file: str, version: Any) -> frozenset[str]:
    """Names rebound in ``file``, or ``"*"`` when a module's names may be written through
    its namespace (``globals()[...] =``, ``vars(module)``, ``module.__dict__``,
    ``setattr`` with a computed name, ``exec``)."""
    tree = instrument._tree(file, version) if version is not None else None
    out: set[str] = set()
    for n in ast.walk(tree) if tree is not None else ():
        if isinstance(n, (ast.Global, ast.Nonlocal)):
            out |= set(n.names)
        elif isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.add(n.attr)
        elif isinstance(n, ast.Attribute) and n.attr in ("__dict__", "__setattr__"):
            out.add("*")
        elif isinstance(n, ast.Call) and isinstance(n.func, (ast.Name, ast.Attribute)):
            called = n.func.id if isinstance(n.func, ast.Name) else n.func.attr
            if called in ("setattr", "delattr"):
                if len(n.args) > 1 and isinstance(n.args[1], ast.Constant):
                    out.add(str(n.args[1].value))
                else:
                    out.add("*")
            elif called in _NAMESPACES:
                out.add("*")
    return frozenset(out)


def _module_is_workflow(rec: Recorder, module: types.ModuleType) -> bool:
    return (getattr(module, "__file__", None) or "") in rec.instrumented


def _module_allowed(rec: Recorder, module: types.ModuleType) -> bool:
    """A module whose functions a run-time call may use: one of :data:`LIBRARY` (not a
    refused part of it) or a module of the workflow."""
    parts = module.__name__.split(".")
    if module.__name__ == "posixpath" or _module_is_workflow(rec, module):
        return True
    return parts[0] in LIBRARY and not any(
        p in LIBRARY[parts[0]] or p.startswith("_") for p in parts[1:])


def _is_builtin(name: str, value: Any) -> bool:
    real = getattr(builtins, name, None)
    if real is None:
        return False
    return value is real or (getattr(value, "__module__", "") or "").startswith(
        "motoko_airflow")


# ---------------------------------------------------------------- building the call


def convertible(value: Any, depth: int = 0) -> bool:
    from motoko_airflow.trace.loops import RunPair
    from motoko_airflow.trace.sequences import TracedGen, TracedList
    from motoko_airflow.trace.values import Symbol

    if depth > 20:
        return False
    if isinstance(value, (Symbol, TracedGen, RunPair)) or _constant(value) and not \
            isinstance(value, (complex, bytes)) or hasattr(type(value), "__trace_expr__"):
        return True
    from motoko_airflow.trace import records

    if records.is_record(value):  # made again at run time by its class
        return records.convertible_fields(value, convertible, depth)
    if isinstance(value, tuple) and type(value) is not tuple:
        # a namedtuple (or another tuple subclass) becomes a list in the DAG: its fields
        # by name (`level.u`, read from an item at run time) would be lost
        return False
    if isinstance(value, (list, TracedList, tuple)):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return all(convertible(v, depth + 1) for v in items)
    if isinstance(value, dict):
        return all(isinstance(k, str) and convertible(v, depth + 1)
                   for k, v in value.items())
    return False


def _held(value: Any, depth: int = 0) -> str:
    """What in ``value`` (not :func:`convertible`) the graph cannot hold as it is."""
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple) or type(
            value).__name__ == "TracedList":
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        inner = next((v for v in items if not convertible(v)), None)
        if inner is not None and depth < 20:
            return _held(inner, depth + 1)
    return f"a {type(value).__name__} object"


def _expr(rec: Recorder, value: Any, loops: list[Any]) -> g.Expr | None:
    from motoko_airflow.trace.sequences import TracedGen
    from motoko_airflow.trace.values import to_expr

    if isinstance(value, TracedGen):
        value = value.materialize(rec)
    if callable(value) and not isinstance(value, (type, g.Function)) and not \
            convertible(value):
        found = callee(rec, value)
        return None if isinstance(found, str) else found
    if type(value) is dict and not convertible(value):
        return _keyed_dict(rec, value, loops)
    if not convertible(value):
        return None
    return to_expr(rec, value, loops)


def _keyed_dict(rec: Recorder, value: dict[Any, Any], loops: list[Any]) -> g.Expr | None:
    """A plain dict keyed by numbers (``{0.5: "steel"}``: JSON keys only strings) as
    ``dict([[key, value], ...])`` made at run time: Python's own dict, its keys' types
    and order kept; None if a key is not a number, string, bool or None (a tuple would
    be a list), is NaN (found only as itself) or a traced value's text, or a value
    cannot be given."""
    import math

    pairs: list[g.Expr] = []
    for key, item in dict.items(value):
        if not _known_scalar(key) or type(key) is float and math.isnan(key):
            return None
        given = _expr(rec, item, loops)
        if given is None:
            return None
        pairs.append(g.ListExpr((g.Const(key), given)))
    return g.Invoke(g.Function("builtins", "dict"), (g.ListExpr(tuple(pairs)),))


def deferred(rec: Recorder, function: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
             ) -> Any:
    """``function(*args, **kwargs)`` as a run-time call (a traced value), or None when
    it cannot be one (the caller then stops the trace as before)."""
    name = callee(rec, function)
    if isinstance(name, str):
        return None
    if name.file is None and library_allows(name.module, name.qualname):
        # a library function: it must not write into an argument
        writes = writes_into(function, len(args), kwargs)
        if writes is not None:
            raise rec.untraceable(f"calling {writes}: main's later lines see the change, the "
                                  "graph's tasks would not")
    return _invoke(rec, name, args, kwargs)


def _invoke(rec: Recorder, name: g.Function, args: tuple[Any, ...],
            kwargs: dict[str, Any]) -> Any:
    if rec.guarded or rec.catching_own:
        # inside a try whose except may catch its error: whether it raises is only
        # known at run time
        raise rec.caught(f"a call of {name}")
    from motoko_airflow.trace import records

    loops: list[Any] = []
    exprs = []
    values = []
    with records.allowing():  # a record given to the call: made again by its class
        for a in args:
            e = _expr(rec, a, loops)
            if e is None:
                return None
            exprs.append(e)
        for v in kwargs.values():
            e = _expr(rec, v, loops)
            if e is None:
                return None
            values.append(e)
    if name.end is None and not _key_blind(name, tuple(exprs)) and any(
            _exposes_grouping(a) for a in (*exprs, *values)):
        # natively, a lookup at a key it lacks adds the key (seen by main's later reads
        # of the dict); the DAG's call would change a copy of it (a block of main's
        # statements was checked for lookups: .blocks.grouping_lookup)
        raise rec.untraceable(
            f"{name} is given a defaultdict made at run time, which it may read at a "
            "key it lacks (natively that adds the key): only known at run time")
    from motoko_airflow.trace import sequences, tuples

    if not tuples.blind(rec, name, tuple(exprs), tuple(kwargs)):
        # the function would get a list where main gives it a tuple: given main's own
        # values where their shape is known (tuples main builds made again at run time)
        what = f"a call of {name} at run time given a value"
        exprs = [tuples.rebuilt(rec, arg, what) for arg in exprs]
        values = [tuples.rebuilt(rec, arg, what) for arg in values]
    expr = g.Invoke(name, tuple(exprs), tuple(kwargs), tuple(values))
    if not tuples.scalar(rec, expr):
        # what it returns may hold the lists it was given: main may not change them
        sequences.shared(rec, (args, kwargs))
        given = args + tuple(kwargs.values())
        copying = (name.module, name.qualname) in _COPYING or name.module in _EAGER_MODULES \
            or name.module == "numpy" and not _holds_mapping(given)
        # (a new container, or numbers: it holds none of main's containers; the items of
        # sorted(rows) are main's dicts, which the tracer does not follow)
        held = None if copying or name.end is not None else _unpoliced(given)
        if held is not None:
            # nothing tells when main changes it in place: natively what the call returned
            # (a ChainMap, sorted(...)'s items, an iterator) may see the change
            raise rec.untraceable(
                f"a call of {name} at run time given a {type(held).__name__} of main "
                "(which main may change in place after, where what the call returned "
                "would see it natively, and not in the DAG)")
    for e in g.walk(expr):
        if isinstance(e, g.Param) and e.name in rec.tuple_params:
            # main gets populate_arg_parser's tuple, a DAG run the list of the schema
            raise rec.untraceable(
                f"params[{e.name!r}] (populate_arg_parser gives {e.name} a tuple "
                "default, a DAG run a list) given to a call made at run time")
    cls = OneShot if (name.module, name.qualname) in _ITERATORS or (
        name.module == "itertools") else Result
    return cls(rec, expr, tuple(lp for lp in loops if lp.open))


#: run-time calls whose result is a new container (or a number): it holds the items
#: of what they are given, not the containers themselves
_COPYING = frozenset({("builtins", n) for n in (
    "sorted", "min", "max", "list", "tuple", "dict", "sum", "len", "any", "all",
    "frozenset", "str", "repr", "format", "round", "abs", "int", "float", "bool")} | {
    ("motoko_airflow.calls", "dict_fill"), ("motoko_airflow.calls", "method"),
    ("motoko_airflow.calls", "grouped")} | {
    ("collections", n) for n in ("Counter", "OrderedDict", "defaultdict", "deque")})


def _holds_mapping(value: Any, depth: int = 0) -> bool:
    """``value`` is or holds a dict or a set (numpy keeps it as an object, not a
    number)."""
    if depth > 20 or isinstance(value, (dict, set)):
        return True
    if isinstance(value, list):
        return any(_holds_mapping(v, depth + 1) for v in list.__iter__(value))
    if isinstance(value, tuple):
        return any(_holds_mapping(v, depth + 1) for v in tuple.__iter__(value))
    return False


def _unpoliced(value: Any, depth: int = 0) -> Any:
    """A dict, set or list in ``value`` whose changes in place the tracer does not see
    (not a list of main's code, a :class:`~.sequences.TracedList`, nor a dict a block or
    a run-time call made), or None."""
    from motoko_airflow.trace.sequences import TracedList
    from motoko_airflow.trace.values import Symbol

    if depth > 20 or isinstance(value, (Symbol, TracedList)) or _constant(value):
        return None
    if isinstance(value, (dict, set, list, bytearray)):
        return value
    if isinstance(value, tuple):
        return next((v for v in tuple.__iter__(value)
                     if _unpoliced(v, depth + 1) is not None), None)
    return None


def keyed(rec: Recorder, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``sorted``/``min``/``max`` of traced values with keyword arguments (``key=``,
    ``reverse=``, ``default=``), as a run-time call; stops the trace when a keyword
    argument cannot be named."""
    unknown = set(kwargs) - {"key", "reverse", "default"}
    if unknown:
        raise rec.untraceable(f"{name}() with keyword arguments {', '.join(sorted(unknown))}"
                              " cannot be compiled")
    key = kwargs.get("key")
    if inspect.isfunction(key) and key.__closure__ and \
            key.__code__.co_filename in rec.instrumented:
        kwargs = {**kwargs, "key": _closed(rec, name, key)}
    elif type(key) is operator.itemgetter:
        kwargs = {**kwargs, "key": _item_getter(rec, name, key)}
    elif key is not None:
        found = callee(rec, key)
        if isinstance(found, str):
            raise rec.untraceable(f"{name}(key=...) of a traced value: its key function "
                                  f"cannot be called at run time: {found}")
    result = _invoke(rec, g.Function("builtins", name), args, kwargs)
    if result is None:
        from motoko_airflow.trace import records

        with records.allowing():
            odd = next((a for a in (*args, *kwargs.values()) if not convertible(a)), None)
        held = f" (they hold {_held(odd)}, which the DAG would give as a list or " \
            "cannot hold)" if odd is not None else ""
        raise rec.untraceable(f"{name}() of these traced values cannot be compiled{held}")
    return result


def _item_getter(rec: Recorder, name: str, key: Any) -> Any:
    """``key=operator.itemgetter(...)`` of ``sorted``/``min``/``max`` (``name``), made
    again at run time from its items (:func:`motoko_airflow.calls.item_getter`), when
    each is a number, string, bool or None known now."""
    _, items = key.__reduce__()
    if not all(_known_scalar(i) for i in items):
        raise rec.untraceable(
            f"{name}(key=itemgetter(...)) of a traced value: its items ({items!r}) are not "
            "numbers or strings known while tracing")
    expr = g.Invoke(g.Function("motoko_airflow.calls", "item_getter"),
                    tuple(g.Const(i) for i in items))
    return Result(rec, expr, ())


def _closed(rec: Recorder, name: str, function: Any) -> Any:
    """The key function of ``sorted``/``min``/``max`` (``name``), a lambda or ``def`` of
    the workflow reading variables of the function around it (``key=lambda p:
    abs(p.y - target)``), as a value made at run time: the run-time call
    ``closed(function, names, values)`` (:func:`motoko_airflow.calls.closed`) with the
    values those variables hold now. Python calls a key function before the call
    returns, so what they hold now is what it reads natively. Each must be a number,
    string, bool or None (a constant, or a traced value surely one: a param, a
    conversion, arithmetic of such, a run's output): a list or an object may be
    compared by identity, or told from a tuple, where the graph gives a copy."""
    from motoko_airflow.trace import tuples
    from motoko_airflow.trace.sequences import has_marker
    from motoko_airflow.trace.values import Symbol, to_expr

    start = f"{name}(key=...) of a traced value: its key function cannot be called at run time"
    found = _workflow_function(rec, function, free=True)
    if isinstance(found, str):
        raise rec.untraceable(f"{start}: {found}")
    loops: list[Any] = []
    values: list[g.Expr] = []
    def scalar(value: Any) -> g.Expr | None:
        """``value`` as an expression, if surely a number, string, bool or None."""
        if isinstance(value, Symbol) or isinstance(value, str) and has_marker(value):
            expr = to_expr(rec, value, loops)
            return expr if tuples.scalar(rec, expr) or tuples.run_output(expr) else None
        return g.Const(value) if _json_scalar(value) else None

    for var, cell in zip(function.__code__.co_freevars, function.__closure__, strict=True):
        try:
            value = cell.cell_contents
        except ValueError:
            raise rec.untraceable(f"{start}: it reads {var} before main binds it") from None
        expr = scalar(value)
        if expr is None and type(value) is dict:
            # `params["target"]`: a dict of the items it reads, each such a value
            keys = sorted(_constant_keys(function, var) or ())
            items = [scalar(dict.__getitem__(value, k)) if dict.__contains__(value, k)
                     else None for k in keys]
            if keys and None not in items:
                expr = g.DictExpr(tuple(keys), tuple(i for i in items if i is not None))
        if expr is None and (isinstance(value, Symbol) or isinstance(value, str)
                             and has_marker(value)):
            raise rec.untraceable(
                f"{start}: it reads {var} of the function around it, "
                f"{to_expr(rec, value, None)}, which may be a list, tuple or object "
                "natively (only numbers, strings, booleans and None are given to it)")
        if expr is None:
            raise rec.untraceable(
                f"{start}: it reads {var} of the function around it, a "
                f"{type(value).__name__} (only numbers, strings, booleans and None are "
                "given to it: pass it as a default value, or compute the key first)")
        values.append(expr)
    names = g.ListExpr(tuple(g.Const(v) for v in function.__code__.co_freevars))
    expr = g.Invoke(g.Function("motoko_airflow.calls", "closed"),
                    (found, names, g.ListExpr(tuple(values))))
    return Result(rec, expr, tuple(lp for lp in loops if lp.open))


def _function_node(function: Any) -> ast.Lambda | ast.FunctionDef | None:
    """The lambda or ``def`` of a function of the workflow, found by its first line."""
    code = function.__code__
    mtime = instrument.file_version(code.co_filename)
    tree = instrument._tree(code.co_filename, mtime) if mtime is not None else None
    if tree is None:
        return None
    kind = ast.Lambda if function.__name__ == "<lambda>" else ast.FunctionDef
    found = [n for n in ast.walk(tree) if isinstance(n, kind)
             and n.lineno == code.co_firstlineno
             and (isinstance(n, ast.Lambda) or n.name == function.__name__)]
    return found[0] if len(found) == 1 else None  # type: ignore[return-value]


def _constant_keys(function: Any, var: str) -> set[str] | None:
    """The keys ``function`` reads from its free variable ``var``, when it reads it only
    as ``var["key"]`` (a string constant each time), else None: :func:`_closed` can then
    give it a dict of those items alone."""
    node = _function_node(function)
    if node is None:
        return None
    parents = {id(c): p for p in ast.walk(node) for c in ast.iter_child_nodes(p)}
    keys: set[str] = set()
    for n in ast.walk(node):
        if n is not node and isinstance(n, (ast.Lambda, ast.FunctionDef,
                                            ast.AsyncFunctionDef)):
            return None  # a nested function may bind or pass it on
        if not (isinstance(n, ast.Name) and n.id == var):
            continue
        parent = parents.get(id(n))
        if not (isinstance(n.ctx, ast.Load) and isinstance(parent, ast.Subscript)
                and parent.value is n and isinstance(parent.ctx, ast.Load)
                and isinstance(parent.slice, ast.Constant)
                and type(parent.slice.value) is str):
            return None
        keys.add(parent.slice.value)
    return keys


def _reading(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    mode = kwargs.get("mode", args[1] if len(args) > 1 else "r")
    return isinstance(mode, str) and not set(mode) - set("rbt")


def opened(rec: Recorder, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``open(path)`` of a traced path, to read: a run-time call (a file for
    ``json.load``, or a ``with`` block)."""
    mode = kwargs.get("mode", args[1] if len(args) > 1 else "r")
    if not isinstance(mode, str) or set(mode) - set("rbt") or len(args) > 2 or set(
            kwargs) - {"mode", "encoding"}:
        raise rec.untraceable("open() of a traced path for anything but reading is only "
                              "known at run time")
    if args and isinstance(args[0], os.PathLike) and not _any_traced(args[:1]):
        args = (os.fspath(args[0]), *args[1:])  # a plain path, read at run time
    # a file main writes later must not be read then: the DAG's read comes after it
    rec.read_later.add(os.path.realpath(args[0]) if args and isinstance(args[0], str)
                       and "\u27e8traced#" not in args[0] else writes.UNKNOWN)
    result = _invoke(rec, g.Function("builtins", "open"), args, kwargs)
    if result is None:
        raise rec.untraceable("open() of this traced path cannot be compiled")
    out = OpenFile(rec, result._expr, result._loops)
    return out


def recovering(rec: Recorder, function: Callable[..., Any]) -> Callable[..., Any]:
    """A workflow function that, when its symbolic run stops (having made no decision
    and no step), is called at run time instead (:func:`deferred`)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        if not _any_traced(args) and not _any_traced(tuple(kwargs.values())):
            return function(*args, **kwargs)
        decisions, recorded = len(rec.decisions), len(rec.recorded)
        loops, signals, markers = len(rec.all_loops), len(state._SIGNALS), len(rec.markers)
        try:
            return function(*args, **kwargs)
        except Untraceable as exc:
            if len(rec.decisions) != decisions or len(rec.recorded) != recorded:
                raise
            result = deferred(rec, function, args, kwargs)
            if result is None:
                why = callee(rec, function)
                first = state._SIGNALS[signals] if len(state._SIGNALS) > signals else None
                if not isinstance(why, str) or first is not exc:
                    raise
                raise _explained(exc, why) from None
            for lp in rec.all_loops[loops:]:
                lp.close()
            rec.open_loops = [lp for lp in rec.open_loops if lp.open]
            del state._SIGNALS[signals:]
            del rec.markers[markers:]
            return result

    call.__wrapped__ = function  # type: ignore[attr-defined]
    return call


def _explained(exc: Untraceable, why: str) -> Untraceable:
    """``exc`` (the first stop signal of a call), saying why the call is not made at run
    time instead; it replaces ``exc`` as the signal."""
    message = str(exc)
    prefix = f"{exc.filename}:{exc.lineno}: "
    if message.startswith(prefix):
        message = message[len(prefix):]
    state._SIGNALS.remove(exc)
    new = Untraceable(f"{message}; it is not called at run time instead: {why}",
                      filename=exc.filename, lineno=exc.lineno, loop=exc.loop)
    new.recorded_at, new.decided_at = exc.recorded_at, exc.decided_at
    new.open_loops = exc.open_loops
    return new


def _any_traced(values: tuple[Any, ...]) -> bool:
    from motoko_airflow.trace.sequences import _carries

    return any(_carries(v) for v in values)


def library_callable(function: Any) -> bool:
    """A callable of a module of :data:`LIBRARY` (worth a run-time call when given a
    traced value)."""
    module = getattr(function, "__module__", None)
    if not isinstance(module, str):
        return False
    root = module.split(".")[0]
    return root in LIBRARY or (module == "posixpath")


def _seq() -> type:
    from motoko_airflow.trace.loops import Seq

    return Seq


def _make_classes() -> tuple[type, type, type]:
    Seq = _seq()  # noqa: N806

    class Result(Seq):  # type: ignore[valid-type, misc]
        """The result of a run-time call (a dict, a list...): changing it in place is
        only known at run time."""

        __slots__ = ()

        def __setitem__(self, key: Any, value: Any) -> None:
            raise self._tracer.untraceable(
                f"changing {self._expr} in place (item assignment) is only known at "
                "run time")

        def __delitem__(self, key: Any) -> None:
            self.__setitem__(key, None)

    class OneShot(Result):
        """The result of a call returning an iterator: Python iterates it once (any use
        as a value, as an argument or in a loop, takes its items)."""

        __slots__ = ("_spent",)

        def __init__(self, tracer: Recorder, expr: g.Expr, loops: tuple[Any, ...] = ()
                     ) -> None:
            super().__init__(tracer, expr, loops)
            object.__setattr__(self, "_spent", False)

        def _spend(self) -> None:
            if self._spent:
                raise self._tracer.untraceable(
                    f"{self._expr} is an iterator already used up once (Python would "
                    "give no item the second time)")
            object.__setattr__(self, "_spent", True)

        def __iter__(self) -> Any:
            self._spend()
            return super().__iter__()

        def __bool__(self) -> bool:
            return True  # an iterator object is true, whatever items it has left

        def _truth(self) -> tuple[g.Expr, tuple[Any, ...]]:
            return g.Const(True), ()  # (an if merged at its join tests this)

        def __getitem__(self, key: Any) -> Any:
            raise self._tracer.untraceable(
                f"indexing {self._expr}, an iterator (natively a TypeError), is only known "
                "at run time")

        def __contains__(self, value: Any) -> bool:
            raise self._tracer.untraceable(
                f"`in` of {self._expr}, an iterator (natively it takes the items up to the "
                "one found), is only known at run time")

    class OpenFile(OneShot):  # type: ignore[valid-type, misc]
        """A file opened at run time: usable in ``with`` and by ``json.load``."""

        __slots__ = ()

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *exc: Any) -> None:
            return None

    return Result, OneShot, OpenFile


Result, OneShot, OpenFile = _make_classes()


_OPEN = builtins.open


# modules whose functions give another value on every call (a clock, random draws,
# identifiers), and such functions of other modules
_CHANCE_MODULES = ("random", "_random", "secrets", "uuid", "time", "numpy.random")
_CHANCE_FUNCTIONS = {("os", "urandom"), ("os", "getrandom"), ("os", "getpid"),
                     ("os", "times"), ("posix", "urandom"), ("posix", "getpid"),
                     ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
                     ("date", "today"),
                     # a str's hash (salted per process), an object's (its address)
                     ("builtins", "hash"),
                     # the state of the process or the host at that moment
                     ("os", "getloadavg"), ("posix", "getloadavg"), ("resource", "getrusage"),
                     ("threading", "active_count"), ("threading", "enumerate"),
                     ("sys", "getrefcount"), ("os", "getppid"), ("posix", "getppid"),
                     # the host main runs on (a DAG's tasks may run on others, and motoko
                     # trace anywhere)
                     ("os", "cpu_count"), ("posix", "cpu_count"), ("multiprocessing", "cpu_count"),
                     ("os", "sched_getaffinity"), ("posix", "sched_getaffinity"),
                     ("os", "uname"), ("posix", "uname"), ("platform", "node"),
                     ("platform", "uname"), ("socket", "gethostname"), ("_socket", "gethostname"),
                     ("socket", "getfqdn"), ("os", "getlogin"), ("posix", "getlogin"),
                     ("shutil", "disk_usage")}


def _hash_varies(args: tuple[Any, ...]) -> bool:
    """Whether ``hash(*args)`` may differ from one process to the next: a str or bytes
    hash is salted per process (``PYTHONHASHSEED``), an object's is its address;
    numbers, None and tuples of them hash alike everywhere."""
    def alike(value: Any) -> bool:
        if value is None or isinstance(value, (bool, int, float, complex)):
            return True
        if isinstance(value, (tuple, frozenset)):
            return all(alike(v) for v in value)
        return False
    return not all(alike(a) for a in args)


def nondeterministic(function: Any) -> str | None:
    """The name of ``function`` when it is a clock, a random draw or an identifier."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, types.ModuleType):
        module = owner.__name__
    elif isinstance(owner, type):
        module = owner.__module__
    elif owner is not None:
        module = type(owner).__module__
    else:
        module = getattr(function, "__module__", None) or ""
    if not isinstance(module, str):
        return None
    name = getattr(function, "__name__", "") or ""
    root = module.split(".")[0]
    if module in _CHANCE_MODULES or root in ("random", "secrets", "uuid", "time") or \
            module.startswith("numpy.random"):
        return f"{module}.{name}"
    owner_name = owner.__name__ if isinstance(owner, type) else root
    if (owner_name, name) in _CHANCE_FUNCTIONS or (root, name) in _CHANCE_FUNCTIONS:
        return f"{module}.{name}"
    return None


def wrapped(rec: Recorder, function: Any) -> Callable[..., Any] | None:
    """What the instrumented code calls instead of ``function`` (None: as before)."""
    if function is _OPEN:
        def open_(*args: Any, **kwargs: Any) -> Any:
            if (args or "file" in kwargs) and _main_calls(rec):
                path = args[0] if args else kwargs.pop("file")
                file = writes.open_for_writing(rec, path, args[1:], kwargs)
                if file is not None:  # written by a step (.writes)
                    return file
                args = (path, *args[1:])
            # a traced path, or any file read after a step (a run may change it): read
            # when the DAG runs (a file written: .effects stops the path)
            if _any_traced(args) or _any_traced(tuple(kwargs.values())) or (
                    rec.recorded and _reading(args, kwargs)):
                return opened(rec, args, kwargs)
            return _OPEN(*args, **kwargs)
        return open_
    if writes.dumps(function):
        def dump(*args: Any, **kwargs: Any) -> Any:
            made = writes.writer(rec, function, args, kwargs)
            if made is not None or any(isinstance(a, writes.WrittenFile)
                                       for a in (*args, *kwargs.values())):
                return made  # (a dump returns None)
            other = _wrapped(rec, function)
            return (function if other is None else other)(*args, **kwargs)
        return dump
    owner = getattr(function, "__self__", None)
    if isinstance(owner, pathlib.PurePath) and getattr(function, "__func__", None) in (
            pathlib.Path.write_text, pathlib.Path.open):
        def path_method(*args: Any, **kwargs: Any) -> Any:
            if not _main_calls(rec):
                return function(*args, **kwargs)
            if function.__func__ is pathlib.Path.open:
                file = writes.open_for_writing(rec, owner, args, kwargs)
                return function(*args, **kwargs) if file is None else file
            return writes.write_text(rec, owner, args, kwargs)
        return path_method
    return _wrapped(rec, function)


def _main_calls(rec: Recorder) -> bool:
    """Whether the call being made comes from ``main`` (its code, or a function of the
    workflow it calls), not from a module's top level (run natively on every import)."""
    from motoko_airflow.trace.effects import _caller

    return _caller(rec, depth=3) == "main"


def _wrapped(rec: Recorder, function: Any) -> Callable[..., Any] | None:
    if function is dict:
        return zipped_dict(rec)
    if function is itertools.chain or _from_iterable(function):
        return chained(rec, function)
    if id(function) in _DEFERRED_IDS:
        def deferred_builtin(*args: Any, **kwargs: Any) -> Any:
            # ord(run.text), chr(run.y), hex(run.y), pow(run.y, 2, 5): Python's own
            # code would refuse the stand-in; called at run time on the value itself
            # (pow of two arguments stays the ** of the graph)
            if (function is not pow or len(args) == 3) and (
                    _any_traced(args) or _any_traced(tuple(kwargs.values()))):
                result = deferred(rec, function, args, kwargs)
                if result is not None:
                    return result
            return function(*args, **kwargs)
        return deferred_builtin
    if type(function) is types.FunctionType:
        code = function.__code__
        if code.co_filename in rec.instrumented:
            if code.co_flags & (inspect.CO_COROUTINE | inspect.CO_GENERATOR
                                | inspect.CO_ASYNC_GENERATOR | inspect.CO_ITERABLE_COROUTINE):
                return None
            return recovering(rec, function)
    chance = nondeterministic(function)
    if chance is not None:
        def refused(*args: Any, **kwargs: Any) -> Any:
            if state.active() is not rec:  # importing the orchestrator for its params
                return function(*args, **kwargs)
            if chance == "builtins.hash" and not _hash_varies(args):
                return function(*args, **kwargs)
            raise rec.untraceable(
                f"{chance}() gives another value on every call, in every process or on "
                "every host (a clock, a random draw, an identifier, the host's state): "
                "the DAG could not give main's value")
        return refused
    if type(function) is types.FunctionType:
        return None
    if getattr(function, "__code__", None) is None and not isinstance(
            getattr(function, "__self__", None), types.ModuleType) and \
            library_callable(function):
        def library(*args: Any, **kwargs: Any) -> Any:
            if _any_traced(args) or _any_traced(tuple(kwargs.values())):
                result = deferred(rec, function, args, kwargs)
                if result is not None:
                    return result
                from motoko_airflow.trace.sequences import holds_marker

                if any(holds_marker(a) for a in (*args, *kwargs.values())):
                    # Python's code would read the placeholder standing for the text as
                    # the string it is (given stand-ins, it calls their own methods)
                    raise rec.untraceable(
                        f"{getattr(function, '__qualname__', type(function).__qualname__)}"
                        "() of a library, which cannot be called at run time, is given a "
                        "string formatted from a traced value: only known at run time")
            return function(*args, **kwargs)
        return library
    return None


#: built-ins of ints and strings that check their argument's type (a stand-in has none
#: of theirs): a run-time call when given a traced value
_DEFERRED_BUILTINS = (ord, chr, hex, oct, bin)
_DEFERRED_IDS = frozenset(id(f) for f in (*_DEFERRED_BUILTINS, pow))


def _from_iterable(function: Any) -> bool:
    """``itertools.chain.from_iterable`` (a new bound method at each reading)."""
    return getattr(function, "__self__", None) is itertools.chain and getattr(
        function, "__name__", None) == "from_iterable"


def chained(rec: Recorder, function: Any) -> Callable[..., Any]:
    """``itertools.chain(a, b)`` and ``chain.from_iterable([a, b])`` of lists of runs or
    of traced values, made by ``main`` (a list of what ``asyncio.gather`` gave): the
    graph's ``sum([a, b], [])``, an iterator (used up by one loop, as natively). Any
    other is Python's."""
    from motoko_airflow.trace.functions import traced_builtins
    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.sequences import TracedList

    def chain(*args: Any, **kwargs: Any) -> Any:
        parts = args[0] if _from_iterable(function) and len(args) == 1 else args
        if kwargs:
            return function(*args, **kwargs)
        if isinstance(parts, TracedList):
            made = traced_builtins(rec)["sum"](parts, [])  # a fan-in of lists
        elif type(parts) in (list, tuple) and any(isinstance(p, Seq) for p in parts) \
                and all(isinstance(p, (Seq, list)) for p in parts):
            made = traced_builtins(rec)["sum"](list(parts), [])
        else:
            return function(*args, **kwargs)
        return OneShot(rec, made._expr, made._loops)

    return chain


def zipped_dict(rec: Recorder) -> Callable[..., Any]:
    """``dict(zip(keys, values))`` of traced values: the run-time call ``dict(zip(...))``
    (Python never hashes a stand-in; equal keys collapse at run time as natively), when
    ``keys`` is a list of values each surely not a sequence, a run or a job (may_be_list:
    a tuple key natively would be a list at run time, a run or job another object); and
    ``dict(d)`` of a dict or ``Counter`` made at run time (its keys are its own). Any
    other ``dict()`` is Python's."""
    from motoko_airflow.trace.values import Symbol, _counter, may_be_list

    def dict_(*args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and isinstance(args[0], Symbol):
            expr = args[0]._expr
            if isinstance(expr, g.Call) and expr.function == "zip" and len(expr.args) == 2:
                keys = expr.args[0]
                if not isinstance(keys, g.ListExpr) or any(
                        may_be_list(rec, k) or isinstance(k, g.Const) and isinstance(
                            k.value, tuple) for k in keys.items):
                    raise rec.untraceable(
                        f"dict(zip(...)) keyed by {keys} (values that may be tuples, "
                        "lists, runs or jobs, or a list whose length is only known at "
                        "run time) is only known at run time; key it by numbers or "
                        "strings of a list of known length")
                return _invoke(rec, g.Function("builtins", "dict"), (args[0],), {})
            if dict_made(expr) or _counter(expr):
                # a copy of a dict (or Counter) made at run time: its keys, in order
                return _invoke(rec, g.Function("builtins", "dict"), (args[0],), {})
        return dict(*args, **kwargs)

    return dict_


def dict_comprehension(rec: Recorder) -> Callable[[int, Any], Any]:
    """``{key: value for ...}`` (given the list of its pairs): a dict, or, over a traced
    list (one pair per run only at run time), the run-time call ``dict([[key, value]
    for ...])``: the graph keeps every pair, Python never hashes a stand-in."""
    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.sequences import _whole_runs
    from motoko_airflow.trace.values import to_expr

    def build(mark: int, pairs: Any) -> Any:
        opened = [lp for lp in rec.all_loops[mark:] if not lp.open]
        if not opened:
            return dict(list.__iter__(pairs))
        if len(opened) > 1:
            raise rec.untraceable("a dict comprehension over several traced lists cannot "
                                  "be compiled")
        loops: list[Any] = []
        expr = to_expr(rec, pairs, loops)
        for e in g.walk(expr):
            if isinstance(e, g.Collect) and isinstance(e.element, g.ListExpr) and \
                    isinstance(e.element.items[0], (g.Item, g.ListExpr, g.DictExpr)):
                raise rec.untraceable(
                    "a dict comprehension keyed by a whole run, a tuple or a dict is "
                    "only known at run time; key it by a field (job.x, run.id)")
            if isinstance(e, g.Collect) and isinstance(e.element, g.ListExpr) and any(
                    _whole_runs(v) for v in e.element.items[1:]):
                # (a graph's list holds no run: its elements are plain data)
                raise rec.untraceable(
                    "a dict comprehension whose values are whole runs or jobs is only "
                    "known at run time")
        return _invoke(rec, g.Function("builtins", "dict"), (Seq(rec, expr),), {})

    return build


#: references to the dict a filling loop binds again, when nothing else holds it: the
#: name of main (its frame's slot or a closure's cell), the argument given here, and
#: sys.getrefcount's own (measured on CPython 3.11; more means another name, list,
#: view or iterator holds it, and would not see the new dict); main's frame's locals
#: snapshot (frame.f_locals) is counted apart (:func:`_snapshot_holders`)
_FILL_REFERENCES = 3


#: run-time functions whose result is a new number or string: what they were given is
#: read when they are called, never kept
_EAGER_CALLS = frozenset({"len", "round", "abs", "str", "int", "float", "bool", "format",
                          "repr"})
_EAGER_MODULES = frozenset({"math", "statistics", "cmath"})
_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!=", "in", "not in", "is",
                          "is not"})


def _eager(expr: g.Expr) -> bool:
    """``expr``'s value is made when it is evaluated and holds none of its operands (a
    number, a string, a bool, a dict's value looked up, a dict filled anew)."""
    if isinstance(expr, g.Call):
        return expr.function in _EAGER_CALLS
    if isinstance(expr, g.BinOp):
        return expr.op in _COMPARISONS
    if isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) \
            and expr.callee.file is None:
        callee = expr.callee
        if callee.module in _EAGER_MODULES:
            return True
        if (callee.module, callee.qualname) == ("motoko_airflow.calls", "dict_fill"):
            return True
        return (callee.module, callee.qualname) == ("motoko_airflow.calls", "method") \
            and len(expr.args) > 1 and isinstance(expr.args[1], g.Const) \
            and expr.args[1].value in ("get", "count", "index")
    return False


def made_dict(value: Any) -> bool:
    """A traced value that is a dict at run time (:func:`dict_made`)."""
    from motoko_airflow.trace.values import Symbol

    return isinstance(value, Symbol) and dict_made(value._expr)


def dict_made(expr: g.Expr) -> bool:
    """``expr`` is a dict at run time, made by a dict comprehension, ``dict(zip(...))``,
    :func:`dict_fill` or :func:`motoko_airflow.calls.grouped` (whose keys and values
    were checked)."""
    return isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and (
        expr.callee.file is None) and (expr.callee.module, expr.callee.qualname) in (
        ("builtins", "dict"), ("motoko_airflow.calls", "dict_fill"),
        ("motoko_airflow.calls", "grouped"))


#: built-ins that read a dict's keys (or a view's items) when called and keep none of
#: the dict: sorted(d), min(d.values()), list(d.items())...
_KEY_READERS = frozenset({"sorted", "min", "max", "sum", "list", "len"})


def _read_whole(e: g.Expr, target: g.Expr) -> bool:
    """``e`` is the dict itself or one of its views (keys/values/items)."""
    if e is target:
        return True
    return isinstance(e, g.Invoke) and isinstance(e.callee, g.Function) and (
        e.callee.module, e.callee.qualname) == ("motoko_airflow.calls", "method") and \
        len(e.args) == 2 and e.args[0] is target and isinstance(e.args[1], g.Const) and \
        e.args[1].value in ("keys", "values", "items")


def _still_reading(rec: Recorder, d: Any) -> g.Expr | None:
    """A traced value alive other than ``d`` whose expression reads ``d``'s other than
    through a function that only reads it when called (:func:`_eager`): natively it may
    be a view of the dict (``d.values()``), a bound method, an iterator over it, or the
    dict itself (``e = d if c else {}``)."""
    target = d._expr
    rec.symbols[:] = [ref for ref in rec.symbols if ref() is not None]
    for ref in rec.symbols:
        symbol = ref()
        if symbol is None or symbol is d:
            continue
        todo, seen = [symbol._expr], set()
        while todo:
            e = todo.pop()
            if id(e) in seen:
                continue
            seen.add(id(e))
            if e is target:
                return symbol._expr  # type: ignore[no-any-return]
            if _eager(e):
                continue
            children = g.subexpressions(e)
            if isinstance(e, g.Call) and e.function in _KEY_READERS:
                # its items read when it is called: none is the dict
                children = [c for c in children if not _read_whole(c, target)]
            elif isinstance(e, g.Index) and e.value is target:
                children = [e.index]  # a value looked up, not the dict
            todo.extend(children)
    return None


def _settled(value: Any) -> bool:
    """A value a dict may hold as an expression: a traced value, or a plain one nothing
    can change in place (a tuple of such values too)."""
    from motoko_airflow.trace.values import Symbol

    if type(value) is tuple:
        return all(_settled(v) for v in value)
    return isinstance(value, Symbol) or value is None or type(value) in (
        str, int, float, bool)


def _plain_keys(refuse: Callable[[str], Untraceable], d: dict[Any, Any]) -> list[Any]:
    """The keys of a plain dict a run-time call is given: strings or finite numbers
    (written into the graph as constants)."""
    import math

    keys = list(dict.keys(d))
    if not all(type(k) in (str, int, bool) or type(k) is float and math.isfinite(k)
               for k in keys):
        raise refuse("it holds keys that are not strings or finite numbers")
    return keys


def _dict_base(rec: Recorder, refuse: Callable[[str], Untraceable], d: Any,
               aliased: bool | None) -> Any:
    """The dict ``d`` as an argument of a run-time call: a dict made at run time
    itself, a plain dict as the list of its pairs; ``aliased`` (None: not asked) when
    something else than main's name holds it: then, and when a traced value alive still
    reads it, binding the name again would not be the change in place."""
    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.values import Symbol, to_expr

    if aliased:
        raise refuse("another name, list, view, iterator or expression holds the dict: it "
                     "would see main's change in place, not the dict made at run time")
    if isinstance(d, Symbol):
        if not made_dict(d):
            raise refuse(f"{d._expr} is not surely a dict (known only at run time)")
        if aliased is not None:
            reader = _still_reading(rec, d)
            if reader is not None:
                raise refuse(f"{reader} was made from it before and is still held: "
                             "natively it may be a view, an iterator or the dict itself, "
                             "which see the change")
        return d
    if type(d) is not dict:
        raise refuse(f"it is a {type(d).__name__}, not a dict")
    keys = _plain_keys(refuse, d)
    if not all(_settled(v) for v in dict.values(d)):
        raise refuse("it holds a list, dict or other object that a later change in place "
                     "would change in it natively")
    loops: list[Any] = []
    base = Seq(rec, g.ListExpr(tuple(
        g.ListExpr((g.Const(k), to_expr(rec, dict.__getitem__(d, k), loops)))
        for k in keys)))
    if loops:
        raise refuse("it holds values of a loop")
    return base


def _job_field_type(rec: Recorder, expr: g.Attr) -> str | None:
    """The bd.yaml type of ``job.<field>`` for a loop over a task's runs, or None."""
    from motoko_airflow.config import load_study_config

    item = expr.value
    if not (isinstance(item, g.Item) and item.part == "job"):
        return None
    loop = next((lp for lp in reversed(rec.all_loops) if lp.var == item.loop), None)
    if loop is None or not isinstance(loop.over, g.Runs):
        return None
    node = next((r.node for r in rec.recorded if r.node.id == loop.over.node), None)
    manager = getattr(node, "task_manager", None)
    if not isinstance(manager, str):
        return None
    from motoko_airflow.trace.effects import unwatched

    try:
        with unwatched():
            study = load_study_config(rec.config.task_managers[manager].study_dir)
    except Exception:  # noqa: BLE001 - unknown: not a scalar
        return None
    kind = study.job.get(expr.name)
    return str(kind) if kind is not None else None


def scalar_key(rec: Recorder, expr: g.Expr) -> bool:
    """``expr`` is surely the key ``main`` has natively, never a tuple the DAG would
    hold as an unhashable list: a :func:`.tuples.scalar`, or a run's output read
    whole (``run.cells``: a task reads it as the run's script stored it, tuples and
    all, :func:`motoko_airflow.blackdynamite.run_record` ``exact``)."""
    from motoko_airflow.trace import tuples

    return tuples.scalar(rec, expr) or tuples.run_output(expr) or _filled_key(rec, expr)


def _filled_key(rec: Recorder, expr: g.Expr) -> bool:
    """``expr`` is a key of a dict filled at run time whose keys were all checked by
    :func:`scalar_key` (:func:`_checked_keys`), met by iterating it
    (:func:`_iterated_dict`; the loop found by its name)."""
    def first_named(var: str) -> list[Any]:
        loop = next((lp for lp in rec.all_loops if lp.var == var), None)
        return [] if loop is None else [loop]

    mapping = _iterated_dict(expr, first_named)
    return mapping is not None and _checked_keys(mapping)


def _iterated_dict(key: g.Expr, loops_named: Callable[[str], list[Any]]) -> g.Expr | None:
    """The dict ``key`` is a key of, met by iterating it: the current item of a loop over
    it, its ``.keys()`` or ``sorted``/``list``/``reversed`` of those, or the first of an
    item of its ``.items()``; ``loops_named(var)``: the loops the key's loop may be,
    which must be one."""
    first = isinstance(key, g.Index) and isinstance(key.index, g.Const) and \
        type(key.index.value) is int and key.index.value == 0
    item = key.value if isinstance(key, g.Index) and first else key
    if not (isinstance(item, g.Item) and item.part == "value"):
        return None
    found = loops_named(item.loop)
    if len(found) != 1:
        return None
    over = _reordered(found[0].over)
    view = _own_call(over, "method")
    if view is not None:
        if len(view) == 2 and isinstance(view[1], g.Const) and (
                view[1].value == "items" and first or view[1].value == "keys" and not first):
            return view[0]
        return None
    return None if first else over


def _reordered(expr: g.Expr) -> g.Expr:
    """What ``sorted(e)``, ``list(e)`` or ``reversed(e)`` (any of them nested) holds the
    items of, reordered: ``e``."""
    while True:
        if isinstance(expr, g.Call) and expr.function in ("sorted", "list", "reversed") \
                and len(expr.args) == 1:
            expr = expr.args[0]
        elif isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and (
                expr.callee.file, expr.callee.module) == (None, "builtins") and \
                expr.callee.qualname in ("sorted", "list", "reversed") and expr.args:
            expr = expr.args[0]
        else:
            return expr


#: built-ins that read a dict's keys or items and never look a key up
KEY_BLIND = frozenset({"len", "sorted", "list", "tuple", "set", "frozenset", "sum", "min",
                        "max", "iter", "enumerate", "zip", "repr", "str", "bool", "any",
                        "all", "reversed", "dict"})


def _key_blind(name: g.Function, args: tuple[g.Expr, ...]) -> bool:
    """The run-time call ``name(*args)`` looks no key of a dict it is given up: a
    built-in of :data:`KEY_BLIND`, a view or ``.get`` of a dict, a fill of a dict; or
    the lookups it makes fail loudly (a function of main closed over the dict)."""
    if name.file is not None:
        return False
    if name.module == "builtins":
        return name.qualname in KEY_BLIND
    if name.module != "motoko_airflow.calls":
        return False
    if name.qualname in ("dict_fill", "grouped", "closed"):
        # (a lambda or def of main reading one, a key function: the dict it reads at
        # run time is a Grouping, whose lookup at a key it lacks raises)
        return True
    return name.qualname == "method" and len(args) >= 2 and isinstance(
        args[1], g.Const) and args[1].value in ("items", "keys", "values", "get", "copy")


def _exposes_grouping(expr: g.Expr, known: dict[int, bool] | None = None,
                      depth: int = 0) -> bool:
    """The value of ``expr`` may be or hold a ``defaultdict`` made at run time
    (:func:`grouping`) that a function given it could look up: not one only indexed
    (its keys checked where the item was read), iterated, or given to a call that
    looks no key up (:func:`_key_blind`). ``known``: the answers so far by expression
    id (an expression shares its parts: walked as a tree, a chain of them is explored
    exponentially often)."""
    known = {} if known is None else known
    if id(expr) in known:
        return known[id(expr)]
    if depth > 100 or grouping(expr):
        return True
    parts: list[g.Expr]
    if isinstance(expr, g.Index) and grouping(expr.value):
        parts = [expr.index]
    elif isinstance(expr, g.Collect):
        parts = [p for p in (expr.element, expr.where) if p is not None]
        parts += [] if grouping(expr.over) else [expr.over]
    elif isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and (
            expr.callee.end is not None or _key_blind(expr.callee, expr.args)):
        # (a block of main's statements given it was checked for lookups of it:
        # .blocks.grouping_lookup)
        parts = [a for a in (*expr.args, *expr.values) if not grouping(a)]
    elif isinstance(expr, g.Call) and expr.function in KEY_BLIND:
        parts = [a for a in expr.args if not grouping(a)]
    else:
        parts = list(g.subexpressions(expr))
    answer = any(_exposes_grouping(p, known, depth + 1) for p in parts)
    known[id(expr)] = answer
    return answer


#: the ways a loop fills a dict (:func:`dict_fill`), each key checked
_FILLS = ("set", "setdefault", "append", "setdefault_append")
#: those appending to the dict's lists, which the dict made itself
_APPENDS = ("append", "setdefault_append")


def _own_call(expr: g.Expr, *qualnames: str) -> tuple[g.Expr, ...] | None:
    """The arguments of ``expr`` when it is a call of one of this project's run-time
    functions ``qualnames`` (:mod:`motoko_airflow.calls`) without keywords, else None."""
    if isinstance(expr, g.Invoke) and isinstance(expr.callee, g.Function) and \
            expr.callee.file is None and expr.callee.module == "motoko_airflow.calls" \
            and expr.callee.qualname in qualnames and not expr.keywords:
        return expr.args
    return None


def _fill_of(expr: g.Expr, *hows: str) -> g.Expr | None:
    """The dict ``expr`` fills when it is a :func:`dict_fill` of one of ``hows``."""
    args = _own_call(expr, "dict_fill")
    if args is None or len(args) != 3 or not isinstance(args[1], g.Const) or \
            args[1].value not in hows:
        return None
    return args[0]


def grouping(expr: g.Expr) -> bool:
    """``expr`` is a ``defaultdict`` at run time: :func:`motoko_airflow.calls.grouped`,
    or :func:`dict_fill` of one (which keeps its type)."""
    while _own_call(expr, "grouped") is None:
        base = _fill_of(expr, *_FILLS, "update")
        if base is None:
            return False
        expr = base
    return True


def present_key(mapping: g.Expr, key: g.Expr, loops: tuple[Any, ...]) -> bool:
    """``key`` is surely a key of the dict ``mapping`` (read at run time, no key added
    by reading it): met by iterating it (:func:`_iterated_dict`; ``loops``: the key's,
    among which that loop is: loops of one name may go over different lists)."""
    return _iterated_dict(key, lambda var: [lp for lp in loops if lp.var == var]) \
        == mapping


def _checked_keys(expr: g.Expr) -> bool:
    """``expr`` is a dict made at run time whose keys are all strings or numbers: one
    :func:`dict_fill` filled (which checks each key) from such a dict or from pairs
    with constant keys (:func:`_dict_base`, :func:`_group_base`)."""
    while True:
        base = _fill_of(expr, *_FILLS)
        grouped = _own_call(expr, "grouped")
        if base is None and grouped is None:
            break
        expr = base if base is not None else grouped[0]  # type: ignore[index]
    return isinstance(expr, g.ListExpr) and all(
        isinstance(pair, g.ListExpr) and len(pair.items) == 2
        and isinstance(pair.items[0], g.Const)
        and type(pair.items[0].value) in (str, int, float, bool) for pair in expr.items)


def _snapshot_holders(frame: Any, d: Any) -> int:
    """How many names of ``frame``'s locals snapshot (``frame.f_locals``, which the
    tracer reads and which then holds main's values) are ``d``: one is main's own name
    for it (not another holder), more are other names for it."""
    return sum(1 for name, value in list(frame.f_locals.items()) if value is d)


def held_elsewhere(frame: Any, value: Any, references: int) -> bool:
    """Whether anything but main's name holds ``value`` (another name, list, view,
    iterator or bound method), for a hook that main's ``frame`` called and that counts
    ``references`` when nothing else holds it (measured from the hook: see
    :data:`_FILL_REFERENCES`); main's locals snapshot is counted apart
    (:func:`_snapshot_holders`), as is the tracer's record of the lists it made part of
    an expression (``Recorder.converted_lists``: an expression is the value the list
    had then, which a later change does not reach; the rules that refuse a change of
    such a list check that record themselves)."""
    import sys

    from motoko_airflow.trace.state import active

    held = _snapshot_holders(frame, value)
    rec = active()
    recorded = 0 if rec is None or not isinstance(value, list) else sum(
        1 for v in rec.converted_lists if v is value)
    # this function's own parameter is one reference more than the hook counts
    return held > 1 or sys.getrefcount(value) - 1 - held - recorded > references


def dict_fill(rec: Recorder) -> Callable[..., Any]:
    """A loop over a traced list that only fills a dict of main
    (:func:`.instrument.fillable_loops`), given that dict and the list of its pairs:
    the run-time call ``dict_fill(d, how, [[key, value] for ...])``
    (:func:`motoko_airflow.calls.dict_fill`), which main's name is bound to again.

    Sound only when binding the name again is what the change in place would have
    done: the dict is a plain ``dict`` (or a dict made at run time by a comprehension,
    ``dict(zip(...))`` or an earlier such loop), and nothing else holds it (no other
    name, list, view, iterator or bound method: counted by references; for a dict made
    at run time, no traced value alive reads it but through a function that only reads
    it when called; for a plain dict, it was never made part of an expression); keys
    are surely main's own at run time (:func:`scalar_key`: a tuple the graph built
    would be an unhashable list there); keys and values are traced or immutable."""
    import sys

    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.values import to_expr

    def refuse(why: str) -> Untraceable:
        return rec.untraceable(f"this loop fills a dict from a traced list, but {why}")

    def fill(d: Any, how: str, mark: int, pairs: Any) -> Any:
        opened = [lp for lp in rec.all_loops[mark:] if not lp.open]
        if len(opened) != 1:
            raise refuse("its items are not those of one traced list")
        aliased = held_elsewhere(sys._getframe(1), d, _FILL_REFERENCES)
        if how in _APPENDS:
            base = _group_base(rec, refuse, d, aliased)
        else:
            base = _dict_base(rec, refuse, d, aliased)
        if not all(type(p) is tuple and len(p) == 2 and _settled(p[0]) and _settled(p[1])
                   for p in list.__iter__(pairs)):
            raise refuse("a key or value is a list, dict or other object that a later "
                         "change in place would change in it natively")
        loops: list[Any] = []
        pairs_expr = to_expr(rec, pairs, loops)
        for e in g.walk(pairs_expr):
            if isinstance(e, g.Collect) and isinstance(e.element, (g.ListExpr, g.TupleExpr)):
                key = e.element.items[0]
                if not scalar_key(rec, key):
                    raise refuse(
                        f"its key {key} may be a tuple natively, which the DAG holds "
                        "as an unhashable list; key it by int(...), str(...), a number, "
                        "a run's output or a job field declared in bd.yaml")
        result = _invoke(rec, g.Function("motoko_airflow.calls", "dict_fill"),
                         (base, how, Seq(rec, pairs_expr)), {})
        if result is None:
            raise refuse("its pairs cannot be given to a run-time call")
        return result

    return fill


#: what holds a list of a dict that nothing else holds, apart from sys.getrefcount's
#: argument: the dict, and the name :func:`_group_base` reads it into
_INNER_REFERENCES = 2


def _group_base(rec: Recorder, refuse: Callable[[str], Untraceable], d: Any,
                aliased: bool) -> Any:
    """The dict ``d`` a loop appends to (``d[k].append(v)``,
    ``d.setdefault(k, []).append(v)``) as an argument of a run-time call: a dict an
    earlier such loop filled at run time (its lists are its own), or a plain ``dict``
    or ``defaultdict(list)`` whose values are lists nothing else holds (another name
    would see the items appended natively), of traced or immutable items; a
    ``defaultdict(list)`` is made again at run time by :func:`motoko_airflow.calls.grouped`."""
    import collections
    import sys

    from motoko_airflow.trace.loops import Seq
    from motoko_airflow.trace.values import Symbol, to_expr

    if aliased:
        raise refuse("another name, list, view, iterator or expression holds the dict: it "
                     "would see main's change in place, not the dict made at run time")
    if isinstance(d, Symbol):
        expr = d._expr
        if _own_call(expr, "grouped") is None and _fill_of(expr, *_APPENDS) is None:
            raise refuse(f"{expr} is not surely a dict whose lists only it holds (known "
                         "only at run time)")
        reader = _still_reading(rec, d)
        if reader is not None:
            raise refuse(f"{reader} was made from it before and is still held: natively "
                         "it may be a view, an iterator, one of its lists or the dict "
                         "itself, which see the change")
        return d
    grouping = type(d) is collections.defaultdict
    factory = getattr(d, "default_factory", None)
    # (main's ``list`` is the tracer's stand-in: :func:`.functions._type_shim`)
    if grouping and getattr(factory, "_real", factory) is not list or \
            not grouping and type(d) is not dict:
        raise refuse(f"it is a {type(d).__name__}, not a dict or a defaultdict(list)")
    keys = _plain_keys(refuse, d)
    loops: list[Any] = []
    pairs = []
    for k in keys:
        inner = dict.__getitem__(d, k)
        # (the loop's variable, sys.getrefcount's argument and the dict hold it)
        if type(inner) is not list or sys.getrefcount(inner) - 1 > _INNER_REFERENCES:
            raise refuse(f"its value at {k!r} is not a list only the dict holds: the "
                         "items appended natively would show there too")
        if not all(_settled(v) for v in inner):
            raise refuse("its lists hold a list, dict or other object that a later "
                         "change in place would change in them natively")
        pairs.append(g.ListExpr((g.Const(k), g.ListExpr(tuple(
            to_expr(rec, v, loops) for v in inner)))))
    if loops:
        raise refuse("it holds values of a loop")
    base = g.ListExpr(tuple(pairs))
    if grouping:
        return Seq(rec, g.Invoke(g.Function("motoko_airflow.calls", "grouped"), (base,)))
    return Seq(rec, base)


#: as _FILL_REFERENCES, one more: the hook of the statement passes the dict on
_UPDATE_REFERENCES = 4


def dict_update(rec: Recorder) -> Callable[[Any, Any], Any]:
    """``d.update(x)`` of a dict of main (:func:`.instrument.rebindable_calls`) when
    ``d`` or ``x`` is traced: the run-time call ``dict_fill(d, "update", x)``, which
    main's name is bound to again; under the conditions of :func:`dict_fill` on ``d``,
    and ``x`` a dict made at run time or a plain dict of numbers and strings (read
    once, when it is called)."""
    import sys

    from motoko_airflow.trace.values import Symbol

    def refuse(why: str) -> Untraceable:
        return rec.untraceable(f"this .update() of a dict is given a traced value, but {why}")

    def update(d: Any, x: Any) -> Any:
        aliased = held_elsewhere(sys._getframe(2), d, _UPDATE_REFERENCES)
        base = _dict_base(rec, refuse, d, aliased)
        if made_dict(x):
            given: Any = x
        elif type(x) is dict:
            given = _dict_base(rec, refuse, x, None)
        else:
            what = x._expr if isinstance(x, Symbol) else type(x).__name__
            raise rec.untraceable(
                f"this .update() is given {what}, which is not a dict known to be made at "
                "run time (a dict comprehension, dict(zip(...)), or a plain dict)")
        result = _invoke(rec, g.Function("motoko_airflow.calls", "dict_fill"),
                         (base, "update", given), {})
        if result is None:
            raise rec.untraceable("this .update() cannot be given to a run-time call")
        return result

    return update
