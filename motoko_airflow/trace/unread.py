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
checked under that branch's guard. A value of a loop item is checked per item by a
step mapped over that loop, made in the same iteration with no test of the item
between. A value made in a loop over a traced list that has ended is checked for every
item (``[len([value]) for item in over]``) when no test of the item was made in that
loop before the value (a path there is one item's, not all), the loop was not left
early, and it is not nested in another that ended; otherwise, or when a test of the
item came between the value and a step mapped over its loop, the value is not
checked. A value made before a loop is checked by a step mapped over it for each item
it makes runs for (its items are all tested before any run is made), and by the next
step too (with no item, the mapped step checks nothing). A value a truth test reads
that may raise stays pending (:func:`tested`): the test may decide nothing (both sides
making the same steps), so the next step checks it (a step mapped over its loop too,
per item), and :func:`merged` leaves the check out where the step's guard evaluates it.

A value that may raise (:func:`may_raise`: a division, an index or key, a call) and
that no check can hold, because it was made after a test of its loop's item, in nested
loops, in a loop left early, a test of the item came between it and the next step, or
it reads runs made per item of a loop that has ended (and the step reads no fan-in
over that loop), stops the path at that step (:func:`_unchecked`): ``main`` runs
natively from there, as for anything else the DAG cannot hold. Left unchecked: a
value that cannot raise (arithmetic and orders are taken as such: they raise on a
string and a number only), a tested value made after a test of its (ended) loop's
item (settled by its own test, which may decide nothing), a missing output or job
field (``run.zz``), and checks larger than :data:`MAX_CHECK_TERMS`; the verification
task still fails those DAG runs, at their end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.trace import concurrent

__all__ = ["Pending", "made", "merged", "settle"]

#: expressions that cannot raise when evaluated
_SAFE = (g.Const, g.Param, g.Runs, g.Item, g.Function, g.ListExpr, g.DictExpr)


@dataclass(frozen=True)
class Pending:
    """A value ``main`` computed and no step has evaluated yet."""

    expr: g.Expr
    near: tuple[Any, ...]  # the loops open where it was made, its own first
    opened: tuple[Any, ...]  # the loops open where it was made (of main's code)
    decided: int  # how many decisions the path had made
    guards: tuple[g.Expr, ...]  # the guards of the joined branches it was made in
    tested: bool = False  # a truth test read it (it stays pending: see tested())
    line: int | None = field(default=None, compare=False)  # main's line making it


def _free_items(expr: g.Expr, memo: dict[int, frozenset[str]]) -> frozenset[str]:
    """The loops whose current item ``expr`` reads (not bound by its own fan-ins); each
    shared object once (``memo``, by identity)."""
    known = memo.get(id(expr))
    if known is not None:
        return known
    if isinstance(expr, g.Item):
        out = frozenset({expr.loop})
    elif isinstance(expr, g.Runs):
        out = frozenset(expr.scope)  # the runs made for the current item of these loops
    elif isinstance(expr, g.Collect):
        inner: frozenset[str] = frozenset().union(*(
            _free_items(e, memo) for e in (expr.element, expr.where) if e is not None))
        out = _free_items(expr.over, memo) | (inner - {expr.loop})
    else:
        out = frozenset().union(*(_free_items(sub, memo) for sub in g.subexpressions(expr)))
    memo[id(expr)] = out
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
    opened = tuple(lp for lp in rec.open_loops if lp.open)
    if loops and not any(lp.open for lp in loops) and any(
            q.expr == expr for q in rec.pending):
        # the element of a loop that has ended, made again once it ended (``", ".join(
        # f"{p:.2f}" for p in ps)`` collects the elements): the value made per item,
        # still pending, is checked for every item
        return
    if (opened or rec.regions) and may_raise(expr, params=rec.params):
        if rec.regions:
            concurrent.raising(rec, expr)
        if opened:
            _after_mapped_step(rec, expr, opened)
    near = tuple(lp for lp in loops if lp.open) + opened
    rec.pending.append(Pending(expr, near, opened, len(rec.decisions), tuple(rec.guards),
                               line=rec.lineno()))


def _after_mapped_step(rec: Any, expr: g.Expr, opened: tuple[Any, ...]) -> None:
    """A value that may raise, made in a loop traced once after a step mapped over that
    loop: natively, the first item it raises for stops ``main`` before the steps of the
    next items; the DAG would make that step for every item first. Stop the path.

    Unless such a step evaluates the value already (``x=run.y``, then ``"%s" % run.y``):
    its items are all evaluated before any of its runs is made, so the value has not
    raised for any item when the path gets here."""
    # a loop of the code entered again (an outer loop's next item) is a new loop: the
    # one before, over another list, is not open any more though its frame is back in it
    latest = {lp.site: lp for lp in rec.all_loops if lp.site is not None}
    # (routines gathered per item of a loop run concurrently, not one item after the
    # other: :mod:`.concurrent` decides for them)
    current = [lp for lp in opened if (lp.site is None or latest.get(lp.site) is lp)
               and not lp.reopened]
    mapped = [(lp, r.node) for lp in current for r in rec.recorded[lp.recorded_at:]
              if isinstance(r.node, g.CreateTaskNode)
              and any(f.var == lp.var and f.over == lp.over for f in r.node.foreach)]
    if not mapped:
        return
    evaluated = _Evaluated()  # what those steps surely evaluate (not a skipped branch)
    for _, node in mapped:
        for read in reads(node):
            evaluated.add(read)
    if not may_raise(expr, evaluated, rec.params):
        return
    lp, node = mapped[0]
    raise rec.untraceable(
        f"a value main computes ({expr}) may raise, after a step made for each item of "
        f"the loop over {lp.over} (line {node.lineno}): natively the first item it "
        "raises for stops main before the next items' steps, which a DAG makes for "
        "every item at once")


def _item_loops(p: Pending) -> tuple[Any, ...]:
    """The loops whose item ``p``'s value reads (None for one not open where it was
    made)."""
    found: dict[str, Any] = {}
    for lp in p.near:
        found.setdefault(lp.var, lp)
    return tuple(found.get(var) for var in sorted(_free_items(p.expr, {})))


def tested(rec: Any, expr: g.Expr) -> None:
    """A truth test of ``expr`` was made. A value it evaluates made in a loop is settled
    (the test is a per-item filter of the steps it decides); one made outside loops stays
    pending, marked: the test may decide nothing (both sides making the same steps), so
    the next step checks it, and :func:`merged` leaves the check out where the step's
    guard evaluates it."""
    if not rec.pending:
        return
    parts = _Evaluated()
    parts.add(expr)
    kept = []
    for p in rec.pending:
        if p.expr not in parts:
            kept.append(p)
        elif may_raise(p.expr, params=rec.params):
            kept.append(p if p.tested else replace(p, tested=True))
    rec.pending[:] = kept


def called(rec: Any, expr: g.Expr) -> None:
    """A traced value was called (``table.get(k)``): the attribute is no value of main's."""
    for i in range(len(rec.pending) - 1, -1, -1):
        if rec.pending[i].expr is expr:
            del rec.pending[i]
            return


#: checks larger than this, written out, are left to the verification task: comparing
#: expressions that share their parts (an iteration reading its previous iterates) is
#: exponential in their depth
MAX_CHECK_TERMS = 400


class _Evaluated:
    """The expressions evaluated whenever some roots are: as objects (by identity) and,
    the small ones, by value."""

    def __init__(self, sizes: dict[int, tuple[g.Expr, int]] | None = None) -> None:
        self.ids: set[int] = set()
        self.found: list[g.Expr] = []  # the objects, in the order found
        self._small: set[g.Expr] | None = None  # the small ones by value, when asked
        self.sizes: dict[int, tuple[g.Expr, int]] = {} if sizes is None else sizes
        #: fan-ins among them: (loop, over, what they evaluate for every item)
        self.fan_ins: list[tuple[str, g.Expr, _Evaluated]] = []

    def add(self, root: g.Expr) -> None:
        self._walk([root])

    def add_beneath(self, root: g.Expr) -> tuple[str, g.Expr, _Evaluated] | None:
        """What evaluating ``root`` evaluates, ``root`` itself not counted; its own
        fan-in (a :class:`~motoko_airflow.graph.Collect`'s) is returned, not kept."""
        children, fan_in = self._children(root)
        self._walk(children)
        return fan_in

    def _children(self, e: g.Expr) -> tuple[list[g.Expr],
                                            tuple[str, g.Expr, _Evaluated] | None]:
        if isinstance(e, g.Cond):
            return [e.test], None
        if isinstance(e, g.BinOp) and e.op in ("and", "or"):
            return [e.left], None
        if isinstance(e, g.Collect):
            each = _Evaluated(self.sizes)
            each.add(e.where if e.where is not None else e.element)
            return [e.over], (e.loop, e.over, each)
        return list(g.subexpressions(e)), None

    def _walk(self, todo: list[g.Expr]) -> None:
        found = self.found
        self._small = None
        while todo:
            e = todo.pop()
            if id(e) in self.ids:
                continue
            self.ids.add(id(e))
            found.append(e)
            children, fan_in = self._children(e)
            if fan_in is not None:
                self.fan_ins.append(fan_in)
            todo.extend(children)

    def for_every_item(self, loop: str, over: g.Expr, expr: g.Expr) -> bool:
        """Whether a fan-in over ``over`` (its item ``loop``) evaluates ``expr`` for
        every item."""
        return any(var == loop and (o is over or _small(o, self.sizes) and o == over) and (
            expr in each or each.for_every_item(loop, over, expr))
            for var, o, each in self.fan_ins)

    def __contains__(self, expr: g.Expr) -> bool:
        if id(expr) in self.ids:
            return True
        if not _small(expr, self.sizes):
            return False
        if self._small is None:
            self._small = {e for e in self.found if _small(e, self.sizes)}
        return expr in self._small


def _small(expr: g.Expr, sizes: dict[int, tuple[g.Expr, int]] | None = None) -> bool:
    """Whether ``expr`` written out has at most :data:`MAX_CHECK_TERMS` terms
    (``sizes``: the sizes known, by object, capped above that)."""
    return g.tree_size(expr, sizes, cap=MAX_CHECK_TERMS + 1) <= MAX_CHECK_TERMS


#: calls that raise on no value a compiled step would pass them
_CALLS_SAFE = frozenset({"len", "abs", "bool", "str", "repr", "round", "sorted", "list",
                         "tuple", "any", "all", "reversed", "enumerate", "zip"})
#: operators that raise on some numbers (arithmetic and orders are taken as safe: they
#: raise on a string and a number only)
_OPS_RAISING = frozenset({"/", "//", "%", "**", "&", "|", "^", "<<", ">>"})


def may_raise(expr: g.Expr, evaluated: _Evaluated | frozenset[g.Expr] = frozenset(),
              params: Mapping[str, Any] | None = None) -> bool:
    """Whether evaluating ``expr`` may raise (a division, an index or a key, a call): when
    in doubt, it may. A run of a step by its position (``runs[0][0]``) is taken as there
    (an empty sweep makes the step that reads it fail too), and so are its outputs and
    job fields (``run.y``). ``evaluated``: expressions known not to raise. ``params``:
    the DAG params' schemas, which argparse and Airflow both enforce (of a list param
    of ``nargs=2``, ``params["xs"][1]`` cannot raise).

    Each object is looked at once (an expression that shares its parts, an iteration
    reading its previous iterates, walked as a tree is exponential in its depth), and
    one is compared by value with ``evaluated`` only when it is small (hashing walks it
    as a tree)."""
    seen: dict[int, bool] = {}
    sizes: dict[int, tuple[g.Expr, int]] = {}

    def known(e: g.Expr) -> bool:
        if isinstance(evaluated, _Evaluated):
            return e in evaluated
        return bool(evaluated) and _small(e, sizes) and e in evaluated

    def walk(e: g.Expr) -> bool:
        if id(e) not in seen:
            here = _raises_here(e, known, params or {})
            seen[id(e)] = here if here is not None else any(
                walk(c) for c in g.subexpressions(e))
        return seen[id(e)]

    return walk(expr)


def _raises_here(expr: g.Expr, known: Callable[[g.Expr], bool],
                 params: Mapping[str, Any]) -> bool | None:
    """Whether ``expr`` itself may raise (True), surely not whatever its parts (False),
    or not unless one of its parts may (None)."""
    if isinstance(expr, g.Item) or _position(expr) or known(expr):
        return False
    if _within_length(expr, params):
        return False  # params["xs"][1] of a list param that has at least two items
    if isinstance(expr, g.Index) and isinstance(expr.value, g.Runs) and _constant_slice(
            expr.index):
        return False  # runs[:2]: a slice of a list never raises
    if isinstance(expr, (g.Index, g.Invoke)):
        return True
    if isinstance(expr, g.BinOp) and expr.op in _OPS_RAISING and not _str_formatting(expr):
        return True
    if isinstance(expr, g.UnaryOp) and expr.op == "~":  # a float's raises
        return True
    if isinstance(expr, g.Call) and expr.function not in _CALLS_SAFE and not (
            expr.function == "format" and (len(expr.args) == 1 or len(expr.args) == 2
                                           and expr.args[1] == g.Const(""))):
        return True  # (format(x, "") is str(x): f"{x}", any value)
    if not isinstance(expr, (*_SAFE, g.Attr, g.BinOp, g.UnaryOp, g.Call, g.Cond,
                             g.Collect)):
        return True
    return None


def _within_length(expr: g.Expr, params: Mapping[str, Any]) -> bool:
    """``params[name][k]``: a list param (never None) of at least ``k + 1`` items by its
    schema, ``k`` an integer constant (or at least ``-k`` for a negative one)."""
    if not (isinstance(expr, g.Index) and isinstance(expr.value, g.Param)
            and isinstance(expr.index, g.Const) and type(expr.index.value) is int):
        return False
    schema = params.get(expr.value.name)
    if not isinstance(schema, Mapping) or schema.get("type") != "array":
        return False  # not a list, or ["array", "null"]: None may come
    least = schema.get("minItems", 0)
    return type(least) is int and -least <= expr.index.value < least


def _constant_slice(index: g.Expr) -> bool:
    """``[a:b:c]`` of integer constants (or none)."""
    return isinstance(index, g.Invoke) and isinstance(index.callee, g.Function) and (
        index.callee.module, index.callee.qualname) == ("builtins", "slice") and all(
        isinstance(a, g.Const) and (a.value is None or type(a.value) is int)
        for a in index.args) and not index.keywords


#: a %-format whose conversions cannot fail on any value: %s, %r, %a (and %%)
_ANY_VALUE_FORMAT = re.compile(r"(?:[^%]|%%|%[sra])*")


def _str_formatting(expr: g.BinOp) -> bool:
    """``"%s/%s" % (a, b)``: a constant format of %s/%r/%a conversions only, given a
    tuple ``main`` built with one item per conversion, which formats any values."""
    if expr.op != "%" or not isinstance(expr.left, g.Const) or \
            not isinstance(expr.left.value, str) or not isinstance(expr.right, g.TupleExpr):
        return False
    text = expr.left.value
    return _ANY_VALUE_FORMAT.fullmatch(text) is not None and \
        len(re.findall(r"%[sra]", text.replace("%%", ""))) == len(expr.right.items)


def _unchecked(rec: Any, p: Pending, surely: _Evaluated, why: str) -> None:
    """A pending value no check of this step can hold: when it may raise and the step
    does not evaluate it, the DAG would run this step where ``main`` has stopped; stop
    the path here (it falls back)."""
    if p.expr not in surely and may_raise(p.expr, params=rec.params):
        step = rec.lineno()
        if p.line is None or p.line == step:
            raise rec.untraceable(
                f"a value main computes ({p.expr}) may raise, and no step reads it: "
                f"{why}; a DAG cannot stop where main stops")
        hint = ""
        if isinstance(p.expr, g.Call) and p.expr.function == "format":
            spec = p.expr.args[1] if len(p.expr.args) == 2 else None
            such = f" (:{spec.value})" if isinstance(spec, g.Const) and isinstance(
                spec.value, str) and spec.value else ""
            hint = (f" (a format spec{such} fails on a value that is not a number; print "
                    "the values unformatted, or give them to a step)")
        raise rec.untraceable(
            f"a value main computes at line {p.line} ({p.expr}) may raise, and no step "
            f"reads it: {why}{hint}; a DAG cannot stop where main stops")


def reads(node: g.Node) -> list[g.Expr]:
    """What the step evaluates whenever it runs (its guard aside)."""
    if isinstance(node, g.CreateTaskNode):
        return [e for _, e in node.job_params] + [e for _, e in node.run_params or ()] + [
            lp.over for lp in node.foreach]
    if isinstance(node, g.RaiseNode):
        return [node.message]
    if isinstance(node, g.WriteNode):
        return [a for w in node.operations for a in w.args]
    return []


def settle(rec: Any, node: g.Node) -> tuple[g.Expr, ...]:
    """The checks of a step being recorded; what it settles leaves ``rec.pending``."""
    if not rec.pending or isinstance(node, (g.ActionNode, g.FallbackNode,
                                            g.SegmentNode)):
        return ()  # an action reads nothing; a fallback or segment replays main natively
    surely = _Evaluated()
    for e in reads(node):
        surely.add(e)
    mapped = {lp.var for lp in node.foreach} if isinstance(node, g.CreateTaskNode) else set()
    guards = tuple(rec.guards)
    checks: list[g.Expr] = []
    kept: list[Pending] = []
    made: set[g.Expr] = set()  # (checks, for a quick lookup)
    for p in rec.pending:
        loops = _item_loops(p)
        ended = [lp for lp in p.opened if not lp.open]
        if ended:  # made in a loop that has ended: checked for every item, or not at all
            found = _over_items(rec, p, loops, ended, surely)
            if found is None:
                if p.tested:
                    continue  # settled by its test, the guard of the steps it decides
                _unchecked(rec, p, surely, "it was made in a loop that has ended, for some of its "
                                   "items only (after a test of the item, or in nested "
                                   "loops, or in a loop left early)")
                continue
            if found is _SETTLED:
                continue
            p, loops = found, ()
        if not loops and any(lp.open and lp.var in mapped for lp in p.opened):
            # made in a loop this step is mapped over, reading none of its items: its
            # check would be tested before the items (a guard of no loop), also when
            # the loop has none, where main never computes it
            _unchecked(rec, p, surely, "it was made in a loop this step is mapped over "
                                       "but reads none of its items: main computes it "
                                       "only when the loop has items")
        mapped_here = bool(loops) and all(lp is not None and lp.open and lp.var in mapped
                                          for lp in loops)
        if p.tested and mapped_here:
            pass  # a check; merged() leaves it out where the step's guard tests it
        elif loops and not (mapped_here and p.decided == len(rec.decisions)):
            if all(lp is not None and lp.open for lp in loops):
                _unchecked(rec, p, surely, "it reads a loop's item, and a test of the item came "
                                   "between it and this step, or this step is not mapped "
                                   "over that loop")
            elif not _free_items(p.expr, {}) & {var for var, _, _ in surely.fan_ins}:
                # runs made per item of a loop that has ended (``len(more)``): settled
                # only when the step reads a fan-in over that loop (its own version)
                _unchecked(rec, p, surely, "it reads runs made per item of a loop that "
                                           "has ended")
            continue  # not checked here (see the module docstring)
        # a value made before a loop, checked by a step mapped over it: per item, before
        # any run (its items are tested first), and again by the next step (with no
        # item, the step checks nothing)
        before = bool(mapped) and not loops and not (
            any(lp.var in mapped for lp in p.opened) and p.decided == len(rec.decisions))
        # a step inside a joined branch the value was not made in: the value stays
        # pending for the next step too
        keep = bool(guards) and p.guards != guards or before
        if (p.expr not in surely or p.guards != guards) and _small(p.expr, surely.sizes):
            term: g.Expr = g.ListExpr((p.expr,))
            extra = p.guards[len(guards):] if p.guards[:len(guards)] == guards \
                else p.guards
            if extra:  # made in a branch merged at its join: checked where it ran
                term = g.BinOp("or", g.UnaryOp("not", g.conjunction(list(extra))), term)
            if term not in made:
                made.add(term)
                checks.append(term)
        if keep:
            kept.append(p)
    rec.pending[:] = kept
    return _outermost(checks)


#: :func:`_over_items`' answer for a value the step evaluates for every item already
_SETTLED = Pending(g.Const(None), (), (), 0, ())


def _over_items(rec: Any, p: Pending, loops: tuple[Any, ...], ended: list[Any],
                surely: _Evaluated) -> Pending | None:
    """A value made in a loop over a traced list that has ended, as the list of its
    values for every item (``[len([value]) for item in over]``), which raises where ``main``
    did; None when that is not what ``main`` computed: the loop's item was tested before
    the value was made (the path is one item's), it was left early or iterated again, or
    nested loops, or the step evaluates it so already."""
    if len(ended) != 1:
        return None
    loop = ended[0]
    if loop.left_early or loop.reopened or loop.reiterated or any(
            lp is not loop for lp in loops):
        return None
    if any(d.loop_site is not None and d.loop_site == loop.instance
           for d in rec.decisions[:p.decided]):
        return None  # made after a test of the item: for some items only
    if p.guards and loop.var in _free_items(g.conjunction(list(p.guards)), {}):
        return None  # in a branch on the item merged at its join: the same
    if surely.for_every_item(loop.var, loop.over, p.expr):
        return _SETTLED  # the step's own fan-in over the loop evaluates it for every item
    # (a fan-in's elements are made plain data: len() of the value in a list is)
    expr = g.Collect(loop.var, loop.over, g.Call("len", (g.ListExpr((p.expr,)),)))
    if _free_items(expr, {}):
        return None
    opened = tuple(lp for lp in p.opened if lp is not loop)
    return Pending(expr, opened, opened, p.decided, p.guards, line=p.line)


def _outermost(checks: list[g.Expr]) -> tuple[g.Expr, ...]:
    """The checks without those another one evaluates anyway (``[a / b]`` holds ``[a]``
    and ``[b]``; a fan-in over a loop holds the check of its element for every item).

    Linear in the checks' parts: what each evaluates beneath its own value is walked
    once (a value is never beneath itself), and the values themselves are compared
    apart (a loop of a thousand iterations leaves a thousand checks)."""
    plain = [t.items[0] for t in checks if isinstance(t, g.ListExpr)]
    beneath = _Evaluated()
    own_fan_ins: list[tuple[g.Expr, tuple[str, g.Expr, _Evaluated]]] = []
    for e in plain:
        fan_in = beneath.add_beneath(e)
        if fan_in is not None:
            own_fan_ins.append((e, fan_in))
    alike: dict[g.Expr, list[g.Expr]] = {}  # the small values, by value
    for e in plain:
        if _small(e, beneath.sizes):
            alike.setdefault(e, []).append(e)

    def held(value: g.Expr) -> bool:
        if value in beneath:
            return True
        if _small(value, beneath.sizes) and any(e is not value for e in alike.get(value, ())):
            return True
        if not isinstance(value, g.Collect):
            return False  # (what _each looks for)
        others = _Evaluated(beneath.sizes)
        others.fan_ins = beneath.fan_ins + [f for e, f in own_fan_ins if e is not value]
        return _each(value, others)

    return tuple(t for t in checks if not (isinstance(t, g.ListExpr) and held(t.items[0])))


def _each(value: g.Expr, evaluated: _Evaluated) -> bool:
    """``value`` is a check ``[len([e]) for item in over]`` whose ``e`` a fan-in of
    ``evaluated`` evaluates for every item."""
    if not (isinstance(value, g.Collect) and isinstance(value.element, g.Call)
            and value.element.function == "len" and value.where is None):
        return False
    inner = value.element.args[0]
    return isinstance(inner, g.ListExpr) and evaluated.for_every_item(
        value.loop, value.over, inner.items[0])


def merged(merger: Any, present: list[int], scope: set[Any],
           checks: dict[int, tuple[g.Expr, ...]], when: g.Expr | None,
           evaluated: list[g.Expr], items: frozenset[str] = frozenset()) -> g.Expr | None:
    """The checks of one step over the paths that have it (``merger``: the paths'
    :class:`~.paths._Merger`; ``scope``: the loops the step is mapped over): each is
    tested where the paths that made it say, as ``(not made there) or check``; the
    step's guard ``when`` with them ANDed after it. A check of a value the guard
    evaluates whenever it holds (a test of it), or the step itself (``evaluated``: its
    parameters, evaluated by the same task), is left out, and so is one that reads the
    item of a loop the step is not mapped over (``items``: those it is), which no item
    is current for here (a test of runs made for one item, say, inside a loop that has
    ended)."""
    terms = [t for t in _merged(merger, present, scope, checks)
             if _free_items(t, {}) <= items]
    tested = _Evaluated()
    for part in g.conjuncts(when) + evaluated:
        tested.add(part)
    values: list[g.Expr] = []
    for term in terms:
        value = _checked(term)
        if value is not None and (value in tested or _each(value, tested)):
            continue
        if isinstance(term, g.ListExpr):
            values.append(value)  # type: ignore[arg-type]
        else:
            when = term if when is None else g.BinOp("and", when, term)
    if values:  # the plain ones as one list
        term = g.ListExpr(tuple(dict.fromkeys(values)))
        when = term if when is None else g.BinOp("and", when, term)
    return when


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
    from motoko_airflow.trace.paths import LoopTestError

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
        except TraceError as exc:
            value = _checked(term)
            if value is not None and may_raise(value):
                # made on some paths only, under a test of a loop's item that cannot be
                # written here: left out, the step would run where main stopped; that
                # test becomes the fallback point (a segment when it can be one)
                message = (f"a value that may raise ({value}) is computed on some paths of "
                           "main only, under a test of a loop's item that the step after "
                           "it cannot repeat: it cannot be checked there")
                if isinstance(exc, LoopTestError):
                    raise exc.saying(message) from exc
                raise TraceError(message, filename=exc.filename,
                                 lineno=exc.lineno) from exc
            continue  # made under a test of a loop item that cannot be written here
        if where == g.Const(True):
            out.append(term)
        elif where != g.Const(False):
            out.append(g.BinOp("or", g.UnaryOp("not", where), term))
    return out
