"""Errors nothing reads: a value ``main`` computes may raise where no step reads it.

``ratio = r1.y / r0.y`` (a ZeroDivisionError), ``table[99.0]`` of a dict of outputs (a
KeyError), ``statistics.fmean([])``, a block of main's statements that fails: ``main``
stops there, with its error. A compiled DAG evaluates an expression only in the task
that reads it, so a value read by no step would never fail, and the steps after it would
run where ``main`` had stopped: work ``main`` never does.

So every traced value ``main`` computes is *pending* (:func:`made`, from
:class:`~.values.Symbol`) until the next step is recorded (:func:`settle`, from
``Recorder.add_node``): a value that step surely evaluates (one of its parameters, or a
part of one evaluated whatever the other parts give) is settled; any other becomes a
*check* of the step, ANDed after its guard (``when``) as ``[value, ...]``, which is
always true and fails the task with ``main``'s error. :func:`merged` joins the checks
of a step over the paths of ``main``: a check made on some paths only is tested only
where the paths' decisions say.

A value made inside a branch of an ``if`` merged at its join (:mod:`.joins`) is
checked under that branch's guard. A value of a loop item is checked per item by a step
mapped over that loop, made in the same iteration with no test of the item between;
otherwise (the loop has ended, or a test of the item came between) the value is not
checked, nor by a step mapped over a loop the value was made before (it may have no
item: the next step checks it). A value a truth test reads is settled by the test, the
guard of the steps it decides. What is left unchecked still fails the DAG run at its
end, in the verification task (``main`` replayed), with ``main``'s error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from motoko_airflow import graph as g

__all__ = ["Pending", "made", "merged", "settle"]

#: expressions that cannot raise when evaluated
_SAFE = (g.Const, g.Param, g.Runs, g.Item, g.Function, g.ListExpr, g.DictExpr)


@dataclass(frozen=True)
class Pending:
    """A value ``main`` computed and no step has evaluated yet."""

    expr: g.Expr
    loops: tuple[str, ...]  # the loops whose item it reads (free in it)
    closed: bool  # one of those loops has ended
    opened: tuple[str, ...]  # the loops open where it was made
    decided: int  # how many decisions the path had made
    guards: tuple[g.Expr, ...]  # the guards of the joined branches it was made in


def _free_items(expr: g.Expr) -> set[str]:
    """The loops whose current item ``expr`` reads (not bound by its own fan-ins)."""
    if isinstance(expr, g.Item):
        return {expr.loop}
    if isinstance(expr, g.Runs):
        return set(expr.scope)  # the runs made for the current item of these loops
    if isinstance(expr, g.Collect):
        inner = set().union(*(_free_items(e) for e in (expr.element, expr.where)
                              if e is not None))
        return _free_items(expr.over) | (inner - {expr.loop})
    out: set[str] = set()
    for sub in g.subexpressions(expr):
        out |= _free_items(sub)
    return out


def _one_run(expr: g.Expr) -> bool:
    """``expr`` is a run, a job or a (run, job) pair (``runs[0][0]``, a loop's item)."""
    if isinstance(expr, g.Item):
        return True
    if not isinstance(expr, g.Index):
        return False
    while isinstance(expr, g.Index):
        expr = expr.value
    return isinstance(expr, (g.Runs, g.Item))


def _position(expr: g.Expr) -> bool:
    """``runs[0][1]``, ``item[1][0]``: a position in runs or in a loop's item."""
    if not isinstance(expr, g.Index):
        return False
    while isinstance(expr, g.Index) and isinstance(expr.index, g.Const):
        expr = expr.value
    return isinstance(expr, (g.Runs, g.Item))


def made(rec: Any, expr: g.Expr, loops: tuple[Any, ...]) -> None:
    """``main`` computed ``expr`` (a new traced value) in path ``rec``."""
    if isinstance(expr, _SAFE):
        return
    if isinstance(expr, g.Invoke) and expr.callee.module == "motoko_airflow.segments":
        return  # a variable of a segment: its task has run (a plain value)
    if isinstance(expr, g.Index) and isinstance(expr.value, g.Invoke) \
            and expr.value.callee.end is not None:
        return  # a variable of a block: the block itself is pending (left unbound: no error)
    if _position(expr):
        return  # runs or a loop item unpacked (``(run, job), = runs``, ``for i, (r, j)``)
    if isinstance(expr, g.Attr) and not _one_run(expr.value):
        return  # an attribute of a value: a method about to be called, most often
    free = _free_items(expr)
    opened = [lp for lp in rec.open_loops if lp.open]
    closed = any(lp.var in free and not lp.open for lp in loops) or bool(
        free - {lp.var for lp in opened})
    rec.pending.append(Pending(expr, tuple(sorted(free)), closed,
                               tuple(lp.var for lp in opened), len(rec.decisions),
                               tuple(rec.guards)))


def tested(rec: Any, expr: g.Expr) -> None:
    """A truth test of ``expr`` was made: it is the guard of the steps it decides, so
    the values it evaluates are no longer pending (a test that decides nothing, both
    sides making the same steps, is the one left unchecked)."""
    if not rec.pending:
        return
    parts: set[g.Expr] = set()
    _always(expr, parts)
    rec.pending[:] = [p for p in rec.pending if p.expr not in parts]


def called(rec: Any, expr: g.Expr) -> None:
    """A traced value was called (``table.get(k)``): the attribute is no value of main's."""
    for i in range(len(rec.pending) - 1, -1, -1):
        if rec.pending[i].expr is expr:
            del rec.pending[i]
            return


def _always(expr: g.Expr, out: set[g.Expr]) -> None:
    """The parts of ``expr`` evaluated whenever it is evaluated."""
    out.add(expr)
    if isinstance(expr, g.Cond):
        _always(expr.test, out)
    elif isinstance(expr, g.BinOp) and expr.op in ("and", "or"):
        _always(expr.left, out)
    elif isinstance(expr, g.Collect):
        _always(expr.over, out)
    else:
        for sub in g.subexpressions(expr):
            _always(sub, out)


def reads(node: g.Node) -> list[g.Expr]:
    """What the step evaluates whenever it runs (its guard aside)."""
    if isinstance(node, g.CreateTaskNode):
        return [e for _, e in node.job_params] + [e for _, e in node.run_params or ()] + [
            lp.over for lp in node.foreach]
    if isinstance(node, g.RaiseNode):
        return [node.message]
    return []


def _and(parts: list[g.Expr]) -> g.Expr:
    out = parts[0]
    for more in parts[1:]:
        out = g.BinOp("and", out, more)
    return out


def settle(rec: Any, node: g.Node) -> tuple[g.Expr, ...]:
    """The checks of a step being recorded; what it settles leaves ``rec.pending``."""
    if not rec.pending or isinstance(node, (g.ActionNode, g.FallbackNode,
                                                         g.SegmentNode)):
        return ()  # an action reads nothing; a fallback or segment replays main natively
    surely: set[g.Expr] = set()
    for e in reads(node):
        _always(e, surely)
    mapped = {lp.var for lp in node.foreach} if isinstance(node, g.CreateTaskNode) else set()
    guards = tuple(rec.guards)
    checks: list[g.Expr] = []
    kept: list[Pending] = []
    for p in rec.pending:
        if p.loops and (p.closed or not set(p.loops) <= mapped
                        or p.decided != len(rec.decisions)):
            continue  # not checked here (see the module docstring)
        if mapped and not p.loops and not (set(p.opened) & mapped
                                           and p.decided == len(rec.decisions)):
            kept.append(p)  # made before the loop: the step may have no item
            continue
        # a step inside a joined branch the value was not made in: the value stays
        # pending for the next step too
        keep = bool(guards) and p.guards != guards
        if p.expr not in surely or p.guards != guards:
            term: g.Expr = g.ListExpr((p.expr,))
            extra = p.guards[len(guards):] if p.guards[:len(guards)] == guards \
                else p.guards
            if extra:  # made in a branch merged at its join: checked where it ran
                term = g.BinOp("or", g.UnaryOp("not", _and(list(extra))), term)
            if term not in checks:
                checks.append(term)
        if keep:
            kept.append(p)
    rec.pending[:] = kept
    return _outermost(checks)


def _outermost(checks: list[g.Expr]) -> tuple[g.Expr, ...]:
    """The checks without those another one evaluates anyway (``[a / b]`` holds ``[a]``
    and ``[b]``)."""
    plain = [t.items[0] for t in checks if isinstance(t, g.ListExpr)]
    inside: set[g.Expr] = set()
    for e in plain:
        parts: set[g.Expr] = set()
        _always(e, parts)
        inside |= parts - {e}
    return tuple(t for t in checks if not (isinstance(t, g.ListExpr) and t.items[0] in inside))


def merged(merger: Any, present: list[int], scope: set[Any],
           checks: dict[int, tuple[g.Expr, ...]], when: g.Expr | None,
           evaluated: list[g.Expr]) -> g.Expr | None:
    """The checks of one step over the paths that have it (``merger``: the paths'
    :class:`~.paths._Merger`; ``scope``: the loops the step is mapped over): each is
    tested where the paths that made it say, as ``(not made there) or check``; the
    step's guard ``when`` with them ANDed after it. A check of a value the guard
    evaluates whenever it holds (a test of it), or the step itself (``evaluated``: its
    parameters, evaluated by the same task), is left out."""
    terms = _merged(merger, present, scope, checks)
    tested: set[g.Expr] = set()
    for part in _conjuncts(when) + evaluated:
        _always(part, tested)
    values: list[g.Expr] = []
    for term in terms:
        value = _checked(term)
        if value is not None and value in tested:
            continue
        if isinstance(term, g.ListExpr):
            values.append(value)  # type: ignore[arg-type]
        else:
            when = term if when is None else g.BinOp("and", when, term)
    if values:  # the plain ones as one list
        term = g.ListExpr(tuple(dict.fromkeys(values)))
        when = term if when is None else g.BinOp("and", when, term)
    return when


def _conjuncts(e: g.Expr | None) -> list[g.Expr]:
    if e is None:
        return []
    if isinstance(e, g.BinOp) and e.op == "and":
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]


def _checked(term: g.Expr) -> g.Expr | None:
    """The value a check ``[value]`` or ``(not made) or [value]`` evaluates."""
    if isinstance(term, g.BinOp) and term.op == "or":
        term = term.right
    if isinstance(term, g.ListExpr) and len(term.items) == 1:
        return term.items[0]
    return None


def _merged(merger: Any, present: list[int], scope: set[Any],
            checks: dict[int, tuple[g.Expr, ...]]) -> list[g.Expr]:
    from motoko_airflow.exceptions import TraceError

    lengths = {len(checks.get(i, ())) for i in present}
    if len(lengths) == 1:  # the same checks, their values differing: merged as values
        try:
            return [merger.tree(present, {i: checks[i][k] for i in present}, scope, present)
                    for k in range(lengths.pop())]
        except TraceError:
            pass
    out: list[g.Expr] = []
    terms = list(dict.fromkeys(t for i in present for t in checks.get(i, ())))
    for term in terms:
        having = {i: g.Const(True) for i in present if term in checks.get(i, ())}
        try:
            where = merger.tree(present, having, scope, present, boolean=True)
        except TraceError:
            continue  # made under a test of a loop item that cannot be written here
        if where == g.Const(True):
            out.append(term)
        elif where != g.Const(False):
            out.append(g.BinOp("or", g.UnaryOp("not", where), term))
    return out
