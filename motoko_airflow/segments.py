"""Segments of ``main`` at run time: one statement run natively as a task of its own.

A statement of ``main``'s own body that makes steps and cannot be compiled (a ``while``
whose exit reads outputs) is a :class:`~motoko_airflow.graph.SegmentNode`. Its task runs
``main`` natively on the DAG run's run name, as the fallback task does (``createTask``
is idempotent: the compiled steps before it find their runs FINISHED and make nothing),
and stops right after the statement (:func:`run_to`): the orchestrator is compiled with
``raise SegmentDone(locals())`` after it. The variables the statement binds are written
out as plain JSON (:func:`encode`: runs and jobs main made as their records, tuples and
dicts keyed by other than strings, sets, infinite or NaN floats, datetimes without a
time zone and numpy numbers and arrays of numbers tagged) and read by later tasks through
:func:`value`, which gives them back as main had them (runs as ``(run, job)`` pairs and
views answering their fields).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import math
import sys
from collections.abc import Sequence
from typing import Any

from motoko_airflow.exceptions import MotokoError

__all__ = ["SegmentDone", "decode", "dict_kind", "encode", "region_end", "run_to", "spawns",
           "value"]

#: the tags of values JSON does not hold as they are
TUPLE, ITEMS, UNBOUND = "motoko_tuple", "motoko_items", "motoko_unbound"
SET, FROZENSET, FLOAT = "motoko_set", "motoko_frozenset", "motoko_float"
NUMPY = "motoko_numpy"
#: a record of main's own class (a dataclass or NamedTuple of the orchestrator):
#: ``{RECORD: [module, qualname, file], "fields": {name: value}}``
RECORD = "motoko_segment_record"
#: marks a run record whose run fields are tagged (``run_record(exact=True)``)
EXACT = "motoko_exact"
#: a datetime without a time zone (BlackDynamite's start_time, a script's own)
DATETIME = "motoko_datetime"
#: a run field no tag holds (``run_record(exact=True)``): reading it fails
OPAQUE = "motoko_opaque"
#: an exception object (``gather(..., return_exceptions=True)`` keeps them): a built-in
#: class or one of the orchestrator's, ``{EXCEPTION: [module, qualname, file, args]}``
#: (``file`` None for a built-in); given back with its arguments, without its traceback,
#: cause or context
EXCEPTION = "motoko_exception"
COUNTER, DEFAULTDICT, ORDERED = "motoko_counter", "motoko_defaultdict", "motoko_ordered"
_TAGS = (TUPLE, ITEMS, SET, FROZENSET, FLOAT, NUMPY, COUNTER, DEFAULTDICT, ORDERED,
         RECORD, OPAQUE, DATETIME, EXCEPTION, "run_id")
#: the default factories of a defaultdict a segment passes on, by name
FACTORIES: dict[str, Any] = {"int": int, "float": float, "list": list, "set": set,
                             "dict": dict, "str": str, "None": None}
#: the kinds of numpy values written out (booleans, integers, floats: exact in JSON)
_NUMPY_KINDS = "biuf"


class SegmentDone(BaseException):  # noqa: N818 - a signal, not an error
    """Raised in ``main`` right after the segment's statement, with main's locals."""

    def __init__(self, names: dict[str, Any]) -> None:
        super().__init__("segment done")
        self.names = names


#: the calls that start a routine running beside ``main`` (``asyncio.<name>``)
_SPAWNING = frozenset({"create_task", "ensure_future"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _own_nodes(node: ast.AST) -> list[ast.AST]:
    """The nodes under ``node`` in its own scope (not in nested functions or classes)."""
    out, todo = [], [node]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(c for c in ast.iter_child_nodes(current) if not isinstance(c, _SCOPES))
    return out


def spawns(node: ast.AST) -> bool:
    """Whether ``node`` calls ``asyncio.create_task``/``asyncio.ensure_future`` (in its own
    scope)."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and isinstance(n.func.value, ast.Name) and n.func.value.id == "asyncio"
               and n.func.attr in _SPAWNING for n in _own_nodes(node))


def _holders(stmt: ast.stmt) -> set[str]:
    """The names a statement that makes tasks may leave holding one: those it binds
    (not a comprehension's own variables) and the roots of the objects it stores into
    or gives a task to (``d[k] = ...``, ``ts.append(asyncio.create_task(...))``)."""
    comprehension = {id(n) for c in _own_nodes(stmt) if isinstance(
        c, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
        for gen in c.generators for n in ast.walk(gen.target)}
    out = {n.id for n in _own_nodes(stmt) if isinstance(n, ast.Name)
           and isinstance(n.ctx, ast.Store) and id(n) not in comprehension}
    for n in _own_nodes(stmt):
        target = None
        if isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(n.ctx, ast.Store):
            target = n.value
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and any(
                spawns(a) for a in [*n.args, *(k.value for k in n.keywords)]):
            target = n.func.value  # (``ts.append(asyncio.create_task(...))``)
        while isinstance(target, (ast.Subscript, ast.Attribute)):
            target = target.value
        if isinstance(target, ast.Name) and target.id != "asyncio":
            out.add(target.id)
    return out


def region_end(body: Sequence[ast.stmt], first: int) -> int:
    """The index in ``body`` (a function's statements) of the last statement of the
    region of tasks that starts at ``body[first]``: from a statement that makes tasks
    (``asyncio.create_task``) to the last one that reads a name a statement making tasks
    in the region binds or adds to (it may await them); ``first`` when it makes none or
    nothing after it reads those names."""
    if not spawns(body[first]):
        return first
    last = first
    while True:
        holders = set().union(*(_holders(s) for s in body[first:last + 1] if spawns(s)))
        end = max((k for k in range(last + 1, len(body))
                   if holders & {n.id for n in ast.walk(body[k]) if isinstance(n, ast.Name)
                                 and isinstance(n.ctx, ast.Load)}), default=last)
        if end == last:
            return last
        last = end


def _call_statement(name: str, *args: ast.expr) -> ast.stmt:
    return ast.Expr(ast.Call(ast.Name(name, ast.Load()), list(args), []))


def _stopping_tree(source: str, path: str, function: str, line: int,
                   column: int) -> ast.Module:
    tree = ast.parse(source, filename=path)
    for node in tree.body:
        if isinstance(node, ast.AsyncFunctionDef) and node.name == function:
            for i, stmt in enumerate(node.body):
                if stmt.lineno == line and stmt.col_offset == column:
                    # a region of tasks (the statement that makes them to the last that
                    # awaits them) runs as one segment; any task made in it still
                    # running at its end would run beside the compiled steps after it:
                    # the task fails instead (:func:`_tasks_done`)
                    last = region_end(node.body, i)
                    stop = ast.Raise(ast.Call(
                        ast.Name("__motoko_segment_done__", ast.Load()),
                        [ast.Call(ast.Name("locals", ast.Load()), [], [])], []), None)
                    end = node.body[last]
                    check = _call_statement("__motoko_segment_tasks__", ast.Constant(line))
                    start = _call_statement("__motoko_segment_tasks__", ast.Constant(None))
                    for new in (stop, check):
                        ast.copy_location(new, end)
                    ast.copy_location(start, stmt)
                    node.body[last + 1:last + 1] = [check, stop]
                    node.body.insert(i, start)
                    ast.fix_missing_locations(tree)
                    return tree
    raise MotokoError(f"{path}:{line}: the segment's statement is not in {function}() "
                      "any more; re-run `motoko trace`")


def run_to(wf: Any, params: dict[str, Any], line: int, column: int,
           names: Sequence[str]) -> dict[str, Any]:
    """Run ``main`` natively with ``wf`` until right after its statement at ``line``/
    ``column``; the values of ``names`` there, encoded (unbound ones left out)."""
    from motoko_airflow.config import check_orchestrator_source

    settings = wf.settings
    path = str(settings.orchestrator_path)
    check_orchestrator_source(settings.orchestrator_path)
    if settings.directory.as_posix() not in sys.path:  # its helper modules, as natively
        sys.path.insert(0, settings.directory.as_posix())
    with open(path, encoding="utf-8") as f:
        source = f.read()
    code = compile(_stopping_tree(source, path, settings.orchestrator_function, line,
                                  column), path, "exec")
    spec = importlib.util.spec_from_file_location(settings.orchestrator_module, path)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    vars(module)["__motoko_segment_done__"] = SegmentDone
    vars(module)["__motoko_segment_tasks__"] = _tasks_done()
    saved = sys.modules.get(settings.orchestrator_module)
    sys.modules[settings.orchestrator_module] = module
    made: dict[int, Any] = {}
    created = wf._created

    def record(task_manager: Any, pairs: Any) -> Any:
        study = task_manager.bd.name
        for run, job in pairs:
            made[id(run)] = (study, run, job, "run")
            made[id(job)] = (study, run, job, "job")
        return created(task_manager, pairs)

    wf._created = record
    try:
        exec(code, vars(module))  # noqa: S102
        # the module's record classes (the trace checked those the statement may make
        # or read): their objects are written out as their class and fields
        for qualname, cls in vars(module).items():
            if isinstance(cls, type) and cls.__qualname__ == qualname and (
                    dataclasses.is_dataclass(cls) or issubclass(cls, tuple)
                    and isinstance(getattr(cls, "_fields", None), tuple)):
                made[id(cls)] = (RECORD, settings.orchestrator_module, qualname, path)
            elif isinstance(cls, type) and cls.__qualname__ == qualname and \
                    issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                made[id(cls)] = (EXCEPTION, settings.orchestrator_module, qualname, path)
        wf.orchestrator_function = getattr(module, settings.orchestrator_function)
        try:
            wf.execute(**params)
        except SegmentDone as done:
            bound = done.names
        else:
            raise MotokoError(f"main ended without reaching line {line} (the segment's "
                              "statement)")
    finally:
        if saved is None:
            sys.modules.pop(settings.orchestrator_module, None)
        else:
            sys.modules[settings.orchestrator_module] = saved
    return {name: encode(bound[name], made, name) for name in names if name in bound}


def _tasks_done() -> Any:
    """``check(None)`` where the segment starts notes the tasks running; ``check(line)``
    where it ends fails when a task made since is still running (natively it would go
    on beside the steps after the segment, which the DAG makes without it)."""
    import asyncio

    before: set[Any] = set()

    def check(line: int | None) -> None:
        running = {t for t in asyncio.all_tasks() if not t.done()}
        if line is None:
            before.update(running)
            return
        left = running - before - {asyncio.current_task()}
        if left:
            raise MotokoError(
                f"line {line}: a task made by asyncio.create_task in the segment (lines "
                "run natively as one task) is still running where it ends: natively it "
                "runs beside the steps after it, which the DAG makes without it; await "
                "every task (asyncio.gather) before the steps that follow")

    return check


def encode(value: Any, made: dict[int, Any], name: str, depth: int = 0) -> Any:
    """``value`` as plain JSON that :func:`decode` gives back (runs by their records;
    ``made`` also names the orchestrator's record classes, by the id of each)."""
    from motoko_airflow.blackdynamite import run_record
    from motoko_airflow.execution import PART

    if depth > 50:
        raise MotokoError(f"segment variable {name} is nested too deep to be passed on")
    if value is None or isinstance(value, (bool, str)) or type(value) is int:
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {FLOAT: repr(value)}
    if type(value).__module__ == "numpy" and getattr(value, "dtype", None) is not None \
            and getattr(value.dtype, "kind", "") in _NUMPY_KINDS:
        # a numpy number or array of numbers (np.mean of outputs, an output of a real
        # study): its dtype, values and shape, given back as the same type
        shape = list(value.shape) if type(value).__name__ == "ndarray" else None
        return {NUMPY: [value.dtype.str, encode(value.tolist(), made, name, depth + 1),
                        shape]}
    if type(value).__name__ == "datetime" and type(value).__module__ == "datetime" and \
            value.tzinfo is None:
        return {DATETIME: value.isoformat()}
    if type(value) is tuple and len(value) == 2 and id(value[0]) in made and \
            made[id(value[0])][3] == "run" and made[id(value[0])][2] is value[1]:
        study, run, job, _ = made[id(value[0])]
        return run_record(study, run, job, exact=True)
    if id(value) in made and made[id(value)][0] not in (RECORD, EXCEPTION):
        study, run, job, part = made[id(value)]
        return {**run_record(study, run, job, exact=True), PART: part}
    cls = made.get(id(type(value)))
    if cls is not None and cls[0] == RECORD and type(value).__qualname__ == cls[2]:
        if isinstance(value, tuple):
            names: Sequence[str] = type(value)._fields  # type: ignore[attr-defined]
            values = list(tuple.__iter__(value))
        else:
            names = [f.name for f in dataclasses.fields(value)]
            values = [getattr(value, n) for n in names]
        if set(getattr(value, "__dict__", ())) - set(names):  # (the trace refuses them)
            raise MotokoError(f"segment variable {name} holds a {type(value).__name__} "
                              "with attributes other than its fields")
        return {RECORD: list(cls[1:]), "fields": {
            n: encode(v, made, name, depth + 1) for n, v in zip(names, values, strict=True)}}
    if isinstance(value, list) and type(value).__module__ in ("builtins",
                                                              "motoko_airflow.task_manager"):
        return [encode(v, made, name, depth + 1) for v in value]
    if type(value) is tuple:
        return {TUPLE: [encode(v, made, name, depth + 1) for v in value]}
    if type(value) in (set, frozenset):
        return {SET if type(value) is set else FROZENSET:
                [encode(v, made, name, depth + 1) for v in value]}
    kind = dict_kind(value)
    if kind is not None:
        pairs = [[encode(k, made, name, depth + 1), encode(v, made, name, depth + 1)]
                 for k, v in value.items()]
        return {kind[0]: [kind[1], pairs] if kind[0] == DEFAULTDICT else pairs}
    if type(value) is dict:
        if all(type(k) is str for k in value) and not any(k in _TAGS for k in value):
            return {k: encode(v, made, name, depth + 1) for k, v in value.items()}
        return {ITEMS: [[encode(k, made, name, depth + 1), encode(v, made, name, depth + 1)]
                        for k, v in value.items()]}
    if isinstance(value, BaseException) and not vars(value):
        error = type(value)
        import builtins

        if error.__module__ == "builtins" and getattr(builtins, error.__qualname__, None) is error:
            return {EXCEPTION: ["builtins", error.__qualname__, None,
                                encode(list(value.args), made, name, depth + 1)]}
        own = made.get(id(error))
        if own is not None and own[0] == EXCEPTION and error.__qualname__ == own[2]:
            return {EXCEPTION: [*own[1:], encode(list(value.args), made, name, depth + 1)]}
    raise MotokoError(f"segment variable {name} holds a {type(value).__name__}, which "
                      "cannot be passed to the later tasks")


def dict_kind(value: Any) -> tuple[str, str] | None:
    """The tag of a Counter, an OrderedDict or a defaultdict of a known factory (with
    the factory's name), else None."""
    import collections

    if type(value) is collections.Counter:
        return COUNTER, ""
    if type(value) is collections.OrderedDict:
        return ORDERED, ""
    if type(value) is collections.defaultdict:
        factory = value.default_factory
        name = "None" if factory is None else getattr(factory, "__name__", "")
        if FACTORIES.get(name, False) is factory:
            return DEFAULTDICT, name
    return None


def decode(data: Any, exact: bool = False) -> Any:
    """The reverse of :func:`encode`. ``exact`` (a run's output, a loop's item): a set
    is given back only if its order is the one it was written in, as ``main`` iterates
    it natively (:func:`ordered_set`)."""
    from motoko_airflow.execution import _is_record, view

    def again(value: Any) -> Any:
        return decode(value, exact)

    if isinstance(data, list):
        return [again(v) for v in data]
    if isinstance(data, dict):
        if _is_record(data):
            return view(data)
        if set(data) == {RECORD, "fields"}:
            from motoko_airflow.calls import resolve

            module, qualname, file = data[RECORD]
            cls = resolve(module, qualname, file)
            fields = {k: again(v) for k, v in data["fields"].items()}
            if isinstance(cls, type) and issubclass(cls, tuple):
                return cls(*fields.values())
            return cls(**fields)
        if set(data) == {TUPLE}:
            return tuple(again(v) for v in data[TUPLE])
        if set(data) == {EXCEPTION}:
            module, qualname, file, args = data[EXCEPTION]
            if file is None:
                import builtins

                cls = getattr(builtins, qualname)
            else:
                from motoko_airflow.calls import resolve

                cls = resolve(module, qualname, file)
            if not (isinstance(cls, type) and issubclass(cls, BaseException)):
                raise MotokoError(f"{module}.{qualname} is not an exception class")
            return cls(*again(args))
        if set(data) == {ITEMS}:
            return {_key(again(k)): again(v) for k, v in data[ITEMS]}
        if set(data) in ({SET}, {FROZENSET}):
            (tag, items), = data.items()
            made = [_key(again(v)) for v in items]
            if exact:
                return ordered_set(made, tag == FROZENSET)
            return set(made) if tag == SET else frozenset(made)
        if set(data) == {FLOAT}:
            return float(data[FLOAT])
        if set(data) & {COUNTER, ORDERED, DEFAULTDICT} and len(data) == 1:
            import collections

            if COUNTER in data:
                return collections.Counter({_key(again(k)): again(v)
                                            for k, v in data[COUNTER]})
            if ORDERED in data:
                return collections.OrderedDict((_key(again(k)), again(v))
                                               for k, v in data[ORDERED])
            factory, pairs = data[DEFAULTDICT]
            return collections.defaultdict(FACTORIES[factory], (
                (_key(again(k)), again(v)) for k, v in pairs))
        if set(data) == {DATETIME}:
            import datetime

            return datetime.datetime.fromisoformat(data[DATETIME])
        if set(data) == {OPAQUE}:
            raise MotokoError(
                f"a run's output holds a {data[OPAQUE]}, which a DAG's task cannot be "
                "given (JSON values, tuples, sets, dicts, datetimes, numpy numbers and "
                "arrays): store it as one of those in doIt.py, or run with --fallback")
        if set(data) == {NUMPY}:
            import numpy

            dtype, values, shape = data[NUMPY]
            if shape is None:
                return numpy.dtype(dtype).type(decode(values))
            return numpy.asarray(decode(values), dtype=dtype).reshape(shape)
        return {k: again(v) for k, v in data.items()}
    return data


def _stable_hash(value: Any) -> bool:
    """Hashed alike in every process: numbers (not NaN: its hash is its address), bools,
    tuples of them. A str's or bytes' hash is salted per process, an object's is its
    address."""
    if type(value) in (int, bool) or type(value) is float and not math.isnan(value):
        return True
    return type(value) is tuple and all(_stable_hash(v) for v in value)


def ordered_set(items: list[Any], frozen: bool = False) -> Any:
    """The set (or frozenset) of ``items`` iterating in their order, as the one written
    out did: ``main``'s, when its members hash alike in every process. Otherwise (a set
    of strings: each process orders it its own way) reading it fails."""
    made = frozenset(items) if frozen else set(items)
    if len(made) > 1 and (not all(_stable_hash(v) for v in made) or list(made) != items):
        shown = ", ".join(sorted(repr(v) for v in items)[:3]) + (
            ", ..." if len(items) > 3 else "")
        raise MotokoError(
            f"a set ({{{shown}}}) a run stored or a loop's item holds orders its members "
            "its own way in each Python process (strings' hashes are salted): main's order "
            "is only known where it runs; store sorted(...) of it in doIt.py, or run with "
            "--fallback")
    return made


def _key(value: Any) -> Any:
    return tuple(_key(v) for v in value) if isinstance(value, list) else value


def value(pairs: Sequence[Any], name: str) -> Any:
    """Variable ``name`` of a segment, from its task's result (seen by the expression
    evaluator as the node's runs)."""
    if not pairs:
        raise MotokoError("the segment's task returned nothing (was it skipped?)")
    found = pairs[0].record.get("values", {})
    if name not in found:
        raise UnboundLocalError(f"cannot access local variable '{name}' where it is not "
                                "associated with a value")
    return decode(found[name])
