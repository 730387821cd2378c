"""Run-time calls of a graph: which callables an :class:`~motoko_airflow.graph.Invoke`
may name, and how the runtime finds them again.

The graph stays data: a callee is a :class:`~motoko_airflow.graph.Function` (module and
qualified name, or a position in a file of the workflow). Only deterministic callables
that change nothing they do not own may be named (the tracer checks the workflow's own
functions; library functions must be in :data:`LIBRARY`): every task that needs the
value calls it again, and must get what ``main`` got.

This module imports nothing heavy: numpy is imported when a call of numpy runs (in a
task), never when a DAG file is parsed.
"""

from __future__ import annotations

import ast
import builtins
import collections
import copy
import functools
import importlib
import importlib.util
import inspect
import operator
import os
import sys
import types
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["ARRAY_METHODS", "BUILTINS", "LIBRARY", "STR_METHODS", "VIEW_METHODS",
           "array_method", "closed", "dict_fill", "grouped", "item_getter",
           "library_allows", "method", "order", "pick", "resolve", "to_plain",
           "writes_into"]

# library modules whose functions are deterministic and change none of their arguments
# (module -> names refused in it; a name refused is also refused in its submodules)
LIBRARY: dict[str, frozenset[str]] = {
    "math": frozenset(),
    "cmath": frozenset(),
    "statistics": frozenset(),
    "itertools": frozenset(),
    "functools": frozenset({"partial", "lru_cache", "cache", "wraps", "update_wrapper"}),
    "operator": frozenset({"setitem", "delitem", "iadd", "iand", "iconcat", "ifloordiv",
                           "ilshift", "imod", "imul", "imatmul", "ior", "ipow", "irshift",
                           "isub", "itruediv", "ixor", "attrgetter", "itemgetter",
                           "methodcaller"}),
    "json": frozenset({"dump"}),
    "heapq": frozenset({"heappush", "heappop", "heapify", "heapreplace", "heappushpop"}),
    "bisect": frozenset({"insort", "insort_left", "insort_right"}),
    "posixpath": frozenset(),  # os.path
    "collections": frozenset({"abc"}),
    "numpy": frozenset({"random", "save", "savez", "savez_compressed", "savetxt", "copyto",
                        "put", "place", "putmask", "fill_diagonal", "memmap", "fromfile",
                        "datetime64", "busday_count", "is_busday", "busday_offset", "seterr",
                        "set_printoptions", "setbufsize", "empty", "empty_like", "ndarray",
                        "add_newdoc", "info", "show_config", "test", "put_along_axis",
                        "nditer", "lib", "ctypeslib", "frombuffer"}),
}
# built-ins a run-time call may name (not open: see the tracer, which allows read-only
# opening only)
BUILTINS = frozenset({
    "abs", "all", "any", "bin", "bool", "chr", "dict", "divmod", "enumerate", "filter",
    "float", "frozenset", "hex", "int", "len", "list", "map", "max", "min", "oct", "open",
    "ord", "pow", "range", "reversed", "round", "set", "slice", "sorted", "str", "sum",
    "tuple", "zip"})


#: methods a graph may call on a value known at run time (:func:`method`): they change
#: nothing and compare no run
VIEW_METHODS = frozenset({"items", "keys", "values", "get", "count", "index", "tolist",
                          "join", "most_common"})


#: methods of a str a graph may call on a value known at run time (they change nothing
#: and return a str, a bool, an int or a list of str); on any other plain value (a number,
#: a list, a dict, None) Python raises AttributeError, as natively
STR_METHODS = frozenset({
    "startswith", "endswith", "find", "rfind", "upper", "lower", "strip", "lstrip",
    "rstrip", "split", "rsplit", "replace", "title", "capitalize", "casefold", "isdigit",
    "isalpha", "isalnum", "isspace", "islower", "isupper", "isnumeric", "isdecimal",
    "zfill", "center", "ljust", "rjust", "splitlines", "removeprefix", "removesuffix",
    "swapcase"})
#: methods of a numpy array (or number) a graph may call on a value known at run time:
#: each returns a new value and changes nothing; a plain value (a list, a float) has
#: none of them, so Python raises AttributeError there, as natively
ARRAY_METHODS = frozenset({
    "sum", "mean", "std", "var", "min", "max", "argmin", "argmax", "prod", "cumsum",
    "cumprod", "tolist", "item", "any", "all", "round", "argsort", "astype", "flatten",
    "clip", "dot", "nonzero"})
#: the values a str method is looked up on at run time (JSON's: never an object whose
#: method of that name would do something else)
_PLAIN = (str, int, float, bool, type(None), list, dict)


def method(value: Any, name: str, *args: Any) -> Any:
    """``value.name(*args)`` for a method of :data:`VIEW_METHODS` or of
    :data:`STR_METHODS` (on a plain value); a dict's views as lists (a value passed on
    between tasks)."""
    if name in STR_METHODS and type(value) in _PLAIN:
        return getattr(value, name)(*args)
    if name not in VIEW_METHODS or name == "join" and type(value) is not str:
        raise ValueError(f".{name}() is not a method a graph may call on a "
                         f"{type(value).__name__}; re-run `motoko trace`")
    result = getattr(value, name)(*args)
    if name in ("items", "keys", "values"):
        return _VIEWS[name](result)
    return result


def array_method(value: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """``value.name(*args, **kwargs)`` for a method of :data:`ARRAY_METHODS` of a numpy
    array or number, or of a plain value (which has none of them: AttributeError, as
    natively); refused on any other object (its method of that name may do anything)."""
    numpy = sys.modules.get("numpy")
    array = numpy is not None and isinstance(value, (numpy.ndarray, numpy.generic))
    if name not in ARRAY_METHODS or not array and type(value) not in _PLAIN:
        raise ValueError(f".{name}() is not a method a graph may call on a "
                         f"{type(value).__name__}; re-run `motoko trace`")
    return getattr(value, name)(*args, **kwargs)


class Grouping(collections.defaultdict):  # type: ignore[type-arg]
    """The ``defaultdict`` a graph makes at run time (:func:`grouped`, :func:`dict_fill`
    of one): natively, looking it up at a key it lacks adds the key, which later reads
    of main's dict see; the graph's value is made anew wherever it is read, so that
    lookup raises instead (the tracer compiles none it cannot show to be of a key the
    dict has)."""

    __slots__ = ()

    def __missing__(self, key: Any) -> Any:
        raise LookupError(
            f"main looks up {key!r} in a defaultdict the DAG made at run time, which "
            "lacks it: natively that adds the key, which the DAG cannot do; in the "
            "orchestrator, read it with .get(key, ...) or test `key in ...` first")

    def __repr__(self) -> str:  # as natively
        return f"defaultdict({self.default_factory!r}, {dict.__repr__(self)})"

    def copy(self) -> Any:  # a defaultdict, as natively: a lookup adds to the copy
        return collections.defaultdict(self.default_factory, self)

    __copy__ = copy  # type: ignore[assignment]


def dict_fill(base: Any, how: str, pairs: Any) -> dict[Any, Any]:
    """A dict filled by a loop of main over a traced list, item by item: ``base`` (the
    dict before the loop: a dict, or its (key, value) pairs) with each pair stored as
    ``d[key] = value`` (``how`` "set"), ``d.setdefault(key, value)``,
    ``d[key].append(value)`` ("append": a ``defaultdict(list)`` makes the missing
    lists, a plain dict raises KeyError as natively) or ``d.setdefault(key, []).append(value)``
    ("setdefault_append"), or ``d.update(pairs)`` ("update": a dict or its pairs):
    Python's own dict, so equal keys (1, 1.0, True) collide and keep their first key as
    natively. A ``defaultdict`` stays one (a :class:`Grouping`), with its factory;
    the lists it holds are copies (``base`` is left as it was)."""
    if isinstance(base, collections.defaultdict):
        out: dict[Any, Any] = Grouping(base.default_factory, base)
    else:
        out = dict(base)
    if how == "update":  # d.update(pairs): a dict, or its pairs
        out.update(pairs)
        return out
    if how in ("append", "setdefault_append"):
        for key, value in out.items():
            if type(value) is list:
                out[key] = list(value)
    for key, value in pairs:
        if how == "set":
            out[key] = value
        elif how == "setdefault":
            out.setdefault(key, value)
        elif how == "append":
            if key not in out and isinstance(out, collections.defaultdict) and \
                    out.default_factory is not None:  # (a Grouping adds none itself)
                out[key] = out.default_factory()
            out[key].append(value)
        elif how == "setdefault_append":
            out.setdefault(key, []).append(value)
        else:
            raise ValueError(f"dict_fill: {how!r} is not a way to fill a dict; re-run "
                             "`motoko trace`")
    return out


def grouped(pairs: Any) -> dict[Any, list[Any]]:
    """``defaultdict(list)`` holding ``pairs`` (a key and a list each): a grouping main
    made before a loop that appends to it (:func:`dict_fill`): a :class:`Grouping`."""
    return Grouping(list, ((k, list(v)) for k, v in pairs))


def closed(function: Any, names: list[str], values: list[Any]) -> Any:
    """A lambda or ``def`` of main (made again in its module's namespace, where the
    variables it read from the function around it are names of the module) reading
    ``names`` bound to ``values``: main's values when it was called (a key function of
    ``sorted``/``min``/``max``, called before main goes on). Its own copy of the
    module's namespace holds them: the module is left as it was."""
    if len(names) != len(values) or not all(isinstance(n, str) for n in names):
        raise ValueError("closed: one value per variable name; re-run `motoko trace`")
    namespace = dict(function.__globals__)
    namespace.update(zip(names, values, strict=True))
    made = types.FunctionType(function.__code__, namespace, function.__name__,
                              function.__defaults__, function.__closure__)
    made.__kwdefaults__ = function.__kwdefaults__
    made.__qualname__ = function.__qualname__
    return made


def order(keys: list[Any], reverse: bool = False) -> list[int]:
    """The positions of items in the order ``sorted(items, key=..., reverse=reverse)``
    gives them, their keys being ``keys`` (computed by main's key function when it was
    traced): the same comparisons of the keys as Python's, ties kept in order."""
    if not isinstance(keys, list) or type(reverse) is not bool:
        raise ValueError("order: a list of keys and a bool; re-run `motoko trace`")
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)


def pick(name: str, keys: list[Any]) -> int:
    """The position of the item ``min``/``max`` (``name``) returns among items whose
    keys are ``keys``: the first of equal ones, as Python's."""
    if name not in ("min", "max") or not isinstance(keys, list) or not keys:
        raise ValueError("pick: min or max of a list of keys; re-run `motoko trace`")
    chosen = min if name == "min" else max
    return chosen(range(len(keys)), key=keys.__getitem__)


def item_getter(*items: Any) -> Any:
    """``operator.itemgetter(*items)``: a key function of main's (``key=itemgetter("y")``)
    made again at run time from the items main gave it (numbers, strings)."""
    if not items or not all(item is None or type(item) in (bool, int, float, str)
                            for item in items):
        raise ValueError("item_getter: items are numbers or strings; re-run `motoko trace`")
    return operator.itemgetter(*items)


class _SetView(list):  # type: ignore[type-arg]
    """A dict's keys or items as a list that compares, subtracts and prints as
    Python's view does (``a.keys() == b.keys()`` whatever their order)."""

    _view = "dict_keys"
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (_SetView, set, frozenset)) or type(other).__name__ in (
                "dict_keys", "dict_items"):
            mine, theirs = list(list.__iter__(self)), list(other)  # type: ignore[call-overload]
            try:
                return set(mine) == set(theirs)
            except TypeError:  # items with unhashable values: each is unique by its key
                return len(mine) == len(theirs) and all(i in theirs for i in mine)
        return False

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __sub__(self, other: Any) -> set[Any]:  # type: ignore[override]
        return _as_set(self) - _as_set(other)

    def __rsub__(self, other: Any) -> set[Any]:
        return _as_set(other) - _as_set(self)

    def __and__(self, other: Any) -> set[Any]:
        return _as_set(self) & _as_set(other)

    __rand__ = __and__

    def __or__(self, other: Any) -> set[Any]:
        return _as_set(self) | _as_set(other)

    __ror__ = __or__

    def __xor__(self, other: Any) -> set[Any]:
        return _as_set(self) ^ _as_set(other)

    __rxor__ = __xor__

    def __repr__(self) -> str:
        return f"{self._view}({list.__repr__(self)})"

    __str__ = __repr__


class _ItemsView(_SetView):
    _view = "dict_items"


class _ValuesView(list):  # type: ignore[type-arg]
    """A dict's values as a list that compares and prints as Python's view does (equal
    to nothing but itself)."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __repr__(self) -> str:
        return f"dict_values({list.__repr__(self)})"

    __str__ = __repr__


def _as_set(items: Any) -> set[Any]:
    return set(list.__iter__(items) if isinstance(items, list) else items)


_VIEWS: dict[str, type] = {"keys": _SetView, "items": _ItemsView, "values": _ValuesView}


def writes_into(function: Any, positional: int, keywords: Any, starred: bool = False,
                ) -> str | None:
    """Why a call of the library function ``function`` with ``positional`` positional
    arguments and these keyword names may write into one of its arguments (numpy's
    ``out=``, a ufunc's outputs given positionally: ``np.multiply(ys, 2, ys)``), or None.
    ``starred``: the call unpacks ``*args`` or ``**kwargs`` (what they hold is unknown).
    A graph evaluates each argument afresh: a write into one would be seen by ``main``'s
    later lines and by no task."""
    keywords = set(keywords)
    name = getattr(function, "__name__", "the function")
    if "out" in keywords:
        return f"{name}(out=...), which writes its result into an argument"
    module = getattr(function, "__module__", None) or ""
    if type(function).__name__ == "ufunc" and isinstance(getattr(function, "nin", None), int):
        if starred or positional > function.nin:
            return (f"the ufunc {name} with more than its {function.nin} input(s), which "
                    "writes into the others")
        return None
    if not (module == "numpy" or module.startswith("numpy.")):
        return None
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return f"numpy.{name}, whose parameters are not known (it may write into an argument)"
    for index, parameter in enumerate(parameters):
        if parameter.name == "out" and parameter.kind in (
                parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD) and (
                starred or positional > index):
            return f"{name}() with its out argument given positionally, which writes into it"
    if starred and any(p.name == "out" for p in parameters):
        return f"{name}(*args or **kwargs), which may be given out= and write into an argument"
    return None


def library_allows(module: str, qualname: str) -> bool:
    """Whether ``module.qualname`` is a library function a graph may call."""
    if module == "builtins":
        return qualname in BUILTINS
    parts = module.split(".")
    root = parts[0]
    if module == "os.path":
        root, parts = "posixpath", ["posixpath"]
    if root not in LIBRARY:
        return False
    refused = LIBRARY[root]
    names = parts[1:] + qualname.split(".")
    return not any(name in refused or name.startswith("_") for name in names)


#: this module's functions a graph may call by name
_OWN: dict[str, Any] = {f.__name__: f for f in (
    method, array_method, dict_fill, grouped, closed, order, pick, item_getter)}


def resolve(module: str, qualname: str, file: str | None = None, line: int | None = None,
            column: int | None = None, defaults: tuple[Any, ...] | None = None,
            kwdefaults: tuple[tuple[str, Any], ...] | None = None,
            end: tuple[int, int] | None = None) -> Any:
    """The callable a :class:`~motoko_airflow.graph.Function` names (a lambda or nested
    ``def`` with the default values main gave it, or a block of main's statements)."""
    if file is None:
        if module == __name__ and qualname in _OWN:
            return _OWN[qualname]
        if (module, qualname) == ("motoko_airflow.segments", "value"):
            from motoko_airflow.segments import value

            return value
        if not library_allows(module, qualname):
            raise ValueError(f"{module}.{qualname} is not a function a graph may call; "
                             "re-run `motoko trace`")
        target: Any = importlib.import_module("os.path" if module == "posixpath"
                                              else module)
        for part in qualname.split("."):
            target = getattr(target, part)
        return target
    mod = _workflow_module(module, file)
    if end is not None and line is not None and column is not None:
        return block_function(mod, file, (line, column), (end[0], end[1]),
                              trial=qualname == TRIAL)
    if line is None:
        target = mod
        for part in qualname.split("."):
            target = getattr(target, part)
        if isinstance(target, type):  # a record class of main's (its objects cross tasks)
            RECORD_CLASSES[target] = (module, qualname, file)
        return target
    if defaults is None and kwdefaults is None:  # a graph traced before they were kept
        return _defined_at(mod, file, line, column)
    # made again in the module's namespace, its defaults would be evaluated there: it is
    # made without them, and given main's (evaluated where main made it)
    function = _defined_at(mod, file, line, column, bare=True)
    function.__defaults__ = tuple(defaults or ()) or None
    function.__kwdefaults__ = dict(kwdefaults) if kwdefaults else None
    return function


#: the workflow's record classes made again at run time (:func:`resolve`), by class: the
#: graph's (module, qualname, file) of each, to find it again in another task
RECORD_CLASSES: weakref.WeakKeyDictionary[type, tuple[str, str, str]] = \
    weakref.WeakKeyDictionary()


def record_fields(value: Any) -> list[Any] | None:
    """The fields' values of a record of a class in :data:`RECORD_CLASSES` (None: not one)."""
    import dataclasses

    cls = type(value)
    if cls not in RECORD_CLASSES:
        return None
    if isinstance(value, tuple):
        return list(tuple.__iter__(value))
    return [getattr(value, f.name) for f in dataclasses.fields(value)]


def _workflow_module(name: str, file: str) -> types.ModuleType:
    """The module of the workflow stored in ``file`` (imported once per process)."""
    loaded = sys.modules.get(name)
    if loaded is not None and os.path.abspath(getattr(loaded, "__file__", "") or "") \
            == os.path.abspath(file):
        return loaded
    directory = str(Path(file).parent)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    # a module of the same name from another workflow (imported earlier in this process)
    # must not stand for one of this directory
    for sibling in Path(directory).glob("*.py"):
        other = sys.modules.get(sibling.stem)
        path = getattr(other, "__file__", None) if other is not None else None
        if path and os.path.abspath(path) != os.path.abspath(sibling):
            del sys.modules[sibling.stem]
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise ValueError(f"cannot import {file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


@functools.lru_cache(maxsize=64)
def _source_tree(file: str, mtime: int) -> ast.Module:
    return ast.parse(Path(file).read_bytes(), filename=file)


def _defined_at(module: types.ModuleType, file: str, line: int, column: int | None,
                bare: bool = False) -> Any:
    """The lambda or ``def`` written at ``line``/``column`` of ``file``, made in the
    module's namespace (it reads no variable of the function around it); ``bare``:
    without its default values (not evaluated)."""
    tree = _source_tree(file, os.stat(file).st_mtime_ns)
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) != line or (
                column is not None and getattr(node, "col_offset", None) != column):
            continue
        if bare and isinstance(node, (ast.Lambda, ast.FunctionDef)):
            node = copy.deepcopy(node)
            node.args.defaults = []
            node.args.kw_defaults = [None] * len(node.args.kwonlyargs)
        if isinstance(node, ast.Lambda):
            code = compile(ast.Expression(node), file, "eval")
            return eval(code, vars(module))  # noqa: S307 - the workflow's own code
        if isinstance(node, ast.FunctionDef):
            scope: dict[str, Any] = {}
            code = compile(ast.Module(body=[node], type_ignores=[]), file, "exec")
            exec(code, vars(module), scope)  # noqa: S102 - the workflow's own code
            return scope[node.name]
    raise ValueError(f"{file}:{line}: no lambda or function there any more; re-run "
                     "`motoko trace`")


# ---------------------------------------------------------------- blocks of main


class _Bound(dict):  # type: ignore[type-arg]
    """The variables a block bound: a missing one was not bound by it (its loop ran no
    iteration), as ``main`` would find it unbound."""

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, Iterator):
            raise TypeError(f"{key} is an iterator, which main uses up once: a DAG cannot "
                            "give it to several steps; make it a list (list(...))")
        return value

    def __missing__(self, key: str) -> Any:
        raise UnboundLocalError(f"{key} is not bound after the block of main's lines "
                                "it is bound in (a loop that ran no iteration?)")


def _statements_at(tree: ast.AST, start: tuple[int, int], end: tuple[int, int]
                   ) -> list[ast.stmt] | None:
    for node in ast.walk(tree):
        for body in statement_lists(node):
            positions = [(s.lineno, s.col_offset) for s in body]
            if start in positions and end in positions:
                i, j = positions.index(start), positions.index(end)
                return body[i:j + 1] if i <= j else None
    return None


#: the qualname of a block that is the body of a ``try`` (:func:`_trial`)
TRIAL = "<trial>"
#: the variable of a trial's result telling which ``except`` caught its error (-1: none)
CAUGHT = "__motoko_caught__"


def _trial(stmt: ast.stmt) -> ast.stmt:
    """The body of the ``try`` ``stmt``, each ``except`` only noting its index in
    :data:`CAUGHT` (-1 when the body raised nothing): main runs the handlers itself."""
    if not isinstance(stmt, ast.Try) or stmt.finalbody or not stmt.handlers:
        raise ValueError(f"line {stmt.lineno}: the statement traced as a try is not one "
                         "any more; re-run `motoko trace`")

    def caught(index: int) -> list[ast.stmt]:
        return [ast.Assign([ast.Name(CAUGHT, ast.Store())], ast.Constant(index))]

    trial = ast.Try(body=stmt.body,
                    handlers=[ast.ExceptHandler(h.type, None, caught(i))
                              for i, h in enumerate(stmt.handlers)],
                    orelse=caught(-1), finalbody=[])
    ast.copy_location(trial, stmt)
    ast.fix_missing_locations(trial)
    return trial


@functools.lru_cache(maxsize=128)
def _block_code(file: str, mtime: int, start: tuple[int, int], end: tuple[int, int],
              inputs: tuple[str, ...], trial: bool = False) -> types.CodeType:
    stmts = _statements_at(_source_tree(file, mtime), start, end)
    if stmts is None:
        raise ValueError(f"{file}:{start[0]}: the statements traced as a block are not "
                         "there any more; re-run `motoko trace`")
    if trial:
        stmts = [_trial(stmts[0])]
    args = ast.arguments(posonlyargs=[], args=[], vararg=None,
                         kwonlyargs=[ast.arg(n) for n in inputs],
                         kw_defaults=[None] * len(inputs), kwarg=None, defaults=[])
    ret = ast.Return(ast.Call(ast.Name("__motoko_locals__", ast.Load()), [], []))
    block = ast.FunctionDef(name="__motoko_block__", args=args, body=[*stmts, ret],
                            decorator_list=[], returns=None, type_comment=None)
    factory = ast.FunctionDef(
        name="__motoko_factory__",
        args=ast.arguments(posonlyargs=[], args=[ast.arg("__motoko_locals__")],
                           vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                           defaults=[]),
        body=[block, ast.Return(ast.Name("__motoko_block__", ast.Load()))],
        decorator_list=[], returns=None, type_comment=None)
    ast.copy_location(ret, stmts[-1])
    ast.copy_location(block, stmts[0])
    ast.copy_location(factory, stmts[0])
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    return compile(module, file, "exec")


def block_function(module: types.ModuleType, file: str, start: tuple[int, int],
             end: tuple[int, int], trial: bool = False) -> Any:
    """The callable a block's :class:`~motoko_airflow.graph.Function` names: it runs the
    statements with the inputs given as keywords, and returns the variables bound
    (``trial``: the body of a ``try``, and which ``except`` caught its error,
    :data:`CAUGHT`)."""
    def block(**inputs: Any) -> _Bound:
        code = _block_code(file, os.stat(file).st_mtime_ns, start, end,
                         tuple(sorted(inputs)), trial)
        scope: dict[str, Any] = {}
        exec(code, vars(module), scope)  # noqa: S102 - the workflow's own code
        function = scope["__motoko_factory__"](builtins.locals)
        found = function(**inputs)
        return _Bound({k: v for k, v in found.items()
                       if not k.startswith("__motoko_") or k == CAUGHT})

    return block




def statement_lists(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists directly under ``node`` (body, else, finally, handlers,
    cases)."""
    out = [value for field in ("body", "orelse", "finalbody")
           if isinstance(value := getattr(node, field, None), list) and value
           and isinstance(value[0], ast.stmt)]
    out += [h.body for h in getattr(node, "handlers", []) or []]
    out += [c.body for c in getattr(node, "cases", []) or []]
    return out


def to_plain(value: Any) -> Any:
    """numpy arrays and scalars as lists and Python numbers (other values unchanged)."""
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return value.tolist()
    return value
