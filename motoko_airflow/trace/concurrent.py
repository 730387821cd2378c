"""Routines running concurrently (``asyncio.gather``, ``create_task``): what a value
that may raise in one of them leaves made, natively and in a DAG.

Natively (Motoko's loop, :mod:`motoko_airflow.workflow`), ``createTask`` creates and
launches its runs before it returns; awaiting them is the first real wait, and a new
run is never FINISHED at the first look. ``asyncio.gather`` starts every routine in
order, and each runs up to its first wait before ``main`` can learn that any of them
raised (the one that raised at once included: the others' first steps are queued
before ``gather``'s callback). So when a routine raises, after its runs finished, every
routine has made the steps it makes before waiting (its *early* steps), and whether it
made those after a wait (*late* steps) depends on when the runs finish. ``main`` then
fails, and ``asyncio.run`` cancels the rest. A DAG makes every routine's steps (no
fail-fast: a failed task stops only what follows it).

So while routines run concurrently (a :class:`Region`: one ``gather`` of several
routines, or of one routine per item of a list, or the tasks of ``create_task`` until
the last is awaited), the trace notes the values that may raise
(:func:`raising`, from :func:`.unread.made`) and the steps made after a wait
(:func:`stepped`, from ``Recorder.add_node``; a wait is an awaited step,
:func:`waited`). When the region ends (:func:`close`), both together stop the path
*at the region's start* (its steps are not kept: which of them ``main`` makes is only
known at run time). Without late steps, the sets of steps are the same both ways: the
value is checked by the next step of its own routine (early, which fails as ``main``
does not make it) or, with none, by the first step after the region
(:mod:`.unread`'s pending values, which one routine's values are kept from the other
routines' steps: :func:`branch`); the values pending where the region starts are
checked by every routine's first step (natively they raise before any is made).

In a region of ``create_task`` tasks (from the first to the last one awaited), a task
starts at its maker's next wait, and its error surfaces only where ``main`` awaits it,
which is where the trace follows it (:class:`~.tasks.Spawned`): the tasks traced before
were awaited to their end, and ``main``'s own steps before the await are made anyway.
So there a late step counts only when traced after a value that may raise (a task
made after a wait counts as one: it may never start), and so does a value that may
raise made before the tasks its routine made have started (:func:`spawned`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from motoko_airflow import graph as g

__all__ = ["Region", "branch", "branch_end", "close", "open_region", "raising", "spawned",
           "stepped", "task_ended", "task_started", "waited"]


@dataclass
class Region:
    """Routines running concurrently, while traced."""

    lineno: int | None  # where it starts (the gather, the first create_task)
    recorded_at: int  # how many nodes the path had recorded when it started
    decided_at: int  # how many decisions
    tasks: bool = False  # create_task tasks (main runs beside them)
    unawaited: int = 0  # (tasks) how many are not awaited yet
    #: (tasks) how many the routine traced now has made since it last waited: natively
    #: they start at its next wait, so a value that may raise before it stops them all
    unstarted: int = 0
    waited: bool = False  # the routine traced now has waited (an awaited step)
    ever_waited: bool = False  # one of its routines has
    #: whether the routines of the regions around it had waited where it started
    outer: list[tuple[Region, bool]] = field(default_factory=list)
    late_step: tuple[str, int | None] | None = None  # a step made after a wait
    raising: tuple[g.Expr, int | None] | None = None  # a value that may raise
    #: the values pending when it started, which each routine's first step checks
    before: list[Any] = field(default_factory=list)
    #: values still pending at the end of each routine, checked after the region
    left: list[Any] = field(default_factory=list)


def open_region(rec: Any, tasks: bool = False) -> Region:
    region = Region(rec.lineno(), len(rec.recorded), len(rec.decisions), tasks=tasks,
                    before=list(rec.pending), outer=[(r, r.waited) for r in rec.regions])
    rec.regions.append(region)
    return region


def branch(rec: Any, region: Region) -> None:
    """A routine of a ``gather`` starts being traced: it has not waited, and the values
    pending are those pending where the ``gather`` started."""
    for around, was in region.outer:
        around.waited = was  # (its routine had not waited more when this one started)
    region.waited = False
    rec.pending[:] = list(region.before)


def branch_end(rec: Any, region: Region) -> None:
    """A routine of ``region`` has been traced: what it left pending is checked after."""
    known = {id(p) for p in region.left}
    region.left.extend(p for p in rec.pending if id(p) not in known)


def waited(rec: Any) -> None:
    """An awaited step: every routine traced now (each region's) has waited, and the
    tasks it made have started."""
    for region in rec.regions:
        region.waited = region.ever_waited = True
        region.unstarted = 0


def stepped(rec: Any, node: g.Node) -> None:
    """A step is recorded: late in the regions where its routine has waited (in a region
    of tasks, only after a value that may raise: :func:`_late`)."""
    for region in rec.regions:
        if region.late_step is None and region.waited and _late(region):
            region.late_step = (node.id, rec.lineno())


def _late(region: Region) -> bool:
    """Whether a step made now after a wait matters. In a ``gather``, always: its
    routines' errors surface as soon as one raises. A task's error surfaces where it is
    awaited, which is where it is traced: the tasks traced before it were awaited to
    their end (their steps all made), ``main``'s steps before that await are made
    anyway, and those after it check its values; only the steps traced after a value
    that may raise, in the tasks still running, are made or not by timing."""
    return not region.tasks or region.raising is not None


def raising(rec: Any, expr: g.Expr) -> None:
    """A value that may raise is made (before tasks its routine made have started: as a
    late step, whose steps may never be made)."""
    for region in rec.regions:
        if region.raising is None:
            region.raising = (expr, rec.lineno())
        if region.tasks and region.unstarted and region.late_step is None:
            region.late_step = ("asyncio.create_task", rec.lineno())


def spawned(rec: Any) -> None:
    """``asyncio.create_task``: a task is made (the first one opens a region of tasks,
    which ends when every task is awaited). One made after its maker waited is a late
    step (it may never start, if an error surfaces first)."""
    region = next((r for r in rec.regions if r.tasks), None)
    if region is None:
        region = open_region(rec, tasks=True)
    region.unawaited += 1
    region.unstarted += 1
    if region.waited and _late(region) and region.late_step is None:
        region.late_step = ("asyncio.create_task", rec.lineno())


def task_started(rec: Any) -> tuple[bool, int]:
    """A task is traced (awaited the first time): a routine of its own, which has not
    waited. Returns what :func:`task_ended` restores."""
    region = next((r for r in rec.regions if r.tasks), None)
    if region is None:
        return False, 0
    saved = (region.waited, region.unstarted)
    region.waited, region.unstarted = False, 0
    return saved


def task_ended(rec: Any, saved: tuple[bool, int]) -> None:
    """The task traced has ended: its maker awaited it (it waited if the task did; the
    tasks it made have started); the last one ends the region."""
    region = next((r for r in rec.regions if r.tasks), None)
    if region is None:
        return
    region.waited = saved[0] or region.waited
    region.unstarted = 0
    region.unawaited -= 1
    if region.unawaited <= 0:
        rec.regions.remove(region)
        close(rec, region, "asyncio.create_task")


def close(rec: Any, region: Region, what: str) -> None:
    """The region has ended (and left ``rec.regions``): a value that may raise and a late
    step in it stop the path at its start. The values a ``gather``'s routines left
    pending go on pending."""
    for around, was in region.outer:
        around.waited = was or region.ever_waited
    if not region.tasks:
        known = {id(p) for p in region.left}
        rec.pending[:] = region.left + [p for p in rec.pending if id(p) not in known]
    if region.raising is None or region.late_step is None:
        return
    expr, line = region.raising
    node, step_line = region.late_step
    at = f" (line {line})" if line else ""
    step_at = f" (line {step_line})" if step_line else ""
    late = f"a task made after a wait or before a value that may raise{step_at}" \
        if node == "asyncio.create_task" else f"a step after waiting for runs ({node}{step_at})"
    exc = rec.untraceable(
        f"a value the routines of {what} compute ({expr}{at}) may raise, and they make "
        f"{late}: natively, when one raises, which steps the others have made by then "
        "depends on when their runs finish (a DAG makes them all)", lineno=region.lineno)
    _at_start(exc, region)
    raise exc


def _at_start(exc: Any, region: Region) -> None:
    """Make ``exc`` stop the path where ``region`` started: none of the steps made in
    it kept, no statement of a routine run on its own."""
    exc.recorded_at, exc.decided_at = region.recorded_at, region.decided_at
    exc.statement = None
    exc.block_candidates = []
    exc.block_refused = None
    if not _in_region_segment(exc.segment_site, region):
        exc.segment_site = exc.segment_refused = None


def _in_region_segment(site: Any, region: Region) -> bool:
    """Whether the segment ``site`` around the path's stop is a region of tasks holding
    where ``region`` started: its task runs the routines natively, timing included."""
    from motoko_airflow.trace import segments

    if site is None or region.lineno is None:
        return False
    spot = segments.spots(site[0]).get((site[1], site[2]))
    return spot is not None and isinstance(spot.stmt, segments.Region) and \
        spot.stmt.lineno <= region.lineno <= (spot.stmt.end_lineno or spot.stmt.lineno)
