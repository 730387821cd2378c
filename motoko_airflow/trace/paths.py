"""Control flow: run ``main`` once per path of its decisions, and merge the paths.

A truth test of a traced value (``if params["refine"]:``, ``if run.y > t:``, ``a and
b``, ``x if c else y``) is a *decision*. :func:`explore` runs ``main`` with the
decisions forced (first all True; a test made again at one place, a loop's, the way it
went there last), then once more for every decision not yet tried the other way, until
every path is known (at most :data:`MAX_PATHS`). An ``if`` whose branches only make
steps is no decision: both branches run in one path, each step under its own guard
(:mod:`.joins`), which :func:`merge` puts first in the node's ``when``.

:func:`merge` turns the paths into one graph. A node is the same node in several paths
when it was made at the same place of ``main`` (the orchestrator's frames and their
instructions) the same number of times. Its guard (``when``) says in which paths it
exists, as an expression of the decisions; a value that differs between paths becomes
a conditional expression. A decision on a loop item (``for run, job in runs: if run.y >
t:``) filters the items: nodes mapped over that loop get it in their guard (evaluated
per item), and a list built in that loop becomes a fan-in with ``where``.

Partial fallback: a path that reaches something only Motoko's loop can run
(:class:`~.state.Untraceable`) is cut there: the nodes made before it stay, and a
:class:`~motoko_airflow.graph.FallbackNode` after them runs ``main`` natively (guarded
by the decisions made before it). When the obstacle is inside a ``while`` loop (or a
loop whose exit depends on run outputs) the cut is at the loop's start.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.exceptions import TraceError
from motoko_airflow.trace import unread
from motoko_airflow.trace.raises import Raised
from motoko_airflow.trace.state import Decision, Recorded, Recorder, Untraceable, loop_statement

__all__ = ["MAX_GUARDED_PATHS", "MAX_PATHS", "Path_", "TooManyPaths", "explore", "merge"]

MAX_PATHS = 256
#: at most this many paths when loops are unrolled into guarded iterations (each
#: iteration's test adds paths, and those of several loops multiply): beyond, the trace
#: is made again with those loops running natively
MAX_GUARDED_PATHS = 128
FALLBACK_ID = "orchestrator"


class TooManyPaths(TraceError):
    """``main`` has more than :data:`MAX_PATHS` paths."""


@dataclass
class Path_:
    """One run of ``main``: its decisions and what it recorded."""

    recorder: Recorder
    decisions: list[Decision]
    recorded: list[Recorded]
    edges: list[g.Edge]

    @property
    def outcomes(self) -> tuple[bool, ...]:
        return tuple(d.outcome for d in self.decisions)


def _starts_with(outcomes: tuple[bool, ...], prefix: tuple[bool, ...]) -> bool:
    return outcomes[:len(prefix)] == prefix


def _inside(lines: tuple[tuple[str, int], ...], file: str, span: tuple[int, int]) -> bool:
    return any(f == file and span[0] <= n <= span[1] for f, n in lines)


def _cut(rec: Recorder, obstacle: Untraceable) -> tuple[int, int, str]:
    """(nodes kept, decisions kept, reason) for a path stopped by an obstacle."""
    file = obstacle.filename or rec.file
    message = str(obstacle).split(": ", 1)[-1] if obstacle.lineno else str(obstacle)
    if obstacle.block_refused is not None and "as a block of main's" not in message:
        message += ("; it does not run at run time as a block of main's statements "
                    f"either: {obstacle.block_refused}")
    if obstacle.segment_refused is not None and "as a segment either" not in message:
        message += ("; it does not run as a segment (one task, the steps after it "
                    f"compiled) either: {obstacle.segment_refused}")
    span = loop_statement(file, obstacle.lineno, only_while=not obstacle.loop)
    # what the path had recorded when the obstacle was raised (main may have gone on)
    recorded = rec.recorded[:obstacle.recorded_at] if obstacle.recorded_at is not None \
        else rec.recorded
    decisions = rec.decisions[:obstacle.decided_at] if obstacle.decided_at is not None \
        else rec.decisions
    open_loops = obstacle.open_loops if obstacle.open_loops is not None else [
        lp for lp in rec.open_loops if lp.open and lp.frame is not None]
    # inside a loop over a traced list (traced once, its steps made for every item at
    # once): that whole loop runs natively, a while inside it too. Natively, the rest of
    # the loop's body runs item by item, and where it stops (an exception, a wait that
    # never ends) the next items' steps are not made: none of the loop's steps is kept
    outer = next((lp for lp in open_loops
                  if lp.frame is not None and lp.frame.f_code.co_filename == file
                  or lp.site is not None and lp.site[0].startswith(file + ":")), None)
    if outer is not None:
        around = loop_statement(file, outer.lineno)
        if around is not None and (span is None or around[0] <= span[0]):
            span = around
    if open_loops:  # the loops of the workflow's other files too
        recorded = recorded[:min(lp.recorded_at for lp in open_loops)]
        decisions = decisions[:min(lp.decided_at for lp in open_loops)]
    name = Path(file).name
    if span is None:
        reason = (f"{name}:{obstacle.lineno}: {message}; main runs from here on as one "
                  "task with Motoko's loop")
        return len(recorded), len(decisions), reason
    keep = next((i for i, r in enumerate(recorded) if _inside(r.lines, file, span)),
                len(recorded))
    cut = next((i for i, d in enumerate(decisions) if _inside(d.lines, file, span)),
               len(decisions))
    # one cut point in the path's own order: the loop's first node or first decision,
    # whichever came first (in a loop unrolled around it, nodes of later iterations
    # follow a decision inside it, and would be kept without their guards)
    if cut < len(decisions):
        keep = min(keep, decisions[cut].recorded)
    if keep < len(recorded):
        cut = min(cut, recorded[keep].decided)
    # a segment refused names the line that stopped the loop already
    where = "" if obstacle.segment_failed is not None and message.startswith("line ") \
        else f"line {obstacle.lineno}: "
    reason = (f"{name}:{span[0]}: the loop of lines {span[0]}-{span[1]} runs as one task "
              f"with Motoko's loop, as does the rest of main: {where}{message}")
    return keep, cut, reason


def explore(run: Callable[[list[bool]], tuple[Recorder, Untraceable | None]],
            guarded_limit: int | None = None) -> list[Path_]:
    """Every path of ``main``: ``run(forced)`` runs it with decisions forced. With
    ``guarded_limit``, more paths than that, some of them through guarded iterations,
    raise :class:`TooManyPaths`."""
    paths: list[Path_] = []
    todo: list[list[bool]] = [[]]
    native: list[tuple[bool, ...]] = []  # decision prefixes that run natively
    while todo:
        forced = todo.pop()
        if any(_starts_with(tuple(forced), p) for p in native):
            continue
        rec, obstacle = run(forced)
        decisions, recorded = list(rec.decisions), list(rec.recorded)
        edges = list(rec.edges)
        if obstacle is not None and not isinstance(obstacle, Raised):
            keep, cut, reason = _cut(rec, obstacle)
            decisions, recorded = decisions[:cut], recorded[:keep]
            kept = {r.node.id for r in recorded}
            edges = [e for e in edges if e.source in kept and e.target in kept]
            prefix = tuple(d.outcome for d in decisions)
            native.append(prefix)
            paths = [p for p in paths if not _starts_with(p.outcomes, prefix)]
            successors = {e.source for e in edges}
            statement = obstacle.statement
            if statement is not None:
                reason += (f"{_STATEMENT_ONLY} of lines {statement[0]}-{statement[1]} "
                           "makes runs: the task runs the rest of that statement only (a "
                           "segment of it)")
            fallback = g.FallbackNode(FALLBACK_ID, reason, partial=True,
                                      lineno=obstacle.lineno, statement=statement)
            edges += [g.Edge(r.node.id, FALLBACK_ID, "order") for r in recorded
                      if r.node.id not in successors]
            recorded.append(Recorded(fallback, (("fallback", 0, ()),), 1))
        paths.append(Path_(rec, decisions, recorded, edges))
        for i in reversed(range(len(forced), len(decisions))):
            todo.append([d.outcome for d in decisions[:i]] + [not decisions[i].outcome])
        if guarded_limit is not None and len(paths) > guarded_limit and any(
                d.iteration for p in paths for d in p.decisions):
            raise TooManyPaths(f"more than {guarded_limit} paths through guarded "
                               "iterations", filename=rec.file, lineno=1)
        if len(paths) > MAX_PATHS:
            line, file, in_main = _busiest_decision(paths, rec.file)
            raise TooManyPaths(
                f"main has more than {MAX_PATHS} paths through its decisions on traced "
                f"values (the test at {os.path.basename(file)}:{line} is made most often); "
                "a DAG holds every path, so keep branches few, or decide inside an "
                "action (workflow.add_action)", filename=rec.file, lineno=in_main)
    # a path run before a shorter prefix of it was found to run natively (its run was
    # not forced that far) belongs to that fallback
    natively = set(native)
    return [p for p in paths if not _under(p.outcomes, natively)]


def _busiest_decision(paths: list[Path_], main_file: str) -> tuple[int, str, int]:
    """Where the paths multiply: the line and file of the test made most often over
    the paths (a recursion's, a loop's), and the line in main's own file whose call
    led there (the same line when the test is main's). Line 1 when none is known."""
    tests: Counter[tuple[int, str]] = Counter()
    calls: Counter[int] = Counter()
    for p in paths:
        for d in p.decisions:
            lines = d.lines
            if not lines and d.lineno:
                lines = ((main_file, d.lineno),)
            if not lines:
                continue
            tests[(lines[0][1], lines[0][0])] += 1  # the test's own frame comes first
            calls.update(next(([line] for file, line in lines if file == main_file), []))
    if not tests:
        return 1, main_file, 1
    line, file = max(tests, key=lambda k: (tests[k], -k[0]))
    return line, file, line if file == main_file else (
        max(calls, key=lambda k: (calls[k], -k)) if calls else 1)


def _under(outcomes: tuple[bool, ...], prefixes: set[tuple[bool, ...]]) -> bool:
    """Whether a proper prefix of ``outcomes`` is one of ``prefixes``."""
    return any(outcomes[:k] in prefixes for k in range(len(outcomes)))


# ---------------------------------------------------------------- merging


def _split(paths: list[int], all_paths: list[Path_]) -> tuple[Decision, list[int], list[int]]:
    """The first decision on which these paths differ, and the paths on each side."""
    outcomes = [all_paths[i].outcomes for i in paths]
    k = 0
    while len({o[k] if k < len(o) else None for o in outcomes}) == 1:
        k += 1
    decision = next(all_paths[i].decisions[k] for i in paths
                    if k < len(all_paths[i].decisions))
    yes = [i for i in paths if k < len(all_paths[i].outcomes) and all_paths[i].outcomes[k]]
    no = [i for i in paths if i not in yes]
    return decision, yes, no


def _not(e: g.Expr) -> g.Expr:
    if isinstance(e, g.UnaryOp) and e.op == "not":
        return e.operand
    return g.UnaryOp("not", e)


_TRUE, _FALSE = g.Const(True), g.Const(False)


def _run_free_first(guard: g.Expr) -> g.Expr:
    """``guard`` with the tests of its conjunction that read no run first: a test of
    params decides whether the path was taken at all, and the tests reading runs may
    read steps of that path only (skipped, with no runs, on the others), as Python
    evaluates the same tests in main only on that path. The same truth value, never an
    error more."""
    parts = g.conjuncts(guard)
    free = [p for p in parts if not any(isinstance(e, (g.Runs, g.Item, g.Invoke))
                                        for e in g.walk(p))]
    if not free or len(free) == len(parts):
        return guard
    return g.conjunction(free + [p for p in parts if all(p is not f for f in free)])


def _either(test: g.Expr, a: g.Expr, b: g.Expr) -> g.Expr:
    """``a if test else b``, for truth values, simplified."""
    if a == b:
        return a
    if a == _TRUE and b == _FALSE:
        return test
    if a == _FALSE and b == _TRUE:
        return _not(test)
    if b == _FALSE:
        return g.BinOp("and", test, a)
    if a == _FALSE:
        return g.BinOp("and", _not(test), b)
    if a == _TRUE:
        return g.BinOp("or", test, b)
    if b == _TRUE:
        return g.BinOp("or", _not(test), a)
    return g.Cond(test, a, b)


#: what a fallback's reason adds when it runs one statement of main only (taken off
#: again where paths cut in different statements merge)
_STATEMENT_ONLY = "; nothing after main's statement"


class LoopTestError(TraceError):
    """Paths that differ on a test of a loop item and cannot be merged after the loop,
    or on any test that decides what a later createTask loops over: traced again with
    that test as the fallback point (``Recorder.cut_sites``)."""

    def __init__(self, message: str, decision: Decision, filename: str) -> None:
        super().__init__(message, filename=filename, lineno=decision.lineno)
        self.site = decision.site

    def saying(self, message: str) -> LoopTestError:
        """The same fallback point, for another reason."""
        other = LoopTestError.__new__(LoopTestError)
        TraceError.__init__(other, message, filename=self.filename, lineno=self.lineno)
        other.site = self.site
        return other


class _Merger:
    def __init__(self, paths: list[Path_], file: str) -> None:
        self.paths = paths
        self.file = file
        self.present: list[set[str]] = [set() for _ in paths]  # merged ids per path
        self.loops: dict[str, set[Any]] = {}  # merged id -> the loops it is mapped over
        self.inputs: dict[str, set[str]] = {}  # merged id -> the nodes it reads
        self._loops: dict[Any, Any] = {}  # loop instance -> its Loop (the first path's)

    def error(self, message: str, decision: Decision) -> TraceError:
        if decision.loop_site is not None:
            return LoopTestError(message, decision, self.file)
        return TraceError(message, filename=self.file, lineno=decision.lineno)

    def tree(self, present: list[int], values: dict[int, g.Expr], scope: set[str],
             subset: list[int] | None = None, boolean: bool = False,
             reads: set[str] | None = None) -> g.Expr:
        """Merge one value over the paths (``values`` for the paths in ``present``;
        with ``boolean``, whether a path has the node at all; ``reads``: the nodes it
        reads)."""
        subset = list(range(len(self.paths))) if subset is None else subset
        if boolean:
            distinct = {i in values for i in subset}
            if len(distinct) == 1:
                return _TRUE if distinct.pop() else _FALSE
        else:
            distinct_values = {values[i] for i in subset}
            if len(distinct_values) == 1:
                value = distinct_values.pop()
                self.not_ambiguous(value, subset)
                return value
        decision, yes, no = _split(subset, self.paths)
        a = self.tree(present, values, scope, yes, boolean, reads)
        b = self.tree(present, values, scope, no, boolean, reads)
        if a == b:
            if not boolean:
                self.not_ambiguous(a, subset)
            return a
        if decision.loop_site is None or decision.loop_site in scope:
            return _either(decision.expr, a, b) if boolean else (
                a if a == b else g.Cond(decision.expr, a, b))
        if boolean and reads is not None:
            # a step reading the runs of tasks made in the loop, under the decision:
            # where those tasks do not exist, the step has nothing to read (a map over
            # no runs), so it exists wherever it exists on the other side
            if b == _FALSE and self.made_in_loop(decision, reads, no):
                return a
            if a == _FALSE and self.made_in_loop(decision, reads, yes):
                return b
        if boolean:
            presence = None if self.var_reused(decision) else _filtered_by(decision, a, b)
            if presence is not None:
                return presence
            raise self.error(
                "whether this step happens depends on a test of a loop item "
                f"({decision.expr}) made inside that loop, but the step comes after the "
                "loop; filter the items with a list comprehension ([... for run, job in "
                "runs if ...]) and use that list", decision)
        return self.filtered(decision, a, b, yes, no)

    def own_test(self, present: set[int], own: dict[int, g.Expr], scope: set[Any],
                 subset: list[int] | None = None) -> g.Expr:
        """A step's own guards (``own``, on the paths ``present`` having it) merged into
        one test evaluated on every path: True where the step is absent (its presence
        guard, after it, is False there). It splits on the decisions in each path's own
        order, so it tests a decision only where main made it: merged over the paths
        having the step only, it would skip a decision those paths agree on and test one
        made only under it, reading the runs of a step skipped on the other paths."""
        subset = list(range(len(self.paths))) if subset is None else subset
        if len({own[i] if i in present else _TRUE for i in subset}) == 1:
            return own[subset[0]] if subset[0] in present else _TRUE
        decision, yes, no = _split(subset, self.paths)
        if decision.loop_site is not None and decision.loop_site not in scope:
            # a test of an item of a loop the step is not mapped over: not evaluable
            # here; no test where one side has no step (as its presence guard) or both
            # sides test the same
            if not present & set(yes):
                return self.own_test(present, own, scope, no)
            if not present & set(no):
                return self.own_test(present, own, scope, yes)
            a = self.own_test(present, own, scope, yes)
            if a == self.own_test(present, own, scope, no):
                return a
            having = sorted(present & set(subset))
            return self.tree(having, own, scope, having)
        return _either(decision.expr, self.own_test(present, own, scope, yes),
                       self.own_test(present, own, scope, no))

    def var_reused(self, decision: Decision) -> bool:
        """Whether another loop of the code has the decision's loop variable and goes
        over the same list: the lists they build would look alike (``Collect`` names its
        loop by its variable and what it goes over)."""
        loops = [lp for p in self.paths for lp in p.recorder.all_loops]
        overs = [lp.over for lp in loops if lp.instance == decision.loop_site]
        return not overs or any(
            lp.var == decision.loop and lp.instance != decision.loop_site
            and lp.over in overs for lp in loops)

    def fills_several(self, decision: Decision) -> bool:
        """Whether the loop of a test of its item may fill two or more containers on some
        items only (:func:`.instrument.loop_fills_several`): the fan-ins of two lists it
        fills in different branches look alike (on each path one
        holds the loop's element and the other none), so a fan-in of that loop seen on
        both sides of the test may be two lists, not one (``list(valid) +
        list(missing)``: natively all of the first's elements, then the second's)."""
        from motoko_airflow.trace.instrument import loop_fills_several

        lp = self._loop_of(decision)
        if lp is None or lp.site is None:
            return True  # (not found: as if it did)
        return loop_fills_several(lp.site[0].rsplit(":", 2)[0], lp.lineno)

    def _loop_of(self, decision: Decision) -> Any:
        if not self._loops:
            for p in reversed(self.paths):
                self._loops.update((lp.instance, lp) for lp in reversed(p.recorder.all_loops))
        return self._loops.get(decision.loop_site)

    def _holds_fan_in_of(self, value: g.Expr, decision: Decision) -> bool:
        """Whether ``value`` holds a fan-in that may be of the decision's loop (its
        variable, over what it goes over)."""
        lp = self._loop_of(decision)
        return any(isinstance(e, g.Collect) and e.loop == decision.loop and (
            lp is None or e.over == lp.over) for e in g.walk(value))

    def _several(self, decision: Decision) -> TraceError:
        return self.error(
            "a list built in a loop whose item is tested inside it is used after the "
            f"loop ({decision.expr}), but that loop fills several lists, and which one "
            "this value comes from is not known on both sides of the test; build it with "
            "a list comprehension with a condition ([run.y for run, job in runs if ...])",
            decision)

    def not_ambiguous(self, value: g.Expr, subset: list[int]) -> None:
        """Refuse a value the same on both sides of tests of loop items when it holds a
        fan-in of such a loop that fills several lists (see :meth:`fills_several`)."""
        if len(subset) < 2:
            return
        if not any(isinstance(e, g.Collect) for e in g.walk(value)):
            return
        decision, yes, no = _split(subset, self.paths)
        if decision.loop_site is not None and self._holds_fan_in_of(value, decision) and \
                self.fills_several(decision):
            raise self._several(decision)
        self.not_ambiguous(value, yes)
        self.not_ambiguous(value, no)

    def made_in_loop(self, decision: Decision, value: g.Expr | set[str],
                     absent: list[int]) -> bool:
        """Whether ``value`` reads runs of tasks made only where the decision holds,
        inside its loop: where it does not, those tasks have no runs, so ``value``
        computed from their (empty) runs is what those paths computed."""
        nodes = value if isinstance(value, set) else g.expr_nodes(value)
        derived = {n for n, loops in self.loops.items() if decision.loop_site in loops}
        grew = True
        while grew:  # and the tasks reading them, transitively
            more = {n for n, reads in self.inputs.items() if reads & derived} - derived
            derived |= more
            grew = bool(more)
        made = nodes & derived
        if not isinstance(value, set) and decision.loop is not None and any(
                isinstance(e, g.Runs) and e.node in made and decision.loop in e.scope
                for e in g.walk(value)):
            # it reads them per item (an element collected over the loop): for an item
            # where they were not made, that item's runs are none, and the element is
            # another value (or an error), not one element fewer
            return False
        return bool(made) and all(not (made & self.present[i]) for i in absent)

    def filtered(self, decision: Decision, a: g.Expr, b: g.Expr, yes: list[int],
                 no: list[int]) -> g.Expr:
        """Merge values built after a loop whose items were tested inside it."""
        var = decision.loop
        if a == b:
            if self._holds_fan_in_of(a, decision) and self.fills_several(decision):
                raise self._several(decision)
            return a
        if self.made_in_loop(decision, a, no):
            return a
        if self.made_in_loop(decision, b, yes):
            return b
        if isinstance(a, g.Collect) and isinstance(b, g.Collect) and a.loop == b.loop == var \
                and a.over == b.over:
            if self.fills_several(decision):
                raise self._several(decision)
            element = a.element if a.element == b.element else g.Cond(decision.expr,
                                                                       a.element, b.element)
            where = _either(decision.expr, a.where or _TRUE, b.where or _TRUE)
            return g.Collect(a.loop, a.over, element, None if where == _TRUE else where)
        empty = g.ListExpr(())
        if isinstance(a, g.Collect) and a.loop == var and b == empty:
            where = _either(decision.expr, a.where or _TRUE, _FALSE)
            return replace(a, where=where)
        if isinstance(b, g.Collect) and b.loop == var and a == empty:
            where = _either(decision.expr, _FALSE, b.where or _TRUE)
            return replace(b, where=where)
        if isinstance(a, g.Call) and isinstance(b, g.Call) and a.function == b.function \
                and len(a.args) == len(b.args):  # len(...) of a filtered fan-in, say
            return g.Call(a.function, tuple(self.filtered(decision, x, y, yes, no)
                                            for x, y in zip(a.args, b.args, strict=True)))
        if isinstance(a, g.BinOp) and isinstance(b, g.BinOp) and a.op == b.op == "+":
            return g.BinOp("+", self.filtered(decision, a.left, b.left, yes, no),
                           self.filtered(decision, a.right, b.right, yes, no))
        if isinstance(a, g.BinOp) and a.op == "+" and a.left == b:
            return g.BinOp("+", b, self.filtered(decision, a.right, empty, yes, no))
        if isinstance(b, g.BinOp) and b.op == "+" and b.left == a:
            return g.BinOp("+", a, self.filtered(decision, empty, b.right, yes, no))
        merged = _merged_parts(a, b, lambda x, y: self.filtered(decision, x, y, yes, no))
        if merged is not None:  # len(...) * 10, dict([[k, v] for ... if ...]), ...
            return merged
        raise self.error(
            f"a value set inside a loop depending on a test of its item ({decision.expr}) "
            "is used after the loop; build it with a list comprehension with a condition "
            "([run.y for run, job in runs if ...])", decision)


def _filtered_by(decision: Decision, a: g.Expr, b: g.Expr) -> g.Expr | None:
    """Whether a step exists after a loop whose items were tested inside it (``a`` where
    the test held, ``b`` where not), when it depends on the items only through the lists
    the loop built: ``len([r for r, j in runs if r.y > t]) >= 2``. On the side where
    the item passed, such a list is the loop's collection of all items; with the test as
    its filter it is right for any items. That is the merge, provided the other side is
    what the same expression gives for an empty list (no item passed)."""
    var = decision.loop

    def over_var(e: g.Expr) -> bool:
        return isinstance(e, g.Collect) and e.loop == var

    for side, other, test in ((a, b, decision.expr), (b, a, _not(decision.expr))):
        if not any(map(over_var, g.walk(side))) or any(map(over_var, g.walk(other))):
            continue
        emptied = g.map_expr(side, lambda e: g.ListExpr(()) if over_var(e) else e)
        if emptied != other and not _same_truth(emptied, other):
            continue
        return g.map_expr(side, lambda e, test=test: replace(  # type: ignore[misc]
            e, where=_either(test, e.where or _TRUE, _FALSE)) if over_var(e) else e)
    return None


def _same_truth(x: g.Expr, constant: g.Expr) -> bool:
    """Whether ``x``, known now (no param, run or item in it), has the truth value of
    ``constant`` (True or False)."""
    if constant not in (_TRUE, _FALSE) or any(
            isinstance(e, (g.Item, g.Param, g.Runs)) for e in g.walk(x)):
        return False
    from motoko_airflow.execution import evaluate

    try:
        return bool(evaluate(x, {}, {}, plain=False)) == (constant == _TRUE)
    except Exception:  # noqa: BLE001 - not known now: no merge, the caller refuses
        return False


def _merged_parts(a: g.Expr, b: g.Expr, merge: Any) -> g.Expr | None:
    """``a`` and ``b`` of the same shape (same kind, same operator or callee, as many
    parts) merged part by part with ``merge``; None when their shapes differ."""
    if type(a) is not type(b) or isinstance(a, (g.Collect, g.Const, g.Param, g.Runs,
                                                g.Item, g.Function)):
        return None
    changes: dict[str, Any] = {}
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in g._EXPR_FIELDS and x is not None and y is not None:
            changes[f.name] = merge(x, y)
        elif f.name in g._EXPRS_FIELDS:
            if len(x) != len(y):
                return None
            changes[f.name] = tuple(merge(p, q) for p, q in zip(x, y, strict=True))
        elif x != y:
            return None
    return replace(a, **changes)


def _base(node: g.Node) -> str:
    if isinstance(node, g.CreateTaskNode):
        return node.task_manager
    if isinstance(node, g.SensorNode):
        return "wait_" + "_".join(dict.fromkeys(c.task_manager for c in node.conditions))
    if isinstance(node, g.ActionNode):
        return f"action_{node.event_name}"
    if isinstance(node, g.RaiseNode):
        return "raise"
    if isinstance(node, g.SegmentNode):
        return "segment"
    if isinstance(node, g.WriteNode):
        stem = re.sub(r"[^A-Za-z0-9_]", "_", node.path.replace("\\", "/").rpartition("/")[2])
        return f"write_{stem}"
    return FALLBACK_ID


def _key(r: Recorded) -> tuple[Any, ...]:
    """What makes a node the same node on several paths: where it was made, how many
    times, and what it is (``getattr(workflow, "a" if c else "b").createTask(...)``
    makes two nodes at one place)."""
    what: tuple[Any, ...] = ()
    if isinstance(r.node, g.CreateTaskNode):
        what = (r.node.task_manager, r.node.event_name)
    elif isinstance(r.node, g.SensorNode):
        what = (r.node.conditions,)
    elif isinstance(r.node, g.RaiseNode):
        what = (r.node.error,)
    elif isinstance(r.node, g.WriteNode):
        what = (r.node.path, r.node.options)
    return (r.node.kind, r.site, r.occurrence, what)


def _rename(expr: g.Expr, names: dict[str, str]) -> g.Expr:
    def fn(e: g.Expr) -> g.Expr:
        return g.Runs(names[e.node], e.scope) if isinstance(e, g.Runs) else e

    return g.map_expr(expr, fn)


def _rename_known(expr: g.Expr, names: dict[str, str]) -> g.Expr:
    def fn(e: g.Expr) -> g.Expr:
        return g.Runs(names.get(e.node, e.node), e.scope) if isinstance(e, g.Runs) else e

    return g.map_expr(expr, fn)


def _renamed(node: g.Node, names: dict[str, str], new_id: str) -> g.Node:
    if isinstance(node, g.CreateTaskNode):
        return replace(
            node, id=new_id,
            job_params=tuple((k, _rename(e, names)) for k, e in node.job_params),
            run_params=None if node.run_params is None else tuple(
                (k, _rename(e, names)) for k, e in node.run_params),
            foreach=tuple(g.Loop(lp.var, _rename(lp.over, names)) for lp in node.foreach))
    if isinstance(node, g.RaiseNode):
        return replace(node, id=new_id, message=_rename(node.message, names))
    if isinstance(node, g.WriteNode):
        return replace(node, id=new_id, operations=tuple(
            replace(w, args=tuple(_rename(a, names) for a in w.args))
            for w in node.operations))
    return replace(node, id=new_id)


def _order(keys: list[Any], edges: set[tuple[Any, Any]]) -> list[Any]:
    """Keys in a topological order, ties broken by first appearance."""
    position = {k: i for i, k in enumerate(keys)}
    incoming = {k: {s for s, t in edges if t == k and s != k} for k in keys}
    out: list[Any] = []
    done: set[Any] = set()
    while len(out) < len(keys):
        ready = [k for k in keys if k not in done and incoming[k] <= done]
        if not ready:
            raise TraceError("the paths of main order its steps differently (a cycle); "
                             "keep the order of steps the same on every branch")
        first = min(ready, key=position.__getitem__)
        out.append(first)
        done.add(first)
    return out


def merge(paths: list[Path_], file: str) -> tuple[list[g.Node], list[g.Edge]]:
    """One list of nodes (topologically ordered) and edges holding every path."""
    merger = _Merger(paths, file)
    keys: list[Any] = []
    versions: dict[Any, dict[int, g.Node]] = {}
    guards: dict[Any, dict[int, g.Expr | None]] = {}  # own guards (.joins), per path
    checks: dict[Any, dict[int, tuple[g.Expr, ...]]] = {}  # values no step read (.unread)
    loop_sites: dict[Any, set[Any]] = {}
    local: list[dict[str, Any]] = []  # per path: local node id -> key
    for i, path in enumerate(paths):
        names = {}
        for r in path.recorded:
            key = _key(r)
            if key not in versions:
                keys.append(key)
                versions[key] = {}
            versions[key][i] = r.node
            guards.setdefault(key, {})[i] = r.guard
            checks.setdefault(key, {})[i] = r.checks
            # the passes over loops it is mapped over on every path having it: where
            # paths number a loop's passes differently (one path opened it once more
            # before), none, and a test of its item is one of a loop that has ended
            loop_sites[key] = loop_sites[key] & set(r.loop_sites) if key in loop_sites \
                else set(r.loop_sites)
            names[r.node.id] = key
        local.append(names)
    key_edges = {(local[i][e.source], local[i][e.target])
                 for i, p in enumerate(paths) for e in p.edges}
    ordered = _order(keys, key_edges)
    ids: dict[Any, str] = {}
    taken: set[str] = set()
    for key in ordered:
        base = _base(next(iter(versions[key].values())))
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        ids[key] = candidate
    for i, names in enumerate(local):
        merger.present[i] = {ids[key] for key in names.values()}
        # a decision reads the runs of nodes by their id in its own path; two paths may
        # number a task manager's nodes differently (a loop left after one iteration in
        # one, after two in the other): read them by their merged ids
        renames = {local_id: ids[key] for local_id, key in names.items()
                   if local_id != ids[key]}
        if renames:
            paths[i] = replace(paths[i], decisions=[
                replace(d, expr=_rename_known(d.expr, renames)) for d in paths[i].decisions])
    merged_ids = [{k: ids[v] for k, v in names.items()} for names in local]
    renamed_versions = {
        key: {i: _renamed(node, merged_ids[i], ids[key]) for i, node in versions[key].items()}
        for key in ordered}
    for key in ordered:
        merger.loops[ids[key]] = loop_sites[key]
        merger.inputs[ids[key]] = set().union(
            *(g.node_inputs(n) for n in renamed_versions[key].values()))
    nodes: list[g.Node] = []
    for key in ordered:
        own = {i: None if e is None else _rename_known(
            e, {k: ids[v] for k, v in local[i].items()}) for i, e in guards[key].items()}
        mine = {i: tuple(_rename_known(e, {k: ids[v] for k, v in local[i].items()})
                         for e in c) for i, c in checks[key].items()}
        nodes.append(_merge_node(merger, renamed_versions[key], loop_sites[key], own,
                                 mine))
    edges: list[g.Edge] = []
    for node in nodes:
        for source in sorted(g.node_inputs(node)):
            edges.append(g.Edge(source, node.id, "data"))
    data = {(e.source, e.target) for e in edges}
    position = {n.id: i for i, n in enumerate(nodes)}
    order = sorted({(ids[s], ids[t]) for s, t in key_edges if s != t} - data,
                   key=lambda st: (position[st[1]], position[st[0]]))
    edges += [g.Edge(s, t, "order") for s, t in order]
    # a guard merged from several paths may read the runs of a node first made later
    # in another path: the list is put in an order every edge agrees with
    nodes = _topological(nodes, edges, file)
    position = {n.id: i for i, n in enumerate(nodes)}
    edges.sort(key=lambda e: (position[e.target], position[e.source], e.kind))
    return nodes, edges


def _topological(nodes: list[g.Node], edges: list[g.Edge], file: str) -> list[g.Node]:
    """``nodes`` reordered so that every edge's source comes before its target, keeping
    their order wherever the edges allow it."""
    before: dict[str, set[str]] = {n.id: set() for n in nodes}
    for e in edges:
        before[e.target].add(e.source)
    placed: set[str] = set()
    out: list[g.Node] = []
    waiting = list(nodes)
    while waiting:
        ready = next((n for n in waiting if before[n.id] <= placed), None)
        if ready is None:
            raise TraceError(
                "the paths of main depend on each other in a cycle "
                f"({', '.join(n.id for n in waiting)}): this orchestrator cannot be merged "
                "into one DAG", filename=file, lineno=1)
        waiting.remove(ready)
        placed.add(ready.id)
        out.append(ready)
    return out


def _merge_node(merger: _Merger, versions: dict[int, g.Node], scope: set[Any],
                own: dict[int, g.Expr | None],
                checks: dict[int, tuple[g.Expr, ...]] | None = None) -> g.Node:
    first = next(iter(versions.values()))
    present = sorted(versions)
    reads: set[str] = set()
    for node in versions.values():
        reads |= g.node_inputs(node)
    guard = merger.tree(present, {i: _TRUE for i in present}, scope, boolean=True,
                        reads=reads)
    mine = {i: own.get(i) or _TRUE for i in present}
    if any(e != _TRUE for e in mine.values()):
        # made in a branch merged at its join (.joins): its own guard comes first (the
        # decisions made inside that branch may read the runs of steps made there). It
        # is evaluated on every path, so it is merged over all of them (True where the
        # step is absent: the guard after it decides there): merged over the paths
        # having the step only, it would skip a decision those paths agree on and test
        # one made only under it, reading a step skipped on the other paths
        test = merger.own_test(set(present), mine, scope)
        guard = test if guard == _TRUE else g.BinOp("and", test, guard)
    when = None if guard == _TRUE else _run_free_first(guard)
    if isinstance(first, g.ActionNode):
        return first
    node = _merged_node(merger, versions, present, scope, first, when)
    if isinstance(node, g.ActionNode):  # pragma: no cover - returned above
        return node
    # values main computed before this step and no step read: evaluated after the guard
    # holds, so that their errors stop the DAG run where they stop main (.unread)
    items = frozenset(lp.var for lp in node.foreach) if isinstance(
        node, g.CreateTaskNode) else frozenset()
    return replace(node, when=unread.merged(  # type: ignore[arg-type]
        merger, present, scope, checks or {}, node.when, unread.reads(node), items))


def _shape(node: g.CreateTaskNode) -> tuple[Any, ...]:
    """What paths must agree on to merge their versions of one createTask."""
    return (tuple(lp.var for lp in node.foreach), tuple(k for k, _ in node.job_params),
            node.run_params is None)


def _write_shape(node: g.WriteNode) -> tuple[Any, ...]:
    """What paths must agree on to merge their versions of one file written."""
    return tuple((w.how, len(w.args), w.keywords) for w in node.operations)


def _shaping_decision(paths: list[Path_], shapes: dict[int, tuple[Any, ...]],
                      subset: list[int]) -> Decision:
    """The innermost decision of ``paths`` that splits ``subset`` (paths whose versions
    of one createTask have two or more :func:`_shape` s: ``shapes``) by shape."""
    decision, yes, no = _split(subset, paths)
    for side in (yes, no):
        if len({shapes[i] for i in side}) > 1:
            return _shaping_decision(paths, shapes, side)
    return decision


def _merged_node(merger: _Merger, versions: dict[int, g.Node], present: list[int],
                 scope: set[Any], first: g.Node, when: g.Expr | None) -> g.Node:
    if isinstance(first, g.CreateTaskNode):
        shapes = {i: _shape(n) for i, n in versions.items()
                  if isinstance(n, g.CreateTaskNode)}
        if len(set(shapes.values())) > 1:
            # traced again with the test that decides the shape as the fallback point
            raise LoopTestError(
                "this createTask loops over different lists, or gets different parameter "
                "names, on different branches of main; call createTask once per branch",
                _shaping_decision(merger.paths, shapes, present), merger.file)

        def merged(pairs: dict[int, tuple[tuple[str, g.Expr], ...]]
                   ) -> tuple[tuple[str, g.Expr], ...]:
            names = [k for k, _ in next(iter(pairs.values()))]
            return tuple((name, merger.tree(present, {i: dict(p)[name] for i, p in
                                                      pairs.items()}, scope, present))
                         for name in names)

        job = merged({i: n.job_params for i, n in versions.items()
                      if isinstance(n, g.CreateTaskNode)})
        run = None
        if first.run_params is not None:
            run = merged({i: n.run_params or () for i, n in versions.items()
                          if isinstance(n, g.CreateTaskNode)})
        foreach = tuple(
            g.Loop(loop.var, merger.tree(present, {i: n.foreach[k].over for i, n in
                                                   versions.items()
                                                   if isinstance(n, g.CreateTaskNode)},
                                         scope, present))
            for k, loop in enumerate(first.foreach))
        return replace(first, job_params=job, run_params=run, foreach=foreach, when=when)
    if isinstance(first, g.SensorNode):
        if len({n.conditions for n in versions.values() if isinstance(n, g.SensorNode)}) > 1:
            raise TraceError("this select() waits on different constraints on different "
                             "branches of main; call it once per branch",
                             filename=merger.file, lineno=first.lineno)
        return replace(first, when=when)
    if isinstance(first, g.RaiseNode):
        message = merger.tree(present, {i: n.message for i, n in versions.items()
                                        if isinstance(n, g.RaiseNode)}, scope, present)
        return replace(first, message=message, when=when)
    if isinstance(first, g.WriteNode):
        shapes = {i: _write_shape(n) for i, n in versions.items()
                  if isinstance(n, g.WriteNode)}
        if len(set(shapes.values())) > 1:
            raise LoopTestError(
                "main writes this file with other calls on different branches; write it "
                "once per branch", _shaping_decision(merger.paths, shapes, present),
                merger.file)
        operations = tuple(
            replace(w, args=tuple(
                merger.tree(present, {i: n.operations[k].args[j]
                                      for i, n in versions.items()
                                      if isinstance(n, g.WriteNode)}, scope, present)
                for j in range(len(w.args))))
            for k, w in enumerate(first.operations))
        return replace(first, operations=operations, when=when)
    if isinstance(first, g.FallbackNode) and len(
            {n.statement for n in versions.values() if isinstance(n, g.FallbackNode)}) > 1:
        # cut in different statements on different paths: not one statement's task
        return replace(first, when=when, statement=None,
                       reason=first.reason.split(_STATEMENT_ONLY)[0])
    return replace(first, when=when)  # type: ignore[arg-type]
