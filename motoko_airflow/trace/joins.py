"""Decisions that merge at their join: an ``if`` on a traced value that only makes steps.

A decision forks the trace (:mod:`.paths`): ``main`` runs once per combination of
outcomes, so 20 independent ``if run.y > t: await workflow.a.createTask(...)`` make 2**20
paths (and more than ``MAX_DECISIONS`` in one path). When the ``if`` cannot change
anything the code after it sees, there is nothing to fork for: its branches run one
after the other in the same path, each step made under a *guard* (the test, or its
negation; ``Recorded.guard``, ANDed into the node's ``when`` by :func:`.paths.merge`),
and the trace goes on after the join once.

Whether an ``if`` qualifies is decided twice:

- statically, on the source (:func:`.instrument.joinable_ifs`): its branches only make
  steps from plain expressions (directly or through helper coroutines of the module
  made of the same statements), bind names read nowhere but later in the same branch,
  and leave no other way (no ``break``, ``return``, ``raise``, loop, ``try``, call but
  ``createTask``, such helpers and a few built-ins, assignment to an item or
  attribute);
- when it runs (:func:`sides`): the test is a traced value tested outside any loop over
  a traced list, outside ``asyncio.gather``/``create_task`` routines and ``try`` blocks,
  not already decided in this path, and every name the branches read is a traced
  value, the tracing workflow, plain data (numbers, strings, lists, tuples and dicts of
  them), the built-in it names or the helper defined where the source says: nothing a
  branch does reaches other user code; and at most :data:`MAX_NESTED` such ifs are
  inside one another (an adaptive recursion runs both branches at every level).

Otherwise the ``if`` is an ordinary decision. A branch that raises (natively it may not
run at all) stops the path there (:class:`~.state.Untraceable`): the rest runs natively.
"""

from __future__ import annotations

import builtins
import inspect
import sys
import types
from collections.abc import Iterator
from typing import Any, Literal

from motoko_airflow import graph as g
from motoko_airflow.exceptions import MotokoError
from motoko_airflow.trace import unread
from motoko_airflow.trace.instrument import JOIN_CALLS
from motoko_airflow.trace.loops import RunPair
from motoko_airflow.trace.sequences import TracedList
from motoko_airflow.trace.state import Recorder, active
from motoko_airflow.trace.values import Symbol
from motoko_airflow.trace.workflow import TaskManager, TracingWorkflow

__all__ = ["MAX_NESTED", "Side", "sides_for"]

#: at most this many values are looked at in the data a branch reads
_BUDGET = 10_000
#: at most this many ifs merged at their join inside one another (a recursion whose end
#: depends on outputs runs both branches at every level): deeper, an if decides
MAX_NESTED = 12


class Side:
    """One branch of an ``if`` run by :func:`sides`: true or false, and its guard (None:
    the ``if`` is an ordinary one and this is the branch Python chose)."""

    __slots__ = ("guard", "rec", "value")

    def __init__(self, rec: Recorder | None, value: bool, guard: g.Expr | None) -> None:
        self.rec, self.value, self.guard = rec, value, guard

    def __bool__(self) -> bool:
        return self.value

    def __enter__(self) -> Side:
        if self.rec is not None and self.guard is not None:
            self.rec.guards.append(self.guard)
        return self

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> Literal[False]:
        if self.rec is None or self.guard is None:
            return False
        self.rec.guards.pop()
        if isinstance(exc, Exception) and not isinstance(exc, MotokoError):
            # natively this branch may not run at all: whether it raises is only known
            # at run time
            raise self.rec.untraceable(
                f"this branch raises {type(exc).__name__}: {exc} while it is traced; "
                "whether it raises when main runs is only known at run time") from exc
        return False


def sides_for(rec: Recorder) -> Any:
    """The ``__motoko_sides__`` of a module imported for the path ``rec``."""

    def sides(test: Any, names: tuple[str, ...]) -> Iterator[Side]:
        frame = sys._getframe(1)
        guard = _guard(rec, test, names, frame) if active() is rec else None
        del frame
        if guard is None:
            return iter((Side(None, bool(test), None),))
        unread.tested(rec, guard)
        return _both(rec, guard)

    return sides


def _both(rec: Recorder, guard: g.Expr) -> Iterator[Side]:
    start = rec.frontier
    yield Side(rec, True, guard)
    after = rec.frontier
    rec.frontier = start
    yield Side(rec, False, _not(guard))
    # what follows the join comes after the last steps of either branch
    rec.frontier = after + tuple(n for n in rec.frontier if n not in after)


def _not(e: g.Expr) -> g.Expr:
    if isinstance(e, g.UnaryOp) and e.op == "not":
        return e.operand
    return g.UnaryOp("not", e)


def _guard(rec: Recorder, test: Any, names: tuple[str, ...],
           frame: types.FrameType) -> g.Expr | None:
    """The test as a guard, or None when this ``if`` must be an ordinary decision."""
    if not isinstance(test, Symbol) or rec.gathering or rec.guarded or rec.catching_own \
            or rec.spawned:
        return None
    if test._tracer is not rec:
        return None
    expr, loops = test._truth()
    if isinstance(expr, g.Const):
        return None  # (an iterator: true whatever it holds) decides nothing
    if (expr, tuple(id(lp) for lp in loops if lp.open)) in rec.memo:
        return None  # decided before in this path
    if len(rec.guards) >= MAX_NESTED:
        return None
    budget = [_BUDGET]
    for name in names:
        if "@" in name:  # a helper coroutine of the module, defined at that line
            name, line = name.split("@")
            helper = frame.f_globals.get(name)
            code = getattr(helper, "__code__", None)
            if not (inspect.iscoroutinefunction(helper) and code is not None
                    and code.co_filename == frame.f_code.co_filename
                    and code.co_firstlineno == int(line) and helper.__closure__ is None
                    and helper.__globals__ is frame.f_globals):
                return None
            continue
        if name in frame.f_locals:
            value = frame.f_locals[name]
        elif name in frame.f_globals:
            value = frame.f_globals[name]
        elif hasattr(builtins, name):
            value = getattr(builtins, name)
        else:
            return None  # unbound: natively a NameError in that branch
        if not _plain(value, name, budget):
            return None
    rec.check_loops()
    return expr


def _plain(value: Any, name: str | None, budget: list[int]) -> bool:
    """Whether reading ``value`` (bound to ``name``) runs no user code: a traced value,
    the tracing workflow, plain data, or a built-in :data:`JOIN_CALLS` names."""
    budget[0] -= 1
    if budget[0] < 0:
        return False
    if value is None or type(value) in (bool, int, float, str):
        return True
    if isinstance(value, (Symbol, TracingWorkflow, TaskManager)):
        return True
    if type(value) in (list, tuple, TracedList, RunPair):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return all(_plain(v, None, budget) for v in items)
    if type(value) is dict:
        return all(type(k) is str and _plain(v, None, budget) for k, v in value.items())
    if name in JOIN_CALLS and callable(value):
        return value is getattr(builtins, name) or (
            getattr(value, "__module__", "") or "").startswith("motoko_airflow.trace")
    return False
