"""Records: ``main``'s own plain record classes given to run-time calls.

A study keeps its results in records of its own: ``Result = namedtuple("Result", "h u
err")``, a ``typing.NamedTuple``, a ``@dataclass`` declaring fields only. While ``main`` is
traced such a record is the real object holding traced values: reading a field gives the
field's traced value, Python answers for everything else (and stand-ins refuse what
they must). When a record is given to a call made at run time (``sorted(levels,
key=lambda r: r.err)``, ``zip(results, results[1:])``), it becomes the run-time call of
its class on its fields' values (:class:`~motoko_airflow.graph.Invoke` of the class named
by module and qualified name, :func:`expr`): the task evaluating that expression holds
the same kind of object ``main`` holds, and the call sees what ``main``'s call sees.

What is shown before a class is used so (:func:`plain_class`); anything else keeps the
trace stopping where it did:

- the class is defined at the top level of a module of the workflow, found again by its
  name there, by ``collections.namedtuple``/``typing.NamedTuple`` (every attribute of
  its body one that ``namedtuple`` makes itself: no method, property or ``__repr__`` of
  its own) or by ``@dataclass`` (or ``@dataclass(frozen=..., order=..., eq=...)``) on a
  body of field declarations (a constant default at most: no ``field()``, ``ClassVar``,
  method or ``__post_init__``) and properties computed from the fields alone
  (:func:`pure_property`), deriving from nothing;
- a dataclass that is not frozen is changed by no statement of the workflow's code (no
  assignment or ``del`` of an attribute named as one of its fields, no ``setattr``,
  ``vars()``, ``__dict__``, ``__setattr__``): an object made again at run time would not
  follow a change ``main`` makes to its own after the call;
- a field's value is a traced value or a constant (number, string, bool, None): not a
  list or dict ``main`` may change after the call, no record, no tuple (which the graph
  holds as a list);
- a record lives at run time inside the task evaluating the expression: a value that
  may hold one (:func:`may_hold`) is refused as a job parameter and in any other node
  (:func:`refuse_crossing`); the items of a mapped step cross tasks as JSON, a record
  as its class's name and its fields' values (``execution.to_json``/``view``), when
  every field comes back the same (numbers, strings, lists and dicts of them).
"""

from __future__ import annotations

import ast
import builtins
import collections
import contextlib
import dataclasses
import math
import sys
import weakref
from collections.abc import Collection, Iterator
from typing import Any

from motoko_airflow import graph as g

__all__ = ["allowing", "expr", "is_record", "may_hold", "plain_class", "refuse_crossing"]

#: how many run-time calls are converting their arguments (records are given only there)
_ALLOWED = [0]
#: class -> (the workflow's files -> its name or why it is no plain record class); a
#: class of a module imported again (each trace) is let go with it
_CLASSES: weakref.WeakKeyDictionary[type, dict[frozenset[str], g.Function | str]] = \
    weakref.WeakKeyDictionary()
#: the graph's names of the plain record classes met (their calls make records)
_NAMES: set[tuple[str, str, str | None]] = set()
_NAMEDTUPLE_OWN = frozenset({"__module__", "__doc__", "__slots__", "_fields",
                             "_field_defaults", "__new__", "_make", "_replace", "__repr__",
                             "_asdict", "__getnewargs__", "__match_args__", "__qualname__",
                             "__annotations__", "__orig_bases__", "__firstlineno__",
                             "__static_attributes__"})
_DATACLASS_OPTIONS = frozenset({"frozen", "order", "eq"})
_CHANGING_NAMES = frozenset({"setattr", "delattr", "vars", "__dict__", "__setattr__",
                             "__delattr__"})


@contextlib.contextmanager
def allowing() -> Iterator[None]:
    """While a run-time call converts its arguments: records become calls of their class."""
    _ALLOWED[0] += 1
    try:
        yield
    finally:
        _ALLOWED[0] -= 1


def allowed() -> bool:
    return _ALLOWED[0] > 0


def _record_type(value: Any) -> bool:
    cls = type(value)
    if isinstance(value, tuple):
        return cls is not tuple and isinstance(getattr(cls, "_fields", None), tuple)
    return dataclasses.is_dataclass(cls) and not isinstance(value, type)


def holds_record(value: Any) -> bool:
    """A namedtuple or dataclass object, or a list, tuple or dict holding one."""
    if _record_type(value):
        return True
    if isinstance(value, list):
        return any(holds_record(v) for v in list.__iter__(value))
    if isinstance(value, tuple):
        return any(holds_record(v) for v in tuple.__iter__(value))
    if isinstance(value, dict):
        return any(holds_record(v) for v in value.values())
    return False


def is_record(value: Any) -> bool:
    """A record (namedtuple or dataclass instance) of a plain class of the workflow, while
    a run-time call converts its arguments."""
    if not allowed() or not _record_type(value):
        return False
    from motoko_airflow.trace import state

    rec = state.active()
    return rec is not None and isinstance(plain_class(rec, type(value)), g.Function)


def fields(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, tuple):
        names: tuple[str, ...] = getattr(type(value), "_fields", ())
        return list(zip(names, tuple.__iter__(value), strict=True))
    return [(f.name, object.__getattribute__(value, f.name))
            for f in dataclasses.fields(value)]


def plain_class(rec: Any, cls: type) -> g.Function | str:
    """The graph's name of ``cls`` when it is a plain record class of the workflow (see the
    module docstring), else why not."""
    per_class = _CLASSES.setdefault(cls, {})
    key = frozenset(rec.instrumented)
    found = per_class.get(key)
    if found is None:
        found = per_class[key] = _plain_class(rec, cls)
        if isinstance(found, g.Function):
            _NAMES.add((found.module, found.qualname, found.file))
    return found


def _plain_class(rec: Any, cls: type) -> g.Function | str:
    what = f"the class {cls.__qualname__}"
    # the module of the workflow holding it by its name (a namedtuple made through the
    # tracer's wrappers names another module as its own)
    holders = list({id(m): m for m in list(sys.modules.values())
                    if (getattr(m, "__file__", None) or "") in rec.instrumented
                    and getattr(m, "__dict__", {}).get(cls.__qualname__) is cls}.values())
    if "." in cls.__qualname__ or len(holders) != 1:
        return f"{what} is not found again by its name in one module of the workflow"
    module = holders[0]
    file = module.__file__ or ""
    if type(cls) is not type:
        return f"{what} has a metaclass of its own"
    if issubclass(cls, tuple):
        reason = _namedtuple_reason(cls)
    else:
        reason = _dataclass_reason(rec, cls, module)
    if reason is not None:
        return f"{what} {reason}"
    name = module.__name__
    if name == rec.module_name:
        name = rec.config.orchestrator_module
    return g.Function(name, cls.__qualname__, file)


def _namedtuple_reason(cls: type) -> str | None:
    if cls.__bases__ != (tuple,):
        return "derives from another class than tuple"
    names = getattr(cls, "_fields", None)
    if not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
        return "is not a namedtuple"
    reference = collections.namedtuple(cls.__name__, names)  # type: ignore[misc]
    for attr, value in cls.__dict__.items():
        if attr in names:
            if type(value) is not type(reference.__dict__[attr]):
                return f"has an attribute {attr} of its own"
            continue
        if attr not in _NAMEDTUPLE_OWN:
            return f"has an attribute {attr} of its own (a method, a property...)"
        mine = getattr(value, "__code__", None)
        theirs = getattr(reference.__dict__.get(attr), "__code__", None)
        if mine is not None and (theirs is None or mine.co_code != theirs.co_code
                                 or mine.co_names != theirs.co_names):
            return f"has a {attr} of its own"
    defaults = getattr(cls, "_field_defaults", {})
    if any(not _constant(v) for v in defaults.values()):
        return "has field defaults that are not constants"
    return None


def _constant(value: Any) -> bool:
    return value is None or type(value) in (bool, int, float, str)


#: the built-in functions a record's property may call on its fields (``math``'s too)
_PROPERTY_CALLS = frozenset({"abs", "min", "max", "round", "len", "float", "int", "bool",
                             "str", "sum"})
#: the other nodes a property's expression may have
_PROPERTY_NODES = (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp,
                   ast.Constant, ast.Load, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)


def pure_property(node: ast.stmt, fields: Collection[str]) -> bool:
    """Whether ``node`` is a property a plain record class may have: ``@property def
    name(self): return <expression>`` (a docstring at most besides), the expression made
    of the object's fields (``self.u``), constants, operators, tests and calls of
    :data:`_PROPERTY_CALLS` and ``math``'s functions. Computed from the fields only, it
    changes nothing, and an object made again by the class (in a task) answers the same.
    (What the module binds those names to is checked apart: :func:`property_reason`.)"""
    if not isinstance(node, ast.FunctionDef) or len(node.decorator_list) != 1 or not (
            isinstance(node.decorator_list[0], ast.Name)
            and node.decorator_list[0].id == "property"):
        return False
    args = node.args
    if args.posonlyargs or args.vararg or args.kwonlyargs or args.kwarg or args.defaults \
            or len(args.args) != 1:
        return False
    me = args.args[0].arg
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return False
    expression = body[0].value
    bases = {id(n.value) for n in ast.walk(expression) if isinstance(n, ast.Attribute)}
    for sub in ast.walk(expression):
        if isinstance(sub, ast.Attribute):
            if not isinstance(sub.value, ast.Name) or sub.value.id not in (me, "math") or \
                    sub.value.id == me and sub.attr not in fields:
                return False
        elif isinstance(sub, ast.Name):
            if sub.id in (me, "math") and id(sub) not in bases or sub.id not in (
                    me, "math") and sub.id not in _PROPERTY_CALLS:
                return False  # ``self`` or ``math`` whole, another global
        elif isinstance(sub, ast.Call):
            if sub.keywords or any(isinstance(a, ast.Starred) for a in sub.args) or not (
                    isinstance(sub.func, ast.Name) and sub.func.id in _PROPERTY_CALLS
                    or isinstance(sub.func, ast.Attribute)
                    and isinstance(sub.func.value, ast.Name) and sub.func.value.id == "math"):
                return False
        elif not isinstance(sub, _PROPERTY_NODES):
            return False
    return True


def property_reason(cls: type, attr: str, namespace: dict[str, Any]) -> str | None:
    """Why the attribute ``attr`` of ``cls`` is not the property its source defines
    (:func:`pure_property`), with the names it uses bound to Python's own, or None."""
    value = vars(cls).get(attr)
    getter = getattr(value, "fget", None)
    code = getattr(getter, "__code__", None)
    if type(value) is not property or value.fset is not None or value.fdel is not None \
            or code is None or code.co_filename != namespace.get("__file__") or \
            getattr(getter, "__qualname__", None) != f"{cls.__qualname__}.{attr}" or \
            namespace.get("property", builtins.property) is not builtins.property:
        return f"has an attribute {attr} that is not the property its source defines"
    for name in code.co_names:
        if name in _PROPERTY_CALLS and namespace.get(name, getattr(builtins, name)) is not \
                getattr(builtins, name) or name == "math" and namespace.get(name) is not math:
            return f"has a property {attr} calling {name}, which is not Python's {name} here"
    return None


def _dataclass_reason(rec: Any, cls: type, module: Any) -> str | None:
    if not dataclasses.is_dataclass(cls):
        return "is neither a namedtuple nor a dataclass"
    if cls.__bases__ != (object,):
        return "derives from another class"
    from motoko_airflow.trace import instrument

    file = module.__file__
    version = instrument.file_version(file)
    tree = instrument._tree(file, version) if version is not None else None
    if tree is None:
        return "has a source that cannot be read"
    nodes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__]
    if len(nodes) != 1:
        return "is defined more than once (or not by a class statement)"
    node = nodes[0]
    if node.bases or node.keywords or len(node.decorator_list) != 1:
        return "has bases, keywords or decorators other than @dataclass"
    decorator = node.decorator_list[0]
    options: list[ast.keyword] = []
    if isinstance(decorator, ast.Call):
        if decorator.args:
            return "is given positional arguments by @dataclass"
        options = decorator.keywords
        decorator = decorator.func
    if not (isinstance(decorator, ast.Name) and decorator.id == "dataclass" or isinstance(
            decorator, ast.Attribute) and decorator.attr == "dataclass" and isinstance(
            decorator.value, ast.Name) and decorator.value.id == "dataclasses"):
        return "is decorated by something other than @dataclass"
    for option in options:
        if option.arg not in _DATACLASS_OPTIONS or not isinstance(
                option.value, ast.Constant) or not isinstance(option.value.value, bool):
            return f"is given @dataclass({option.arg}=...)"
    # the decorator found by its name is dataclasses' own
    namespace = module.__dict__
    if isinstance(decorator, ast.Name) and namespace.get("dataclass") is not \
            dataclasses.dataclass or isinstance(decorator, ast.Attribute) and \
            namespace.get("dataclasses") is not dataclasses:
        return "is decorated by a dataclass that is not dataclasses.dataclass"
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    names = set()
    declared_fields = {s.target.id for s in body if isinstance(s, ast.AnnAssign)
                       and isinstance(s.target, ast.Name)}
    properties = []
    for statement in body:
        if pure_property(statement, declared_fields):
            properties.append(statement.name)  # type: ignore[attr-defined]
            continue
        if not isinstance(statement, ast.AnnAssign) or not isinstance(
                statement.target, ast.Name) or not statement.simple:
            return ("has a statement other than a field declaration or a property of its "
                    "fields (a method, a property calling more...)")
        if statement.value is not None and not (isinstance(
                statement.value, ast.Constant) and _constant(statement.value.value)):
            return f"gives its field {statement.target.id} a default other than a constant"
        if "ClassVar" in ast.dump(statement.annotation) or "InitVar" in ast.dump(
                statement.annotation):
            return f"declares {statement.target.id} as a ClassVar or InitVar"
        names.add(statement.target.id)
    declared = {f.name for f in dataclasses.fields(cls)}
    if names != declared:
        return "has fields other than those its body declares"
    for name in properties:
        why = property_reason(cls, name, namespace)
        if why is not None:
            return why
    if not cls.__dataclass_params__.eq:  # type: ignore[attr-defined]
        # compared by identity: an object made again at run time is another object
        return "is compared by identity (eq=False)"
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    if not frozen:
        changed = _changed(rec, names)
        if changed is not None:
            return f"is not frozen and {changed}"
    return None


def _changed(rec: Any, names: set[str]) -> str | None:
    """How the workflow's code may change an attribute named as one of ``names``."""
    from motoko_airflow.trace import instrument

    for file in sorted(rec.instrumented):
        version = instrument.file_version(file)
        tree = instrument._tree(file, version) if version is not None else None
        if tree is None:
            return f"the source of {file} cannot be read"
        for n in ast.walk(tree):
            if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Load) and \
                    n.attr in names:
                return f"line {n.lineno} of {file} changes an attribute {n.attr}"
            used = n.id if isinstance(n, ast.Name) else n.attr if isinstance(
                n, ast.Attribute) else None
            if used in _CHANGING_NAMES:
                return f"line {getattr(n, 'lineno', 0)} of {file} uses {used}"
    return None


def expr(rec: Any, value: Any, loops: list[Any] | None) -> g.Expr:
    """A record given to a run-time call: the call of its class on its fields' values."""
    from motoko_airflow.trace import tuples
    from motoko_airflow.trace.values import to_expr

    name = plain_class(rec, type(value))
    assert isinstance(name, g.Function)
    rec.made_records = True  # refuse_crossing looks at this trace's values from now on
    args = []
    _ALLOWED[0], outer = 0, _ALLOWED[0]  # a field holds no record
    try:
        for field, item in fields(value):
            if not _field_value(item):
                raise rec.untraceable(
                    f"the field {field} of a {type(value).__name__} given to a run-time call "
                    f"holds a {type(item).__name__}, which main may change after the call "
                    "(the record made at run time holds a copy): only known at run time")
            e = to_expr(rec, item, loops)
            if may_hold(rec, e):  # its field read later would be a record (`.inner`)
                raise rec.untraceable(
                    f"the field {field} of a {type(value).__name__} given to a run-time "
                    f"call may hold a record ({e}): only known at run time")
            tuples.refuse_if(rec, e, f"the field {field} of a {type(value).__name__} "
                             "given to a run-time call")
            args.append(e)
    finally:
        _ALLOWED[0] = outer
    return g.Invoke(name, tuple(args), (), ())


def _field_value(value: Any) -> bool:
    """A value a field may hold: a traced value or a constant, never a list or dict
    ``main`` may change after the call (the record made at run time holds a copy)."""
    from motoko_airflow.trace.values import Symbol

    return isinstance(value, Symbol) or _constant(value)


def convertible_fields(value: Any, convertible: Any, depth: int) -> bool:
    _ALLOWED[0], outer = 0, _ALLOWED[0]
    try:
        return all(_field_value(v) and convertible(v, depth + 1) for _, v in fields(value))
    finally:
        _ALLOWED[0] = outer


# ---------------------------------------------------------------- where records end


def _is_class_call(e: g.Expr) -> bool:
    return isinstance(e, g.Invoke) and isinstance(e.callee, g.Function) and \
        e.callee.line is None and (e.callee.module, e.callee.qualname, e.callee.file) in _NAMES


#: graph calls whose result is a number, a string or a bool (never a record)
_SCALAR_CALLS = frozenset({"len", "round", "abs", "str", "int", "float", "bool", "format",
                           "repr", "any", "all", "sum"})


def may_hold(rec: Any, e: g.Expr, depth: int = 0) -> bool:
    """Whether ``e``'s value may be, or hold, a record made at run time (conservative)."""
    if depth > 60:
        return True
    if isinstance(e, (g.Const, g.Param, g.Runs, g.Function, g.Attr)):
        # a field of a record holds no record; runs, jobs and their outputs none either
        return False
    if _is_class_call(e) or _record_segment(rec, e):
        return True
    if isinstance(e, g.Item):
        if e.part in ("run", "job"):
            return False
        # every loop of that name (a name may be used again by another loop)
        found = [lp for lp in getattr(rec, "all_loops", ()) if lp.var == e.loop]
        return not found or any(may_hold(rec, lp.over, depth + 1) for lp in found)
    if isinstance(e, g.BinOp) and e.op in ("==", "!=", "<", "<=", ">", ">=", "in",
                                          "not in", "is", "is not"):
        return False
    if isinstance(e, g.Call) and e.function in _SCALAR_CALLS:
        return False
    if isinstance(e, g.Invoke) and isinstance(e.callee, g.Function) and (
            e.callee.module in ("math", "statistics") and e.callee.file is None
            or (e.callee.module, e.callee.qualname) in {
                ("builtins", n) for n in _SCALAR_CALLS}):
        return False
    if isinstance(e, g.Collect):
        return may_hold(rec, e.element, depth + 1)
    if isinstance(e, g.Index) and isinstance(e.index, g.Const) and isinstance(
            e.index.value, str) and isinstance(e.value, g.Invoke) and isinstance(
            e.value.callee, g.Function) and e.value.callee.end is not None:
        # a variable of a block bound to a number (``h2 = h1 - f1 * dh / df`` of records'
        # fields), or to what it was given under that name
        from motoko_airflow.trace.blocks import numeric_variable

        name, block = e.index.value, e.value
        if numeric_variable(block.callee, name):
            given = [v for k, v in zip(block.keywords, block.values, strict=True)
                     if k == name]
            return any(may_hold(rec, v, depth + 1) for v in given)
    return any(may_hold(rec, s, depth + 1) for s in g.subexpressions(e))


def _record_segment(rec: Any, e: g.Expr) -> bool:
    """A variable passed on by a segment whose values may be records (decoded, made again
    by their class, in each task reading it)."""
    from motoko_airflow.trace.segments import _segment_of

    return _segment_of(e) in getattr(rec, "record_segments", ())


def refuse_crossing(rec: Any, node: g.Node) -> None:
    """Stop the trace where a value that may hold a record would leave the task that
    evaluates it: a job parameter, the items of a mapped step, another node's value."""
    if not rec.made_records:
        return
    if isinstance(node, g.CreateTaskNode):
        exprs = [(f"createTask's parameter {k}", e)
                 for k, e in (*node.job_params, *(node.run_params or ()))]
        for lp in node.foreach:
            _refuse_mapped(rec, lp.over)
    else:
        exprs = [("a value of this step", e) for e in node.expressions()
                 if e is not getattr(node, "when", None)]
    for what, e in exprs:
        if may_hold(rec, e):
            raise rec.untraceable(
                f"{what} may hold a record of the workflow's own class, made at run time "
                "only inside the task that needs it (a job parameter or a mapped item "
                "crosses tasks as JSON): only known at run time")


def _refuse_mapped(rec: Any, over: g.Expr) -> None:
    """A mapped step's items cross tasks as JSON, records as their class's name and their
    fields (:func:`motoko_airflow.execution.to_json`): each field must come back the
    same, a number, a string or a list or dict of them (no tuple, nothing a function
    called at run time returns but numbers of ``math`` and ``statistics``)."""
    from motoko_airflow.trace import tuples

    for e in g.walk(over):
        if _record_segment(rec, e):
            raise rec.untraceable(
                f"a loop over {over} maps a step over what a segment passed on, which may "
                "hold records of the workflow's own class (the items cross tasks as JSON): "
                "only known at run time")
        if not _is_class_call(e):
            continue
        assert isinstance(e, g.Invoke)
        for arg in e.args:
            if tuples.holds_tuple(tuples.shape(rec, arg, opaque=tuples.ANY)):
                raise rec.untraceable(
                    f"a loop over {over} maps a step over records whose field ({arg}) may "
                    "not come back the same from JSON (the items cross tasks so): only "
                    "known at run time")
