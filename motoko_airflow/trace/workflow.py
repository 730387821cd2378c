"""What ``main`` receives while it is traced: a workflow whose calls record nodes.

``workflow.<tm>.createTask(...)`` records a :class:`~motoko_airflow.graph.CreateTaskNode`
(mapped over the loops open at the call), awaiting ``workflow.<tm>.select(...)`` a
sensor, ``add_action``/``add_error_handler`` action nodes and the error handler;
``asyncio.gather`` runs its awaitables as parallel branches. Nothing really waits.
Reading ``workflow.vars``, ``workflow.finished`` or ``get_runs()`` needs the native
loop (:class:`~.state.Untraceable`).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Generator, Iterator
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.task_manager import calling_function_of
from motoko_airflow.trace import concurrent, tuples
from motoko_airflow.trace.loops import Seq, runs_value
from motoko_airflow.trace.sequences import _plain
from motoko_airflow.trace.state import Recorder, Untraceable
from motoko_airflow.trace.values import Symbol, after_loops, to_expr
from motoko_airflow.trace.values import loops_of as values_loops

__all__ = ["TracingWorkflow", "gather_for", "motoko_stand_in"]


class CreateCall:
    """The result of ``createTask(...)``: awaitable, and iterable like a RunList."""

    def __init__(self, tracer: Recorder, node: str) -> None:
        self.tracer = tracer
        self.node = node

    def __await__(self) -> Generator[Any, None, Seq]:
        self.tracer.awaited(self.node)
        if False:  # pragma: no cover - makes this a generator that never suspends
            yield
        return runs_value(self.tracer, self.node)

    def __iter__(self) -> Iterator[Any]:
        return iter(runs_value(self.tracer, self.node))

    def __trace_expr__(self) -> g.Expr:
        ended = self.__trace_loops__()
        if ended:
            # [wf.sq.createTask(x=x) for x in xs] read before it is gathered (len(coros)):
            # one element standing for one per item
            raise self.tracer.untraceable(
                "a createTask made in a loop over a traced list that has ended, not yet "
                "awaited, stands for one per item: only asyncio.gather(*them) can await "
                "or read them")
        return runs_value(self.tracer, self.node)._expr

    def __trace_loops__(self) -> tuple[Any, ...]:
        """The loops over traced lists, now ended, that the node was made in."""
        return tuple(lp for lp in self.tracer.node_loops.get(self.node, ())
                     if not lp.open and not lp.reiterated)


def _constraints(tracer: Recorder, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise tracer.error(
            f"constraints must be a string or a list of strings, not {type(value).__name__}")
    out = []
    for item in items:
        if isinstance(item, Symbol) or not isinstance(item, str) or "\u27e8traced#" in item:
            raise tracer.untraceable(
                f"constraint {item!r} is computed from run-time values; constraints of "
                "a DAG are fixed when it is built")
        out.append(item)
    return tuple(out)


class Selection:
    """``workflow.<tm>.select(...)`` (possibly ``.all(...)`` or ``&``-combined)."""

    def __init__(self, tracer: Recorder, conditions: tuple[g.Condition, ...]) -> None:
        self.tracer = tracer
        self.conditions = conditions

    def all(self, *constraint_sets: Any) -> Selection:
        if len(self.conditions) != 1 or self.conditions[0].all_of:
            raise self.tracer.error(".all(...) applies to one plain select(...)")
        if not constraint_sets:
            raise self.tracer.error(".all(...) needs at least one constraint set")
        sets = tuple(_constraints(self.tracer, c) for c in constraint_sets)
        c = self.conditions[0]
        return Selection(self.tracer, (g.Condition(c.task_manager, c.constraints, sets),))

    def __and__(self, other: Any) -> Selection:
        if not isinstance(other, Selection):
            raise self.tracer.error("a selection can only be combined with & with another "
                                    "selection")
        return Selection(self.tracer, self.conditions + other.conditions)

    def __await__(self) -> Generator[Any, None, Seq]:
        tracer = self.tracer
        names = "_".join(dict.fromkeys(c.task_manager for c in self.conditions))
        node = g.SensorNode(tracer.new_id(f"wait_{names}"), self.conditions,
                            lineno=tracer.lineno())
        creators = tracer.pending_creators({c.task_manager for c in self.conditions})
        tracer.add_node(node, set(), after=tuple(creators))
        tracer.awaited(node.id)
        if False:  # pragma: no cover
            yield
        return runs_value(tracer, node.id)

    def _unawaited(self, construct: str) -> Any:
        raise self.tracer.untraceable(
            f"{construct} a selection without awaiting it reads BlackDynamite at run "
            "time (await it to wait with a sensor)")

    def __iter__(self) -> Iterator[Any]:
        return self._unawaited("iterating")  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return self._unawaited("len() of")  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return self._unawaited("the truth value of")  # type: ignore[no-any-return]

    def __getitem__(self, index: Any) -> Any:
        return self._unawaited("indexing")

    def __trace_expr__(self) -> g.Expr:
        return self._unawaited("passing")  # type: ignore[no-any-return]


class Gather:
    """``asyncio.gather`` while tracing: each awaitable is a branch from the same start."""

    def __init__(self, tracer: Recorder, awaitables: tuple[Any, ...]) -> None:
        self.tracer = tracer
        self.awaitables = awaitables

    def __await__(self) -> Generator[Any, None, list[Any]]:
        tracer = self.tracer
        start = tracer.frontier
        ends: list[str] = []
        results = []
        made = [_made_in_loops(aw) for aw in self.awaitables]
        per_item = any(made)
        if per_item and (len(made) > 1 or len(made[0]) > 1):
            # gather(wf.a.createTask(...), *[... for x in xs]), two comprehensions, or
            # one over two loops: the results' list mixes one per item with others
            raise tracer.untraceable(
                "asyncio.gather() of routines or createTasks made per item of a loop, "
                "with other awaitables or made per item of nested loops: its results "
                "cannot be read as one per item (gather one comprehension over one "
                "loop, or each part apart)")
        several = len(self.awaitables) > 1 or per_item
        tracer.gathering += several
        outer = tracer.branch
        region = concurrent.open_region(tracer) if several else None
        try:
            for index, aw in enumerate(self.awaitables):
                tracer.branch = (*outer, index) if several else outer
                if region is not None:
                    concurrent.branch(tracer, region)
                result = yield from self._branch(tracer, aw, start, ends)
                if region is not None:
                    concurrent.branch_end(tracer, region)
                results.append(result)
        finally:
            tracer.gathering -= several
            tracer.branch = outer
            if region is not None:
                tracer.regions.remove(region)
        tracer.frontier = tuple(ends) if self.awaitables else start
        if region is not None:
            concurrent.close(tracer, region, "asyncio.gather")
        if per_item:
            # one result standing for one per item of the comprehension's loops: a
            # fan-in list, which Python may not index or measure (it holds one
            # element, not one per routine)
            from motoko_airflow.trace.sequences import GatheredList

            return GatheredList(results)
        return results

    def _branch(self, tracer: Recorder, aw: Any, start: tuple[str, ...],
                ends: list[str]) -> Generator[Any, None, Any]:
        tracer.frontier = start
        if not inspect.isawaitable(aw):
            raise tracer.error(f"asyncio.gather() got {type(aw).__name__}, not an "
                               "awaitable")
        # gather(*[routine(workflow, x) for x in xs]): the routine runs in its loop
        reopened = _made_in_loops(aw)
        for loop in reopened:
            loop.reopened = True
            if loop not in tracer.open_loops:
                tracer.open_loops.append(loop)
        try:
            result = yield from aw.__await__()
            if reopened:
                result = _per_item(tracer, result, reopened)
        finally:
            for loop in reopened:
                loop.reopened = False
                if loop in tracer.open_loops:
                    tracer.open_loops.remove(loop)
        ends.extend(n for n in tracer.frontier if n not in ends)
        return result


def _per_item(tracer: Recorder, value: Any, loops: list[Any]) -> Any:
    """What a routine run in the loops of the comprehension that made it returned, as
    one value per item of them: a number, a string or a traced value (``run.y`` of its
    own ``createTask``, which carries no loop) gets those loops, so that a list built
    from the results after ``gather`` is a fan-in over them. Without them,
    ``gather(*[solve(wf, x) for x in xs])`` returning ``run.y`` gave ONE result, read
    from the first item's run. The runs themselves (a ``createTask`` result) are each
    item's runs too: ``results[-1]``, ``len(results)`` or a loop over ``results`` read
    as the whole runs would be other runs than main's (a fan-in list, policed). Any
    other object (a dataclass holding the runs' values) is refused: its fields would
    read as one routine's."""
    if isinstance(value, Symbol):
        missing = tuple(lp for lp in loops if lp not in value._loops)
        return Seq(tracer, value._expr, value._loops + missing) if missing else value
    if value is None or isinstance(value, (bool, int, float, str)):
        return Seq(tracer, g.Const(value), tuple(loops))
    if type(value) is tuple:
        return tuple(_per_item(tracer, v, loops) for v in value)
    if isinstance(value, (list, dict)) and _plain(value):
        # a list or dict of values (``[run.y]``): one per item as well
        return Seq(tracer, to_expr(tracer, value, None), tuple(loops))
    # an object of the workflow's (a dataclass): its fields would read as one routine's
    # (the list of results holds one element, not one per routine)
    raise tracer.untraceable(
        f"a routine gathered once per item returns a {type(value).__name__}, which "
        "cannot stand for one result per item (return numbers, lists or dicts of them, "
        "or its runs)")


def stale_value(tracer: Recorder, loop: Any, lineno: int | None) -> Untraceable:
    """A value made in a loop (an accumulation, say) used after it: that loop runs
    natively, from its first line."""
    return Untraceable(
        f"a value computed in this loop over {loop.over} is used after it, at line "
        f"{lineno} (to compile it, pass all the values as a list comprehension or "
        "sum()/min()/max()/len() of one, or call createTask inside the loop)",
        filename=tracer.file, lineno=loop.lineno or lineno, loop=True)


def _made_in_loops(awaitable: Any) -> list[Any]:
    """The ended loops whose items a coroutine was called with (made in a comprehension
    over them, awaited after it), or a ``createTask`` was made in (``gather(*[
    workflow.sq.createTask(x=y) for y in ys])``: one node mapped over them, whose
    results are one per item)."""
    if isinstance(awaitable, CreateCall):
        return list(awaitable.__trace_loops__())
    frame = getattr(awaitable, "cr_frame", None)
    if frame is None:
        return []
    found: list[Any] = []
    for value in frame.f_locals.values():
        for loop in values_loops(value):
            if not loop.open and not loop.reiterated and loop not in found:
                found.append(loop)
    return found


def gather_for(tracer: Recorder) -> Callable[..., Gather]:
    def gather(*awaitables: Any, return_exceptions: bool = False) -> Gather:
        tracer.gathered.extend(awaitables)  # closed if the path stops before them
        return Gather(tracer, awaitables)

    return gather


class TaskManager:
    def __init__(self, tracer: Recorder, name: str, attribute: str) -> None:
        self._tracer = tracer
        self._name = name
        self._attribute = attribute

    def createTask(self, run_params: Any = None, **job_params: Any) -> CreateCall:  # noqa: N802
        tracer = self._tracer
        tracer.check_loops()
        lineno = tracer.lineno()
        frames = tracer.user_frames()
        event_name = calling_function_of(frames)
        loops: list[Any] = []
        job = tuple((k, to_expr(tracer, v, loops)) for k, v in job_params.items())
        run: tuple[tuple[str, g.Expr], ...] | None = None
        if run_params is not None:
            if isinstance(run_params, Symbol) or not isinstance(run_params, dict):
                raise tracer.error("run_params must be a dict of name: value (or None)")
            run = tuple((k, to_expr(tracer, v, loops)) for k, v in run_params.items())
        for key, expr in (*job, *(run or ())):
            # BlackDynamite would store main's tuple, the DAG a list (of the tuples the
            # graph makes: a run-time function's items are left to it)
            tuples.refuse_if(tracer, expr, f"createTask's parameter {key}",
                             mapped=tuples.CLEAN)
        stale = [lp for lp in loops if not lp.open and not lp.reiterated]
        broken = [lp for lp in stale if lp.left_early and not lp.decided]
        if broken:  # a value left by a loop broken in its first iteration: its first item
            job = tuple((k, after_loops(e, broken)) for k, e in job)
            if run is not None:
                run = tuple((k, after_loops(e, broken)) for k, e in run)
        stale = [lp for lp in stale if lp not in broken]
        if stale:
            raise stale_value(tracer, stale[0], lineno)
        tracer.open_loops = [lp for lp in tracer.open_loops if lp.open]
        foreach = tuple(g.Loop(lp.var, lp.over) for lp in tracer.open_loops)
        node = g.CreateTaskNode(id=tracer.new_id(self._name), task_manager=self._name,
                                job_params=job, run_params=run, foreach=foreach,
                                event_name=event_name, lineno=lineno)
        tracer.add_node(node, g.node_inputs(node),
                        loop_sites=tuple(lp.instance for lp in tracer.open_loops),
                        frames=frames)
        tracer.node_loops[node.id] = list(tracer.open_loops)
        return CreateCall(tracer, node.id)

    def select(self, constraints: Any = None) -> Selection:
        cons = _constraints(self._tracer, constraints)
        return Selection(self._tracer, (g.Condition(self._name, cons),))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise self._tracer.untraceable(
            f"workflow.{self._attribute}.{name} reads or changes BlackDynamite while main "
            "runs; a DAG uses createTask(...) and select(...) only")


class TracingWorkflow:
    """What ``main`` receives as ``workflow`` while it is traced."""

    _tracer: Recorder

    def __init__(self, tracer: Recorder) -> None:
        object.__setattr__(self, "_tracer", tracer)
        object.__setattr__(self, "_finished", False)

    @property
    def run_name(self) -> Symbol:
        return Seq(self._tracer, g.Param("run_name"))

    @property
    def directory(self) -> str:
        return str(self._tracer.config.directory)

    @property
    def finished(self) -> bool:
        raise self._tracer.untraceable(
            "reading workflow.finished polls until actions end the workflow")

    @property
    def vars(self) -> Any:
        raise self._tracer.untraceable(
            "workflow.vars (persistent workflow variables) are read and written while "
            "main runs")

    def get_runs(self, *args: Any, **kwargs: Any) -> Any:
        raise self._tracer.untraceable("workflow.get_runs() reads BlackDynamite while "
                                       "main runs")

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "finished":
            if isinstance(value, Symbol):
                raise self._tracer.untraceable(
                    "workflow.finished set from a traced value")
            object.__setattr__(self, "_finished", bool(value))
            if value:
                self._tracer.finished_at = self._tracer.lineno()
            return
        raise self._tracer.untraceable(f"setting workflow.{name} while main runs")

    def __getattr__(self, name: str) -> TaskManager:
        if name.startswith("__"):
            raise AttributeError(name)
        tracer = self._tracer
        return TaskManager(tracer, tracer.resolve(name), name)

    def _task(self, task: Any) -> str:
        if task == "__all__":
            return task
        if not isinstance(task, str):
            raise self._tracer.error(f"task must be a task manager name, not {task!r}")
        return self._tracer.resolve(task)

    def _event(self, event: Any) -> tuple[tuple[str, ...] | None, g.CallableRef | None]:
        if event is None:
            return None, None
        if isinstance(event, (str, list, tuple)):
            return _constraints(self._tracer, event), None
        return None, ref(self._tracer, event, "event")

    def add_action(self, event_name: str, task: str = "__all__", event: Any = None,
                   get_params: Callable[[], Any] | None = None,
                   f: Callable[..., Any] | None = None) -> None:
        tracer = self._tracer
        if not isinstance(event_name, str):
            raise tracer.error(f"add_action: event_name must be a string, not {event_name!r}")
        if tracer.decisions or any(lp.open for lp in tracer.open_loops):
            # an action node has no guard: registered on some paths only, it would be
            # registered on all of them
            raise tracer.untraceable(
                "add_action after a decision on a traced value (or inside a loop over "
                "one): whether and how often it is registered is only known at run time")
        constraints, event_ref = self._event(event)
        tracer.actions += 1
        node = g.ActionNode(
            id=tracer.new_id(f"action_{event_name}"), index=tracer.actions - 1,
            event_name=event_name, task=self._task(task), event_constraints=constraints,
            event_callable=event_ref, callback=ref(tracer, f, "f"),
            get_params=ref(tracer, get_params, "get_params"), lineno=tracer.lineno())
        tracer.add_node(node, set())

    def add_error_handler(self, event: Any = "state = FAILED",
                          f: Callable[..., Any] | None = None, **kwargs: Any) -> None:
        tracer = self._tracer
        if tracer.decisions or any(lp.open for lp in tracer.open_loops):
            # fail-fast and the handler hold for the whole DAG, not for one branch
            raise tracer.untraceable(
                "add_error_handler after a decision on a traced value (or inside a loop "
                "over one): whether it is registered is only known at run time")
        if tracer.error_handler is not None:
            raise tracer.error("add_error_handler is called twice; register one handler")
        unknown = sorted(set(kwargs) - {"task", "get_params"})
        if unknown:
            raise tracer.error(f"add_error_handler: unknown argument(s) {', '.join(unknown)}")
        constraints, event_ref = self._event(event)
        tracer.error_handler = g.ErrorHandler(
            event_constraints=constraints, event_callable=event_ref,
            callback=ref(tracer, f, "f"), task=self._task(kwargs.get("task", "__all__")))


def ref(tracer: Recorder, func: Any, what: str) -> g.CallableRef | None:
    """A reference to a function of the orchestrator (or another module)."""
    if func is None:
        return None
    decorated = bool(getattr(func, "__motoko_event__", False))
    func = inspect.unwrap(func)
    if not (inspect.isfunction(func) or inspect.ismethod(func)):
        raise tracer.error(f"{what} must be a function (def or lambda), not "
                           f"{type(func).__name__}")
    module = func.__module__
    if module == tracer.module_name:
        module = tracer.config.orchestrator_module
    code = func.__code__
    file: str | None = code.co_filename
    directory = str(tracer.config.directory)
    if file is not None and file.startswith(directory + "/"):
        file = file[len(directory) + 1:]
    else:
        file = None
    return g.CallableRef(module=module, qualname=func.__qualname__, file=file,
                         lineno=code.co_firstlineno, importable="<" not in func.__qualname__,
                         event_decorated=decorated)


def motoko_stand_in(tracer: Recorder) -> dict[str, types.ModuleType]:
    """Light ``motoko``/``motoko.workflow`` modules (``@event`` is recorded)."""

    def event(func: Any) -> Any:
        func.__motoko_event__ = True
        return func

    def no_action(*args: Any, **kwargs: Any) -> None:
        return None

    no_action.__module__ = "motoko.workflow"
    no_action.__qualname__ = "no_action"

    class Workflow:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise tracer.error(
                "creating a motoko Workflow while tracing; the tracer passes the workflow "
                "to main(workflow, **params)")

    package = types.ModuleType("motoko")
    package.__path__ = []
    workflow = types.ModuleType("motoko.workflow")
    workflow.event = event  # type: ignore[attr-defined]
    workflow.no_action = no_action  # type: ignore[attr-defined]
    workflow.Workflow = Workflow  # type: ignore[attr-defined]
    task_manager = types.ModuleType("motoko.task_manager")
    package.workflow = workflow  # type: ignore[attr-defined]
    package.task_manager = task_manager  # type: ignore[attr-defined]
    return {"motoko": package, "motoko.workflow": workflow, "motoko.task_manager": task_manager}

