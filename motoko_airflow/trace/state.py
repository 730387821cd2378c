"""What one symbolic run of ``main`` (one *path*) records.

A :class:`Recorder` is the tracer's state during one run of ``main`` with every
decision forced one way: the nodes and edges recorded so far (with node ids local to
this path), the frontier (what the next node must come after), the loops open now,
the decisions taken on traced values, and the string markers of formatted values.
:mod:`.paths` runs ``main`` once per combination of decisions and merges the
recorders into one graph.

Errors: :class:`Untraceable` is raised where ``main`` does something that only its
native loop can do (a wait on something else than a task, ``workflow.vars``, a loop
whose exit depends on outputs, anything the tracer cannot show equivalent to ``main``):
:mod:`.paths` compiles what came before and runs the rest natively (partial fallback).
It derives from ``BaseException``, so that no ``except Exception:`` of the orchestrator
swallows it; and every signal raised while a path runs is also kept
(:func:`signals`), so that one swallowed anyway (``except BaseException:``, a bare
``except:``) still stops that path where it was raised. Any other :class:`TraceError`
is a mistake in the orchestrator, reported as it is.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
import types
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.config import WorkflowConfig
from motoko_airflow.exceptions import ConfigError, TraceError
from motoko_airflow.trace import concurrent

__all__ = ["Decision", "Recorder", "Untraceable", "activate", "active", "exit_test",
           "loop_statement", "signals"]

PACKAGE_DIR = str(Path(__file__).resolve().parents[1])  # motoko_airflow/
# at most this many decisions on traced values in one run of main
MAX_DECISIONS = 16
# a test of run outputs made this many times at one place is a data-dependent loop
REPEATS = 3
# ... unless its loop is unrolled into guarded iterations (each a copy of the body's
# steps, guarded by the tests before it: ``if err < tol: break``), at most this many
MAX_ITERATIONS = 16
#: The most terms the expressions of one step may have written out (the graph holds
#: them as trees: an iteration reading its previous iterates grows them exponentially).
MAX_TERMS = 20_000

Site = tuple[tuple[str, int, tuple[int, ...]], ...]



#: the most terms of an expression a reason writes out
SHOWN_TERMS = 400


def shown(expr: g.Expr) -> str:
    """``expr`` written out for a reason, or its size when that would be long (an
    expression shares sub-expressions: written out, it grows exponentially with a
    loop's iterations)."""
    size = g.tree_size(expr, cap=SHOWN_TERMS + 1)
    return str(expr) if size <= SHOWN_TERMS else f"an expression of over {SHOWN_TERMS} terms"

class Untraceable(BaseException):
    """A construct only Motoko's native loop can run; the rest of ``main`` runs as one
    task. The tracer's stop signal: a ``BaseException``, out of reach of the
    orchestrator's ``except Exception:``."""

    def __init__(self, message: str, filename: str | None = None,
                 lineno: int | None = None, *, loop: bool = False) -> None:
        self.filename = filename
        self.lineno = lineno
        where = f"{filename}:{lineno}: " if filename and lineno else ""
        super().__init__(where + message)
        self.loop = loop  # the obstacle is a loop (its whole body runs natively)
        # what the path had recorded when it was raised (it may be swallowed)
        self.recorded_at: int | None = None
        self.decided_at: int | None = None
        self.open_loops: list[Any] | None = None
        active = _ACTIVE[0]
        if active is not None:
            self.recorded_at = len(active.recorded)
            self.decided_at = len(active.decisions)
            self.open_loops = [lp for lp in active.open_loops
                               if lp.open and lp.frame is not None]
            _SIGNALS.append(self)
        # the statements around it that may run at run time instead (.blocks)
        self.block_candidates: list[Any] = []
        self.block_failed: Any = None  # the statement marked as a block that was not one
        self.block_refused: str | None = None
        # the while of main's own body around it, which may run as a segment (.segments)
        self.segment_site: Any = None
        self.segment_failed: Any = None  # the statement marked as a segment, refused
        self.segment_refused: str | None = None  # why (when tried)
        # main's statement it is in when nothing after that statement makes runs
        self.statement: tuple[int, int] | None = None
        if active is not None and active.instrumented:
            from motoko_airflow.trace import blocks, segments

            self.statement = segments.last_statement(active)

            self.segment_site, self.segment_refused = segments.around(active)
            if self.segment_site is not None:
                self.segment_refused = active.segment_refusals.get(self.segment_site)

            self.block_candidates = blocks.around(active)
            # why the innermost statement around it is no block, when it was tried
            self.block_refused = next((active.block_refusals[c]
                                       for c in self.block_candidates
                                       if c in active.block_refusals), None)


class LenError(Untraceable):
    """``len()`` of a traced value where Python needs an int (``reversed(runs)``,
    ``[*runs]``, a library's ``len``): not a TypeError, which a length hint or the
    orchestrator's ``except Exception`` would skip."""


# the recorder of the path being run, and the signals raised in it (first is the cut)
_ACTIVE: list[Recorder | None] = [None]
_SIGNALS: list[BaseException] = []


def activate(recorder: Recorder | None) -> None:
    """Make ``recorder`` the path being run (None: no path); forget earlier signals."""
    _ACTIVE[0] = recorder
    _SIGNALS.clear()


def active() -> Recorder | None:
    return _ACTIVE[0]


def signals() -> list[BaseException]:
    """The stop signals and mistakes raised in the path being run, in order."""
    return list(_SIGNALS)


@dataclass
class Decision:
    """A truth test of a traced value, forced to ``outcome`` in this path."""

    expr: g.Expr
    outcome: bool
    site: Site
    lineno: int | None
    loop: str | None = None  # the open loop whose item it reads (a per-item filter)
    reads_runs: bool = False
    lines: tuple[tuple[str, int], ...] = ()  # (file, line) of each orchestrator frame
    loop_site: Any = None  # which pass over which loop of the code ``loop`` is
    iteration: bool = False  # the exit test of an unrolled loop, made again (a guard)
    recorded: int = 0  # how many nodes the path had recorded when it was made


@dataclass
class Recorded:
    """A node as recorded in one path, with where it was made (to match paths)."""

    node: g.Node
    site: Site
    occurrence: int
    lines: tuple[tuple[str, int], ...] = ()  # (file, line) of each orchestrator frame
    loop_sites: tuple[Any, ...] = ()  # the loops it is mapped over (their passes)
    decided: int = 0  # how many decisions the path had made when it was recorded
    guard: g.Expr | None = None  # the tests of the ifs merged at their join around it
    checks: tuple[g.Expr, ...] = ()  # values main computed that no step read (.unread)


#: loop iterations of main (and the workflow's code) on one path of the trace: beyond,
#: the path stops at the loop that goes over, which runs natively. A path can loop
#: forever where main never goes (a test of a param answered once and for all, a loop
#: over a list it grows), and the trace would never end. Loops that only compute (a
#: block, run at run time) and loops over traced lists (traced once for all items) do
#: not count; the corpus's most is 51.
MAX_PATH_ITERATIONS = 2000


@dataclass
class Recorder:
    config: WorkflowConfig
    file: str
    forced: list[bool] = field(default_factory=list)
    module_name: str = ""
    #: the replaced built-ins of this path's modules (the same objects in every module)
    builtins: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    recorded: list[Recorded] = field(default_factory=list)
    edges: list[g.Edge] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    frontier: tuple[str, ...] = ()
    open_loops: list[Any] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    memo: dict[Any, bool] = field(default_factory=dict)
    markers: list[tuple[g.Expr, tuple[Any, ...]]] = field(default_factory=list)
    sites: dict[Site, int] = field(default_factory=dict)
    actions: int = 0
    error_handler: g.ErrorHandler | None = None
    node_loops: dict[str, list[Any]] = field(default_factory=dict)  # open at its creation
    iterations: dict[tuple[Any, int], int] = field(default_factory=dict)
    iterated: int = 0  # loop iterations in this path (MAX_PATH_ITERATIONS)
    spawned: list[Any] = field(default_factory=list)  # asyncio.create_task'd coroutines
    gathered: list[Any] = field(default_factory=list)  # given to asyncio.gather
    decided_loops: list[Any] = field(default_factory=list)  # a test of an item in them
    all_loops: list[Any] = field(default_factory=list)  # every loop opened, in order
    loop_passes: dict[Any, int] = field(default_factory=dict)  # loop site -> times opened
    instrumented: set[str] = field(default_factory=set)  # files of the workflow's code
    made_records: bool = False  # a record of main's class given to a run-time call
    #: segments whose values may be records (made at run time by the tasks reading them)
    record_segments: set[str] = field(default_factory=set)
    # lists of main given to a run-time call (by id, kept alive here): what the call
    # returns may hold them (min(levels) is one of them), so main may not change them
    shared_lists: dict[int, Any] = field(default_factory=dict)
    #: of those, the ones read at run time from a list holding them (``[xs][0]``)
    snapshot_lists: set[int] = field(default_factory=set)
    read_files: dict[str, str] = field(default_factory=dict)  # read before a step
    read_env: dict[str, str | None] = field(default_factory=dict)  # None: not set
    gathering: int = 0  # inside this many asyncio.gather with several branches
    branch: tuple[int, ...] = ()  # which branch of each asyncio.gather around (indexes)
    finished_at: int | None = None  # the line that set workflow.finished = True
    guarded: int = 0  # inside this many try blocks whose except may swallow an error
    #: where those try statements are (file, line), innermost last (for messages)
    tries: list[tuple[str, int] | tuple[str, int, str] | None] = field(default_factory=list)
    #: inside this many try blocks whose excepts catch only the module's own exception
    #: classes (instrument.own_exceptions): raised by the workflow's raise statements only
    catching_own: int = 0
    #: errors a helper of the tracer showed main's own (.blame.mark_own)
    own_errors: list[BaseException] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)  # the DAG params' schemas
    #: params whose populate_arg_parser default is a tuple: main gets the tuple when the
    #: option is not given, a DAG run the list its schema holds
    tuple_params: frozenset[str] = frozenset()
    # unroll a loop whose exit test reads outputs into guarded iterations (off: such a
    # loop runs natively; see .paths.explore)
    guarded_loops: bool = True
    # tests of loop items whose paths could not be merged: the fallback point
    cut_sites: frozenset[Any] = frozenset()
    # statements run at run time as blocks (.blocks): (file, line, col) -> the reason
    # the statement could not be traced
    block_sites: dict[Any, str] = field(default_factory=dict)
    # statements tried as blocks and refused: (file, line, col) -> why
    block_refusals: dict[Any, str] = field(default_factory=dict)
    # while statements of main run natively as segments (.segments): (file, line, col)
    # -> the reason the statement could not be traced
    segment_sites: dict[Any, str] = field(default_factory=dict)
    # while statements tried as segments and refused: (file, line, col) -> why
    segment_refusals: dict[Any, str] = field(default_factory=dict)
    # the guards of the branches running now, both of an if that merges at its join
    # (.joins): the steps made get them as their own guard
    guards: list[g.Expr] = field(default_factory=list)
    # values main computed since the last step, which may raise (.unread)
    pending: list[Any] = field(default_factory=list)
    # routines running concurrently around the code traced now (.concurrent)
    regions: list[Any] = field(default_factory=list)
    # every traced value made, weakly (a stand-in is never hashed): what still reads a
    # dict a loop fills (.calls)
    symbols: list[weakref.ref[Any]] = field(default_factory=list)
    # the plain dicts made part of an expression, held: a loop filling one later is
    # refused (the expression keeps the dict as it was; natively the change shows)
    converted_dicts: list[Any] = field(default_factory=list)
    # the plain lists made part of an expression, held: a block changing one later is
    # refused (as for dicts)
    converted_lists: list[Any] = field(default_factory=list)
    # files main has open for writing now (.writes.WrittenFile), and the real paths of
    # those it opened: not written yet while traced (main may not read them back)
    writing: list[Any] = field(default_factory=list)
    written: set[str] = field(default_factory=set)
    # the real paths of the files main reads at run time (.calls.opened), "" for a path
    # known only then: main may not write them after (the DAG's read would see it)
    read_later: set[str] = field(default_factory=set)

    @property
    def nodes(self) -> list[g.Node]:
        return [r.node for r in self.recorded]

    # -- locations and errors
    def user_frames(self) -> list[types.FrameType]:
        """The orchestrator's frames (and its helpers'), innermost first."""
        frames = []
        frame: types.FrameType | None = sys._getframe(1)
        while frame is not None:
            if _user_code(frame.f_code.co_filename, self.file):
                frames.append(frame)
            frame = frame.f_back
        return frames

    def lineno(self) -> int | None:
        frame: types.FrameType | None = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.file:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def lines(self, frames: list[types.FrameType] | None = None) -> tuple[tuple[str, int], ...]:
        """The file and line of each orchestrator frame (``frames``: :meth:`user_frames`
        taken at this same point, when the caller has them)."""
        frames = self.user_frames() if frames is None else frames
        return tuple((f.f_code.co_filename, f.f_lineno) for f in frames)

    def site(self, iterations: bool = True,
             frames: list[types.FrameType] | None = None) -> Site:
        """Where main is now: for every orchestrator frame, its function, instruction and
        (with ``iterations``) the iteration of each loop around it, so the same step of an
        unrolled loop is the same on every path, whatever earlier iterations did
        (``frames``: :meth:`user_frames` taken at this same point, when the caller has
        them)."""
        user = self.user_frames() if frames is None else frames
        here = tuple((f"{f.f_code.co_filename}:{f.f_code.co_qualname}:"
                      f"{f.f_code.co_firstlineno}", f.f_lasti,
                      tuple(self.iterations.get((f, line), 0) for line in _loops_around(
                          f.f_code.co_filename, f.f_code.co_firstlineno, f.f_lineno))
                      if iterations else ())
                     for f in user)
        # the branches of asyncio.gather run the same code from the same await: which
        # branch tells their steps (and tests) apart
        return here + (("<gather branch>", 0, self.branch),) if self.branch else here

    def iterate(self, frame: types.FrameType, loop_line: int) -> None:
        """One more iteration of the loop starting at ``loop_line`` in ``frame`` (called
        by the line the driver adds at the top of every loop body of the orchestrator)."""
        key = (frame, loop_line)
        self.iterations[key] = self.iterations.get(key, 0) + 1
        self.iterated += 1
        if self.iterated > MAX_PATH_ITERATIONS:
            raise Untraceable(
                f"main's loops ran more than {MAX_PATH_ITERATIONS} iterations on one path of "
                "the trace: this loop may never end for values known only at run time (a "
                "test of a param or an output, a list it grows while walking it), or it "
                "makes more steps than a DAG can show", filename=frame.f_code.co_filename,
                lineno=loop_line, loop=True)

    def error(self, message: str, lineno: int | None = None) -> TraceError:
        """A mistake in the orchestrator (kept, like a stop signal, should ``main``
        swallow it)."""
        exc = TraceError(message, filename=self.file, lineno=lineno or self.lineno())
        if _ACTIVE[0] is self:
            _SIGNALS.append(exc)
        return exc

    def caught(self, what: str) -> Untraceable:
        """Stop: ``what`` (an operation on a traced value, a run-time call) is inside a
        ``try`` whose ``except`` may catch its error; the message names that ``try``,
        the statement to change."""
        where = self.tries[-1] if self.tries else None
        kind = where[2] if where is not None and len(where) > 2 else "try"
        if where is None:
            place = "a try"
        elif where[0] == self.file:
            place = f"the {kind} of line {where[1]}"
        else:
            place = f"the {kind} of {Path(where[0]).name}:{where[1]}"
        return self.untraceable(
            f"{what} inside {place}, whose except may catch its error (or whose finally "
            "runs whatever it raises; a with's manager may swallow it): whether it "
            "raises is only known at run time, and a "
            "DAG cannot catch it and go on as main does (test the value, with an if, "
            "rather than catch its error)")

    def untraceable(self, message: str, lineno: int | None = None) -> Untraceable:
        return Untraceable(message, filename=self.file, lineno=lineno or self.lineno())

    # -- graph building
    def new_id(self, base: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_.-]", "_", base) or "task"
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}_{n}"
        self.ids.add(candidate)
        return candidate

    def add_node(self, node: g.Node, data_sources: set[str], after: tuple[str, ...] = (),
                 loop_sites: tuple[Any, ...] = (),
                 frames: list[types.FrameType] | None = None) -> None:
        """Record ``node`` (``frames``: :meth:`user_frames` of the call making it, when
        the caller has them: main's frames are the same wherever in this call they are
        taken)."""
        from motoko_airflow.trace import records

        records.refuse_crossing(self, node)
        if self.writing and not isinstance(node, g.WriteNode):  # (another file: its own)
            from motoko_airflow.trace.writes import check_closed

            check_closed(self)
        terms = sum(g.tree_size(e) for e in node.expressions())
        if terms > MAX_TERMS:
            raise self.untraceable(
                f"the values of this step are an expression of {terms:,} terms written "
                f"out (more than {MAX_TERMS:,}: it reuses earlier results many times, as an "
                "iteration that reads its previous iterates does), too large for a DAG")
        if self.finished_at is not None:
            raise self.untraceable(
                f"a step after workflow.finished = True (line {self.finished_at}): "
                "Motoko's loop ends main at its next wait")
        guard = None
        if self.guards:
            if not isinstance(node, g.CreateTaskNode):
                raise self.untraceable("a step other than createTask in a branch merged "
                                       "at its join")
            guard = g.conjunction(self.guards)
        from motoko_airflow.trace import unread

        checks = unread.settle(self, node)
        if self.regions:
            concurrent.stepped(self, node)
        frames = self.user_frames() if frames is None else frames
        site = self.site(frames=frames)
        self.sites[site] = self.sites.get(site, 0) + 1
        self.recorded.append(Recorded(node, site, self.sites[site], self.lines(frames),
                                      loop_sites, len(self.decisions), guard, checks))
        for source in sorted(data_sources):
            self.edges.append(g.Edge(source, node.id, "data"))
        for source in after + self.frontier:
            if source not in data_sources and source != node.id:
                self.edges.append(g.Edge(source, node.id, "order"))

    def ancestors(self, *node_ids: str) -> set[str]:
        found: set[str] = set()
        todo = list(node_ids)
        while todo:
            target = todo.pop()
            for e in self.edges:
                if e.target == target and e.source not in found:
                    found.add(e.source)
                    todo.append(e.source)
        return found

    def pending_creators(self, task_managers: set[str]) -> list[str]:
        """Create nodes of these task managers that the frontier does not already follow.

        A sensor must come after every task that creates the runs it waits for (a
        sensor waiting on a sibling deadlocks under ``dag.test()``).
        """
        done = self.ancestors(*self.frontier) | set(self.frontier)
        return [n.id for n in self.nodes
                if isinstance(n, g.CreateTaskNode) and n.task_manager in task_managers
                and n.id not in done]

    def awaited(self, node_id: str) -> None:
        """``await`` of a node: it joins the frontier, replacing its own ancestors."""
        if self.regions:
            concurrent.waited(self)
        ancestors = self.ancestors(node_id)
        kept = tuple(n for n in self.frontier if n not in ancestors and n != node_id)
        self.frontier = kept + (node_id,)

    def resolve(self, name: str) -> str:
        try:
            return self.config.resolve(name)
        except ConfigError as exc:
            message = str(exc).split(": ", 1)[-1]
            raise self.error(f"workflow.{name}: {message}") from None

    def check_loops(self) -> None:
        """Raise when a loop over a traced list was left by a break on a test of its
        item (see ``Loop.broken_on_item``)."""
        for loop in self.decided_loops:
            if loop.broken_on_item:
                loop.decided = False  # reported once
                raise Untraceable(
                    f"this loop over {loop.over} is left by a break that depends on a "
                    "run's output: which items come before it is only known at run time",
                    filename=self.file, lineno=loop.lineno, loop=True)

    # -- decisions
    def decide(self, expr: g.Expr, loops: tuple[Any, ...]) -> bool:
        """The outcome of a truth test of a traced value in this path.

        The same test (of the same loop item) always gets the same outcome; a test made
        again at the same place on run outputs is a loop whose exit depends on them,
        which no static DAG can hold.
        """
        from motoko_airflow.trace import unread

        unread.tested(self, expr)
        self.check_loops()
        open_loops = [lp for lp in loops if lp.open]
        # the runs of a task mapped over open loops, read there, are the current item's
        # (``(run, job), = await wf.a.createTask(x=x)`` in ``for x in xs``): the test is
        # one per item of those loops too, though the value carries none of them
        implicit = [lp for lp in self.open_loops if lp.open and all(
            lp is not o for o in open_loops) and _read_per_item(self, expr, lp)]
        per_item = open_loops
        if implicit:  # innermost last, as the tracer opened them
            per_item = sorted(open_loops + implicit, key=lambda lp: next(
                (i for i, o in enumerate(self.open_loops) if o is lp), -1))
        loop = per_item[-1].var if per_item else None
        loop_site = per_item[-1].instance if per_item else None
        if per_item and not per_item[-1].decided:
            per_item[-1].decided = True
            self.decided_loops.append(per_item[-1])
        key = (expr, tuple(id(lp) for lp in open_loops))
        if key in self.memo:
            return self.memo[key]
        site = self.site(iterations=False)  # the same test in every iteration
        reads_runs = any(isinstance(e, (g.Runs, g.Item)) for e in g.walk(expr))
        lineno = self.lineno()
        if site in self.cut_sites:
            raise Untraceable(
                f"this test of a loop item ({shown(expr)}) decides what happens after the loop in "
                "a way the lists the loop builds cannot express" if loop_site is not None else
                f"this test ({shown(expr)}) decides what a later createTask loops over, or its "
                "parameter names, in a way one DAG cannot show", filename=self.file,
                lineno=lineno)
        earlier = [d for d in self.decisions if d.site == site]
        again = len(earlier)
        # a test made again in a loop of the orchestrator's own (not one over a traced
        # list): one guarded copy per iteration (the paths explode: see paths.explore)
        iteration = bool(again) and not open_loops and self.guarded_loops
        if iteration and again >= MAX_ITERATIONS:
            on = "run outputs" if reads_runs else "params"
            what = (f"this loop's exit test ({shown(expr)}) has not held in {MAX_ITERATIONS} "
                    f"iterations" if exit_test(self.file, lineno) else
                    f"this test ({shown(expr)}) is made in more than {MAX_ITERATIONS} iterations "
                    "of its loop")
            raise Untraceable(
                f"{what}: a loop testing {on} is unrolled into at most {MAX_ITERATIONS} "
                f"guarded iterations (cap it: for it in range({MAX_ITERATIONS}): ... "
                "break)", filename=self.file, lineno=lineno, loop=True)
        if reads_runs and again >= REPEATS and not iteration:
            raise Untraceable(
                f"this test of run outputs ({shown(expr)}) is made again and again at the same "
                "place: a loop whose exit depends on run outputs cannot be a static DAG",
                filename=self.file, lineno=lineno, loop=True)
        if sum(1 for d in self.decisions if not d.iteration) >= MAX_DECISIONS \
                and not iteration:
            if again:  # a loop whose exit depends on params: unbounded unrolling
                raise Untraceable(
                    f"this test ({shown(expr)}) is made again and again at the same place: a loop "
                    f"of more than {MAX_DECISIONS} tests cannot be unrolled into a DAG",
                    filename=self.file, lineno=lineno, loop=True)
            raise self.error(
                f"more than {MAX_DECISIONS} decisions on traced values in one run of main "
                f"(here: {expr}); a DAG holds every path, so keep branches few, or decide "
                "inside an action (workflow.add_action)")
        index = len(self.decisions)
        # not forced: True, or, for a test made again at one place (a loop's test), what
        # it was the last time there: the loop goes on, so the path that reaches a limit
        # (MAX_ITERATIONS, REPEATS) and cuts the loop out is the first one run, not the
        # last of a run per iteration (every outcome is tried either way: paths.explore)
        outcome = self.forced[index] if index < len(self.forced) else (
            earlier[-1].outcome if earlier else True)
        self.decisions.append(Decision(expr, outcome, site, lineno, loop, reads_runs,
                                       self.lines(), loop_site, iteration,
                                       len(self.recorded)))
        self.memo[key] = outcome
        return outcome


def _read_per_item(rec: Recorder, expr: g.Expr, loop: Any) -> bool:
    """Whether ``expr`` reads the runs a task made for the current item of ``loop``."""
    return any(isinstance(e, g.Runs) and loop.var in e.scope and any(
        lp is loop for lp in rec.node_loops.get(e.node, ())) for e in g.walk(expr))


def _loop_spans(filename: str) -> tuple[tuple[int, int, bool], ...]:
    """(first line, last line, is a ``while``) of every loop statement of a file (read
    again when the file changes)."""
    from motoko_airflow.trace.instrument import file_version

    return _loop_spans_of(filename, file_version(filename))


@functools.lru_cache(maxsize=64)
def _loop_spans_of(filename: str, version: Any) -> tuple[tuple[int, int, bool], ...]:
    try:
        tree = ast.parse(Path(filename).read_text())
    except (OSError, SyntaxError, ValueError):
        return ()
    return tuple((n.lineno, n.end_lineno or n.lineno, isinstance(n, ast.While))
                 for n in ast.walk(tree) if isinstance(n, (ast.While, ast.For, ast.AsyncFor)))


def _loops_around(filename: str, first_line: int, line: int) -> tuple[int, ...]:
    """The first lines of the loop statements around ``line`` in the function starting
    at ``first_line``."""
    return _loops_around_in(_loop_spans(filename), first_line, line)


@functools.lru_cache(maxsize=4096)
def _loops_around_in(spans: tuple[tuple[int, int, bool], ...], first_line: int,
                     line: int) -> tuple[int, ...]:
    return tuple(sorted(start for start, end, _ in spans
                        if first_line < start <= line <= end))


@functools.lru_cache(maxsize=1024)
def _user_code(filename: str, orchestrator: str) -> bool:
    """Code of the orchestrator or of its helpers (not this project's, not a library's)."""
    if filename.startswith(PACKAGE_DIR) or filename == __file__:
        return False
    return filename == orchestrator or not _library(filename)


def _library(filename: str) -> bool:
    return ("/site-packages/" in filename or "/lib/python3" in filename
            or filename.startswith("<"))


def exit_test(filename: str, lineno: int | None) -> bool:
    """Whether ``lineno`` is in the exit test of a loop of a file: a ``while``'s
    condition, or the test of an ``if`` directly in a loop body whose branch ends with
    ``break`` (or ``return``)."""
    from motoko_airflow.trace.instrument import file_version

    return lineno is not None and lineno in _exit_lines(filename, file_version(filename))


@functools.lru_cache(maxsize=64)
def _exit_lines(filename: str, version: Any) -> frozenset[int]:
    try:
        tree = ast.parse(Path(filename).read_text())
    except (OSError, SyntaxError, ValueError):
        return frozenset()
    lines: set[int] = set()

    def test_lines(test: ast.expr) -> range:
        return range(test.lineno, (test.end_lineno or test.lineno) + 1)

    def leaves(body: list[ast.stmt]) -> bool:
        return bool(body) and isinstance(body[-1], (ast.Break, ast.Return))

    for loop in ast.walk(tree):
        if isinstance(loop, ast.While):
            lines.update(test_lines(loop.test))
        if isinstance(loop, (ast.While, ast.For, ast.AsyncFor)):
            for stmt in loop.body:
                if isinstance(stmt, ast.If) and (leaves(stmt.body) or leaves(stmt.orelse)):
                    lines.update(test_lines(stmt.test))
    return frozenset(lines)


def loop_statement(filename: str, lineno: int | None, *, only_while: bool = False
                   ) -> tuple[int, int] | None:
    """The innermost ``while`` (or ``for``) statement of a file around a line."""
    if lineno is None:
        return None
    spans = [(start, end) for start, end, is_while in _loop_spans(filename)
             if (is_while or not only_while) and start <= lineno <= end]
    return max(spans, default=None)
