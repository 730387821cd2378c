"""``motoko run``: a workflow as an Airflow DAG, executed in this process.

The embedded default: Airflow with a SQLite metadata DB in ``<workflow>/.wf/airflow``
(made on first use from a cached, pre-migrated template), the workflow traced and
rendered with task managers and sensors in ``reschedule`` mode (so ``dag.test``'s
one-task-at-a-time loop still runs mapped instances' runs concurrently, and every wait
is bounded by ``--timeout``), studies created if they do not exist, live progress, and
a summary table at the end. Exit status 0 only if the DAG run succeeded.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

__all__ = ["add_parser", "run"]

#: Seconds between two checks of the runs a task waits for (a study read, ≈ 1 ms; one
#: task waits at a time): a short run's end is seen within it.
POKE_INTERVAL = 0.05
#: Seconds a waiting task keeps checking within one poke before ``dag.test()``'s loop
#: gets the process back (other tasks' turns; see ``operators.guard.WaitSlice``).
WAIT_SLICE = 2.0

_DESCRIPTION = """\
Run a Motoko workflow as an Airflow DAG, in this process: trace the orchestrator into a
DAG, create the studies if needed, execute it with Airflow (SQLite metadata DB in
WORKFLOW/.wf/airflow, no set-up), show progress, then a summary. The orchestrator's own
options follow. main runs in the workflow directory, as under Motoko: a relative path it
opens, or one given in its options, is relative to WORKFLOW. Example:

  motoko run examples/routine --inputs 2.1 3.2
"""


def _workflow_from_argv(argv: Sequence[str]) -> str | None:
    """The WORKFLOW positional of ``motoko run`` (the first non-option after 'run')."""
    if "run" not in argv:
        return None
    rest = list(argv[list(argv).index("run") + 1:])
    takes_value = {"--run_name", "-n", "--dag-id", "--airflow-home", "--timeout",
                   "--poke-interval", "--max-parallel"}
    skip = False
    for arg in rest:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def add_parser(sub: Any, argv: Sequence[str] = ()) -> None:
    from motoko_airflow.options import orchestrator_options, seconds

    p = sub.add_parser("run", help="run a workflow as an Airflow DAG, in this process",
                       description=_DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workflow", metavar="WORKFLOW",
                   help="the workflow directory (or its motoko.yaml or orchestrator)")
    p.add_argument("--run_name", "-n", default=None,
                   help="run name of every run (default: derived from the DAG run id); "
                        "the same run name again resumes, reusing finished runs")
    p.add_argument("--dag-id", default=None, help="DAG id (default: the directory name)")
    p.add_argument("--airflow-home", default=None, metavar="DIR",
                   help="Airflow home (default: $MOTOKO_AIRFLOW_HOME or WORKFLOW/.wf/airflow)")
    p.add_argument("--timeout", type=seconds, default=None, metavar="SECONDS",
                   help="longest any task may wait for its runs (default: motoko.yaml's "
                        "airflow: timeout, else 3600)")
    p.add_argument("--poke-interval", type=seconds, default=POKE_INTERVAL, metavar="SECONDS",
                   help="seconds between checks of a waiting task's runs (default "
                        f"{POKE_INTERVAL:g})")
    p.add_argument("--fallback", action="store_true",
                   help="run an orchestrator that cannot be traced as one task")
    p.add_argument("--keep-servers", action="store_true",
                   help="leave the ZEO servers this command started running at the end "
                        "(servers already running before are always left running)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines")
    orchestrator_options(p, _workflow_from_argv(argv))
    p.set_defaults(handler=run)


class _Progress:
    """Prints a line whenever the tasks' states change, and one when a study's Slurm
    launcher starts holding runs back for a limit of the site (``studies``: name and
    ``.bd`` directory of each study)."""

    def __init__(self, started: float, quiet: bool = False,
                 studies: Sequence[tuple[str, Path]] = ()) -> None:
        self.started = started
        self.quiet = quiet
        self.studies = list(studies)
        self.last = ""
        self.first_active: dict[str, float] = {}
        self.done: dict[str, float] = {}
        self.holds: dict[str, float] = {}  # the hold said, per study (its start)

    def _held(self) -> None:
        from motoko_airflow.slurm_arrays import read_held

        for name, bd_dir in self.studies:
            held = read_held(bd_dir)
            if held is not None and self.holds.get(name) != held.since:
                self.holds[name] = held.since
                print(f"[{time.monotonic() - self.started:6.1f}s] {name}: {held.text()}",
                      flush=True)

    def __call__(self, states: list[tuple[str, int, str]]) -> None:
        self._held()
        by_task: dict[str, Counter[str]] = defaultdict(Counter)
        now = time.monotonic()
        for task_id, _, state in states:
            if not task_id.endswith("__items"):
                by_task[task_id][state or "none"] += 1
        for task_id, counter in by_task.items():
            if set(counter) - {"none", "scheduled", "queued"}:
                self.first_active.setdefault(task_id, now)
            if set(counter) <= {"success", "failed", "skipped", "upstream_failed"}:
                self.done.setdefault(task_id, now)
        if self.quiet:
            return
        line = " | ".join(
            f"{task}: " + ", ".join(f"{n} {s}" if n > 1 else s for s, n in sorted(c.items()))
            for task, c in by_task.items())
        if line and line != self.last:
            self.last = line
            print(f"[{time.monotonic() - self.started:6.1f}s] {line}", flush=True)


def run(args: argparse.Namespace) -> int:
    from motoko_airflow.config import find_config, in_workflow_directory
    from motoko_airflow.interrupts import stopping_on_signals

    global _console
    sys.stderr.flush()
    home = args.airflow_home or os.environ.get("MOTOKO_AIRFLOW_HOME")
    if home:  # where it was typed: main's directory is the workflow's
        args.airflow_home = str(Path(home).absolute())
    args.workflow = str(Path(args.workflow).absolute())
    # the terminal's stderr, for any thread: while the DAG runs, what other threads
    # than the progress thread write goes to the run's log
    with open(os.dup(sys.stderr.fileno()), "w", buffering=1) as console, \
            stopping_on_signals(), in_workflow_directory(find_config(args.workflow).parent):
        _console = console
        start_up = _StartUp()
        try:
            return _run(args, start_up)
        finally:
            _console = None
            start_up.restore()


class _StartUp:
    """No garbage collection while ``motoko run`` starts up, from the trace's end to
    the DAG run's start: importing Airflow, its Execution API and BlackDynamite makes
    about a million objects that live as long as the process and almost no cyclic
    garbage, and the collector walking them again and again cost ≈ 15% of that time's
    CPU. :meth:`end` moves what start-up made out of the collector's way
    (``gc.freeze``) and collects as before from then on. (The trace itself makes cyclic
    garbage, one coroutine per run of ``main``: it is left out.)"""

    def __init__(self) -> None:
        self.collecting = gc.isenabled()

    def begin(self) -> None:
        gc.disable()

    def end(self) -> None:
        gc.freeze()
        self.restore()

    def restore(self) -> None:
        if self.collecting:
            gc.enable()


_console: TextIO | None = None


def _say(line: str) -> None:
    print(line, file=_console or sys.stderr, flush=True)


def _run(args: argparse.Namespace, start_up: _StartUp) -> int:
    from motoko_airflow import embedded
    from motoko_airflow.config import load_workflow_config

    settings = load_workflow_config(args.workflow)
    home = Path(args.airflow_home or os.environ.get("MOTOKO_AIRFLOW_HOME")
                or settings.directory / ".wf" / "airflow").absolute()
    started = time.monotonic()
    from motoko_airflow.exceptions import TraceError
    from motoko_airflow.execution import debugging, derive_run_name, quiet_storage_logs
    from motoko_airflow.trace import trace
    from motoko_airflow.trace.checks import check_graph

    # traced first: nothing is created (not even Airflow's home) for a workflow whose
    # orchestrator cannot run
    # main's params are known: those it needs as plain values are traced with them
    values = {dest: getattr(args, dest, None) for dest in args.orchestrator_dests}
    graph = trace(settings.path, fallback=args.fallback, values=values)
    problems = check_graph(graph)
    if problems:
        more = f" (and {len(problems) - 1} more: 'motoko trace WORKFLOW' lists them)" \
            if len(problems) > 1 else ""
        raise TraceError(problems[0] + more)
    start_up.begin()
    embedded.configure(home)
    print(f"Airflow home: {home}", flush=True)
    embedded.ensure_database(home)
    quiet_storage_logs()

    from motoko_airflow.exceptions import MotokoError, describe
    from motoko_airflow.graph import FallbackNode, SegmentNode
    from motoko_airflow.render import dag_from_graph
    from motoko_airflow.servers import ServerKeeper
    from motoko_airflow.summary import finished_runs, summarize
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(settings.path)
    # a lease on every study's server: started here or joined, a server is stopped at
    # the end only when no other live process holds it (concurrent runs share it), and
    # kept up meanwhile (a lost server is restarted)
    keeper = ServerKeeper(_say)
    daemons = settings.generator != "bashCoat"
    run_name = derive_run_name(args.run_name, None) if args.run_name else None
    runs_stopped = False
    starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studies")
    try:
        for node in graph.nodes:
            if isinstance(node, SegmentNode):
                print(f"partly traceable: {node.id} runs lines from {node.line} of main "
                      f"natively, the steps after them are tasks: {node.reason}",
                      file=sys.stderr)
            elif isinstance(node, FallbackNode) and node.partial:
                print(f"partly traceable: {node.id} runs the rest of main with Motoko's "
                      f"loop: {node.reason}", file=sys.stderr)
            elif isinstance(node, FallbackNode):
                print(f"not traceable, running the orchestrator as one task: {node.reason}",
                      file=sys.stderr)
        # the studies' servers start (their own processes: the other core) while this
        # thread imports Airflow and builds the DAG
        studies = starter.submit(_prepare_studies, workflow, keeper)
        dag = dag_from_graph(graph, dag_id=args.dag_id, mode="reschedule", deferrable=False,
                             poke_interval=args.poke_interval, timeout=args.timeout,
                             wait_slice=max(WAIT_SLICE, args.poke_interval),
                             default_args={"timeout": args.timeout or 3600.0})
        studies.result()
        keeper.start()
        if daemons:  # slurm/pbs/sge: BlackDynamite's launcher daemons submit the runs
            print(f"starting launcher daemons ({settings.generator})", flush=True)
            workflow.start_launcher_daemons()
        conf = {dest: getattr(args, dest, None) for dest in args.orchestrator_dests}
        if args.run_name:
            conf["run_name"] = args.run_name
        print(f"running DAG {dag.dag_id} ({len(dag.tasks)} tasks)", flush=True)
        progress = _Progress(started, quiet=args.quiet, studies=[
            (tm.name, tm.bd.bd_dir) for tm in workflow.task_managers.values()
        ] if daemons else ())
        before = finished_runs(workflow, run_name) if run_name else {}  # reused: counted
        result = embedded.run_dag(dag, conf, on_progress=progress, on_start=start_up.end)
        quiet_storage_logs(logging.CRITICAL)  # the summary's reads: nothing of ZEO's
        run_name = derive_run_name(args.run_name, result.run_id)
        if result.state != "success":
            runs_stopped = True
            _stop_runs(workflow, run_name)
        if daemons and result.interruption is None:
            _await_job_ends(workflow, run_name)
        _summary(workflow, graph, result, run_name, progress)
        with contextlib.suppress(MotokoError):  # a server gone: said already
            print(summarize(workflow, run_name, before).line())
        elapsed = time.monotonic() - started
        if result.error is not None:
            _say(f"motoko: error: {describe(result.error)}")
            _say(f"DAG run {result.run_id or '(none)'} failed after {elapsed:.1f} s "
                 f"(log: {result.log_path})")
            return 1
        if result.interruption is not None:
            _say(f"{result.interruption}: DAG run {result.run_id} stopped after "
                 f"{elapsed:.1f} s; its runs still executing were stopped and marked "
                 f"FAILED; run again with -n {run_name} to resume")
            return int(getattr(result.interruption, "exit_code", 130))
        if result.state != "success":
            _say(_failures(result, verbose=debugging()))
            _say(f"DAG run {result.run_id} {result.state} after {elapsed:.1f} s "
                 f"(log: {result.log_path})")
            return 1
        print(f"DAG run {result.run_id} succeeded in {elapsed:.1f} s (run name {run_name})")
        return 0
    finally:
        from motoko_airflow.execution import close_studies

        # each step is taken even if one before it raised (a full disk): the servers are
        # left (stopped) last, once no run of this command executes
        with contextlib.ExitStack() as cleanup:
            cleanup.callback(keeper.leave, keep_servers=args.keep_servers)
            cleanup.callback(workflow.close)
            if daemons:
                cleanup.callback(workflow.stop_launcher_daemons)
            if not runs_stopped and run_name is not None:  # it owns its runs: none is left
                cleanup.callback(_stop_runs, workflow, run_name)
            cleanup.callback(close_studies)
            starter.shutdown(wait=True)  # a study still being created is finished first


def _prepare_studies(workflow: Any, keeper: Any) -> None:
    """Create the studies that do not exist, and join (start if needed) every study's
    server under ``keeper``'s lease. Run in a thread of its own: the connections a
    creation opens are closed before it ends (a ZODB connection belongs to the thread
    whose transactions it joined: the main thread's reads would never see new runs)."""
    for tm in workflow.task_managers.values():
        created = not tm.bd.exists
        if created:
            print(f"creating study {tm.name}", flush=True)
            try:
                tm.bd.create()
            finally:
                tm.bd.close()
        keeper.join(tm.bd.server, own=created)


def _await_job_ends(workflow: Any, run_name: str) -> None:
    """Record how the Slurm jobs of the DAG run's last runs ended before the launchers
    stop: Slurm's accounting learns of a job's end a moment after the run finished, and
    ``motoko info --verbose`` shows the figures (elapsed time, peak memory) recorded."""
    from motoko_airflow.batch import ACCOUNTING_LAG
    from motoko_airflow.exceptions import MotokoError

    for tm in workflow.task_managers.values():
        with contextlib.suppress(MotokoError):  # a server gone: said already
            left = tm.bd.await_job_ends(run_name, timeout=ACCOUNTING_LAG + 5.0)
            if left:
                print(f"{tm.name}: how the Slurm jobs of {left} run(s) ended is not known "
                      "yet: 'motoko info --verbose' asks Slurm again", file=sys.stderr)


def _stop_runs(workflow: Any, run_name: str) -> None:
    """Stop the runs of ``run_name`` still executing and mark them FAILED (a rerun with
    the same run name gives them a new attempt)."""
    from motoko_airflow.exceptions import describe
    from motoko_airflow.launcher import stop_runs

    for tm in workflow.task_managers.values():
        if not tm.bd.runs_dir.is_dir():
            continue
        try:
            if stop_runs(tm.bd, run_name=run_name):
                _say(f"stopped the runs of {tm.name} still executing")
        except Exception as exc:  # its server cannot write: they are stopped all the same
            _say(f"stopped the runs of {tm.name} still executing; they could not be marked "
                 f"FAILED: {describe(exc)}")


def _failures(result: Any, *, verbose: bool) -> str:
    """What failed, one block per failed task: its error (the log's tail with
    ``--verbose``/``--debug``)."""
    if verbose:
        return str(result.log_tail)
    blocks = []
    for failure in result.failures:
        name = failure.task_id + (f"[{failure.map_index}]" if failure.map_index >= 0 else "")
        blocks.append(f"{name} failed: {failure.error or 'see the log'}")
    return "\n".join(blocks)


def _returned_run_ids(result: Any, task_id: str) -> list[int]:
    """The run ids a task's instances made or found (none for a skipped one): the
    ``run_ids`` XCom each pushes as soon as it knows them (failed tasks included)."""
    ids: list[int] = []
    for t in result.task_states:
        if t.task_id != task_id:
            continue
        try:
            ids += [int(i) for i in result.xcom(task_id, t.map_index, key="run_ids") or []]
        except KeyError:
            continue
    return ids


def _summary(workflow: Any, graph: Any, result: Any, run_name: str,
             progress: _Progress) -> None:
    from motoko_airflow.exceptions import MotokoError
    from motoko_airflow.graph import CreateTaskNode

    durations: dict[str, float] = defaultdict(float)
    states: dict[str, Counter[str]] = defaultdict(Counter)
    for t in result.task_states:
        if t.task_id.endswith("__items"):
            continue
        states[t.task_id][t.state] += 1
        durations[t.task_id] = max(durations[t.task_id], t.duration or 0.0)
    for task_id, start in progress.first_active.items():
        if task_id in progress.done:
            durations[task_id] = max(durations[task_id], progress.done[task_id] - start)
    rows = [("task", "task state", "runs", "run states", "duration")]
    for task_id, counter in states.items():
        runs = "-"
        run_states = "-"
        node: Any = next((n for n in graph.nodes if n.id == task_id), None)
        if isinstance(node, CreateTaskNode) or node is None:
            try:
                if node is not None:  # the runs the task returned (each map instance's)
                    ids = set(_returned_run_ids(result, task_id))
                    pairs = [(r, j) for r, j in workflow.task_manager(
                        node.task_manager).bd.select(run_name=run_name) if r.id in ids]
                else:  # the actions task (or the fallback): every run of this run name
                    pairs = [p for tm in workflow.task_managers.values()
                             for p in tm.bd.select(run_name=run_name)]
            except MotokoError:  # a study's server is gone (said already)
                runs, run_states = "?", "(server gone)"
            else:
                runs = str(len(pairs))
                run_states = ", ".join(f"{n} {s}" for s, n in
                                       sorted(Counter(r["state"] for r, _ in pairs).items()))
        task_state = ", ".join(f"{n} {s}" if n > 1 else s for s, n in sorted(counter.items()))
        rows.append((task_id, task_state, runs, run_states or "-",
                     f"{durations[task_id]:.1f} s"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
