"""Segments: one statement of ``main`` that makes steps and cannot be compiled, run
natively as one task, the steps after it still compiled.

A ``while`` of ``main``'s own body whose exit reads outputs (no iteration cap), or that
does what no DAG can hold (``workflow.vars``, polling with ``asyncio.sleep``), used to
cut the path: the rest of ``main`` ran as one task. When it qualifies, it becomes a
:class:`~motoko_airflow.graph.SegmentNode`: a task that runs ``main`` natively up to the
end of that statement (:mod:`motoko_airflow.segments`) and returns the variables the
code after it reads; the trace goes on after the statement with those variables as
traced values read from the task's result.

How it works (as blocks of main's statements, :mod:`.blocks`):

- :func:`spots` finds the ``while`` statements directly in the body of a module-level
  ``async def`` that hold an ``await``; :class:`Wrap` compiles each as ``if
  __motoko_segment__(line, col): names = __motoko_segment_values__() else: <while>``;
- a stop signal raised while ``main``'s own frame is inside one names it
  (:func:`around`, ``Untraceable.segment_site``); the driver traces again with it marked
  (``Recorder.segment_sites``);
- at a marked statement :func:`enter` checks it and records the node, or refuses (the
  path is cut there as before, the reason saying why it is no segment either).

The rules (the segment task replays ``main``'s part before it natively, so it sees
what ``main`` sees; what must hold is that the code after it sees what ``main`` sees):

- it is ``main``'s own statement, on the path's main line: not in a routine of
  ``asyncio.gather``/``create_task`` (none started before it either), not in a loop over
  a traced list, not in an ``if`` merged at its join; no action or error handler
  registered before it (the task runs no action loop);
- no ``return``, ``yield``, ``global``/``nonlocal``, nested function, class or lambda,
  ``import``, ``del`` of a name, ``locals()``/``vars()``/``eval``/``exec``;
- it calls only ``createTask``/``select``/``all`` (awaited steps), ``asyncio.sleep``,
  safe built-ins, functions of ``math``/``statistics``, and methods that change nothing
  (or the mutating methods below);
- an object it changes (``xs.append``, ``d[k] = v``, ``x += 1``) is a local of ``main``
  not shared with any other variable (checked on the values at the statement) nor read
  by a closure, or made by the statement itself with a display (``row = []``);
  ``x += ...`` on a value that may be a list is refused;
- each variable it binds or changes that the code after it reads is bound before it
  (else the statement may leave it unbound: refused), and does not hold an object of a
  variable it did not change (``best = groups[0]``, later ``groups[0].append``).
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace import instrument

__all__ = ["SEGMENT", "VALUES", "Wrap", "around", "enter", "hooks", "spots"]

SEGMENT, VALUES = "__motoko_segment__", "__motoko_segment_values__"

#: built-ins a segment may call (they change none of their arguments)
_BUILTINS = frozenset({
    "abs", "min", "max", "len", "float", "int", "round", "sum", "sorted", "range",
    "enumerate", "zip", "list", "tuple", "str", "bool", "print", "any", "all", "dict",
    "set", "reversed", "repr", "format", "divmod", "pow", "isinstance"})
#: modules whose functions a segment may call
_MODULES = frozenset({"math", "statistics"})
#: methods that change nothing
_READING = frozenset({
    "index", "count", "get", "keys", "values", "items", "copy", "startswith", "endswith",
    "upper", "lower", "strip", "split", "join", "format", "is_integer"})
#: the workflow's steps (and asyncio.sleep)
_STEPS = frozenset({"createTask", "select", "all"})
_REFUSED = (ast.Return, ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal,
            ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Import,
            ast.ImportFrom)
_NAMESPACES = frozenset({"locals", "vars", "eval", "exec", "globals"})
_FRESH = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)


@dataclass(frozen=True)
class Spot:
    """A ``while`` that may become a segment."""

    stmt: ast.While
    function: ast.AsyncFunctionDef
    stores: tuple[str, ...]  # names it binds or changes, sorted
    read_after: frozenset[str]  # names the statements after it read
    refusal: str | None  # why it cannot be one, whatever the values


def _root(node: ast.AST) -> str | None:
    return instrument._root_name(node)


def _refusal(stmt: ast.While, after: list[ast.stmt]) -> str | None:
    from motoko_airflow.trace.blocks import _mutated_roots

    for node in ast.walk(stmt):
        if isinstance(node, _REFUSED):
            return f"it holds {type(node).__name__.lower()} (line {node.lineno})"
        if isinstance(node, ast.Delete) and any(isinstance(t, ast.Name)
                                                for t in node.targets):
            return f"it deletes a variable (line {node.lineno})"
        if isinstance(node, ast.Call):
            why = _call_refusal(node)
            if why is not None:
                return why
    for node in (n for s in after for n in ast.walk(s)):
        if isinstance(node, ast.Name) and node.id in _NAMESPACES:
            return f"line {node.lineno}, after it, reads main's variables by name"
    mutated = _mutated_roots([stmt])
    # a name changed in place and bound in the statement: only to an object it makes
    for node in ast.walk(stmt):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)
                     and isinstance(n.ctx, ast.Store)}
            for name in sorted(names & mutated):
                if not isinstance(node.value, _FRESH) and not _arithmetic(node.value):
                    return (f"line {node.lineno} binds {name}, which it changes in place, "
                            "to an object it may share with another variable")
        if isinstance(node, ast.For):
            names = instrument._target_names(node.target) & mutated
            if names:
                return (f"line {node.lineno}: its loop variable {sorted(names)[0]} is "
                        "changed in place (an object of the list it walks)")
    return None


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
                func.value.id in _MODULES or (func.value.id, func.attr) == ("asyncio",
                                                                             "sleep")):
            return None
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

    for function in tree.body:
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        for i, stmt in enumerate(function.body):
            if not isinstance(stmt, ast.While) or not any(
                    isinstance(n, ast.Await) for n in instrument._walk(
                        stmt, into_scopes=False)):
                continue
            after = function.body[i + 1:]
            declared = {n for node in instrument._walk(function, into_scopes=False)
                        if isinstance(node, (ast.Global, ast.Nonlocal)) for n in node.names}
            bound = sorted(declared & (instrument._stores(stmt) | _mutated_roots([stmt])))
            read = frozenset(n.id for s in after for n in ast.walk(s)
                             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))
            stores = instrument._stores(stmt) | _mutated_roots([stmt])
            found[(stmt.lineno, stmt.col_offset)] = Spot(
                stmt, function, tuple(sorted(stores)), read,
                f"it binds {bound[0]}, which main declares global" if bound
                else _refusal(stmt, after))
    return found


def spots(path: str) -> dict[tuple[int, int], Spot]:
    """The ``while`` statements of ``path`` that may become segments, by (line, col)."""
    return _spots(path, instrument.file_version(path))


class Wrap(ast.NodeTransformer):
    """Each statement of :func:`spots` as ``if __motoko_segment__(line, col): names =
    __motoko_segment_values__() else: <while>``."""

    def __init__(self, found: dict[tuple[int, int], Spot]) -> None:
        self.found = found

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:  # noqa: N802
        for i, stmt in enumerate(node.body):
            spot = self.found.get((getattr(stmt, "lineno", -1),
                                   getattr(stmt, "col_offset", -1)))
            if spot is None or not isinstance(stmt, ast.While):
                continue
            then: ast.stmt = ast.Pass()
            if spot.stores:
                target = ast.Tuple([ast.Name(n, ast.Store()) for n in spot.stores],
                                   ast.Store())
                then = ast.Assign([target], instrument._call(VALUES))
            test = instrument._call(SEGMENT, ast.Constant(stmt.lineno),
                                    ast.Constant(stmt.col_offset))
            wrapped = ast.If(test, [then], [stmt])
            for new in ast.walk(then):
                ast.copy_location(new, stmt)
            ast.copy_location(test, stmt)
            for new in ast.walk(test):
                ast.copy_location(new, stmt)
            ast.copy_location(wrapped, stmt)
            node.body[i] = wrapped
        return node


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


def _objects(value: Any, depth: int = 0) -> list[int]:
    """The ids of the containers in ``value`` (itself included)."""
    if depth > 4 or not isinstance(value, (list, dict, set, tuple)):
        return []
    out = [id(value)]
    items = (list(dict.values(value)) + list(dict.keys(value)) if isinstance(value, dict)
             else list(list.__iter__(value)) if isinstance(value, list) else list(value))
    for item in items[:1000]:
        out += _objects(item, depth + 1)
    return out


def _foreign(value: Any, depth: int = 0) -> str | None:
    """The type of what in ``value`` is not plain data, a traced value or the tracing
    workflow (an object of the user's, whose methods may change anything; an iterator,
    which the loop would use up natively and not in the trace), or None."""
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
    items: list[Any]
    if isinstance(value, dict):
        items = [*dict.keys(value), *dict.values(value)]
    elif isinstance(value, list):
        items = list(list.__iter__(value))
    elif isinstance(value, (tuple, set, frozenset)):
        items = list(value)
    else:
        return type(value).__name__
    return next((f for f in (_foreign(v, depth + 1) for v in items[:1000]) if f), None)


def enter(rec: Any, line: int, col: int, frame: types.FrameType) -> tuple[Any, ...]:
    """The values the compiled form of the ``while`` at ``line``/``col`` binds, the
    statement made a segment (:class:`SegmentRefused` when it cannot be)."""
    from motoko_airflow.trace.blocks import _mutated_roots, _shared_input
    from motoko_airflow.trace.calls import Result

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
    local_names = set(code.co_varnames)
    closed = set(code.co_cellvars) | set(code.co_freevars)
    values = frame.f_locals
    mutated = _mutated_roots([spot.stmt])
    held = sorted(set(spot.stores) & closed)
    if held:  # read through a closure made before it, which "read after" does not see
        raise SegmentRefused(f"it binds {held[0]}, which a function of main reads")
    read = sorted({n.id for n in ast.walk(spot.stmt) if isinstance(n, ast.Name)
                   and isinstance(n.ctx, ast.Load)} - _BUILTINS)
    for name in read:
        if name in values:
            given = values[name]
        elif name in frame.f_globals and not name.startswith("__motoko"):
            given = frame.f_globals[name]
        else:
            continue
        foreign = _foreign(given)
        if foreign is not None:
            raise SegmentRefused(f"it reads {name}, which holds a {foreign} (its methods "
                                 "may change what the code after it reads)")
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
        if not isinstance(value, (list, dict, set)):
            raise SegmentRefused(f"it changes {name} in place, a "
                                 f"{type(value).__name__} main may hold elsewhere")
        shared = [other for other, v in values.items()
                  if other != name and id(value) in _objects(v)]
        shared += [other for other, v in frame.f_globals.items() if v is value]
        if shared:
            raise SegmentRefused(f"it changes {name} in place, whose object "
                                 f"{shared[0]} holds too")
        if len(_objects(value)) > 1:
            raise SegmentRefused(f"it changes {name} in place, which holds other lists "
                                 "or dicts (they may be shared)")
    names = tuple(n for n in spot.stores if n in spot.read_after)
    for name in names:
        if name not in values and name not in _surely_bound(spot.stmt):
            raise SegmentRefused(f"line {_first_read(spot, name)} reads {name}, which the "
                                 "loop may leave unbound")
    inputs = {n: values[n] for n in values if n in local_names}
    shared_input = _shared_input([spot.stmt], {n: v for n, v in inputs.items()
                                               if n not in mutated})
    if shared_input is not None:
        raise SegmentRefused(shared_input)
    name = Path(file).name
    reason = (f"{name}:{line}: the loop of lines {line}-{spot.stmt.end_lineno} runs "
              "natively as one task (a segment); the steps after it are compiled: "
              f"{rec.segment_sites[(file, line, col)]}")
    node = g.SegmentNode(rec.new_id("segment"), reason, line, col, names, lineno=line)
    earlier = tuple(r.node.id for r in rec.recorded)
    rec.add_node(node, set(), after=earlier)
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


def _surely_bound(stmt: ast.While) -> set[str]:
    """Names a ``while True:`` surely binds before it ends (by a ``break``): those its
    body's first statements bind before any that may leave it."""
    if not (isinstance(stmt.test, ast.Constant) and stmt.test.value) or stmt.orelse:
        return set()
    out: set[str] = set()
    for s in stmt.body:
        if not isinstance(s, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)) or any(
                isinstance(n, (ast.Break, ast.Continue)) for n in ast.walk(s)):
            break
        out |= instrument._stores(s)
    return out


def _first_read(spot: Spot, name: str) -> int:
    end = spot.stmt.end_lineno or spot.stmt.lineno
    return min((n.lineno for s in spot.function.body for n in ast.walk(s)
                if isinstance(n, ast.Name) and n.id == name and n.lineno > end),
               default=end)


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
                why = spot.refusal or _inputs_refusal(spot, found)
                return (None, why) if why else ((rec.file, line, col), None)
        return None, None
    finally:
        del frame, found


def _inputs_refusal(spot: Spot, frame: types.FrameType) -> str | None:
    """Why the loop cannot be a segment, from the variables it reads and does not bind
    (the same inside it as before it), or None."""
    from motoko_airflow.trace.blocks import _mutated_roots, _shared_input

    values = frame.f_locals
    stored = set(spot.stores)
    read = {n.id for n in ast.walk(spot.stmt) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)} - _BUILTINS - stored
    for name in sorted(read):
        if name in values:
            foreign = _foreign(values[name])
            if foreign is not None:
                return (f"it reads {name}, which holds a {foreign} (its methods may change "
                        "what the code after it reads)")
    mutated = _mutated_roots([spot.stmt])
    local_names = set(frame.f_code.co_varnames)
    return _shared_input([spot.stmt], {n: v for n, v in values.items()
                                        if n in local_names and n not in mutated
                                        and n not in stored})
