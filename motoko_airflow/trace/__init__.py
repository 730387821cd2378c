"""Symbolic tracer: a Motoko orchestrator's ``main`` coroutine -> a workflow graph.

Start here. ``trace(path)`` imports the orchestrator under a private module name,
builds its argparse parser (the DAG params), and runs ``main(workflow, **params)`` on a
private event loop with a *tracing* workflow, where nothing really waits. It is run
once per path of ``main``'s decisions, each on a fresh, instrumented import of the
orchestrator and of the workflow's own modules, and the paths are merged into one graph.

The rule: compile only what is shown equivalent to ``main``. Python must never answer
for a stand-in (a hash, an identity test, a string method on a formatted value, a loop
body run once that passes state to "the next iteration"); where it would, the path
stops there (:class:`~.state.Untraceable`, a ``BaseException``) and the rest of
``main`` runs natively.

The parts, in the order a value flows through them:

- :mod:`.state` - what one run of ``main`` records (nodes, edges, open loops,
  decisions), and the two kinds of errors: a mistake (:class:`TraceError`) and a
  construct only Motoko's loop can run (:class:`~.state.Untraceable`).
- :mod:`.values` - symbolic values (params, run outputs, loop items) and the
  expressions they build; :func:`~.values.to_expr` for what reaches ``createTask``.
- :mod:`.loops` - iterating traced lists: mapped tasks and fan-ins; unpacking.
- :mod:`.instrument` - the workflow's code compiled with the tracer's checks (identity
  tests, comparisons, indexing, calls, lists), its helper modules imported the same
  way, and the static check of a loop traced once (what it carries past an iteration).
- :mod:`.sequences` - lists and generators of the workflow's code: a fan-in list that
  Python may not read, and the checks the instrumented code calls.
- :mod:`.functions` - ``len``/``sum``/``min``/``max``/``sorted``/``zip``/``enumerate``/
  ``range``/``list`` of traced values in the workflow's modules; built-ins that would
  answer for a stand-in (``isinstance``, ``type``, ``set``...) refuse.
- :mod:`.workflow` - the tracing workflow: ``createTask``, ``select``, actions,
  ``asyncio.gather``.
- :mod:`.joins` - an ``if`` whose branches only make steps runs both branches in one
  path, each under its guard: the decision merges at its join instead of forking.
- :mod:`.paths` - decisions fork the trace; paths merge into guarded nodes and
  conditional values; partial fallback.
- this module - the driver: import, params, one run of ``main`` per path, the graph.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import copy
import gc
import importlib.util
import inspect
import itertools
import logging
import os
import re
import sys
import threading
import time
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.config import (
    WorkflowConfig,
    find_config,
    in_workflow_directory,
    load_workflow_config,
)
from motoko_airflow.exceptions import ConfigError, TraceError
from motoko_airflow.own_modules import put_back, set_aside
from motoko_airflow.params import params_from_parser
from motoko_airflow.read_files import digest
from motoko_airflow.trace import blame, blocks, concurrent, effects, functions, segments
from motoko_airflow.trace.fixing import trace_with_values
from motoko_airflow.trace.functions import traced_builtins
from motoko_airflow.trace.instrument import (
    MATCH,
    NAME,
    RAISE,
    SIDES,
    WorkflowImporter,
    compile_instrumented,
    forget_files,
)
from motoko_airflow.trace.joins import sides_for
from motoko_airflow.trace.loops import Seq
from motoko_airflow.trace.paths import (
    MAX_GUARDED_PATHS,
    LoopTestError,
    TooManyPaths,
    explore,
    merge,
)
from motoko_airflow.trace.raises import Raised, raise_hook, refusal_of
from motoko_airflow.trace.sequences import helpers, match_hook
from motoko_airflow.trace.state import Recorder, Untraceable, activate, signals
from motoko_airflow.trace.tasks import Spawned
from motoko_airflow.trace.values import FALLBACK_HINT
from motoko_airflow.trace.workflow import TracingWorkflow, gather_for, motoko_stand_in, ref

__all__ = ["trace"]

_module_counter = itertools.count()
# trace() patches asyncio.gather and sys.modules while it runs: one trace at a time
_TRACE_LOCK = threading.RLock()


#: after this many seconds of tracing, and every as many after, a line on stderr says
#: the trace goes on (MOTOKO_TRACE_PROGRESS_SECONDS)
PROGRESS_SECONDS = 10.0


@contextlib.contextmanager
def _progress(work: list[int]) -> Iterator[None]:
    """A line on stderr every :data:`PROGRESS_SECONDS` while the trace runs: a long one
    (many branches, guarded iterations, the params tried one by one) is not hung."""
    every = float(os.environ.get("MOTOKO_TRACE_PROGRESS_SECONDS", PROGRESS_SECONDS))
    done = threading.Event()
    started = time.monotonic()

    def tell() -> None:
        while not done.wait(every):
            sys.stderr.write(
                f"motoko: still tracing main after {time.monotonic() - started:.0f} s "
                f"({work[0]} runs of main so far: one per way its tests of traced values "
                "can go; `python bench/trace_paths.py` shows them)\n")
            sys.stderr.flush()

    teller = threading.Thread(target=tell, name="trace-progress", daemon=True)
    teller.start()
    try:
        yield
    finally:
        done.set()
        teller.join()


def trace(path: str | Path, *, fallback: bool = False,
          values: dict[str, Any] | None = None, fix_params: bool = True) -> g.Graph:
    """Trace the orchestrator of a workflow into a :class:`~motoko_airflow.graph.Graph`.

    ``path`` is the workflow directory, its ``motoko.yaml`` or the orchestrator file.
    What only Motoko's loop can run (a wait on something else than a task,
    ``workflow.vars``, a loop whose exit depends on run outputs) becomes one task
    running ``main`` natively after the steps compiled before it (partial fallback).
    Mistakes, and orchestrators of which nothing compiles, raise :class:`TraceError`
    (``file:line: what, and what to do``); with ``fallback=True`` they yield a one-node
    graph carrying the reason instead. Broken configuration raises
    :class:`ConfigError` either way.

    Params ``main`` needs as plain values are traced with their ``values`` (default:
    ``populate_arg_parser``'s defaults) and fixed in the graph (``Graph.fixed``; see
    :mod:`.fixing`); ``fix_params=False`` keeps every param symbolic.

    ``main`` is traced in the workflow directory (:func:`in_workflow_directory`), where
    it runs.
    """
    path = Path(path).absolute()  # as typed, from the working directory of before
    work = [0]  # runs of main so far
    with _TRACE_LOCK, _quiet_stops(), _no_logging(), _progress(work), \
            in_workflow_directory(find_config(path).parent):
        functions.forget_printed()
        if not fix_params:
            return _trace(path, fallback=fallback, work=work)
        defaults: dict[str, Any] = {}
        try:
            return trace_with_values(
                lambda fixed: _trace(path, fallback=False, fixed=fixed, defaults=defaults,
                                     work=work),
                defaults, values, lambda: work[0])
        except TraceError:
            if not fallback:
                raise
            return _trace(path, fallback=True)


@contextlib.contextmanager
def _no_logging() -> Iterator[None]:
    """No log record while ``main`` is traced: ``log.info("u=%.6f", run.u)`` would format
    a stand-in only where the process's logging is configured to emit it (a DAG file
    parsed by Airflow, a test run after Airflow was imported), so one orchestrator would
    compile whole in ``motoko trace`` and fall back elsewhere. Its records are logged,
    with their values, by the tasks that run ``main`` (the verification task's replay)."""
    before = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(before)


@contextlib.contextmanager
def _quiet_stops() -> Iterator[None]:
    """A path stopped while ``main`` held routines it had called and not awaited yet (an
    argument of ``asyncio.gather`` made before a later one stopped the path, a name):
    natively ``main`` goes on and awaits them. Freed, each would warn "coroutine ... was
    never awaited"; they are freed here (the paths' frames, collected once per trace),
    without that warning.

    The objects alive before the trace are frozen meanwhile (``gc.freeze``), so that
    collection looks at the trace's own objects only: a full one costs 0.1 s in a
    process that has imported Airflow. Not where something else froze objects already
    (unfreezing would undo it): there the collection is a full one.

    The automatic collector is off meanwhile: what the trace decides from references
    (a list nothing else holds, a traced value still alive) would otherwise depend on
    when a collection happened to run, so one orchestrator could trace into different
    graphs by what the process had allocated before."""
    frozen = gc.get_freeze_count() == 0
    if frozen:
        gc.freeze()
    enabled = gc.isenabled()
    gc.disable()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"coroutine '.*' was never awaited",
                                RuntimeWarning)
        try:
            yield
        finally:
            gc.collect()
            if enabled:
                gc.enable()
            if frozen:
                gc.unfreeze()


#: the garbage of the paths run so far is collected every this many paths
COLLECT_PATHS = 16
#: at most this many tests of loop items made fallback points before the trace gives up
MAX_CUTS = 4
#: at most this many explorations of main's paths to find the statements to run as blocks
MAX_BLOCK_ROUNDS = 12


def _plan_blocks(obstacles: list[Untraceable], blocks: dict[Any, str],
                 tried: dict[Any, str]) -> bool:
    """Mark the statements to try as blocks next (see :mod:`.blocks`) from what stopped
    the paths: a block that was refused is not tried again, and the next statement out
    of the one that stopped a path is. Whether anything changed."""
    changed = False
    for exc in obstacles:
        if exc.block_failed is not None and exc.block_failed in blocks:
            tried[exc.block_failed] = exc.block_refused or ""
            del blocks[exc.block_failed]
            changed = True
            continue
        for site in exc.block_candidates:
            if site in tried:
                continue
            if site not in blocks:
                message = str(exc)
                if exc.filename and exc.lineno:
                    message = message.removeprefix(f"{exc.filename}:{exc.lineno}: ")
                blocks[site] = message if exc.lineno == site[1] else \
                    f"line {exc.lineno}: {message}"
                changed = True
            break
    return changed


def _plan_segments(obstacles: list[Untraceable], segments: dict[Any, str],
                   tried: dict[Any, str], late: bool) -> bool:
    """Mark the statements of main to run natively as segments next (see
    :mod:`.segments`) from what stopped the paths. One refused stays marked: on a path
    where it is refused, the path stops at it as it did before (with the reason it is no
    segment either), so the paths need not be run again. A ``for``, ``try`` or ``with``
    only when ``late``: once the rest of the trace (blocks, guarded iterations, cut
    tests) has left a path cut in it. Whether anything changed."""
    changed = False
    for exc in obstacles:
        if exc.segment_failed is not None:
            tried[exc.segment_failed] = exc.segment_refused or ""
            continue
        site = exc.segment_site
        if site is None or site in tried or site in segments:
            continue
        if not late and not _is_while(site):
            continue
        message = str(exc)
        if exc.filename and exc.lineno:
            message = message.removeprefix(f"{exc.filename}:{exc.lineno}: ")
        plain = site[1] == exc.lineno and _is_plain(site)
        segments[site] = message if plain else f"line {exc.lineno}: {message}"
        changed = True
    return changed


def _is_while(site: tuple[str, int, int]) -> bool:
    spot = segments.spots(site[0]).get((site[1], site[2]))
    return spot is not None and isinstance(spot.stmt, ast.While)


def _is_plain(site: tuple[str, int, int]) -> bool:
    spot = segments.spots(site[0]).get((site[1], site[2]))
    return spot is not None and isinstance(spot.stmt, segments._PLAIN)


def _late_site(exc: Untraceable, tried: dict[Any, str]) -> bool:
    """Whether ``exc`` stopped a path in a ``for``, ``try`` or ``with`` of main that may
    run as a segment (:func:`_plan_segments`, ``late``) with steps after it (else the
    segment would be the fallback task by another name)."""
    site = exc.segment_site
    if site is None or site in tried or exc.segment_failed is not None or _is_while(site):
        return False
    spot = segments.spots(site[0]).get((site[1], site[2]))
    return spot is not None and spot.steps_after


def _trace(path: str | Path, *, fallback: bool, fixed: dict[str, Any] | None = None,
           defaults: dict[str, Any] | None = None, work: list[int] | None = None
           ) -> g.Graph:
    forget_files()
    effects.install()
    config = load_workflow_config(path)
    orchestrator_file = config.orchestrator_path.resolve()
    base = Recorder(config, str(orchestrator_file))
    saved = {name: sys.modules.get(name)
             for name in ("motoko", "motoko.workflow", "motoko.task_manager")}
    saved_asyncio = {name: getattr(asyncio, name)
                     for name in ("gather", "create_task", "ensure_future")}
    directory = str(config.directory)
    # the workflow's own modules are imported afresh, instrumented, on every path
    own_modules = set_aside(directory)
    sys.modules.update(motoko_stand_in(base))
    current = [base]
    instrumented = {base.file}
    base.instrumented = instrumented

    def prepare(module: types.ModuleType) -> None:
        rec = current[0]
        if rec is not base:  # populate_arg_parser sees the real int and float
            vars(module).update(traced_builtins(rec))
        vars(module).update(helpers(rec))
        vars(module).update(blocks.hooks(rec))
        vars(module).update(segments.hooks(rec))
        vars(module)[SIDES] = sides_for(rec)
        vars(module)[RAISE] = raise_hook(rec)
        vars(module)[MATCH] = match_hook(rec)
        # `__name__` as main sees it natively (the orchestrator is imported here under a
        # name of its own per path)
        vars(module)[NAME] = (
            config.orchestrator_module if module.__name__ == base.module_name
            else module.__name__)
        if module.__spec__ is not None and module.__spec__.origin:
            instrumented.add(module.__spec__.origin)

    importer = WorkflowImporter(directory, prepare)
    # patched before the import too: `from asyncio import gather` binds this one
    asyncio.gather = lambda *aws, **kw: gather_for(current[0])(*aws, **kw)  # type: ignore

    def spawn(coro: Any, **kwargs: Any) -> Any:  # create_task: traced when awaited
        if isinstance(coro, Spawned):  # ensure_future of a task: the task itself
            return coro
        if not inspect.iscoroutine(coro):
            raise current[0].error(f"asyncio.create_task() got {type(coro).__name__}, not "
                                   "a coroutine")
        concurrent.spawned(current[0])
        task = Spawned(current[0], coro)
        current[0].spawned.append(coro)
        # from here on routines run concurrently natively: changes to shared objects
        # happen in an order the trace does not follow
        current[0].gathering += 1
        return task

    asyncio.create_task = asyncio.ensure_future = spawn  # type: ignore[assignment]
    sys.path.insert(0, directory)
    sys.meta_path.insert(0, importer)
    environ = effects.recording_environ()
    unwatch = effects.watching_paths()
    try:
        module = _import_orchestrator(base, orchestrator_file, prepare)
        main, params = _symbolic_main(base, module, defaults)
        main_ref = ref(base, main, "main")
        assert main_ref is not None

        guarded = [True]  # bounded loops with an exit test unroll into guarded iterations
        cut: set[Any] = set()  # tests of loop items made fallback points (LoopTestError)
        marked: dict[Any, str] = {}  # statements run at run time as blocks (.blocks)
        tried: dict[Any, str] = {}  # statements that could not be blocks, and why
        segment_sites: dict[Any, str] = {}  # while statements run as segments
        not_segments: dict[Any, str] = {}  # while statements refused as segments
        obstacles: list[Untraceable] = []  # what stopped each path of the last exploration
        late = [False]  # for, try and with statements may be segments (_plan_segments)

        runs = [0]  # paths run so far

        def run(forced: list[bool]) -> tuple[Recorder, Untraceable | None]:
            if work is not None:
                work[0] += 1
            # the earlier paths' garbage (their frames, in cycles) goes every
            # COLLECT_PATHS paths: the automatic collector is off (_quiet_stops), and
            # what gc.get_referrers scans (blocks._other_holders) would grow with every
            # path (a collection per path costs more than it saves on most traces)
            runs[0] += 1
            if runs[0] % COLLECT_PATHS == 0:
                gc.collect()
            rec = Recorder(config, base.file, forced=list(forced),
                           module_name=base.module_name, instrumented=instrumented,
                           params=params, guarded_loops=guarded[0],
                           cut_sites=frozenset(cut), tuple_params=base.tuple_params,
                           block_sites=dict(marked), block_refusals=dict(tried),
                           segment_sites=dict(segment_sites),
                           segment_refusals=dict(not_segments))
            current[0] = rec
            importer.forget()
            activate(rec)
            try:
                path_main = getattr(_import_orchestrator(rec, orchestrator_file, prepare),
                                    config.orchestrator_function)
                obstacle: BaseException | None = None
                try:
                    _run_main(rec, path_main, params, fixed or {})
                except Untraceable as exc:
                    obstacle = exc
                except TraceError as exc:
                    obstacle = exc
                first = next(iter(signals()), obstacle)  # one main swallowed comes first
                if isinstance(first, TraceError):
                    raise first
                if isinstance(first, Untraceable) and not isinstance(first, Raised):
                    obstacles.append(first)  # a compiled raise ends the path: no block
                return rec, first if isinstance(first, Untraceable) else None
            finally:
                activate(None)
                rec.iterations.clear()  # drop the frames

        def every_path() -> list[Any]:
            paths = some_paths()
            # a statement that stopped a path, made a block, may let the trace go on:
            # the innermost one around it not tried yet, until none is left
            rounds = 0
            while rounds < MAX_BLOCK_ROUNDS and (
                    _plan_segments(obstacles, segment_sites, not_segments, late[0])
                    or _plan_blocks(obstacles, marked, tried)):
                rounds += 1
                paths = some_paths()
            return paths

        def some_paths() -> list[Any]:
            obstacles.clear()
            if guarded[0]:
                try:
                    return explore(run, MAX_GUARDED_PATHS)
                except TooManyPaths:
                    # guarded iterations of several loops multiply the paths: those
                    # loops run natively instead
                    guarded[0] = False
            return explore(run)

        try:
            while True:
                paths = every_path()
                while True:
                    try:
                        nodes, edges = merge(paths, base.file)
                        break
                    except LoopTestError as exc:
                        # the paths differ on a loop item's test in a way no guard after
                        # the loop can express: that test becomes the fallback point
                        if exc.site in cut or len(cut) >= MAX_CUTS:
                            raise
                        cut.add(exc.site)
                        paths = every_path()
                # a path still cut in a for, try or with of main: it may be a segment
                if late[0] or not any(isinstance(n, g.FallbackNode) for n in nodes) or \
                        not any(_late_site(o, not_segments) for o in obstacles):
                    break
                late[0] = True
            compiled = [n for n in nodes if not isinstance(n, g.FallbackNode)]
            obstacle = next((n for n in nodes if isinstance(n, g.FallbackNode)), None)
            if obstacle is not None and not compiled:
                raise TraceError(
                    obstacle.reason.split(": ", 1)[1].replace(
                        "; main runs from here on as one task with Motoko's loop", "")
                    + "; nothing before it can be compiled into a DAG: move it into an "
                    "action (workflow.add_action) " + FALLBACK_HINT,
                    filename=base.file, lineno=obstacle.lineno)
        except TraceError as exc:
            if not fallback:
                raise
            return _fallback_graph(config, params, main_ref, exc)
    finally:
        os.environ = environ  # noqa: B003 - the real one back
        unwatch()
        for name, function in saved_asyncio.items():
            setattr(asyncio, name, function)
        if directory in sys.path:
            sys.path.remove(directory)
        if importer in sys.meta_path:
            sys.meta_path.remove(importer)
        importer.forget()
        sys.modules.pop(config.orchestrator_module, None)
        sys.modules.pop(base.module_name, None)
        put_back(directory, own_modules)
        for name, module_before in saved.items():
            if module_before is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module_before
    handler = next((p.recorder.error_handler for p in paths
                    if p.recorder.error_handler is not None), None)
    read_files = {f: d for f in sorted(instrumented) if (d := digest(f)) is not None}
    for p in paths:
        read_files.update(p.recorder.read_files)
    # named relative to the workflow where they are in it: the DAG file moves with it
    read_files = {f[len(directory) + 1:] if f.startswith(directory + "/") else
                  "." if f == directory else f: d for f, d in sorted(read_files.items())}
    read_env: dict[str, str | None] = {}
    for p in paths:
        read_env.update(p.recorder.read_env)
    return g.Graph(
        dag_id=_dag_id(config), workflow=str(config.path), orchestrator=main_ref,
        task_managers=tuple(config.task_managers), aliases=dict(config.aliases),
        params=params, nodes=tuple(nodes), edges=tuple(dict.fromkeys(edges)),
        fail_fast=handler is not None, error_handler=handler, read_files=read_files,
        read_env=dict(sorted(read_env.items())))


# ---------------------------------------------------------------- driving main


def _suspension_point(tracer: Recorder, coro: Any) -> tuple[int | None, str]:
    """The orchestrator line where ``coro`` is suspended, and what it awaits."""
    chain: list[Any] = []
    obj = coro
    while obj is not None:
        chain.append(obj)
        obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
    lineno, last = None, -1
    for i, item in enumerate(chain):
        frame = getattr(item, "cr_frame", None) or getattr(item, "gi_frame", None)
        if frame is not None and frame.f_code.co_filename == tracer.file:
            lineno, last = frame.f_lineno, i
    for item in chain[last + 1:]:
        frame = getattr(item, "cr_frame", None) or getattr(item, "gi_frame", None)
        if frame is not None and not frame.f_code.co_filename.startswith(
                str(Path(__file__).parent)):
            return lineno, frame.f_code.co_qualname + "()"
    return lineno, type(chain[-1]).__name__ if chain else ""


async def _drive(tracer: Recorder, coro: Any) -> None:
    try:
        coro.send(None)
    except StopIteration:
        tracer.check_loops()
        if tracer.writing:
            from motoko_airflow.trace.writes import check_closed

            check_closed(tracer)
        for spawned in tracer.spawned:
            if inspect.iscoroutine(spawned) and inspect.getcoroutinestate(
                    spawned) == inspect.CORO_CREATED:
                code = spawned.cr_code
                spawned.close()
                raise tracer.error(
                    f"a background task ({code.co_qualname}) was started with "
                    "asyncio.create_task/ensure_future and never awaited; await it, or use "
                    "asyncio.gather(...) to run routines in parallel",
                    lineno=code.co_firstlineno) from None
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        if pending:
            code = pending[0].get_coro().cr_code  # type: ignore[union-attr]
            raise tracer.error(
                f"a background task ({code.co_qualname}) was started with "
                "asyncio.create_task/ensure_future and never awaited; use "
                "asyncio.gather(...) to run routines in parallel",
                lineno=code.co_firstlineno) from None
        return
    lineno, foreign = _suspension_point(tracer, coro)
    try:
        coro.close()
    except BaseException:  # noqa: B036 - the orchestrator's cleanup must not mask the error
        pass
    raise tracer.untraceable(
        f"awaiting {foreign or 'a foreign awaitable'} really waits (only createTask, "
        "select, helper coroutines and asyncio.gather are compiled)", lineno=lineno)


def _located(tracer: Recorder, exc: BaseException) -> int | None:
    lineno = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == tracer.file:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _import_orchestrator(tracer: Recorder, path: Path,
                         prepare: Any) -> types.ModuleType:
    """A fresh module of the orchestrator, instrumented (one per path of main)."""
    if not tracer.module_name:
        tracer.module_name = f"_motoko_traced_orchestrator_{next(_module_counter)}"
    spec = importlib.util.spec_from_file_location(tracer.module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[tracer.module_name] = module
    try:
        code = compile_instrumented(path)
    except SyntaxError as exc:
        raise TraceError(f"syntax error: {exc.msg}", filename=tracer.file,
                         lineno=exc.lineno) from exc
    prepare(module)
    # its functions' and classes' __module__ as natively (main.__module__ as a label),
    # and found under that name as natively (a dataclass reads its module there)
    module.__name__ = tracer.config.orchestrator_module
    sys.modules[module.__name__] = module
    try:
        exec(code, vars(module))  # noqa: S102
    except Untraceable as exc:  # module code no DAG can hold (a clock, a random draw)
        lineno = exc.lineno
        message = str(exc).split(": ", 1)[-1] if lineno else str(exc)
        raise tracer.error(f"importing the orchestrator: {message}; its modules are "
                           "imported again by every task " + FALLBACK_HINT,
                           lineno=lineno) from None
    except TraceError:
        raise
    except Exception as exc:
        raise tracer.error(f"importing the orchestrator failed: {type(exc).__name__}: {exc}",
                           lineno=_located(tracer, exc)) from exc
    return module


def _symbolic_main(tracer: Recorder, module: types.ModuleType,
                   defaults: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
    config = tracer.config
    main = getattr(module, config.orchestrator_function, None)
    if main is None or not callable(main):
        raise TraceError(
            f"the orchestrator has no function {config.orchestrator_function!r} "
            f"(motoko.yaml says orchestrator: {config.orchestrator})",
            filename=tracer.file, lineno=1)
    parser = None
    populate = getattr(module, "populate_arg_parser", None)
    if populate is not None:
        parser = argparse.ArgumentParser(prog="motoko orchestrator start")
        try:
            populate(parser)
        except Exception as exc:
            raise tracer.error(f"populate_arg_parser failed: {type(exc).__name__}: {exc}",
                               lineno=_located(tracer, exc)) from exc
    try:
        params = params_from_parser(parser)
    except ConfigError as exc:
        raise ConfigError(str(exc).split(": ", 1)[-1], path=tracer.file,
                          key="populate_arg_parser") from None
    if defaults is not None and parser is not None:
        defaults.update(_parser_defaults(parser))
    if parser is not None:
        tracer.tuple_params = frozenset(a.dest for a in parser._actions
                                        if isinstance(a.default, tuple))
    return main, params


def _parser_defaults(parser: argparse.ArgumentParser) -> dict[str, Any]:
    """What ``main`` gets for each option not given on the command line (required
    options have none), as ``motoko run`` passes them."""
    out: dict[str, Any] = {}
    for action in parser._actions:
        if action.required or action.dest in (argparse.SUPPRESS, "help") \
                or action.default is argparse.SUPPRESS:
            continue
        value = action.default
        if isinstance(value, str) and action.type is not None:
            try:
                value = parser._get_value(action, value)
            except argparse.ArgumentError:
                continue
        out[action.dest] = value
    return out


def _run_main(tracer: Recorder, main: Any, params: dict[str, Any],
              fixed: dict[str, Any]) -> None:
    workflow = TracingWorkflow(tracer)
    # a fixed param is its value (a copy per path: main may change it in place)
    symbolic = {name: copy.deepcopy(fixed[name]) if name in fixed
                else Seq(tracer, g.Param(name)) for name in params}
    loop = asyncio.new_event_loop()
    try:
        _drive_main(tracer, main, workflow, symbolic, loop)
    finally:
        _close_unstarted(tracer)
        loop.close()


def _drive_main(tracer: Recorder, main: Any, workflow: Any, symbolic: dict[str, Any],
                loop: asyncio.AbstractEventLoop) -> None:
    """``main`` run on the path's loop; what it raises made a stop or a mistake."""
    try:
        result = main(workflow, **symbolic)
        if inspect.isawaitable(result):
            coro = result if inspect.iscoroutine(result) else _await(result)
            loop.run_until_complete(_drive(tracer, coro))
    except (TraceError, ConfigError):
        raise
    except Exception as exc:
        if not blame.own_error(tracer, exc):
            # Python's own code refused a stand-in (ord(run.text), '%-*s' % (run.y, s)):
            # only known at run time, where main runs on the value itself
            raise tracer.untraceable(
                blame.stand_in_error(tracer, exc),
                lineno=_located(tracer, exc)) from exc
        if tracer.decisions:  # raised on one branch: natively, it fails the DAG run
            why = refusal_of(exc)
            raise tracer.untraceable(
                f"main raises {type(exc).__name__}: {exc} on this branch (it runs with "
                "Motoko's loop, where the error fails the task"
                + (f"; not compiled: {why}" if why else "") + ")",
                lineno=_located(tracer, exc)) from exc
        raise tracer.error(
            f"main raised {type(exc).__name__}: {exc} while being traced; fix the "
            "orchestrator " + FALLBACK_HINT, lineno=_located(tracer, exc)) from exc


def _close_unstarted(tracer: Recorder) -> None:
    """Close the coroutines given to ``asyncio.create_task`` or ``asyncio.gather`` that
    the path never awaited (it stopped before: a fallback point, a raise, an earlier
    routine of the same gather): Python would warn, at exit, that each "was never
    awaited". Closing one not started runs none of its code."""
    for spawned in tracer.spawned + tracer.gathered:
        if inspect.iscoroutine(spawned) and \
                inspect.getcoroutinestate(spawned) == inspect.CORO_CREATED:
            spawned.close()


async def _await(awaitable: Any) -> Any:
    return await awaitable


def _dag_id(config: WorkflowConfig) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", config.directory.name) or "motoko_workflow"


def _fallback_graph(config: WorkflowConfig, params: dict[str, Any], main_ref: g.CallableRef,
                    exc: TraceError) -> g.Graph:
    where = ""
    if exc.filename and exc.lineno:
        where = f"{Path(exc.filename).name}:{exc.lineno}: "
    message = str(exc).split(": ", 1)[-1] if where else str(exc)
    message = message.replace(" " + FALLBACK_HINT, "").replace(FALLBACK_HINT, "").rstrip(" ,;")
    return g.Graph(
        dag_id=_dag_id(config), workflow=str(config.path), orchestrator=main_ref,
        task_managers=tuple(config.task_managers), aliases=dict(config.aliases),
        params=params, nodes=(g.FallbackNode("orchestrator", where + message),))
