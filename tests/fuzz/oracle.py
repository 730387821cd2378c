"""The fuzzer's fast oracle: one orchestrator run natively and through its traced graph,
both on in-memory studies (:mod:`fuzz.memory`), then their runs compared.

- Native side: the project's runtime (``Workflow.execute``: ``createTask``, ``RunList``,
  ``calling_function`` for ``event_name``) runs ``main`` with run name ``native``.
- Graph side: :func:`motoko_airflow.trace.trace` makes the graph, then :func:`run_graph`
  executes its nodes in their (topological) order with the operators' own code: the
  guard of :mod:`motoko_airflow.operators.guard` (``untaken``, ``upstream_records``),
  and :mod:`motoko_airflow.execution`'s ``mapped_items`` and ``batches`` (what
  ``ItemsOperator`` does), ``task_calls``, ``create_calls`` and ``with_items`` (what
  ``TaskManagerOperator`` does); XComs are the same plain run records (a mapped task's:
  one list per map instance). A skipped task's XCom is None, as in Airflow. A
  ``FallbackNode`` runs ``main`` natively on the graph side's studies with the DAG
  run's params, as ``OrchestratorOperator`` does: idempotent ``createTask`` finds the
  compiled steps' runs. A ``SegmentNode`` runs ``main`` so up to the end of its
  statement, as ``SegmentOperator`` does (:func:`motoko_airflow.segments.run_to`).
- Compared: per study, the multiset of (job parameters, outputs and run parameters,
  state) of both run names, with types (floats within 1e-9 relative); a job field
  ``mult_ids`` (run ids of ``mult``) compares as the runs it names, in order.
- When ``main`` fails natively (its own error, not the fuzzer's limits), the graph
  runs until a task fails (a ``RaiseNode``, a check of a value no step reads, any
  error of a task) and must have made no run ``main`` did not make before it stopped:
  a multiset inclusion (a mapped step makes its runs together, so an error at a later
  item leaves it with fewer). Running to its end with no run more is ``same``: the
  DAG's verification task fails it with ``main``'s error.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import linecache
import math
import os
import signal
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.schema import outputs

from .memory import MemoryStudy, TooManyRuns, memory_studies, memory_workflow, write_studies

__all__ = ["Outcome", "check", "compare", "run_graph", "run_native", "write_workflow"]

NATIVE, GRAPH = "native", "graph"
REL_TOL = 1e-9
#: Airflow's [core] max_map_length default: items per ItemsOperator batch limit.
MAX_MAP_LENGTH = 1024

MOTOKO_YAML = "task_managers:\n" + "".join(
    f"  {name}:\n" for name in ("mult", "add", "square", "agg", "label")
) + "orchestrator: orchestrator.main\n"


class TimeUp(BaseException):
    """A program ran longer than its time limit (a loop that never ends)."""


#: A program's wall-clock limit, as a multiple of its CPU limit (it may wait, too).
WALL_FACTOR = 6.0
#: CPU seconds the tracing and the graph's execution get, from the end of the native
#: run: a limit for a trace that does not end, not a timing (the slowest programs found
#: trace in about 7 s, and a loaded machine stretches CPU seconds too)
TRACE_SECONDS = 60.0


def _rearm(seconds: float) -> None:
    """Restart the limits :func:`time_limit` set, at ``seconds`` of CPU from now."""
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeUp` in the main thread after ``seconds`` of this process's CPU
    time (a busy machine does not make a program time out), or ``WALL_FACTOR`` times as
    long on the clock (a program that waits without end)."""
    def ring(signum: int, frame: Any) -> None:
        if signum == signal.SIGPROF:
            raise TimeUp(f"ran out of CPU time ({seconds:g} s natively, then "
                         f"{TRACE_SECONDS:g} s to trace and run the graph)")
        raise TimeUp(f"ran out of time on the clock ({WALL_FACTOR:g} times its CPU limit)")

    previous = (signal.signal(signal.SIGPROF, ring), signal.signal(signal.SIGALRM, ring))
    _rearm(seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])


_YAML: dict[str, Any] = {}


@contextlib.contextmanager
def cached_yaml() -> Iterator[None]:
    """``yaml.safe_load`` of a text seen before returns a copy of its first parse: every
    program has the same motoko.yaml and bd.yaml, and parsing them again and again (the
    runtime and the tracer read them a dozen times a program) was a third of the time."""
    import yaml

    original = yaml.safe_load

    def load(stream: Any) -> Any:
        if not isinstance(stream, str):
            return original(stream)
        if stream not in _YAML:
            _YAML[stream] = original(stream)
        return copy.deepcopy(_YAML[stream])

    yaml.safe_load = load
    try:
        yield
    finally:
        yaml.safe_load = original


class Unsupported(Exception):
    """A graph node the oracle does not execute (sensors, actions)."""


def write_workflow(directory: Path, orchestrator: str, helpers: str | None = None,
                   studies: Path | None = None) -> Path:
    """A workflow directory holding the studies, ``orchestrator.py`` (and ``helpers.py``).
    With ``studies`` (a folder :func:`~fuzz.memory.write_studies` filled), its study
    folders are links to those: nothing of a study changes from a program to the next."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "motoko.yaml").write_text(MOTOKO_YAML)
    if studies is None:
        write_studies(directory)
    else:
        for study in studies.iterdir():
            (directory / study.name).symlink_to(study, target_is_directory=True)
    (directory / "orchestrator.py").write_text(orchestrator)
    if helpers is not None:
        (directory / "helpers.py").write_text(helpers)
    return directory


#: Modules known not to be a program's (skipped by :func:`forget_modules`).
_SETTLED: set[str] = set(sys.modules)
#: Where programs are written (tempfile's folder): their modules are never settled.
_WORK = str(Path(tempfile.gettempdir()).resolve())


def remove_written(directory: Path) -> None:
    """Remove the files a program wrote in its folder (the fourth grammar's,
    :data:`~fuzz.generator.OUT_FILES`): each side starts without them, so a file read at
    trace time or by the graph is never the other side's."""
    from .generator import OUT_FILES

    for path in directory.glob(f"{OUT_FILES}*"):
        path.unlink()


def forget_modules(directory: Path) -> None:
    """Drop the workflow's modules from ``sys.modules`` and its folder from ``sys.path``
    (the runtime's import leaves both): each run imports them afresh."""
    prefix = str(directory)
    for name in [n for n in sys.modules if n not in _SETTLED]:
        path = str(getattr(sys.modules[name], "__file__", "") or "")
        if path.startswith(prefix + os.sep):
            del sys.modules[name]
        elif not path.startswith(_WORK):
            _SETTLED.add(name)  # a library's module: never looked at again
    while prefix in sys.path:
        sys.path.remove(prefix)


def parse_params(directory: Path, args: list[str]) -> dict[str, Any]:
    """The orchestrator's params for ``args``, through its own ``populate_arg_parser``."""
    import types

    module = types.ModuleType("_fuzz_params")  # in sys.modules: a dataclass needs it
    namespace: dict[str, Any] = vars(module)
    source = directory / "orchestrator.py"
    sys.path.insert(0, str(directory))
    sys.modules[module.__name__] = module
    try:
        exec(compile(source.read_text(), str(source), "exec"), namespace)  # noqa: S102
    finally:
        sys.modules.pop(module.__name__, None)
        forget_modules(directory)
    parser = argparse.ArgumentParser()
    if "populate_arg_parser" in namespace:
        namespace["populate_arg_parser"](parser)
    return vars(parser.parse_args(args))


def run_native(directory: Path, params: Mapping[str, Any],
               studies: dict[str, MemoryStudy] | None = None,
               run_name: str = NATIVE) -> dict[str, MemoryStudy]:
    """``main`` with the project's runtime on memory studies (fresh unless given)."""
    studies = memory_studies(directory) if studies is None else studies
    forget_modules(directory)
    workflow = memory_workflow(directory, studies, run_name)
    try:
        workflow.execute(**params)
    finally:
        forget_modules(directory)
    return studies


class _Task:
    """What ``guard.untaken`` needs of a task: its id and a logger."""

    def __init__(self, task_id: str) -> None:
        self.task_id = task_id
        self.log = _Quiet()


class _Quiet:
    def info(self, *args: Any) -> None:
        pass


def _exprs(pairs: tuple[tuple[str, g.Expr], ...] | None) -> dict[str, Any] | None:
    """As the renderer passes them to the operators: plain JSON expressions."""
    return None if pairs is None else {name: g.expr_to_dict(e) for name, e in pairs}


def run_graph(graph: g.Graph, directory: Path, params: Mapping[str, Any],
              limit: int = MAX_MAP_LENGTH) -> dict[str, MemoryStudy]:
    """Execute ``graph`` node by node with the operators' code (module docstring); a
    task's failure raises :class:`GraphFailed`."""
    studies = memory_studies(directory)
    try:
        return _run_graph(graph, directory, params, limit, studies)
    except (TooManyRuns, Unsupported):
        raise
    except Exception as exc:
        raise GraphFailed(f"{type(exc).__name__}: {exc}", studies) from exc


class GraphFailed(Exception):
    """A task of the graph failed (what the DAG run would stop at); ``studies``: the
    runs made until then."""

    def __init__(self, message: str, studies: dict[str, MemoryStudy]) -> None:
        super().__init__(message)
        self.studies = studies


def _run_graph(graph: g.Graph, directory: Path, params: Mapping[str, Any], limit: int,
               studies: dict[str, MemoryStudy]) -> dict[str, MemoryStudy]:
    from motoko_airflow import execution
    from motoko_airflow.operators.guard import untaken, upstream_records

    dag_params = {name: spec.get("default") for name, spec in graph.params.items()}
    dag_params.update(copy.deepcopy(dict(params)))  # main may change its lists
    dag_params["run_name"] = GRAPH
    context = {"params": dag_params, "run_id": "fuzz"}
    mapped = {n.id for n in graph.nodes if isinstance(n, g.CreateTaskNode) and n.foreach}
    xcom: dict[str, Any] = {}
    for node in graph.nodes:
        needed = sorted(g.node_inputs(node))
        upstream = {n: xcom.get(n) for n in needed}
        records = upstream_records(upstream, [n for n in needed if n in mapped])
        when = getattr(node, "when", None)
        when_json = None if when is None else g.expr_to_dict(when)
        if isinstance(node, g.CreateTaskNode):
            study = studies[node.task_manager]

            def instance(scopes: list[Any], study: MemoryStudy = study,
                         node: g.CreateTaskNode = node,
                         records: Any = records) -> list[dict[str, Any]]:
                calls = execution.task_calls({}, None, _exprs(node.job_params) or {},
                                             _exprs(node.run_params), dag_params, records,
                                             scopes)
                run_ids, items = execution.create_calls(
                    study, calls, run_name=GRAPH, event_name=node.event_name or node.id,
                    retry_token="fuzz#1")
                return execution.with_items([study.record(i, exact=True) for i in run_ids],
                                            items)

            if not node.foreach:
                if untaken(_Task(node.id), context, when_json, records, False):
                    xcom[node.id] = None  # skipped: downstream reads no runs
                    continue
                xcom[node.id] = instance([{}])
            else:
                loops = [{"var": lp.var, "over": g.expr_to_dict(lp.over)}
                         for lp in node.foreach]
                _, kept = execution.mapped_items(loops, when_json, dag_params, records)
                xcom[node.id] = [instance(batch)
                                 for batch in execution.batches(kept, limit) or [[]]]
        elif isinstance(node, g.FallbackNode):
            if untaken(_Task(node.id), context, when_json, records, False):
                xcom[node.id] = None
                continue
            run_native(directory, copy.deepcopy(dag_params), studies, run_name=GRAPH)
            xcom[node.id] = {"run_name": GRAPH, "finished": True}
        elif isinstance(node, g.RaiseNode):  # as RaiseOperator: fails the DAG run
            if untaken(_Task(node.id), context, when_json, records, False):
                xcom[node.id] = None
                continue
            message = execution.evaluate(node.message, dag_params, records, plain=False)
            raise RuntimeError(f"{node.error}: {message}")
        elif isinstance(node, g.SegmentNode):  # as SegmentOperator does
            if untaken(_Task(node.id), context, when_json, records, False):
                xcom[node.id] = None
                continue
            from motoko_airflow.segments import run_to

            forget_modules(directory)
            workflow = memory_workflow(directory, studies, GRAPH)
            try:
                values = run_to(workflow, copy.deepcopy(dag_params), node.line,
                                node.column, node.names)
            finally:
                forget_modules(directory)
            # through JSON, as XCom carries it
            xcom[node.id] = [{"values": json.loads(json.dumps(values))}]
        else:
            raise Unsupported(f"the oracle does not execute {node.kind} nodes")
    return studies


def verify_graph(graph: g.Graph, directory: Path, params: Mapping[str, Any],
                 studies: dict[str, MemoryStudy]) -> Any:
    """The ``verify_main`` task after the graph's tasks: ``verification.verify`` (its own
    replay of ``main``) on the graph side's memory studies; its Report. It imports
    BlackDynamite (``run_record``): bench/fuzz.py ``--verify`` only, not the test."""
    from motoko_airflow import verification

    class Replaying(verification._Replaying):  # the task's workflow, on memory studies
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name, tm in self.task_managers.items():
                tm._bd = studies[name]  # type: ignore[assignment]

        def launch_inline(self, max_parallel: int | None = None) -> None:
            pass  # memory runs end when made

    dag_params = {name: spec.get("default") for name, spec in graph.params.items()}
    dag_params.update(copy.deepcopy(dict(params)))
    dag_params["run_name"] = GRAPH
    saved = verification._Replaying
    verification._Replaying = Replaying  # type: ignore[misc]
    forget_modules(directory)
    try:
        return verification.verify(
            graph.workflow, GRAPH, dag_params, poll_interval=0.0, timeout=10.0,
            events=sorted({n.event_name for n in graph.nodes
                           if isinstance(n, g.CreateTaskNode)}))
    finally:
        verification._Replaying = saved  # type: ignore[misc]
        forget_modules(directory)


# ---- comparison -------------------------------------------------------------------------


def canonical(studies: Mapping[str, MemoryStudy], record: dict[str, Any],
              with_state: bool = True) -> dict[str, Any]:
    """A run as comparable data: job parameters (``mult_ids`` replaced by the runs they
    name), outputs and run parameters (the fields no one but doIt.py or run_params
    sets), state."""
    job = {k: v for k, v in record["job"].items() if k != "id"}
    if isinstance(job.get("mult_ids"), list):
        mult = studies["mult"]
        job["mult_ids"] = [canonical(studies, mult.record(i), False) if i in mult.runs
                           else {"missing run": i} for i in job["mult_ids"]]
    key: dict[str, Any] = {"job": job, "outputs": outputs(record["run"])}
    if with_state:
        key["state"] = record["state"]
    return key


def same(a: Any, b: Any) -> bool:
    """Equal with the same types, floats within :data:`REL_TOL`."""
    if isinstance(a, float) or isinstance(b, float):
        if type(a) is not type(b):
            return False
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def runs_of(studies: Mapping[str, MemoryStudy], run_name: str) -> dict[str, list[Any]]:
    return {name: [canonical(studies, study.record(int(r.entries["id"])))
                   for r, _ in study.select(run_name=run_name)]
            for name, study in studies.items()}


def _matched(mine: list[Any], theirs: list[Any]) -> tuple[list[Any], list[Any]]:
    """The runs of each side that no run of the other is :func:`same` as."""
    rest = list(theirs)
    only_mine = []
    for item in mine:
        for k, other in enumerate(rest):
            if same(item, other):
                del rest[k]
                break
        else:
            only_mine.append(item)
    return only_mine, rest


def compare(native: Mapping[str, MemoryStudy], graph: Mapping[str, MemoryStudy]) -> list[str]:
    """What differs, study by study (empty: the same runs)."""
    mine, theirs = runs_of(native, NATIVE), runs_of(graph, GRAPH)
    problems = []
    for study in mine:
        only_native, rest = _matched(mine[study], theirs[study])
        if only_native or rest:
            problems.append(
                f"{study}: {len(mine[study])} native run(s), {len(theirs[study])} from "
                f"the graph; only native: {_brief(only_native)}; only from the graph: "
                f"{_brief(rest)}")
    return problems


def more_runs(native: Mapping[str, MemoryStudy], graph: Mapping[str, MemoryStudy]
              ) -> list[str]:
    """The runs the graph made that main did not, study by study (empty: none)."""
    mine, theirs = runs_of(native, NATIVE), runs_of(graph, GRAPH)
    problems = []
    for study in mine:
        _, extra = _matched(mine[study], theirs[study])
        if extra:
            problems.append(f"{study}: {len(mine[study])} native run(s), "
                            f"{len(theirs[study])} from the graph; only from the graph: "
                            f"{_brief(extra)}")
    return problems


def _brief(runs: list[Any], limit: int = 4) -> str:
    text = "; ".join(json.dumps({**r["job"], **r["outputs"]}) for r in runs[:limit])
    return f"[{text}{' ...' if len(runs) > limit else ''}]"


# ---- one program --------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one program gave.

    ``status``: ``same`` (compiled, fully or partly, and the same runs), ``different``
    (compiled and other runs: a wrong DAG), ``fallback`` (the whole orchestrator is one
    task), ``refused`` (TraceError), ``invalid`` (main itself fails natively, or makes
    too many runs), ``unsupported`` (a node kind the oracle does not execute).
    """

    status: str
    detail: str = ""
    partial: bool = False
    nodes: list[str] = field(default_factory=list)
    graph: g.Graph | None = None
    verified: str | None = None  # with check(verify=True): what verify_main said
    failing: bool = False  # main fails natively (the graph checked for runs more)


def check(directory: Path, args: list[str], seconds: float = 10.0,
          verify: bool = False) -> Outcome:
    """Run the workflow in ``directory`` both ways with ``args``; compare. A program
    that runs longer than ``seconds`` of CPU natively is ``invalid``; one whose tracing
    and graph run longer than :data:`TRACE_SECONDS`, ``different`` (a trace or a graph
    that does not end)."""
    linecache.clearcache()  # the tracer reads sources through it: never a stale file
    phase = ["native"]
    try:
        with time_limit(seconds), cached_yaml():
            return _check(directory, args, phase, verify)
    except TimeUp as exc:
        if phase[0] == "native":
            return Outcome("invalid", f"native: {exc}")
        return Outcome("different", f"{phase[0]}: {exc}")


def _check(directory: Path, args: list[str], phase: list[str], verify: bool) -> Outcome:
    from motoko_airflow.exceptions import TraceError
    from motoko_airflow.trace import trace

    try:
        params = parse_params(directory, args)
    except (Exception, SystemExit) as exc:
        return Outcome("invalid", f"args: {type(exc).__name__}: {exc}")
    native = memory_studies(directory)
    failed: BaseException | None = None  # main's own error
    try:
        run_native(directory, copy.deepcopy(params), native)
    except TooManyRuns as exc:
        return Outcome("invalid", str(exc))
    except SystemExit as exc:
        return Outcome("invalid", f"native: SystemExit: {exc}")
    except Exception as exc:  # main fails: the graph may make no run main did not
        failed = exc
    forget_modules(directory)
    remove_written(directory)  # the trace and the graph never see main's files
    phase[0] = "tracing"
    _rearm(TRACE_SECONDS)
    try:
        graph = trace(directory, values=params)  # as `motoko run` traces
    except TraceError as exc:
        return Outcome("refused", str(exc))
    finally:
        forget_modules(directory)
    wrong = {k: v for k, v in graph.fixed.items() if params.get(k) != v}
    if wrong:  # a DAG fixed to other values than the run's would be refused
        return Outcome("different", f"params fixed at other values than given: {wrong}",
                       nodes=[n.kind for n in graph.nodes], graph=graph)
    kinds = [n.kind for n in graph.nodes]
    if graph.is_fallback:
        fallback = graph.fallback
        return Outcome("fallback", fallback.reason if fallback else "", nodes=kinds,
                       graph=graph)
    partial = any(isinstance(n, g.FallbackNode) for n in graph.nodes)
    remove_written(directory)
    phase[0] = "executing the graph"
    try:
        compiled = run_graph(graph, directory, params)
    except Unsupported as exc:
        return Outcome("unsupported", str(exc), partial, kinds, graph)
    except TooManyRuns as exc:
        return Outcome("different", f"the graph makes too many runs: {exc}", partial,
                       kinds, graph)
    except Exception as exc:
        compiled = exc.studies if isinstance(exc, GraphFailed) else None
        if failed is None or compiled is None:
            what = str(exc) if isinstance(exc, GraphFailed) else f"{type(exc).__name__}: {exc}"
            return Outcome("different", f"executing the graph failed: {what}", partial,
                           kinds, graph)
    finally:
        forget_modules(directory)  # run-time calls import the workflow's modules
    if failed is not None:
        extra = more_runs(native, compiled)
        if extra:
            return Outcome("different", f"main fails natively ({type(failed).__name__}: "
                           f"{failed}); the graph made runs main never made: "
                           + "; ".join(extra), partial, kinds, graph, failing=True)
        return Outcome("same", "", partial, kinds, graph, failing=True)
    problems = compare(native, compiled)
    if problems:
        outcome = Outcome("different", "\n".join(problems), partial, kinds, graph)
        if verify:
            phase[0] = "verify_main"
            try:
                report = verify_graph(graph, directory, params, compiled)
                outcome.verified = ("verify_main fails the DAG run: " if not report.ok else
                                    "verify_main PASSES the DAG run: ") + report.text()
            except Exception as exc:
                outcome.verified = f"verify_main raised {type(exc).__name__}: {exc}"
        return outcome
    return Outcome("same", "", partial, kinds, graph)
