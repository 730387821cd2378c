"""Segments: one statement of ``main`` that makes steps and cannot be compiled, run
natively as one task, the steps after it still compiled.

A ``while``, ``for``, ``try``, ``with`` or ``if`` of ``main``'s own body that cannot be
traced (a ``while`` whose exit reads outputs, a ``try`` around a helper coroutine whose
loop ``return``s on an output or raises the module's own exception, an ``if`` that
updates a dict of outputs, what no DAG can hold: ``workflow.vars``, polling with
``asyncio.sleep``), or a plain statement of it (an expression or assignment:
``steps.sort(key=lambda rj: rj[0].y)`` on a value known at run time), used to cut the
path: the rest of ``main`` ran as one task. When it qualifies, it becomes a
:class:`~motoko_airflow.graph.SegmentNode`: a task that runs ``main`` natively up to the
end of that statement (:mod:`motoko_airflow.segments`) and returns as JSON the variables
the code after it reads; the trace goes on after the statement with those variables as
traced values read from the task's result.

How it works (as blocks of main's statements, :mod:`.blocks`):

- :func:`spots` finds the ``while``/``for``/``try``/``with``/``if`` statements directly
  in the body of a module-level ``async def`` that hold an ``await``, and its plain
  statements (``_PLAIN``); :class:`Wrap` compiles
  each as ``if __motoko_segment__(line, col): names = __motoko_segment_values__() else:
  <statement>``;
- a stop signal raised while ``main``'s own frame is inside one (in a function it calls
  there too) names it (:func:`around`, ``Untraceable.segment_site``); the driver traces
  again with it marked (``Recorder.segment_sites``): a ``while`` at once, the others only
  when the whole trace still leaves a path cut in it and a statement after it awaits
  something (``Spot.steps_after``); a path cut in a statement after which nothing makes
  runs keeps its fallback task, which runs that statement only
  (``FallbackNode.statement``, :func:`last_statement`);
- at a marked statement :func:`enter` checks it and records the node, or refuses (the
  path is cut there as before, the reason saying why it is no segment either).

A region of tasks (:class:`Region`: the statements from one making
``asyncio.create_task`` tasks to the last reading what holds them,
:func:`motoko_airflow.segments.region_end`) is one such spot: its task runs the routines
natively, timing included, under :func:`_tasks_refusal` (every task awaited in it, none
passed on) and a check at run time that none still runs where it ends.

The rules (the segment task replays ``main``'s part before it natively, so it sees
what ``main`` sees; what must hold is that the code after it sees what ``main`` sees):

- it is ``main``'s own statement, on the path's main line: not in a routine of
  ``asyncio.gather``/``create_task`` (none started before it either), not in a loop over
  a traced list, not in an ``if`` merged at its join; no action or error handler
  registered before it (the task runs no action loop);
- no ``return``, ``yield``, ``global``/``nonlocal``, nested function, class or lambda
  (but a lambda given as ``key=`` to ``sorted``/``min``/``max``/``.sort``, called there
  and never kept, without defaults, ``*args``, ``:=`` or a nested lambda),
  ``import``, ``del`` of a name, ``async for``/``async with``, ``try``/``except*``,
  ``locals()``/``vars()``/``eval``/``exec`` (after it either);
- it calls only ``createTask``/``select``/``all`` (awaited steps), ``asyncio.sleep``,
  safe built-ins, functions of ``math``/``statistics``, methods that change nothing (or
  the mutating methods below), exceptions (built-in, or the module's classes without
  state: ``class E(RuntimeError): pass``) only to raise them, and the module's own
  functions and coroutine functions (:class:`Module`: defined once, undecorated) whose
  bodies obey these rules, looked into recursively (:class:`_Check`, at most
  ``_DEPTH`` calls deep; ``return`` allowed there); such a function changes in place
  only objects it made (a display bound to its own local): never a module global nor an
  argument (``xs.append``, ``xs[i] = v``, ``xs *= 2``; ``dt *= 0.5`` of a number written
  out changes nothing), and its defaults are constants; a ``with`` uses only
  ``contextlib.suppress(<exceptions>)``, or in ``main``'s statement ``open(path, <a
  constant mode without append>) as f`` (:func:`_file_item`: such a ``with`` is a spot
  even without an ``await``: a file written or read between steps runs in its task, at
  run time), calling on ``f`` and its csv writer or reader only their write and read
  methods, and the functions of ``csv`` and ``json``; the code after it never reads
  them; the module's functions and exceptions are only called, raised or caught (never
  values);
- it may make objects of the module's own record classes (:func:`_record_fields`: a
  ``@dataclass``/``@dataclasses.dataclass``, options constant and ``eq``/``repr``/``init`` left
  true, deriving from nothing, or an undecorated ``NamedTuple`` subclass, defined once
  at the top level; its body a docstring and annotated fields only, each without a
  default, with a constant one or a dataclass's ``field(default_factory=list|dict|set|
  tuple)``: no method, ``__post_init__``, ``ClassVar``/``InitVar`` or other state of the
  class; what the module binds its name to is checked again, :func:`_record_class`),
  only by calling the class (never as a value: ``isinstance``, ``key=``); read their
  fields, and read such objects main made before it; a method call on one is refused
  as on any value (``p._replace``), and so is any change to one (``p.h = 1``, ``p.ys.
  append``: an object that is neither a list, dict nor set, or bound to a call), but
  to one the statement or a function it calls makes and fills itself
  (:func:`_fresh_record`);
- ``except ... as err`` only prints ``err`` (it may hold anything), and the code after a
  ``try`` does not read ``err`` (Python unbinds it when the except ran);
- an object it changes (``xs.append``, ``d[k] = v``, ``x += 1``) is a local of ``main``
  not shared with any other variable (checked on the values at the statement) nor read
  by a closure made before it (those made after it read what it passes on), or made
  by the statement itself with a display (``row = []``); one holding other lists or
  dicts (or traced values that may be lists) only when it changes that object itself
  (``steps.sort()``, ``d[k] = v``), never one inside it (``d[k].append``); a traced value
  only when made by a display or ``dict``/``list``/``set`` of one, or passed on by an
  earlier segment (decoded afresh), and no other variable may be, hold or view it (an
  item of it, a number or a new container of its items aside; for a segment's value
  any other value of that segment counts); ``x += ...`` on a value that may be a list
  is refused;
- each variable it binds or changes that the code after it reads is bound before it,
  holding plain data or traced values, or surely bound by it (a ``while True:``'s
  leading statements; what a ``try``'s body and each of its handlers, or its finally,
  bind; what both branches of an ``if`` bind), else the statement may leave it unbound:
  refused; only ``main``'s own variables are given back (a module's list changed in
  place is refused, never assigned); it is never bound in it to
  what may be an iterator, a range, a view or a generator (JSON cannot carry one); and
  it does not hold an object of a variable it did not change (``best = groups[0]``,
  later ``groups[0].append``; a call holds its arguments; a dataclass object that is
  not frozen is such an object, and a record holds its fields).

Records passed on: the task writes such an object as its class (module, name, file)
and fields (:func:`motoko_airflow.segments.encode`), and the tasks reading it make it
again by calling the class with them, so equality, field reads, ``repr``, hashing of a
frozen one and a NamedTuple's tuple behaviour are Python's; a segment whose values may
hold records (``Recorder.record_segments``) gives none as a job parameter or mapped
item (:func:`.records.refuse_crossing`); identity (``is``) and hashing while traced stop
the path, as for any traced value.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import functools
import gc
import inspect
import sys
import types
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, TypeGuard

from motoko_airflow import graph as g
from motoko_airflow.segments import region_end
from motoko_airflow.trace import instrument

__all__ = ["SEGMENT", "VALUES", "Wrap", "around", "enter", "hooks", "last_statement",
           "spots"]

SEGMENT, VALUES = "__motoko_segment__", "__motoko_segment_values__"

#: built-ins a segment may call (they change none of their arguments)
_BUILTINS = frozenset({
    "abs", "min", "max", "len", "float", "int", "round", "sum", "sorted", "range",
    "enumerate", "zip", "list", "tuple", "str", "bool", "print", "any", "all", "dict",
    "set", "reversed", "repr", "format", "divmod", "pow", "isinstance"})
#: modules whose functions a segment may call
_MODULES = frozenset({"math", "statistics", "itertools"})
#: the modules the rules name (their functions called as ``math.sqrt(x)``): a name of
#: main's module read by a segment must be that module
_RULED_MODULES = _MODULES | {"os", "json", "csv", "asyncio", "contextlib"}
#: the functions of ``os.path`` it may call (names of files, none written)
_OS_PATH = frozenset({"join", "dirname", "basename", "abspath", "realpath", "splitext",
                      "exists", "isfile", "isdir"})
#: functions a segment may call by the name they are imported as (``from dataclasses
#: import asdict``): checked where it is entered to be that function of that module
_IMPORTED = {"asdict": ("dataclasses", "asdict"), "astuple": ("dataclasses", "astuple"),
             "fmean": ("statistics", "fmean"), "mean": ("statistics", "mean"),
             "median": ("statistics", "median"), "pstdev": ("statistics", "pstdev"),
             "stdev": ("statistics", "stdev"), "sqrt": ("math", "sqrt"),
             "isclose": ("math", "isclose"), "Path": ("pathlib", "Path"),
             "PurePath": ("pathlib", "PurePath")}
#: methods that change nothing
_READING = frozenset({
    "index", "count", "get", "keys", "values", "items", "copy", "startswith", "endswith",
    "upper", "lower", "strip", "split", "join", "format", "is_integer",
    # a path's, which make a new path (``Path(__file__).with_name("out.csv")``)
    "with_name", "with_suffix", "with_stem", "joinpath", "relative_to", "as_posix",
    "is_absolute"})
#: the workflow's steps (and asyncio.sleep)
_STEPS = frozenset({"createTask", "select", "all"})
_REFUSED = (ast.Return, ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal,
            ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Import,
            ast.ImportFrom)
_NAMESPACES = frozenset({"locals", "vars", "eval", "exec", "globals"})
_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_FRESH = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)


#: the statements of main's body that may become segments (a plain statement: only
#: where a path is cut, with steps after it)
_PLAIN = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)
_KINDS = (ast.While, ast.For, ast.Try, ast.With, ast.If, *_PLAIN)
#: built-ins a function may give its argument it changes in place (none keeps it)
_COPYING = frozenset({"len", "sorted", "list", "set", "frozenset", "dict", "tuple", "sum",
                      "any", "all", "print", "str", "repr", "bool", "abs", "round", "float",
                      "int", "format"})

#: built-ins whose value is a number, a str or a bool (on plain data)
_IMMUTABLE_MAKERS = frozenset({"float", "int", "round", "abs", "str", "bool", "len",
                               "format", "repr"})
#: built-ins whose value is an item of their argument or a new container of its items
#: (never the object itself nor a view of it)
_PARTS = frozenset({"max", "min", "sorted", "list", "tuple", "set", "frozenset", "dict",
                    "sum", "len"})
#: calls a lambda may be given to, as their ``key`` (called in the statement only)
_KEYED = frozenset({"sorted", "min", "max", "sort"})
#: calls nested this deep in the workflow's own functions are not looked into
_DEPTH = 4
#: built-in exceptions a segment may raise and catch
_EXCEPTIONS = frozenset(
    name for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException))
#: what an exception bound by ``except ... as err`` may be given to (it is printed)
_SHOWING = frozenset({"print", "str", "repr", "format"})
#: calls whose values are iterators, ranges or views (the later tasks cannot be given
#: them as JSON)
_LAZY_CALLS = frozenset({"range", "zip", "enumerate", "reversed", "iter", "map",
                         "filter"})
_LAZY_METHODS = frozenset({"keys", "values", "items"})
#: the functions of asyncio a segment may call: its task runs them natively, and fails
#: when a task made in it still runs where it ends (motoko_airflow.segments)
_ASYNCIO = frozenset({("asyncio", "sleep"), ("asyncio", "create_task"),
                      ("asyncio", "ensure_future"), ("asyncio", "gather")})
#: context managers a ``with`` may use
_CONTEXTS = frozenset({("contextlib", "suppress")})
#: the functions of ``csv`` and ``json`` a ``with open(...) as f`` statement may call
#: (``csv.writer(f)``, ``json.dump(x, f)``; its task writes or reads the file at run time)
_FILE_FUNCTIONS = frozenset({("json", "dump"), ("json", "dumps"), ("json", "load"),
                             ("json", "loads"), ("csv", "writer"), ("csv", "DictWriter"),
                             ("csv", "reader"), ("csv", "DictReader")})
#: the calls of those modules that make a writer or reader of the file
_FILE_WRAPPERS = frozenset(f for f in _FILE_FUNCTIONS if f[0] == "csv")
#: the methods a file or a csv writer bound in such a statement may be called with
_FILE_METHODS = frozenset({"write", "writelines", "writerow", "writerows", "writeheader",
                           "read", "readline", "readlines"})
#: the keyword arguments ``open`` may be given there (constants)
_OPEN_KEYWORDS = frozenset({"mode", "newline", "encoding", "errors"})


@dataclass(frozen=True)
class Module:
    """The orchestrator's own functions and exception classes a segment may use."""

    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    exceptions: dict[str, ast.ClassDef]
    #: plain record classes (:func:`_record_fields`): name -> their fields' names
    records: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


def _module(tree: ast.Module) -> Module:
    """The functions and plain exception classes defined once at the module's top level
    (not decorated, never declared ``global``, never bound otherwise)."""
    count: dict[str, int] = {}
    for stmt in tree.body:
        names = {stmt.name} if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                 ast.ClassDef)) \
            else instrument._stores(stmt)
        for name in names:
            count[name] = count.get(name, 0) + 1
    declared = {n for node in ast.walk(tree) if isinstance(node, (ast.Global, ast.Nonlocal))
                for n in node.names}
    functions: dict[str, Any] = {}
    exceptions: dict[str, ast.ClassDef] = {}
    records: dict[str, tuple[str, ...]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef) and count.get(stmt.name) == 1 and \
                stmt.name not in declared:
            fields = _record_fields(stmt)
            if fields is not None:
                records[stmt.name] = fields
                continue
        made = _namedtuple_fields(stmt)
        if made is not None and count.get(made[0]) == 1 and made[0] not in declared:
            records[made[0]] = made[1]
            continue
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or \
                count.get(stmt.name) != 1 or stmt.name in declared or stmt.decorator_list:
            continue
        if isinstance(stmt, ast.ClassDef):
            # an exception class without state: a body of pass, ... or a docstring
            if not stmt.keywords and stmt.bases and all(
                    isinstance(b, ast.Name) and (b.id in _EXCEPTIONS or b.id in exceptions)
                    for b in stmt.bases) and all(
                    isinstance(s, ast.Pass) or isinstance(s, ast.Expr) and isinstance(
                        s.value, ast.Constant) for s in stmt.body):
                exceptions[stmt.name] = stmt
        else:
            functions[stmt.name] = stmt
    return Module(functions, exceptions, records)


#: ``@dataclass(...)`` options a record class may be given (``eq=False`` compares by
#: identity, ``repr=False`` shows its address, ``init=False`` makes no ``__init__``:
#: refused)
_DATACLASS_OPTIONS = frozenset({"frozen", "order", "eq", "unsafe_hash", "repr", "slots",
                                "kw_only", "match_args"})
#: the default factories a dataclass field may have (each call makes a new, empty one)
_FACTORIES = frozenset({"list", "dict", "set", "tuple"})


def _record_fields(node: ast.ClassDef) -> tuple[str, ...] | None:
    """The fields of a plain record class (None: not one): ``@dataclass`` (or
    ``@dataclasses.dataclass``, with constant options, ``eq`` and ``repr`` left true)
    deriving from nothing, or a subclass of ``NamedTuple`` undecorated; its body a
    docstring and annotated fields only (no ``ClassVar``/``InitVar``), each with no
    default, a constant one or (a dataclass's) ``field(default_factory=list|dict|set|
    tuple)``, and (a dataclass's) properties computed from the fields alone
    (:func:`.records.pure_property`): no method, ``__post_init__`` or state of the class.
    (What its name is bound to where main runs is checked again: :func:`_record_class`.)"""
    from motoko_airflow.trace import records

    if node.keywords:
        return None
    if node.decorator_list:
        if node.bases or len(node.decorator_list) != 1:
            return None
        decorator = node.decorator_list[0]
        options: list[ast.keyword] = []
        if isinstance(decorator, ast.Call):
            if decorator.args:
                return None
            options = decorator.keywords
            decorator = decorator.func
        if not _named(decorator, "dataclass", "dataclasses") or any(
                o.arg not in _DATACLASS_OPTIONS or not isinstance(o.value, ast.Constant)
                or not isinstance(o.value.value, bool)
                or o.arg in ("eq", "repr") and not o.value.value for o in options):
            return None
        tuple_class = False
    elif len(node.bases) == 1 and _named(node.bases[0], "NamedTuple", "typing"):
        tuple_class = True
    else:
        return None
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    names = []
    declared = {s.target.id for s in body if isinstance(s, ast.AnnAssign)
                and isinstance(s.target, ast.Name)}
    for stmt in body:
        if not tuple_class and records.pure_property(stmt, declared):
            continue  # computed from the fields (checked where main runs: _record_class)
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name) \
                or not stmt.simple or any(
                    isinstance(n, (ast.Name, ast.Attribute)) and (
                        getattr(n, "id", None) or getattr(n, "attr", None)) in (
                        "ClassVar", "InitVar") or isinstance(n, ast.Constant)
                    and isinstance(n.value, str) and (
                        "ClassVar" in n.value or "InitVar" in n.value)
                    for n in ast.walk(stmt.annotation)):
            return None
        value = stmt.value
        if value is not None and not (
                isinstance(value, ast.Constant) and (value.value is None or type(
                    value.value) in (bool, int, float, str))) and (
                tuple_class or not _default_factory(value)):
            return None
        names.append(stmt.target.id)
    return tuple(names)


def _namedtuple_fields(stmt: ast.stmt) -> tuple[str, tuple[str, ...]] | None:
    """``Level = namedtuple("Level", "h u cells")`` (or ``collections.namedtuple``, the
    fields a string of names or a list or tuple of them, no other argument): the class's
    name and its fields. (The class the module binds is checked again where main runs:
    :func:`_record_class`.)"""
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or not isinstance(
            stmt.targets[0], ast.Name) or not isinstance(stmt.value, ast.Call):
        return None
    call = stmt.value
    if not _named(call.func, "namedtuple", "collections") or call.keywords or \
            len(call.args) != 2 or not isinstance(call.args[0], ast.Constant) or \
            call.args[0].value != stmt.targets[0].id:
        return None
    names = call.args[1]
    if isinstance(names, ast.Constant) and isinstance(names.value, str):
        fields = tuple(names.value.replace(",", " ").split())
    elif isinstance(names, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in names.elts):
        fields = tuple(e.value for e in names.elts)  # type: ignore[attr-defined]
    else:
        return None
    if not fields or not all(f.isidentifier() and not f.startswith("_") for f in fields):
        return None
    return stmt.targets[0].id, fields


def _named(node: ast.expr, name: str, module: str) -> bool:
    """``name`` or ``module.name``."""
    return isinstance(node, ast.Name) and node.id == name or isinstance(
        node, ast.Attribute) and node.attr == name and isinstance(node.value, ast.Name) \
        and node.value.id == module


def _default_factory(value: ast.expr) -> bool:
    """``field(default_factory=list)`` (``dict``, ``set``, ``tuple``; ``dataclasses.field``)."""
    return isinstance(value, ast.Call) and _named(value.func, "field", "dataclasses") and \
        not value.args and len(value.keywords) == 1 and \
        value.keywords[0].arg == "default_factory" and isinstance(
            value.keywords[0].value, ast.Name) and value.keywords[0].value.id in _FACTORIES


@dataclass(frozen=True)
class Spot:
    """A statement of main's body that may become a segment."""

    stmt: ast.stmt
    function: ast.AsyncFunctionDef
    stores: tuple[str, ...]  # names it binds or changes, sorted
    read_after: frozenset[str]  # names the statements after it read
    refusal: str | None  # why it cannot be one, whatever the values
    globals_read: frozenset[str] = frozenset()  # module names the functions it calls read
    own: frozenset[str] = frozenset()  # the module's functions and exception classes
    steps_after: bool = True  # the statements after it await something
    # main's names read by its functions, lambdas and generators made before it
    closed_before: frozenset[str] = frozenset()
    #: the module's plain record classes, by name: their fields
    records: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    makes_records: bool = False  # it (or a function it calls) calls one of them
    #: the names it changes in place: its own changes, and the variables it gives the
    #: module's functions that change that parameter (``_Check.passed``)
    mutated: frozenset[str] = frozenset()

    @property
    def kind(self) -> str:
        return {ast.While: "loop", ast.For: "loop", ast.Try: "try", ast.With: "with",
                ast.If: "if", Region: "statements"}.get(type(self.stmt), "statement")


class Region(ast.stmt):
    """Statements of ``main``'s body from one that makes tasks (``asyncio.create_task``)
    to the last that reads what holds them (:func:`motoko_airflow.segments.region_end`),
    as one segment: its task runs them all natively, so the tasks' steps and errors
    happen as in ``main`` whatever their timing."""

    _fields = ("body",)
    body: list[ast.stmt]


def _root(node: ast.AST) -> str | None:
    return instrument._root_name(node)


def _parents(stmts: list[ast.stmt]) -> dict[int, ast.AST]:
    return {id(child): node for s in stmts for node in ast.walk(s)
            for child in ast.iter_child_nodes(node)}


class _Check:
    """The rules on a segment's statement and on the workflow's functions it calls
    (:func:`_refusal`)."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.checked: dict[str, str | None] = {}  # function -> why refused
        self.globals_read: set[str] = set()
        self.lazy_functions: set[str] = set()  # functions that may return iterators
        self.makes_records = False  # it calls a record class of the module
        # the parameters each function changes in place (its own object only: ``p[k] =
        # v``, ``p.append(v)``), a call of it with a bare name changing that name
        self.changes: dict[str, frozenset[str]] = {}
        self.mutated = frozenset[str]()  # what main's statement changes, calls included
        self.changing: set[str] = set()  # of the function being looked into
        self.fixed: set[str] = set()  # its parameters but *args and **kwargs
        self.changers: dict[int, set[str]] = {}  # bare argument -> functions changing it

    def nodes(self, stmts: list[ast.stmt], depth: int, own: set[str] | None,
              params: set[str]) -> str | None:
        """Why ``stmts`` break the rules (``own``: the names local to the function
        being looked into, None for main's statement), or None."""
        from motoko_airflow.trace.blocks import _mutated_roots

        refused = _REFUSED if own is None else tuple(
            r for r in _REFUSED if r is not ast.Return)
        parents = _parents(stmts)
        raised = {id(n.exc) for s in stmts for n in ast.walk(s) if isinstance(n, ast.Raise)
                  and isinstance(n.exc, ast.Call)}
        used = set()  # names in the places a function or exception class may be
        contexts = {id(item.context_expr) for s in stmts for n in ast.walk(s)
                    if isinstance(n, ast.With) for item in n.items}
        files = _file_names(stmts) if own is None else frozenset()
        keys = _key_lambdas(stmts)
        for node in (n for s in stmts for n in ast.walk(s)):
            if isinstance(node, ast.Lambda) and id(node) in keys:
                why = _lambda_refusal(node)
                if why is not None:
                    return why
                continue
            if isinstance(node, refused) or isinstance(node, (ast.TryStar, ast.AsyncWith,
                                                              ast.AsyncFor)):
                return f"it holds {type(node).__name__.lower()} (line {node.lineno})"
            if isinstance(node, ast.Delete) and any(isinstance(t, ast.Name)
                                                    for t in node.targets):
                return f"it deletes a variable (line {node.lineno})"
            if isinstance(node, ast.Call) and id(node) in contexts:
                used |= {id(a) for a in node.args}  # checked with the with below
            elif isinstance(node, ast.Call) and own is None and _file_call(node, files):
                pass
            elif isinstance(node, ast.Call):
                why = self.call(node, depth, id(node) in raised, own)
                if why is not None:
                    return why
                used.add(id(node.func))
            if isinstance(node, ast.ExceptHandler):
                if node.type is not None:
                    used |= {id(node.type)} | {id(e) for e in getattr(node.type, "elts", ())}
                if node.name is not None:
                    why = _shown_only(node, parents)
                    if why is not None:
                        return why
            if isinstance(node, ast.With):
                for item in node.items:
                    call = item.context_expr
                    if own is None and _file_item(item):
                        continue
                    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                            and isinstance(call.func.value, ast.Name) and (
                                call.func.value.id, call.func.attr) in _CONTEXTS) or \
                            item.optional_vars is not None or call.keywords or not all(
                                isinstance(a, ast.Name) and (
                                    a.id in _EXCEPTIONS or a.id in self.module.exceptions)
                                for a in call.args):
                        return ("it uses a context manager other than contextlib."
                                f"suppress(<exception classes>) (line {node.lineno})")
        for node in (n for s in stmts for n in ast.walk(s)):
            if isinstance(node, ast.Name) and node.id in self.module.records and \
                    _field_names(node, parents):
                continue  # ``Row._fields``: the record class's field names, a constant
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and \
                    id(node) not in used and (own is None or node.id not in own) and (
                    node.id in self.module.functions or node.id in self.module.exceptions
                    or node.id in self.module.records):
                return (f"line {node.lineno} uses {node.id} as a value (the workflow's "
                        "functions, record classes and exceptions may only be called, "
                        "raised or caught)")
        passed, why = self.passed(stmts)
        if why is not None:
            return why
        mutated = _mutated_roots(stmts) | passed
        if own is not None:
            # a local of the function (not a parameter) changed only by ``h /= 2``: the
            # segment's inputs and what its calls return are plain data (numbers,
            # lists, dicts, records: _foreign), on which such a statement rebinds the
            # name (a list raises), as on a parameter (below)
            mutated = {name for name in mutated if name in params or name in passed
                       or name not in own or not _numeric_updates(stmts, name)}
        if own is None:
            self.mutated = frozenset(mutated)
        else:
            for name in sorted(mutated):
                if name not in own:
                    return (f"it changes {name}, which is not a variable of its own "
                            f"(line {_line_of(stmts, name)})")
                if name in params and (name in passed or not _numeric_updates(stmts, name)):
                    why = _own_change(stmts, name, self.fixed, self.changers)
                    if why is not None:
                        return why
                    self.changing.add(name)
        # a name changed in place and bound in the statement: only to an object it makes
        for node in (n for s in stmts for n in ast.walk(s)):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {n.id for t in targets for n in ast.walk(t)
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
                for name in sorted(names & mutated):
                    if name not in passed and _fresh_record(name, stmts, self.module.records):
                        continue  # its own record, changed only where nothing else holds
                    if not isinstance(node.value, _FRESH) and not _arithmetic(node.value):
                        return (f"line {node.lineno} binds {name}, which it changes in "
                                "place, to an object it may share with another variable")
                    inner = next((line for line in (_changed_inside(s, name) for s in stmts)
                                  if line is not None), None)
                    if inner is not None and not _made_only(node.value):
                        return (f"line {node.lineno} binds {name}, inside which line "
                                f"{inner} changes an object, to a container holding "
                                "objects it did not make (another variable's)")
            if isinstance(node, ast.For):
                names = instrument._target_names(node.target) & mutated
                if names:
                    return (f"line {node.lineno}: its loop variable {sorted(names)[0]} is "
                            "changed in place (an object of the list it walks)")
            if isinstance(node, ast.NamedExpr) and node.target.id in mutated:
                return (f"line {node.lineno} binds {node.target.id}, which it changes in "
                        "place, with :=")
        return None

    def call(self, call: ast.Call, depth: int, raised: bool,
             own: set[str] | None) -> str | None:
        func = call.func
        if isinstance(func, ast.Name):
            name = func.id
            if own is not None and name in own:
                return (f"it calls {name}() (line {call.lineno}), a variable, which may "
                        "change objects outside it")
            if name in self.module.functions:
                why = self.function(name, depth + 1)
                return None if why is None else \
                    f"it calls {name}() (line {call.lineno}), which {_nested(why)}"
            if name in self.module.records:
                self.makes_records = True  # a new object holding its arguments
                return None
            if name in self.module.exceptions or name in _EXCEPTIONS:
                return None if raised else (
                    f"it makes the exception {name} (line {call.lineno}) other than to "
                    "raise it")
            if name in _BUILTINS or name in _IMPORTED:
                return None
            return (f"it calls {name}() (line {call.lineno}), which may change objects "
                    "outside it")
        return _call_refusal(call)

    def passed(self, stmts: list[ast.stmt]) -> tuple[set[str], str | None]:
        """The names ``stmts`` give bare to a function of the module at a parameter it
        changes in place (as if they changed them), or why one is given otherwise."""
        out: set[str] = set()
        for call in (n for s in stmts for n in ast.walk(s)):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                    and call.func.id in self.module.functions):
                continue
            name = call.func.id
            node = self.module.functions[name]
            args = node.args
            positional = [a.arg for a in [*args.posonlyargs, *args.args]]
            if name in self.changes:
                changed = self.changes[name]
            else:  # being looked into up the stack (a recursive call): any parameter
                changed = frozenset(a.arg for a in [*args.posonlyargs, *args.args,
                                                    *args.kwonlyargs])
            if not changed:
                continue
            if any(isinstance(a, ast.Starred) for a in call.args) or any(
                    k.arg is None for k in call.keywords):
                return out, (f"it unpacks arguments for {name}() (line {call.lineno}), "
                             "which changes one of its arguments in place")
            given = [(positional[i] if i < len(positional) else None, a)
                     for i, a in enumerate(call.args)] + [(k.arg, k.value)
                                                          for k in call.keywords]
            for param, arg in given:
                if param is None or param not in changed:
                    continue
                if isinstance(arg, ast.Name):
                    out.add(arg.id)
                    self.changers.setdefault(id(arg), set()).add(name)
                elif not isinstance(arg, _FRESH) and not self.immutable(arg, stmts):
                    return out, (f"it gives {name}() (line {call.lineno}) an object its "
                                 f"parameter {param} changes in place other than by a "
                                 "variable's name (it may be inside another object)")
        return out, None

    def immutable(self, arg: ast.expr, stmts: list[ast.stmt]) -> bool:
        """Whether ``arg`` surely gives a new number, str or bool, which nothing can
        change in place (``float(row["dt0"])``, ``0.5``): a constant, or a call of a
        built-in making one that neither the module nor ``stmts`` binds again (on the
        plain data a segment sees; ``abs`` of a list raises)."""
        if isinstance(arg, ast.Constant):
            return not isinstance(arg.value, (tuple, frozenset, bytes))
        return isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and \
            arg.func.id in _IMMUTABLE_MAKERS and arg.func.id not in self.module.functions \
            and arg.func.id not in self.module.records and arg.func.id not in \
            self.module.exceptions and not any(
                arg.func.id in instrument._stores(s) for s in stmts)

    def function(self, name: str, depth: int) -> str | None:
        """Why the workflow's function ``name`` breaks the rules, or None."""
        if name in self.checked:
            return self.checked[name]  # (a recursive call: being checked up the stack)
        if depth > _DEPTH:
            return f"calls functions nested deeper than {_DEPTH}"
        self.checked[name] = None
        node = self.module.functions[name]
        args = node.args
        params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                  *(x for x in (args.vararg, args.kwarg) if x)]}
        outer, self.changing = self.changing, set()
        outer_fixed, self.fixed = self.fixed, {
            a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
        why: str | None = None
        if any(d is not None and not isinstance(d, ast.Constant)
               for d in [*args.defaults, *args.kw_defaults]):
            why = "has a default value other than a constant (shared by its calls)"
        own = params | instrument._stores(ast.Module(node.body, [])) | {
            h.name for h in ast.walk(node) if isinstance(h, ast.ExceptHandler) and h.name}
        why = why or self.nodes(node.body, depth, own, params)
        if why is None:
            self.globals_read |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                                  and isinstance(n.ctx, ast.Load) and n.id not in own}
            lazy = set(_lazy_names(node, self))
            if any(_lazy(r.value, lazy, self) for r in ast.walk(node)
                   if isinstance(r, ast.Return)):
                self.lazy_functions.add(name)
        self.checked[name] = why
        self.changes[name] = frozenset(self.changing)
        self.changing, self.fixed = outer, outer_fixed
        return why


def _key_lambdas(stmts: list[ast.stmt]) -> set[int]:
    """The lambdas given as ``key=`` to ``sorted``, ``min``, ``max`` or ``.sort`` (called
    there and then, never kept)."""
    out = set()
    for node in (n for s in stmts for n in ast.walk(s)):
        if isinstance(node, ast.Call) and (
                isinstance(node.func, ast.Name) and node.func.id in _KEYED
                or isinstance(node.func, ast.Attribute) and node.func.attr in _KEYED):
            out |= {id(k.value) for k in node.keywords
                    if k.arg == "key" and isinstance(k.value, ast.Lambda)}
    return out


def _lambda_refusal(node: ast.Lambda) -> str | None:
    """Why a key lambda is not a plain function of its arguments and main's variables:
    defaults, ``:=``, ``*args``, a nested lambda (what it calls obeys the statement's
    rules, looked at with it), or None."""
    args = node.args
    if args.defaults or args.kw_defaults or args.vararg or args.kwarg or \
            args.kwonlyargs or args.posonlyargs or any(
                isinstance(n, (ast.NamedExpr, ast.Lambda, ast.Await, ast.Yield))
                for n in ast.walk(node.body)):
        return f"its key lambda (line {node.lineno}) is not a plain function of one item"
    return None


def _nested(why: str) -> str:
    """A reason about a function, said of it (``it changes x`` -> ``changes x``)."""
    return why[3:] if why.startswith("it ") else why


def _line_of(stmts: list[ast.stmt], name: str) -> int:
    return min((n.lineno for s in stmts for n in ast.walk(s)
                if isinstance(n, ast.Name) and n.id == name), default=stmts[0].lineno)


def _record_call(value: ast.expr | None, records: dict[str, tuple[str, ...]]) \
        -> set[str] | None:
    """The fields ``value`` gives when it is a call of one of the module's record classes
    (``Chain(start=x0)``: {"start"}), or None."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id in records) or any(isinstance(a, ast.Starred)
                                                 for a in value.args) \
            or any(k.arg is None for k in value.keywords):
        return None
    fields = records[value.func.id]
    if len(value.args) > len(fields):
        return None
    return set(fields[:len(value.args)]) | {k.arg for k in value.keywords if k.arg}


def _fresh_record(name: str, stmts: list[ast.stmt],
                  records: dict[str, tuple[str, ...]]) -> bool:
    """Whether ``name`` is only ever bound (``chain = Chain(start=x0)``) to a new object
    of one of the module's record classes and changed only where no other object can be
    reached: its own fields set (``chain.converged = True``), or changed inside
    (``chain.iterates.append(x)``) only for a field neither given to the class nor set
    (so its default: a ``field(default_factory=list)`` made with the object, or a
    constant). Then what the change reaches is the record's own, as with a display."""
    parents = _parents(stmts)
    given: set[str] = set()
    set_fields: set[str] = set()
    inside: set[str] = set()
    for node in (n for s in stmts for n in ast.walk(s)):
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        parent = parents.get(id(node))
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            fields = _record_call(getattr(parent, "value", None), records)
            if not (isinstance(parent, ast.Assign) and parent.targets == [node]) \
                    or fields is None:
                return False
            given |= fields
            continue
        if not isinstance(parent, ast.Attribute) or parent.value is not node:
            if isinstance(parent, ast.Subscript) and parent.value is node and \
                    not isinstance(parent.ctx, ast.Load):
                return False
            continue  # read, or given on (its holders have rules of their own)
        top: ast.AST = parent
        while isinstance(parents.get(id(top)), (ast.Attribute, ast.Subscript)) and \
                getattr(parents[id(top)], "value", None) is top:
            top = parents[id(top)]
        above = parents.get(id(top))
        changed = not isinstance(getattr(top, "ctx", ast.Load()), ast.Load)
        called = isinstance(above, ast.Call) and above.func is top
        given_on = isinstance(above, ast.Call) and top in above.args and not (
            isinstance(above.func, ast.Name) and above.func.id in _COPYING)
        if top is parent:
            if called:
                return False  # a method of the record
            if changed:
                set_fields.add(parent.attr)
                if isinstance(above, ast.AugAssign) and not (
                        _number(above.value) and not isinstance(above.op, ast.Mult)):
                    inside.add(parent.attr)  # `chain.iterates += [x]` extends in place
            elif given_on:
                inside.add(parent.attr)
        elif changed or called or given_on:
            inside.add(parent.attr)
    return bool(given) and not inside & (given | set_fields)


def _made_only(value: ast.expr) -> bool:
    """Whether every object inside the container ``value`` makes is made there too, or
    a number or string (``[[0] * n for _ in xs]``, ``{k: [] for k in ks}``; not
    ``[cache]`` nor ``{k: v for k, v in d.items()}``)."""
    if isinstance(value, ast.Constant) or _arithmetic(value) or isinstance(value,
                                                                          ast.JoinedStr):
        return True
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return all(_made_only(e) for e in value.elts)
    if isinstance(value, ast.Dict):
        return all(k is not None and _made_only(v)
                   for k, v in zip(value.keys, value.values, strict=True))
    if isinstance(value, (ast.ListComp, ast.SetComp)):
        return _made_only(value.elt)
    if isinstance(value, ast.DictComp):
        return _made_only(value.value)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
        return _made_only(value.left) and isinstance(value.left, _FRESH) or \
            _made_only(value.right) and isinstance(value.right, _FRESH)
    return False


def _own_change(stmts: list[ast.stmt], name: str, fixed: set[str],
                changers: dict[int, set[str]]) -> str | None:
    """Why a function's change of its parameter ``name`` does not count as its caller
    changing the variable it gives it: a change of the parameter's object itself
    (``p[k] = v``, ``p.append(v)``, ``p += v``, given bare to a function changing it),
    the parameter never bound again nor used as a value (returned, put in a container,
    bound to another name: another variable would hold the object; ``changers``: the
    functions given each bare name at a parameter they change); or None."""
    where = f"(line {_line_of(stmts, name)})"
    if name not in fixed:
        return f"it changes its argument {name} in place {where}, a tuple or dict it packs"
    for stmt in stmts:
        inner = _changed_inside(stmt, name)
        if inner is not None:
            return (f"it changes its argument {name} in place: line {inner} changes an "
                    "object inside it, an object its caller's variable holds")
    parents = _parents(stmts)
    augmented = {id(n.target) for s in stmts for n in ast.walk(s)
                 if isinstance(n, ast.AugAssign)}
    for node in (n for s in stmts for n in ast.walk(s)):
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        parent = parents.get(id(node))
        if isinstance(node.ctx, ast.Store):
            if id(node) in augmented:
                continue
            return (f"it changes its argument {name} in place {where} and binds it again "
                    f"(line {node.lineno}): which object it changes is known at run time")
        if isinstance(node.ctx, ast.Load) and (
                isinstance(parent, (ast.Subscript, ast.Attribute)) and parent.value is node
                or isinstance(parent, ast.Compare) and node is not parent.left
                or isinstance(parent, ast.Call) and node in parent.args
                and isinstance(parent.func, ast.Name) and (
                    parent.func.id in _COPYING or parent.func.id in changers.get(
                        id(node), ()))
                or isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node):
            continue
        return (f"it changes its argument {name} in place {where} and line {node.lineno} "
                "uses it as a value (another variable may hold it then)")
    return None


def _numeric_updates(stmts: list[ast.stmt], name: str) -> bool:
    """Whether every change of ``name`` in ``stmts`` is ``name op= <number>`` that
    changes no list, dict or set in place (a list would raise: ``xs /= 2.0``)."""
    from motoko_airflow.trace.blocks import _mutated_roots

    for node in (n for s in stmts for n in ast.walk(s)):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            if node.target.id == name and (not _number(node.value) or isinstance(
                    node.op, ast.Mult) and not (isinstance(node.value, ast.Constant)
                                                and type(node.value.value) is float)):
                return False  # `xs *= 2` repeats a list in place
        elif isinstance(node, (ast.Call, ast.Assign, ast.Delete, ast.AugAssign,
                               ast.AnnAssign)) and name in _mutated_roots(
                [node if isinstance(node, ast.stmt) else ast.Expr(node)]):
            return False  # (in a statement's header too: `while xs.pop():`)
    return True


def _number(value: ast.expr) -> bool:
    """A number written out (``0.5``, ``-1``, ``2 ** -3``)."""
    if isinstance(value, ast.Constant):
        return type(value.value) in (int, float)
    if isinstance(value, ast.UnaryOp):
        return _number(value.operand)
    if isinstance(value, ast.BinOp):
        return _number(value.left) and _number(value.right)
    return False


def _shown_only(handler: ast.ExceptHandler, parents: dict[int, ast.AST]) -> str | None:
    """Why the exception ``except ... as err`` binds is used otherwise than printed
    (``print(err)``, ``str(err)``, an f-string), or None."""
    for node in (n for s in handler.body for n in ast.walk(s)):
        if isinstance(node, ast.Name) and node.id == handler.name:
            parent = parents.get(id(node))
            if isinstance(node.ctx, ast.Load) and (
                    isinstance(parent, ast.FormattedValue) or isinstance(parent, ast.Call)
                    and node in parent.args and isinstance(parent.func, ast.Name)
                    and parent.func.id in _SHOWING):
                continue
            return (f"line {node.lineno} uses the exception {handler.name} otherwise than "
                    "to print it")
    return None


def _lazy(value: ast.expr | None, lazy: set[str], check: _Check) -> bool:
    """Whether ``value`` may be or hold an iterator, a range, a view or a generator
    (``lazy``: names that may)."""
    if value is None:
        return False
    if isinstance(value, ast.GeneratorExp):
        return True
    if isinstance(value, ast.Name):
        return value.id in lazy
    if isinstance(value, ast.Await):
        return _lazy(value.value, lazy, check)
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name):
            return func.id in _LAZY_CALLS or func.id in check.lazy_functions
        return isinstance(func, ast.Attribute) and func.attr in _LAZY_METHODS
    if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
        return any(_lazy(e, lazy, check) for e in value.elts)
    if isinstance(value, ast.Dict):
        return any(_lazy(e, lazy, check) for e in [*value.keys, *value.values])
    if isinstance(value, ast.IfExp):
        return _lazy(value.body, lazy, check) or _lazy(value.orelse, lazy, check)
    if isinstance(value, ast.BoolOp):
        return any(_lazy(e, lazy, check) for e in value.values)
    if isinstance(value, (ast.Starred, ast.NamedExpr)):
        return _lazy(value.value, lazy, check)
    return False


def _lazy_names(stmt: ast.AST, check: _Check) -> dict[str, int]:
    """The names ``stmt`` may bind to an iterator, a range, a view or a generator, with
    the line binding one."""
    out: dict[str, int] = {}
    for _ in range(10):
        before = len(out)
        for node in ast.walk(stmt):
            targets: list[ast.AST] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = list(node.targets), node.value
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
                targets, value = [node.target], node.value
            if targets and _lazy(value, set(out), check):
                for t in targets:
                    for n in instrument._target_names(t):
                        out.setdefault(n, getattr(node, "lineno", 0))
        if len(out) == before:
            break
    return out


def _refusal(stmt: ast.stmt, after: list[ast.stmt], module: Module,
             read_after: frozenset[str],
             check: _Check | None = None) -> tuple[str | None, frozenset[str]]:
    """Why ``stmt`` cannot be a segment whatever the values, or None; and the module
    names the workflow's functions it calls read."""
    check = check or _Check(module)
    why = check.nodes([stmt], 0, None, set())
    if why is not None:
        return why, frozenset()
    for node in (n for s in after for n in ast.walk(s)):
        if isinstance(node, ast.Name) and node.id in _NAMESPACES:
            return f"line {node.lineno}, after it, reads main's variables by name", \
                frozenset()
    for name in sorted(_file_names([stmt], once=False) & read_after):
        return (f"the code after it reads {name}, a file or a csv writer or reader of one "
                "(it cannot be passed on as JSON)"), frozenset()
    if isinstance(stmt, ast.Try):
        for handler in stmt.handlers:
            if handler.name is not None and handler.name in read_after:
                return (f"the code after it reads {handler.name}, which its except of "
                        f"line {handler.lineno} unbinds (when it runs)"), frozenset()
    why = _tasks_refusal(stmt, read_after) or _gather_caught(stmt, check)
    if why is not None:
        return why, frozenset()
    for name, line in sorted(_lazy_names(stmt, check).items()):
        if name in read_after:
            return (f"line {line} binds {name}, which the code after it reads, to what "
                    "may be an iterator, a range or a view (it cannot be passed on)"), \
                frozenset()
    return None, frozenset(check.globals_read)


def _keeps_no_task(call: ast.Call) -> bool:
    """``call`` is ``asyncio.gather(...)``, a built-in container made of its arguments
    (``list``, ``tuple``, ``dict``, ``set``), or a method changing a name's container
    (``tasks.append(...)``): what holds a task is then a name the rules below follow."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return (isinstance(func.value, ast.Name) and func.value.id == "asyncio"
                and func.attr == "gather") or (
            isinstance(func.value, ast.Name) and func.attr in instrument.MUTATORS)
    return isinstance(func, ast.Name) and func.id in ("list", "tuple", "dict", "set")


def _tasks_refusal(stmt: ast.stmt, read_after: frozenset[str]) -> str | None:
    """Why the tasks ``stmt`` makes with ``asyncio.create_task`` cannot stay in it: one
    made and dropped (never awaited), a name holding one that the code after it reads
    (a task cannot be passed on; natively it may still be running), one held and never
    awaited nor iterated to be awaited in it. (A task still running where the segment
    ends fails its task at run time: an ``await tasks[0]`` alone, a ``gather`` that
    raised.)"""
    nodes = [n for n in ast.walk(stmt) if not isinstance(n, _SCOPE_NODES)]
    calls = {id(n) for n in nodes if isinstance(n, ast.Call) and isinstance(
        n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
        and n.func.value.id == "asyncio" and n.func.attr in ("create_task", "ensure_future")}
    if not calls:
        return None
    for node in nodes:
        if isinstance(node, ast.Expr) and id(node.value) in calls:
            return (f"line {node.lineno} makes a task with asyncio.{node.value.func.attr} "  # type: ignore[attr-defined]
                    "and keeps no handle of it (it may never be awaited)")
    for node in nodes:  # a task given to a function may be kept where no rule looks
        if isinstance(node, ast.Call) and id(node) not in calls and not _keeps_no_task(node) \
                and any(id(n) in calls for a in [*node.args, *(k.value for k in node.keywords)]
                        for n in ast.walk(a)):
            return (f"line {node.lineno} gives a task made with asyncio.create_task to a "
                    "call that may keep it")
    # names holding tasks: bound to (or iterating) a value holding a task, not awaited
    awaited: set[int] = {id(n) for a in nodes if isinstance(a, ast.Await)
                         for n in ast.walk(a)}
    held: dict[str, int] = {}
    roots: set[str] = set()  # names bound to what holds a task made there
    for _ in range(10):
        before = len(held)
        for node in nodes:
            value: ast.expr | None = None
            targets: list[ast.expr | None] = []
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                value = node.value
                targets = list(node.targets) if isinstance(node, ast.Assign) else [
                    node.target]
            elif isinstance(node, (ast.For, ast.comprehension)):
                value, targets = node.iter, [_item_target(node.iter, node.target)]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in instrument.MUTATORS:
                value, targets = node, [node.func.value]
            if value is None or id(value) in awaited:
                continue
            if any(id(n) in calls or isinstance(n, ast.Name) and n.id in held
                   and isinstance(n.ctx, ast.Load) and id(n) not in awaited
                   for n in ast.walk(value)):
                direct = any(id(n) in calls for n in ast.walk(value))
                for target in targets:
                    if target is None:
                        continue
                    root = instrument._root_name(target)
                    for name in {root} if root else instrument._target_names(target):
                        held.setdefault(name, getattr(node, "lineno", stmt.lineno))
                        if direct:
                            roots.add(name)
        if len(held) == before:
            break
    for name in sorted(held):
        if name in read_after:
            return (f"line {held[name]} binds {name} to what holds a task of "
                    "asyncio.create_task, and the code after it reads it (a task cannot be "
                    "passed on: await it before)")
    used = {n.id for n in nodes if isinstance(n, ast.Name) and id(n) in awaited}
    for _ in range(10):  # iterating a holder into a name awaited uses it
        more = {instrument._root_name(n.iter) for n in nodes
                if isinstance(n, (ast.For, ast.comprehension))
                and instrument._target_names(n.target) & used} - {None} - used
        if not more:
            break
        used |= more  # type: ignore[arg-type]
    for name in sorted(roots - used):
        return (f"line {held[name]} binds {name} to what holds a task of "
                "asyncio.create_task, which it never awaits")
    return _left_running(nodes, set(held))


def _gather_caught(stmt: ast.stmt, check: _Check) -> str | None:
    """Why the routines of an ``asyncio.gather`` in ``stmt`` (or in a function of the
    workflow it calls) may still run where it ends: the gather has no
    ``return_exceptions=True`` and a ``try`` with an ``except`` or a ``with`` (there or
    in one of those functions) may catch its error, after which the routines it runs go
    on beside what follows natively, where the segment's task would have to stop them or
    wait for them. Over-approximated: any such gather with any such ``try``/``with``."""
    bodies: list[ast.AST] = [stmt, *(check.module.functions[name] for name in check.checked
                                     if name in check.module.functions)]
    nodes = [n for body in bodies for n in ast.walk(body)]
    if not any(isinstance(n, ast.Try) and n.handlers or isinstance(n, ast.With)
               for n in nodes):
        return None
    for node in nodes:
        if _raising_gather(node):
            return (f"line {node.lineno}: an error of asyncio.gather may be caught "
                    "there, and the other routines it runs would run on beside what "
                    "follows (give it return_exceptions=True and test its results)")
    return None


def _raising_gather(node: ast.AST) -> TypeGuard[ast.Call]:
    """``node`` is ``asyncio.gather(...)`` without ``return_exceptions=True``."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
        isinstance(node.func.value, ast.Name) and node.func.value.id == "asyncio" and \
        node.func.attr == "gather" and not any(
            k.arg == "return_exceptions" and isinstance(k.value, ast.Constant)
            and k.value.value is True for k in node.keywords)


def _left_running(nodes: list[ast.AST], held: set[str]) -> str | None:
    """Why tasks may still run where the statements end, though each is awaited: an
    ``asyncio.gather`` (without ``return_exceptions=True``) whose error a ``try`` or
    ``suppress`` around it may catch (the other routines run on), a loop over tasks
    left by ``break`` (those after it are not awaited)."""
    guarded: set[int] = set()
    for node in nodes:
        if isinstance(node, ast.Try) and node.handlers or isinstance(node, ast.With):
            body = node.body
            guarded |= {id(n) for s in body for n in ast.walk(s)}
    for node in nodes:
        if _raising_gather(node) and id(node) in guarded:
            return (f"line {node.lineno}: an error of asyncio.gather may be caught there, "
                    "and the other routines it runs would run on beside what follows "
                    "(give it return_exceptions=True)")
        if isinstance(node, ast.For) and instrument._root_name(node.iter) in held and any(
                isinstance(n, ast.Break) for s in node.body for n in ast.walk(s)):
            return (f"line {node.lineno}: a loop over tasks of asyncio.create_task may "
                    "stop early (break): the tasks after it would run on beside what "
                    "follows")
    return None


def _item_target(iterable: ast.expr, target: ast.expr) -> ast.expr | None:
    """The part of a loop's target that takes the items of what ``iterable`` reads (a
    dict's values in ``for k, v in d.items()``, the items in ``enumerate(xs)``; none of a
    dict's keys)."""
    if isinstance(iterable, ast.Call):
        func = iterable.func
        pair = isinstance(target, (ast.Tuple, ast.List)) and len(target.elts) == 2
        if isinstance(func, ast.Attribute) and func.attr == "keys":
            return None
        if isinstance(func, ast.Attribute) and func.attr == "items" or \
                isinstance(func, ast.Name) and func.id == "enumerate":
            return target.elts[1] if pair else target  # type: ignore[attr-defined]
    return target


def _arithmetic(value: ast.expr) -> bool:
    """An expression whose value is a number (never a list)."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, (int, float)) and not isinstance(value.value, bool) \
            or value.value is None
    if isinstance(value, ast.UnaryOp):
        return _arithmetic(value.operand)
    if isinstance(value, ast.BinOp):
        return _arithmetic(value.left) and _arithmetic(value.right) or isinstance(
            value.op, (ast.Sub, ast.Div, ast.FloorDiv, ast.Pow))
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id in ("abs", "float", "int", "round", "len")
    return False


def _field_names(node: ast.Name, parents: dict[int, ast.AST]) -> bool:
    """``Row._fields`` read (never bound) of a record class: a tuple of str, made with the
    class (a dataclass has none: natively as in the segment, AttributeError)."""
    parent = parents.get(id(node))
    return isinstance(parent, ast.Attribute) and parent.value is node and \
        parent.attr == "_fields" and isinstance(parent.ctx, ast.Load)


def _file_item(item: ast.withitem) -> bool:
    """``open(path, "w", newline="") as f``: a file opened with a constant mode and
    constant keywords, bound to a name (its task writes or reads it at run time, where
    ``main`` would)."""
    call = item.context_expr
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "open" and isinstance(item.optional_vars, ast.Name)):
        return False
    if not 1 <= len(call.args) <= 2 or any(isinstance(a, ast.Starred) for a in call.args):
        return False
    mode = call.args[1] if len(call.args) == 2 else next(
        (k.value for k in call.keywords if k.arg == "mode"), ast.Constant("r"))
    return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and \
        set(mode.value) <= set("rwtb") and all(
            k.arg in _OPEN_KEYWORDS and isinstance(k.value, ast.Constant)
            for k in call.keywords)


def _file_vars(node: ast.With) -> set[str]:
    """The names a ``with`` binds to the files it opens (:func:`_file_item`)."""
    return {i.optional_vars.id for i in node.items
            if _file_item(i) and isinstance(i.optional_vars, ast.Name)}


def _opens_file(stmt: ast.stmt) -> bool:
    """A ``with`` of ``main``'s body opening a file (:func:`_file_item`)."""
    return isinstance(stmt, ast.With) and any(_file_item(i) for i in stmt.items)


def _file_names(stmts: list[ast.stmt], once: bool = True) -> frozenset[str]:
    """The names bound to a file a ``with`` in ``stmts`` opens (:func:`_file_item`) or
    to a csv writer or reader of one (``w = csv.writer(f)``); with ``once``, those bound
    nowhere else in them."""
    files = {name for s in stmts for n in ast.walk(s) if isinstance(n, ast.With)
             for name in _file_vars(n)}
    wrappers = {n.targets[0].id for s in stmts for n in ast.walk(s)
                if isinstance(n, ast.Assign) and len(n.targets) == 1
                and isinstance(n.targets[0], ast.Name) and isinstance(n.value, ast.Call)
                and _wrapper(n.value, files)}
    named = files | wrappers
    if not once:
        return frozenset(named)
    stored = [n.id for s in stmts for n in ast.walk(s)
              if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id in named]
    # a name bound twice may hold something else at a call
    return frozenset(name for name in named if stored.count(name) == 1)


def _bound_first(stmt: ast.stmt) -> frozenset[str]:
    """The names a ``with open(...) as f`` statement binds before it reads them (what
    they held before it is never read): ``f``, and a writer bound by a statement of its
    body before any reading of it (``w = csv.writer(f)``)."""
    if not _opens_file(stmt):
        return frozenset()
    assert isinstance(stmt, ast.With)
    names = _file_names([stmt])
    first = _file_vars(stmt) & names
    for body in stmt.body:
        if isinstance(body, ast.Assign) and len(body.targets) == 1 and isinstance(
                body.targets[0], ast.Name) and body.targets[0].id in names:
            name = body.targets[0].id
            at = (body.lineno, body.col_offset)
            if all((n.lineno, n.col_offset) > at for n in ast.walk(stmt)
                   if isinstance(n, ast.Name) and n.id == name
                   and isinstance(n.ctx, ast.Load)):
                first.add(name)
    return frozenset(first)


def _wrapper(call: ast.Call, files: set[str]) -> bool:
    """``csv.writer(f, ...)``/``csv.DictWriter(f, ...)`` of a file name."""
    func = call.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
        func.value.id, func.attr) in _FILE_WRAPPERS and bool(call.args) and isinstance(
        call.args[0], ast.Name) and call.args[0].id in files


def _file_call(call: ast.Call, files: frozenset[str]) -> bool:
    """A call a ``with open(...)`` statement may make on its file: a method of the
    file or of its csv writer (``w.writerow(row)``), ``csv.writer(f)``, or a function of
    ``json`` or ``csv`` (``json.dump(x, f)``). Its arguments are checked as any."""
    func = call.func
    if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
        return False
    if func.value.id in files:
        return func.attr in _FILE_METHODS
    return bool(files) and (func.value.id, func.attr) in _FILE_FUNCTIONS


def _call_refusal(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        if func.id in _BUILTINS:
            return None
        return (f"it calls {func.id}() (line {call.lineno}), which may change objects "
                "outside it")
    if isinstance(func, ast.Attribute):
        if func.attr in _STEPS or func.attr in _READING or func.attr in \
                instrument.MUTATORS:
            return None
        if isinstance(func.value, ast.Name) and (
                func.value.id in _MODULES or (func.value.id, func.attr) in _ASYNCIO):
            return None
        if isinstance(func.value, ast.Attribute) and isinstance(func.value.value, ast.Name) \
                and (func.value.value.id, func.value.attr) == ("os", "path") \
                and func.attr in _OS_PATH:
            return None  # (``os`` is checked to be the module where it is entered)
        if isinstance(func.value, ast.Attribute) and isinstance(func.value.value, ast.Name) \
                and (func.value.value.id, func.value.attr, func.attr) == (
                    "itertools", "chain", "from_iterable"):
            return None  # (checked as os above)
        return (f"it calls .{func.attr}() (line {call.lineno}), which may change objects "
                "outside it")
    return f"it calls a computed function (line {call.lineno})"


@functools.lru_cache(maxsize=64)
def _spots(path: str, version: Any) -> dict[tuple[int, int], Spot]:
    tree = instrument._tree(path, version) if version is not None else None
    found: dict[tuple[int, int], Spot] = {}
    if tree is None:
        return found
    from motoko_airflow.trace.blocks import _mutated_roots

    module = _module(tree)
    for function in tree.body:
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        inside = -1  # the last statement of the region of tasks being walked
        for i, first in enumerate(function.body):
            if i <= inside:
                continue  # (the region's statements run in its segment only)
            stmt: ast.stmt = first
            last = region_end(function.body, i)
            if last > i:
                inside = last
                stmt = Region(body=function.body[i:last + 1],  # type: ignore[call-arg]
                              lineno=first.lineno,
                              col_offset=first.col_offset,
                              end_lineno=function.body[last].end_lineno,
                              end_col_offset=function.body[last].end_col_offset)
            elif not isinstance(stmt, _KINDS) or not isinstance(stmt, _PLAIN) and not any(
                    isinstance(n, ast.Await) for n in instrument._walk(
                        stmt, into_scopes=False)) and not _opens_file(stmt):
                continue
            after = function.body[last + 1:]
            declared = {n for node in instrument._walk(function, into_scopes=False)
                        if isinstance(node, (ast.Global, ast.Nonlocal)) for n in node.names}
            read = _read(after)
            check = _Check(module)
            why, globals_read = _refusal(stmt, after, module, read, check)
            mutated = _mutated_roots([stmt]) | check.mutated
            stores = instrument._stores(stmt) | mutated | {
                h.name for h in ast.walk(stmt) if isinstance(h, ast.ExceptHandler)
                and h.name}
            bound = sorted(declared & stores)
            # only the function's own variables are given back (a module's list changed
            # in place, ``RESULTS.append(...)``, assigned there would become a local of
            # it, unbound everywhere in it; such a change is refused when it is entered)
            args = function.args
            local = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                     *(x for x in (args.vararg, args.kwarg) if x)]} | \
                instrument._stores(ast.Module(function.body, []))
            stores = stores & (local | declared)
            found[(stmt.lineno, stmt.col_offset)] = Spot(
                stmt, function, tuple(sorted(stores)), read,
                f"it binds {bound[0]}, which main declares global" if bound else why,
                globals_read, frozenset(module.functions) | frozenset(module.exceptions),
                any(isinstance(n, ast.Await) for s in after for n in ast.walk(s)),
                instrument.closed_names(function.body[:i]), module.records, check.makes_records,
                frozenset(mutated))
    return found


def _read(stmts: list[ast.stmt]) -> frozenset[str]:
    """The names ``stmts`` read, but a comprehension's own variables read in it (``{x:
    f.y for x, f in done.items()}`` reads ``done`` only) and a lambda's parameters read
    in its body (``key=lambda lv: lv.cells`` reads no ``lv`` of main)."""
    own: set[int] = set()
    for stmt in stmts:  # ``with open(...) as f`` binds f before its body reads it
        first = _bound_first(stmt)
        own |= {id(n) for n in ast.walk(stmt) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Load) and n.id in first}
    for c in (n for s in stmts for n in ast.walk(s)):
        if isinstance(c, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            bound = {t for gen in c.generators for t in instrument._target_names(gen.target)}
            outer = {id(n) for n in ast.walk(c.generators[0].iter)}
            own |= {id(n) for n in ast.walk(c) if isinstance(n, ast.Name)
                    and n.id in bound and id(n) not in outer}
        elif isinstance(c, ast.Lambda):  # its parameters (its defaults are read outside)
            args = c.args
            bound = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                     *(x for x in (args.vararg, args.kwarg) if x)]}
            own |= {id(n) for n in ast.walk(c.body) if isinstance(n, ast.Name)
                    and n.id in bound}
    return frozenset(n.id for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name)
                     and isinstance(n.ctx, ast.Load) and id(n) not in own)


def spots(path: str) -> dict[tuple[int, int], Spot]:
    """The statements of ``path`` that may become segments, by (line, col)."""
    return _spots(path, instrument.file_version(path))


class Wrap(ast.NodeTransformer):
    """Each statement of :func:`spots` as ``if __motoko_segment__(line, col): names =
    __motoko_segment_values__() else: <while>``."""

    def __init__(self, found: dict[tuple[int, int], Spot]) -> None:
        self.found = found

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:  # noqa: N802
        i = -1
        while i + 1 < len(node.body):
            i += 1
            stmt = node.body[i]
            spot = self.found.get((getattr(stmt, "lineno", -1),
                                   getattr(stmt, "col_offset", -1)))
            if spot is None or _marker(stmt) or not isinstance(stmt, _KINDS) and not (
                    isinstance(spot.stmt, Region)):
                continue
            if isinstance(spot.stmt, Region):  # its statements, as instrumented
                end = spot.stmt.end_lineno or spot.stmt.lineno
                count = 1
                while i + count < len(node.body) and \
                        getattr(node.body[i + count], "lineno", end + 1) <= end:
                    count += 1
                group = node.body[i:i + count]
                del node.body[i + 1:i + count]
            else:
                group = [stmt]
            then: ast.stmt = ast.Pass()
            if spot.stores:
                target = ast.Tuple([ast.Name(n, ast.Store()) for n in spot.stores],
                                   ast.Store())
                then = ast.Assign([target], instrument._call(VALUES))
            test = instrument._call(SEGMENT, ast.Constant(stmt.lineno),
                                    ast.Constant(stmt.col_offset))
            wrapped = ast.If(test, [then], group)
            for new in ast.walk(then):
                ast.copy_location(new, stmt)
            ast.copy_location(test, stmt)
            for new in ast.walk(test):
                ast.copy_location(new, stmt)
            ast.copy_location(wrapped, stmt)
            node.body[i] = wrapped
        return node


def _marker(stmt: ast.stmt) -> bool:
    """A statement the instrumentation adds (``__motoko_enter__(line)``, located at the
    function's first statement), not the workflow's."""
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(
        stmt.value.func, ast.Name) and stmt.value.func.id.startswith("__motoko")


class SegmentRefused(Exception):
    """Why a marked statement is not made a segment."""


def _main_frame(rec: Any, frame: types.FrameType) -> bool:
    """Whether ``frame`` runs ``main`` itself (called by the tracer, not by the
    workflow's code)."""
    if frame.f_code.co_name != rec.config.orchestrator_function or \
            frame.f_code.co_filename != rec.file:
        return False
    outer = frame.f_back
    while outer is not None:
        if outer.f_code.co_filename in rec.instrumented:
            return False
        outer = outer.f_back
    return True


def _immutable(rec: Any, value: Any) -> bool:
    from motoko_airflow.trace.values import Symbol, may_be_list

    if isinstance(value, Symbol):
        return not may_be_list(rec, value._expr)
    return value is None or type(value) in (int, float, bool, str, tuple, complex)


def _fresh_symbol(value: Any) -> bool:
    """A traced value main made with a display or ``dict``/``list``/``set`` of one
    (``by_seed = {job.seed: run.y for run, job in runs}``): no object of another value
    of the trace's."""
    from motoko_airflow.trace.values import Symbol

    expr = getattr(value, "_expr", None) if isinstance(value, Symbol) else None
    if isinstance(expr, (g.ListExpr, g.DictExpr)) or _segment_of(expr) is not None:
        return True
    # sorted(...) makes a new list, keys or not (xs.sort() of a fan-in is bound again
    # to it: sequences.helpers' sort); dict/list/set(...) a new object of their own
    if isinstance(expr, g.Call):
        made, args = expr.function == "sorted", expr.args
    elif isinstance(expr, g.Invoke) and expr.callee.module == "builtins":
        made, args = expr.callee.qualname == "sorted" or (
            expr.callee.qualname in ("dict", "list", "set") and not expr.keywords), expr.args
    else:
        return False
    return made and all(isinstance(a, (g.ListExpr, g.DictExpr, g.Collect)) for a in args)


def _changed_inside(stmt: ast.stmt, name: str) -> int | None:
    """The line of a change the statement makes to an object inside ``name``'s, not to
    ``name``'s own (``by_seed[k].append(v)``, ``f(by_seed)[0] = v``), or None."""
    from motoko_airflow.trace.blocks import _mutated_roots

    def picked(value: ast.AST) -> bool:  # a name, or one a conditional picks
        return isinstance(value, ast.Name) or isinstance(value, ast.IfExp) and \
            picked(value.body) and picked(value.orelse)

    def direct(target: ast.AST) -> bool:
        return isinstance(target, ast.Name) or isinstance(target, ast.Subscript) and \
            picked(target.value)

    for node in ast.walk(stmt):
        part = node if isinstance(node, ast.stmt) else ast.Expr(node) \
            if isinstance(node, ast.Call) else None
        if part is None or name not in _mutated_roots([part]):
            continue
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == name or any(
                        isinstance(a, ast.Name) and a.id == name for a in node.args[:1]):
                continue
        elif isinstance(node, (ast.Assign, ast.Delete, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) \
                else [node.target]
            if all(direct(t) for t in targets if name in _mutated_roots(
                    [ast.Assign([t], ast.Constant(0))])):
                continue
        else:
            continue  # (the calls and assignments in it are looked at)
        return getattr(node, "lineno", stmt.lineno)
    return None


def _segment_of(expr: Any) -> str | None:
    """The segment node whose variable ``expr`` is (decoded afresh from its task's
    result), or None."""
    if isinstance(expr, g.Invoke) and expr.callee.module == "motoko_airflow.segments" \
            and expr.callee.qualname == "value" and expr.args and \
            isinstance(expr.args[0], g.Runs):
        return expr.args[0].node
    return None


def _symbol_holder(rec: Any, name: str, value: Any, values: dict[str, Any],
                   module: dict[str, Any]) -> str | None:
    """Another variable (a local or a global of the module) whose value may be, hold or
    be a view of the traced value ``value`` of ``name`` (its expression is, or holds
    other than through a call giving a number, ``value``'s), or None."""
    from motoko_airflow.trace.blocks import _IMMUTABLE_RESULT
    from motoko_airflow.trace.values import Symbol, may_be_list

    target = value._expr
    # main's variables a segment passed on are each decoded afresh: natively two of them
    # may be one object, so any other of that segment's counts as holding it
    segment = _segment_of(target)

    def holds(expr: g.Expr) -> bool:
        todo, seen = [expr], set()
        while todo:
            e = todo.pop()
            if id(e) in seen:
                continue
            seen.add(id(e))
            if e == target or segment is not None and isinstance(e, g.Runs) and \
                    e.node == segment:
                return True
            if isinstance(e, g.Invoke) and (
                    e.callee.module in ("builtins", "math", "statistics")
                    and e.callee.qualname in _IMMUTABLE_RESULT
                    or e.callee.module == "builtins" and e.callee.qualname in _PARTS) or \
                    isinstance(e, g.Call) and e.function in _PARTS | _IMMUTABLE_RESULT \
                    or isinstance(e, (g.Index, g.Attr)):
                continue  # a number of it, an item of it or a new list of its items
            todo.extend(g.subexpressions(e))
        return False

    def inside(other: Any, depth: int = 0) -> bool:
        if other is value:
            return True
        if isinstance(other, Symbol):
            return may_be_list(rec, other._expr) and holds(other._expr)
        if depth > 4:
            return isinstance(other, (list, dict, set, tuple, frozenset))
        if isinstance(other, dict):
            items = [*dict.keys(other), *dict.values(other)]
        elif isinstance(other, (list, tuple, set, frozenset)):
            items = list(list.__iter__(other)) if isinstance(other, list) else list(other)
        elif (parts := record_parts(other)) is not None:
            items = parts
        else:
            return False
        return any(inside(v, depth + 1) for v in items[:1000])

    for other, v in [*values.items(), *module.items()]:
        if other != name and not other.startswith("__") and inside(v):
            return other
    return None


def _list_symbols(rec: Any, value: Any, depth: int = 0) -> bool:
    """Whether ``value`` holds a traced value that may be a list (``params["xs"]``): an
    object another variable may hold too (``kept = params["xs"]``)."""
    from motoko_airflow.trace.values import Symbol, may_be_list

    if isinstance(value, Symbol):
        return depth > 0 and may_be_list(rec, value._expr)
    if depth > 4:
        return False
    if isinstance(value, dict):
        items = [*dict.keys(value), *dict.values(value)]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(list.__iter__(value)) if isinstance(value, list) else list(value)
    elif (parts := record_parts(value)) is not None:
        items = parts
    else:
        return False
    return any(_list_symbols(rec, v, depth + 1) for v in items[:1000])


def _shape(rec: Any, value: Any, new: bool = True, depth: int = 0) -> Any:
    """``value`` with each traced value that may be a list as a list and each other as a
    number (the input checks then refuse with symbolic params what they refuse with their
    values: ``kept = params["xs"]``), for an ``if`` or a plain statement (``new``); the
    other kinds keep the symbols as they are."""
    from motoko_airflow.trace.values import Symbol, may_be_list

    if isinstance(value, Symbol):
        return [] if rec is None or may_be_list(rec, value._expr) else 0.0
    if not new:
        return value
    if depth > 4:
        return value
    if type(value) is dict:
        return {k: _shape(rec, v, new, depth + 1) for k, v in value.items()}
    if type(value) is list:
        return [_shape(rec, v, new, depth + 1) for v in list.__iter__(value)][:1000] or value
    if type(value) is tuple:
        return tuple(_shape(rec, v, new, depth + 1) for v in value)
    parts = record_parts(value)
    if parts is not None:  # a record: a tuple of its fields, a list when it may change
        shaped = [_shape(rec, v, new, depth + 1) for v in parts]
        return tuple(shaped) if _unchangeable(value) else shaped
    return value


def _salted(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is or holds a set of strings or bytes (Python salts their hashes
    per process: iterated, they come in another order in each task)."""
    if isinstance(value, (set, frozenset)):
        return any(isinstance(v, (str, bytes)) or _salted(v, depth + 1) for v in value)
    if depth > 4:
        return False
    if isinstance(value, dict):
        items = [*dict.keys(value), *dict.values(value)]
    elif isinstance(value, (list, tuple)):
        items = list(list.__iter__(value)) if isinstance(value, list) else list(value)
    elif (parts := record_parts(value)) is not None:
        items = parts
    else:
        return False
    return any(_salted(v, depth + 1) for v in items[:1000])


def _objects(value: Any, depth: int = 0) -> list[int]:
    """The ids of the containers in ``value`` (itself included)."""
    parts = record_parts(value)
    if depth > 4 or parts is None and not isinstance(value, (list, dict, set, tuple)):
        return []
    out = [id(value)]
    items = (parts if parts is not None
             else list(dict.values(value)) + list(dict.keys(value)) if isinstance(value, dict)
             else list(list.__iter__(value)) if isinstance(value, list) else list(value))
    for item in items[:1000]:
        out += _objects(item, depth + 1)
    return out


def _item_augmented(stmt: ast.stmt, name: str) -> bool:
    """Whether ``name[...] op= value`` is in ``stmt``."""
    return any(isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Subscript)
               and isinstance(n.target.value, ast.Name) and n.target.value.id == name
               for n in ast.walk(stmt))


def _mutable_items(rec: Any, value: Any) -> bool:
    """Whether an item of the list or dict ``value`` is, or may be at run time, a list,
    dict, set or record (``+=`` on it changes it in place)."""
    from motoko_airflow.trace.values import Symbol, may_be_list

    items = list(dict.values(value)) if isinstance(value, dict) else list(
        list.__iter__(value)) if isinstance(value, list) else []
    return any(isinstance(v, (list, dict, set, bytearray)) or record_parts(v) is not None
               or isinstance(v, Symbol) and may_be_list(rec, v._expr) for v in items)


def _viewed_by(holder: Any, value: Any, depth: int = 0) -> bool:
    """``holder`` is, or holds, an object other than a list, dict, set, tuple or record
    that refers to ``value`` itself (a view ``d.keys()``, an iterator, a bound method
    ``xs.append``), or reaches it through what that object refers to (a closure's cell,
    a default, a ``functools.partial``'s arguments, a namespace's attributes): it sees a
    change in place of ``value``. A function's module namespace is not looked into (a
    module's variables are checked by name)."""
    parts = record_parts(holder)
    if depth > 4:
        return False
    if parts is None and not isinstance(holder, (list, dict, set, tuple)):
        if holder is value or isinstance(holder, (types.ModuleType, type, types.CodeType)):
            return False
        if _among(value, gc.get_referents(holder)):
            return True
        return any(item is value or _viewed_by(item, value, depth + 1)
                   for item in _kept_by(holder))
    items = (parts if parts is not None
             else list(dict.values(holder)) + list(dict.keys(holder))
             if isinstance(holder, dict)
             else list(list.__iter__(holder)) if isinstance(holder, list) else list(holder))
    return any(item is value or _viewed_by(item, value, depth + 1) for item in items[:1000])


def _kept_by(holder: Any) -> list[Any]:
    """What a function keeps for later (its closure's cells' contents, its defaults), a
    ``functools.partial`` its arguments, a cell its content, a namespace or a plain
    object of the workflow's its attributes; nothing for other objects."""
    if isinstance(holder, types.FunctionType):
        cells = [c.cell_contents for c in holder.__closure__ or ()
                 if c.cell_contents is not None] if all(
            _filled(c) for c in holder.__closure__ or ()) else []
        return [*cells, *(holder.__defaults__ or ()),
                *(holder.__kwdefaults__ or {}).values()]
    if isinstance(holder, functools.partial):
        return [holder.func, *holder.args, *holder.keywords.values()]
    if isinstance(holder, types.CellType):
        return [holder.cell_contents] if _filled(holder) else []
    if isinstance(holder, types.SimpleNamespace) or (
            type(holder).__module__ not in ("builtins", "types") and not type(
                holder).__module__.startswith("motoko_airflow")
            and isinstance(getattr(holder, "__dict__", None), dict)
            and not isinstance(holder, (types.ModuleType, type))):
        return list(vars(holder).values())
    return []


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


def _among(value: Any, objects: list[Any]) -> bool:
    for found in objects:
        if found is value:
            return True
    return False


def record_parts(value: Any) -> list[Any] | None:
    """The fields' values of a dataclass object or a namedtuple (None: neither)."""
    cls = type(value)
    if isinstance(value, tuple):
        if cls is tuple or not isinstance(getattr(cls, "_fields", None), tuple):
            return None
        return list(tuple.__iter__(value))
    if isinstance(value, type) or not dataclasses.is_dataclass(cls):
        return None
    try:
        return [object.__getattribute__(value, f.name) for f in dataclasses.fields(value)]
    except AttributeError:  # a field deleted or never set
        return None


def _unchangeable(value: Any) -> bool:
    """A namedtuple or a frozen dataclass object (its fields stay the objects they are)."""
    return isinstance(value, tuple) or bool(
        getattr(getattr(type(value), "__dataclass_params__", None), "frozen", False))


#: what a plain dataclass's ``__dict__`` holds besides its fields (dataclasses makes
#: its methods: their code is dataclasses', or made from a string)
_DATACLASS_OWN = frozenset({
    "__module__", "__annotations__", "__dict__", "__weakref__", "__doc__",
    "__dataclass_params__", "__dataclass_fields__", "__match_args__", "__slots__",
    "__qualname__", "__firstlineno__", "__static_attributes__", "__hash__", "__init__",
    "__repr__", "__eq__", "__lt__", "__le__", "__gt__", "__ge__", "__setattr__",
    "__delattr__", "__getstate__", "__setstate__", "__replace__"})


def _record_class(spot: Spot, name: str, cls: Any, namespace: dict[str, Any]) -> str | None:
    """Why ``cls``, what main's module binds the record class ``name`` of its source to
    (:func:`_record_fields`), is not that plain class, or None."""
    from motoko_airflow.trace import records

    fields = spot.records[name]
    # (a namedtuple's module is where namedtuple() was called from: the tracer's while
    # traced; its structure, checked below, is the whole of what it does)
    if not isinstance(cls, type) or type(cls) is not type or cls.__name__ != name or \
            cls.__qualname__ != name or cls.__module__ != namespace.get("__name__") and \
            not issubclass(cls, tuple):
        return f"{name} is not the class its source defines"
    if issubclass(cls, tuple):
        why = records._namedtuple_reason(cls)
        if why is None and cls._fields != fields:  # type: ignore[attr-defined]
            why = "has other fields than its source declares"
        return None if why is None else f"the class {name} {why}"
    if not dataclasses.is_dataclass(cls) or cls.__bases__ != (object,) or any(
            namespace.get(n, default) is not default for n, default in (
                ("dataclass", dataclasses.dataclass), ("dataclasses", dataclasses),
                ("field", dataclasses.field))):
        return f"the class {name} is not made by dataclasses.dataclass"
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    found = dataclasses.fields(cls)
    # (while tracing, the module's list, dict... may be the tracer's stand-ins)
    factories = {dataclasses.MISSING, *(getattr(builtins, n) for n in _FACTORIES),
                 *(namespace.get(n) for n in _FACTORIES)}
    if tuple(f.name for f in found) != fields or not (params.eq and params.init
                                                     and params.repr) or any(
            not f.init or f.default_factory not in factories for f in found):
        return f"the class {name} has other fields than its source declares"
    for attr, value in vars(cls).items():
        code = getattr(value, "__code__", None)
        if attr in fields and code is None:
            continue  # a default (or a slot)
        if type(value) is property:  # one of its source's (_record_fields)
            why = records.property_reason(cls, attr, namespace)
            if why is not None:
                return f"the class {name} {why}"
            continue
        if attr not in _DATACLASS_OWN or code is not None and code.co_filename not in (
                "<string>", dataclasses.__file__):
            return f"the class {name} has an attribute {attr} of its own"
    return None


def _foreign_reason(name: str, value: Any, classes: frozenset[type],
                    refused: dict[str, str]) -> str | None:
    """Why a segment cannot read the variable ``name`` holding ``value`` (:func:`_foreign`),
    saying why a record class of the module's is none of its plain ones."""
    foreign = _foreign(value, 0, classes)
    if foreign is None:
        return None
    why = f", but {refused[foreign]}" if foreign in refused else ""
    return (f"it reads {name}, which holds a {foreign}{why} (its methods may change what "
            "the code after it reads)")


def _traced_global(value: Any) -> bool:
    from motoko_airflow.trace.values import Symbol

    return isinstance(value, Symbol)


def _foreign(value: Any, depth: int = 0, classes: frozenset[type] = frozenset()) -> str | None:
    """The type of what in ``value`` is not plain data, a traced value or the tracing
    workflow (an object of the user's, whose methods may change anything; an iterator,
    which the loop would use up natively and not in the trace), or None. A record of
    one of ``classes`` (the module's plain record classes) is plain data too, when its
    fields are."""
    from collections.abc import Iterator

    from motoko_airflow.trace import calls
    from motoko_airflow.trace.sequences import TracedGen
    from motoko_airflow.trace.values import Symbol
    from motoko_airflow.trace.workflow import CreateCall, Selection, TaskManager, TracingWorkflow

    if isinstance(value, (calls.OneShot, TracedGen, Iterator)):
        return type(value).__name__
    if isinstance(value, (Symbol, TracingWorkflow, TaskManager, CreateCall, Selection)):
        return None
    if value is None or type(value) in (int, float, bool, str, bytes, complex) or \
            isinstance(value, (types.ModuleType, types.BuiltinFunctionType)):
        return None
    if depth > 4:
        return type(value).__name__
    from motoko_airflow.segments import dict_kind
    from motoko_airflow.trace.loops import RunPair

    # the types motoko_airflow.segments.encode passes on: a namedtuple or a defaultdict
    # of another factory would fail the segment task, or come back as another type
    items: list[Any]
    if type(value) is dict or dict_kind(value) is not None:
        items = [*dict.keys(value), *dict.values(value)]
    elif isinstance(value, list):
        items = list(list.__iter__(value))
    elif type(value) in (tuple, RunPair, set, frozenset):
        items = list(value)
    elif type(value) in classes:
        items = record_parts(value) or []
    else:
        return type(value).__name__
    return next((f for f in (_foreign(v, depth + 1, classes) for v in items[:1000]) if f),
                None)


def enter(rec: Any, line: int, col: int, frame: types.FrameType) -> tuple[Any, ...]:
    """The values the compiled form of the statement at ``line``/``col`` binds, the
    statement made a segment (:class:`SegmentRefused` when it cannot be)."""
    from motoko_airflow.trace.blocks import _shared_input, grouping_lookup, held_beyond
    from motoko_airflow.trace.calls import Result
    from motoko_airflow.trace.values import Symbol, segment_made

    file = frame.f_code.co_filename
    spot = spots(file).get((line, col))
    if spot is None:
        raise SegmentRefused("its source changed while it was traced")
    if spot.refusal is not None:
        raise SegmentRefused(spot.refusal)
    if not _main_frame(rec, frame):
        raise SegmentRefused("it runs in a function main calls, not in main itself")
    if rec.gathering or rec.spawned:
        raise SegmentRefused("routines of asyncio.gather or create_task run beside it")
    if any(lp.open for lp in rec.open_loops):
        raise SegmentRefused("it is inside a loop over a traced list")
    if rec.guards:
        raise SegmentRefused("it is inside an if merged at its join")
    if rec.error_handler is not None or rec.finished_at is not None or any(
            isinstance(r.node, g.ActionNode) for r in rec.recorded):
        raise SegmentRefused("an action or error handler is registered before it (its "
                             "task runs no action loop)")
    code = frame.f_code
    local_names = set(code.co_varnames) | set(code.co_cellvars)
    # read through a closure made before it (called after it, it would see the trace's
    # value, not the task's: "read after" does not see it); those made after it read
    # the names passed on, and those in it run in its task
    closed = (set(code.co_cellvars) | set(code.co_freevars)) & spot.closed_before
    values = frame.f_locals
    mutated = spot.mutated
    lookup = grouping_lookup([spot.stmt], dict(values))
    if lookup is not None:
        raise SegmentRefused(lookup)
    shadowed = sorted((spot.own | set(spot.records)) & local_names & {
        n.id for n in ast.walk(spot.stmt) if isinstance(n, ast.Name)})
    if shadowed:  # the rules looked into the module's, main would use its own
        raise SegmentRefused(f"it uses {shadowed[0]}, a variable of main named as a "
                             "function, record class or exception of the module")
    called = {n.func.id for n in ast.walk(spot.stmt) if isinstance(n, ast.Call)
              and isinstance(n.func, ast.Name)} | spot.globals_read
    rebound = sorted(n for n in called & _BUILTINS if n in values or (
        n in frame.f_globals and not _builtin_here(n, frame.f_globals[n])
        and not _own_definition(spot, n, frame.f_globals[n])))
    if rebound:  # the rules know what the built-in does, not what main binds there
        raise SegmentRefused(f"it calls {rebound[0]}(), which main or its module binds "
                             "to something else than the built-in")
    held = sorted(set(spot.stores) & closed)
    if held:  # read through a closure made before it, which "read after" does not see
        raise SegmentRefused(f"it binds {held[0]}, which a function of main reads")
    read = sorted(({n.id for n in ast.walk(spot.stmt) if isinstance(n, ast.Name)
                    and isinstance(n.ctx, ast.Load)} | spot.globals_read) - _BUILTINS
                  - _bound_first(spot.stmt))
    classes, refused = _classes(spot, frame.f_globals)
    for name in read:
        if name in values:
            given = values[name]
        elif name in frame.f_globals and not name.startswith("__motoko"):
            given = frame.f_globals[name]
            if name in spot.records:
                if name in refused:  # it calls it (a record class is only called)
                    raise SegmentRefused(f"it makes {name} objects, but {refused[name]}")
                continue
            if _own_definition(spot, name, given):
                continue  # a function or exception class of the module, checked
            if name in _RULED_MODULES and given is not sys.modules.get(name):
                # the rules let it call functions of that module by this name
                raise SegmentRefused(f"it uses {name}, which is not the module {name} here")
            if name in _IMPORTED:
                module, attr = _IMPORTED[name]
                if given is not getattr(sys.modules.get(module), attr, None):
                    raise SegmentRefused(f"it calls {name}(), which is not {module}.{attr} "
                                         "here")
                continue
            if _traced_global(given):
                # a block's value (blocks._changed_globals): the segment's task would
                # import the module afresh and read the list it starts with
                raise SegmentRefused(f"it reads {name}, a variable of the module holding "
                                     "a value known only at run time")
        else:
            continue
        if isinstance(given, PurePath):
            continue  # a path never changes (its methods that write are not called)
        foreign = _foreign_reason(name, given, classes, refused)
        if foreign is not None:
            raise SegmentRefused(foreign)
        if _salted(given):  # each task would see its own order, main its own
            raise SegmentRefused(f"it reads {name}, a set holding strings, whose order "
                                 "differs from process to process")
        if rec.tuple_params and isinstance(given, dict) and set(given) & rec.tuple_params:
            raise SegmentRefused(f"it reads {name}, whose tuple defaults a DAG run gives "
                                 "as lists")
    for name in sorted(mutated):
        if name in closed:
            raise SegmentRefused(f"it changes {name}, which a function of main reads")
        if name not in local_names:
            raise SegmentRefused(f"it changes {name}, which is not a variable of main")
        if name not in values:
            continue  # made by the statement (a display, checked by the spot)
        value = values[name]
        if _immutable(rec, value):
            continue
        if _fresh_symbol(value):
            inner = _changed_inside(spot.stmt, name)
            if inner is not None:
                raise SegmentRefused(f"line {inner} changes an object inside {name} (it "
                                     "may be another variable's)")
            holder = _symbol_holder(rec, name, value, values, frame.f_globals)
            made = segment_made(rec, value._expr) if holder is not None else None
            if made is not None and holder in values and _segment_of(
                    values[holder]._expr if isinstance(values[holder], Symbol) else None
            ) == _segment_of(value._expr):
                raise SegmentRefused(
                    f"it changes {name} in place, and {holder}, also passed on by the "
                    f"statements of lines {made[1]} (a segment), may be or hold the same "
                    "object natively (the tracer does not know what a segment's values "
                    "are)")
            if holder is not None:
                raise SegmentRefused(f"it changes {name} in place, whose object {holder} "
                                     "may hold too")
            if held_beyond(value, frame):
                raise SegmentRefused(f"it changes {name} in place, which an object other "
                                     "than main's variables holds too (natively that "
                                     "object would see the change)")
            continue
        if not isinstance(value, (list, dict, set)):
            raise SegmentRefused(f"it changes {name} in place, a "
                                 f"{type(value).__name__} main may hold elsewhere")
        shared = [other for other, v in values.items()
                  if other != name and id(value) in _objects(v)]
        shared += [other for other, v in frame.f_globals.items() if v is value or (
            isinstance(v, (list, dict, set, tuple)) and _viewed_by(v, value))]
        # a view (``keys = seen.keys()``), an iterator or a bound method of it
        shared += [other for other, v in values.items()
                   if other != name and _viewed_by(v, value)]
        if shared:
            raise SegmentRefused(f"it changes {name} in place, whose object "
                                 f"{shared[0]} holds too")
        if id(value) in rec.shared_lists:
            # given to a call made at run time (zip(names, ys), ChainMap(...)): what it
            # returned, compiled, would not see the change
            raise SegmentRefused(f"it changes {name} in place, which a call made at run "
                                 "time was given (what it returned may hold it)")
        if _item_augmented(spot.stmt, name) and _mutable_items(rec, value):
            # ``acc[0] += [x]`` extends the list acc[0] is: another variable's, maybe
            raise SegmentRefused(f"it changes {name} in place, which holds lists or dicts "
                                 f"that `{name}[...] += ...` changes in place")
        if (len(_objects(value)) > 1 or _list_symbols(rec, value)) and \
                _changed_inside(spot.stmt, name) is not None:
            raise SegmentRefused(f"it changes {name} in place, which holds other lists "
                                 "or dicts (they may be shared)")
        if held_beyond(value, frame):
            raise SegmentRefused(f"it changes {name} in place, which an object other "
                                 "than main's variables holds too (natively that object "
                                 "would see the change)")
    names = tuple(n for n in spot.stores if n in spot.read_after)
    for name in names:
        if name not in values and name not in _surely_bound(spot.stmt):
            again = _rebound(spot, name)
            if again is not None:
                # the other names of the statement refused so at that line, all at once
                alike = [n for n in names if n not in values and n not in _surely_bound(
                    spot.stmt) and _rebound(spot, n) == again]
                listed = " and ".join(alike)
                one = len(alike) == 1
                raise SegmentRefused(
                    f"line {again} binds {listed} again before reading "
                    f"{'it' if one else 'them'}, but the tracer takes every later "
                    f"{listed} for the one{'' if one else 's'} the {spot.kind} binds, "
                    f"which it may leave unbound (with no item): give "
                    f"{listed} {'another name' if one else 'other names'} at line "
                    f"{again}")
            raise SegmentRefused(f"line {_first_read(spot, name)} reads {name}, which the "
                                 f"{spot.kind} may leave unbound")
        foreign = _foreign(values[name], 0, classes) if name in values else None
        if foreign is not None:  # it may keep it: the later tasks would be given it
            raise SegmentRefused(f"the code after it reads {name}, which holds a "
                                 f"{foreign} (it cannot be passed on as JSON)")
    inputs = {n: values[n] for n in values if n in local_names}
    shared_input = _shared_input([spot.stmt], {
        n: _shape(rec, v, isinstance(spot.stmt, (ast.If, *_PLAIN)))
        for n, v in inputs.items() if n not in mutated}, kept=frozenset(names) | mutated)
    if shared_input is not None:
        raise SegmentRefused(shared_input)
    name = Path(file).name
    what = f"the {spot.kind} of lines {line}-{spot.stmt.end_lineno} runs" if not \
        isinstance(spot.stmt, Region) else (
        f"lines {line}-{spot.stmt.end_lineno} (tasks of asyncio.create_task and the "
        "statements up to the last reading them) run")
    reason = (f"{name}:{line}: {what} natively as one task (a segment); the steps after "
              "it are compiled: "
              f"{rec.segment_sites[(file, line, col)]}")
    node = g.SegmentNode(rec.new_id("segment"), reason, line, col, names, lineno=line)
    earlier = tuple(r.node.id for r in rec.recorded)
    rec.add_node(node, set(), after=earlier)
    if spot.makes_records or any(_holds_record(values[n]) for n in read if n in values):
        # its values may be (or hold) records: made at run time in each task reading
        # them, never a job parameter or a mapped item (records.may_hold)
        rec.record_segments.add(node.id)
        rec.made_records = True
    rec.awaited(node.id)
    function = g.Function("motoko_airflow.segments", "value")
    out = []
    for stored in spot.stores:
        if stored in names:
            out.append(Result(rec, g.Invoke(function, (g.Runs(node.id),
                                                       g.Const(stored))), ()))
        else:  # never read after it
            out.append(values.get(stored))
    return tuple(out)


def _classes(spot: Spot, namespace: dict[str, Any]) -> tuple[frozenset[type], dict[str, str]]:
    """The module's plain record classes, as ``namespace`` binds them; and why each
    other name its source declares as one is not."""
    found, refused = set(), {}
    for name in spot.records:
        if name not in namespace:
            continue
        why = _record_class(spot, name, namespace[name], namespace)
        if why is None:
            found.add(namespace[name])
        else:
            refused[name] = why
    return frozenset(found), refused


def _holds_record(value: Any, depth: int = 0) -> bool:
    """A record (namedtuple or dataclass object), or a container holding one."""
    if record_parts(value) is not None:
        return True
    if depth > 4:
        return False
    if isinstance(value, dict):
        items = [*dict.keys(value), *dict.values(value)]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(list.__iter__(value)) if isinstance(value, list) else list(value)
    else:
        return False
    return any(_holds_record(v, depth + 1) for v in items[:1000])


def _builtin_here(name: str, value: Any) -> bool:
    """Whether the module's ``name`` is the built-in, or the tracer's stand-in for it
    while main is traced (:mod:`.functions`: ``float``, ``range``...)."""
    import builtins

    from motoko_airflow.trace.functions import _Shim

    module = getattr(value, "__module__", None)
    return value is getattr(builtins, name, None) or isinstance(value, _Shim) or (
        isinstance(module, str) and module.startswith("motoko_airflow.trace"))


def _own_definition(spot: Spot, name: str, value: Any) -> bool:
    """Whether ``value`` is the module's function or exception class ``name``, which
    the spot's rules looked into."""
    if inspect.isfunction(value) or inspect.isclass(value):
        return value.__name__ == name and name in spot.own
    return False


def _surely_bound(stmt: ast.stmt) -> set[str]:
    """Names the statement surely binds when it ends without an error: for a ``while
    True:``, those its body's first statements bind before any that may leave it; for a
    ``try``, those both its body (and else) and each of its handlers bind, or its
    finally."""
    if isinstance(stmt, ast.Try):
        out = _completed(stmt.body + stmt.orelse)
        for handler in stmt.handlers:
            out &= _completed(handler.body)
        return out | _completed(stmt.finalbody)
    if isinstance(stmt, ast.If):
        return _completed(stmt.body) & _completed(stmt.orelse)
    if isinstance(stmt, Region):
        return _completed(stmt.body)
    if isinstance(stmt, _PLAIN):
        return _completed([stmt])
    if isinstance(stmt, ast.With) and all(_file_item(i) for i in stmt.items):
        # a file's exit never swallows an error: the body ran to its end
        return _file_vars(stmt) | _completed(stmt.body)
    if not isinstance(stmt, ast.While) or not (
            isinstance(stmt.test, ast.Constant) and stmt.test.value) or stmt.orelse:
        return set()
    out = set()
    for s in stmt.body:
        if not isinstance(s, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)) or any(
                isinstance(n, (ast.Break, ast.Continue)) for n in ast.walk(s)):
            break
        out |= instrument._stores(s)
    return out


def _completed(stmts: list[ast.stmt]) -> set[str]:
    """Names statements of main's body (no ``break``, ``continue`` or ``return``
    leaving them) surely bind when they end without an error."""
    out: set[str] = set()
    for s in stmts:
        if isinstance(s, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            out |= {n for t in targets for n in _plain_targets(t)}
        elif isinstance(s, ast.If):
            out |= _completed(s.body) & _completed(s.orelse)
        elif isinstance(s, ast.Try):
            out |= _surely_bound(s)
    return out


def _plain_targets(target: ast.AST) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return {n for t in target.elts for n in _plain_targets(t)}
    if isinstance(target, ast.Starred):
        return _plain_targets(target.value)
    return set()


def _rebound(spot: Spot, name: str) -> int | None:
    """The line of the first statement after ``spot`` binding ``name`` again, when no
    statement after it reads ``name`` before it is bound again (every later use reads a
    value of its own, not the one ``spot`` left), else None."""
    end = spot.stmt.end_lineno or spot.stmt.lineno
    after = [s for s in spot.function.body if s.lineno > end]
    if instrument._read_before_assigned(after, {name}, set()) is not None:
        return None
    return min((n.lineno for s in after for n in instrument._walk(s, into_scopes=False)
                if isinstance(n, ast.Name) and n.id == name
                and isinstance(n.ctx, ast.Store)), default=None)


def _first_read(spot: Spot, name: str) -> int:
    end = spot.stmt.end_lineno or spot.stmt.lineno
    return min((n.lineno for s in spot.function.body for n in ast.walk(s)
                if isinstance(n, ast.Name) and n.id == name and n.lineno > end
                and isinstance(n.ctx, ast.Load)), default=end)


# ---------------------------------------------------------------- while tracing


def hooks(rec: Any) -> dict[str, Any]:
    """The names :class:`Wrap` makes the workflow's code call, for recorder ``rec``."""
    from motoko_airflow.trace import state

    made: list[tuple[Any, ...]] = []

    def segment(line: int, col: int) -> bool:
        frame = sys._getframe(1)
        site = (frame.f_code.co_filename, line, col)
        sites: dict[Any, str] = rec.segment_sites
        if site not in sites or state.active() is not rec:
            return False
        try:
            made.append(enter(rec, line, col, frame))
        except SegmentRefused as why:
            exc = state.Untraceable(
                f"{sites[site]}; it does not run as a segment either: {why}",
                filename=site[0], lineno=line, loop=True)
            exc.segment_failed = site
            exc.segment_refused = str(why)
            raise exc from None
        finally:
            del frame
        return True

    def values() -> tuple[Any, ...]:
        return made.pop()

    return {SEGMENT: segment, VALUES: values}


def around(rec: Any) -> tuple[tuple[str, int, int] | None, str | None]:
    """The segment spot ``main``'s own frame is inside, if any, and why it cannot be
    one when that is known already (then the spot is not given: the paths need not be
    run again to find it refused)."""
    frame: types.FrameType | None = sys._getframe(2)
    try:
        found = None
        while frame is not None:
            code = frame.f_code
            if code.co_flags & inspect.CO_COROUTINE and code.co_filename == rec.file \
                    and code.co_name == rec.config.orchestrator_function:
                found = frame
            frame = frame.f_back
        if found is None or not _main_frame(rec, found):
            return None, None
        for (line, col), spot in spots(rec.file).items():
            if spot.function.name == found.f_code.co_name and \
                    line <= found.f_lineno <= (spot.stmt.end_lineno or line):
                if isinstance(spot.stmt, _PLAIN) and not spot.steps_after:
                    return None, None  # never one (FallbackNode.statement says so)
                why = spot.refusal or _inputs_refusal(spot, found)
                return (None, why) if why else ((rec.file, line, col), None)
        return None, None
    finally:
        del frame, found


def last_statement(rec: Any) -> tuple[int, int] | None:
    """The first and last lines of the statement of ``main``'s own body its frame is in,
    when no statement after it awaits or calls anything but a safe built-in (so nothing
    after it makes runs: a path cut in it leaves a task that runs the rest of that
    statement only, in effect a segment of it), or None."""
    if rec.error_handler is not None or rec.finished_at is not None or any(
            isinstance(r.node, g.ActionNode) for r in rec.recorded):
        return None  # (the task runs main's actions too, which may make runs)
    frame: types.FrameType | None = sys._getframe(1)
    found = None
    try:
        while frame is not None:
            code = frame.f_code
            if code.co_flags & inspect.CO_COROUTINE and code.co_filename == rec.file \
                    and code.co_name == rec.config.orchestrator_function:
                found = frame
            frame = frame.f_back
        if found is None or not _main_frame(rec, found):
            return None
        return _last_statement(rec.file, instrument.file_version(rec.file),
                               found.f_code.co_name, found.f_lineno)
    finally:
        del frame, found


@functools.lru_cache(maxsize=256)
def _last_statement(path: str, version: Any, function: str,
                    line: int) -> tuple[int, int] | None:
    tree = instrument._tree(path, version) if version is not None else None
    if tree is None:
        return None
    for node in tree.body:
        if not isinstance(node, ast.AsyncFunctionDef) or node.name != function:
            continue
        for i, stmt in enumerate(node.body):
            end = stmt.end_lineno or stmt.lineno
            if not stmt.lineno <= line <= end:
                continue
            for later in (n for s in node.body[i + 1:] for n in ast.walk(s)):
                if isinstance(later, (ast.Await, ast.AsyncFor, ast.AsyncWith)) or \
                        isinstance(later, ast.Call) and not (
                            isinstance(later.func, ast.Name) and later.func.id in _BUILTINS):
                    return None
            return stmt.lineno, end
    return None


def _inputs_refusal(spot: Spot, frame: types.FrameType) -> str | None:
    """Why the loop cannot be a segment, from the variables it reads and does not bind
    (the same inside it as before it), or None."""
    from motoko_airflow.trace.blocks import _shared_input

    values = frame.f_locals
    stored = set(spot.stores)
    read = {n.id for n in ast.walk(spot.stmt) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)} - _BUILTINS - stored
    classes, refused = _classes(spot, frame.f_globals)
    for name in sorted(read):
        if name in values:
            foreign = _foreign_reason(name, values[name], classes, refused)
            if foreign is not None:
                return foreign
    mutated = spot.mutated
    local_names = set(frame.f_code.co_varnames) | set(frame.f_code.co_cellvars)
    from motoko_airflow.trace.state import active

    rec = active()
    return _shared_input([spot.stmt], {n: _shape(rec, v, isinstance(spot.stmt, (ast.If, *_PLAIN)))
                                        for n, v in values.items()
                                        if n in local_names and n not in mutated
                                        and n not in stored},
                         kept=frozenset(stored & spot.read_after) | mutated)
