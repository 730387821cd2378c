"""Where the time of one `motoko run` goes: prints a table of phases (wall seconds).

    python bench/profile_run.py [--inputs 2.1 3.2] [--repeat 1] [--cprofile FILE]

Runs ``motoko run`` in this process on a fresh copy of ``examples/routine`` (a temporary
directory; ``--keep-home`` reuses one Airflow home for every repeat, as a second run of
the same workflow does) with timers around the functions each phase is made of:
Python/Airflow imports, the metadata DB set-up, tracing, building and serializing the
DAG, Airflow's own loop (`dag.test`: set-up, sleeps, state updates), each task start and
every Execution-API request, the task bodies (creating, launching and polling runs,
BlackDynamite connections) and the tear-down (summary, servers). Times are inclusive
per phase and exclusive in the "self" column (a phase's own time minus the phases
inside it), main thread only. The CPU seconds of the process (user + system) and of its
children that ended (the runs are detached: not counted) close it.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROUTINE = ROOT / "examples" / "routine"


class Timers:
    """Inclusive and exclusive wall time per phase (main thread), calls per phase."""

    def __init__(self) -> None:
        self.inclusive: dict[str, float] = defaultdict(float)
        self.exclusive: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)  # main thread's CPU, exclusive
        self.calls: dict[str, int] = defaultdict(int)
        self.other_threads: dict[str, float] = defaultdict(float)
        self.stack: list[list[Any]] = []
        self.order: list[str] = []
        self.each: list[tuple[float, str, float]] = []  # (start, phase, seconds)
        self.origin = time.perf_counter()

    def wrap(self, owner: Any, name: str, phase: str,
             only_if: Callable[[], bool] | None = None) -> None:
        original = getattr(owner, name)
        if getattr(original, "_profiled", False):
            return
        timers = self
        if phase not in self.order:
            self.order.append(phase)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if only_if is not None and not only_if():
                return original(*args, **kwargs)
            main = threading.current_thread() is threading.main_thread()
            start = time.perf_counter()
            cpu_start = time.thread_time()
            if main:
                timers.stack.append([phase, 0.0, 0.0])
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                timers.calls[phase] += 1
                timers.each.append((start - timers.origin, phase, spent))
                if main:
                    cpu = time.thread_time() - cpu_start
                    _, inner, inner_cpu = timers.stack.pop()
                    if not any(frame[0] == phase for frame in timers.stack):
                        timers.inclusive[phase] += spent  # recursion counted once
                    timers.exclusive[phase] += spent - inner
                    timers.cpu[phase] += cpu - inner_cpu
                    if timers.stack:
                        timers.stack[-1][1] += spent
                        timers.stack[-1][2] += cpu
                else:
                    timers.other_threads[phase] += spent

        timed._profiled = True  # type: ignore[attr-defined]
        if isinstance(owner, type) and isinstance(owner.__dict__.get(name), staticmethod):
            setattr(owner, name, staticmethod(timed))
        elif isinstance(owner, type) and isinstance(owner.__dict__.get(name), classmethod):
            setattr(owner, name, classmethod(timed))  # type: ignore[arg-type]
        else:
            setattr(owner, name, timed)

    def add(self, phase: str, seconds: float, cpu: float) -> None:
        if phase not in self.order:
            self.order.append(phase)
        self.inclusive[phase] += seconds
        self.exclusive[phase] += seconds
        self.cpu[phase] += cpu
        self.calls[phase] += 1
        if self.stack:
            self.stack[-1][1] += seconds
            self.stack[-1][2] += cpu


THREAD_CPU: dict[str, float] = defaultdict(float)  # CPU of ended threads, by name


def count_thread_cpu() -> None:
    """Every thread started from now on adds its CPU time to THREAD_CPU when it ends
    (named without numbers: one line for a kind of thread)."""
    import re

    original = threading.Thread.run

    def run(self: threading.Thread) -> None:
        try:
            original(self)
        finally:
            name = re.sub(r"[-_ ]?\d+", "", self.name).replace("/tmp", "")[:45]
            THREAD_CPU[name] += time.thread_time()

    threading.Thread.run = run  # type: ignore[method-assign]


def _caller_is(name: str) -> Callable[[], bool]:
    def check() -> bool:
        frame = sys._getframe(2)  # check <- timed <- the caller of the wrapped function
        return frame.f_code.co_name == name

    return check


def instrument(timers: Timers) -> None:
    """Timers on our functions, and on Airflow's once it is configured."""
    from motoko_airflow import (
        blackdynamite,
        embedded,
        execution,
        render,
        run_command,
        servers,
        summary,
        trace,
    )

    timers.wrap(trace, "trace", "trace main into a graph")
    timers.wrap(render, "dag_from_graph", "build the DAG objects (imports airflow.sdk)")
    timers.wrap(embedded, "ensure_database", "metadata DB set-up")
    timers.wrap(blackdynamite.Study, "create", "create the studies")
    timers.wrap(embedded, "_register", "serialize the DAG into the DB")
    timers.wrap(embedded, "run_dag", "run the DAG (all of it)")
    timers.wrap(blackdynamite.Study, "__init__", "BlackDynamite connections")
    timers.wrap(execution, "create_calls", "create runs (createTask)")
    timers.wrap(execution, "launch", "launch runs")
    timers.wrap(execution, "progress", "poll runs")
    timers.wrap(execution, "records", "read run records")
    timers.wrap(run_command, "_summary", "summary and tear-down")
    timers.wrap(summary, "summarize", "summary and tear-down")
    timers.wrap(servers.ServerKeeper, "leave", "stop the ZEO servers")
    timers.wrap(servers.ServerKeeper, "join", "start/join the ZEO servers")

    original_configure = embedded.configure

    @functools.wraps(original_configure)
    def configure(home: Path) -> None:
        original_configure(home)
        start, cpu = time.perf_counter(), time.thread_time()
        for module in ("airflow", "airflow.sdk", "airflow.models",
                       "airflow.sdk.definitions.dag", "airflow.sdk.execution_time.supervisor",
                       "airflow.sdk.execution_time.task_runner", "airflow.sdk.api.client"):
            importlib.import_module(module)
        timers.add("import Airflow", time.perf_counter() - start, time.thread_time() - cpu)
        instrument_airflow(timers)

    embedded.configure = configure  # type: ignore[assignment]


def instrument_airflow(timers: Timers) -> None:
    from airflow.models.dagrun import DagRun
    from airflow.sdk.api import client
    from airflow.sdk.definitions import dag
    from airflow.sdk.execution_time import supervisor, task_runner

    timers.wrap(dag.DAG, "test", "dag.test: set-up and loop (self)")
    timers.wrap(time, "sleep", "dag.test: loop sleeps (1 s each)", only_if=_caller_is("test"))
    timers.wrap(DagRun, "update_state", "dag.test: loop state updates")
    timers.wrap(dag, "_run_task", "task instances: Airflow around the task (self)")
    timers.wrap(supervisor.InProcessTestSupervisor, "_api_client",
                "task instances: in-process API client/app")
    timers.wrap(client.TaskInstanceOperations, "start",
                "task instances: start request (PATCH /run)")
    timers.wrap(supervisor.InProcessTestSupervisor._Client, "request",
                "task instances: Execution-API requests")
    timers.wrap(task_runner, "_execute_task", "task instances: the operator's execute/poke")


def fresh_copy(root: Path) -> Path:
    target = root / "routine"
    shutil.copytree(ROUTINE, target, ignore=shutil.ignore_patterns(
        ".wf", ".bd", "BD-*", "__pycache__"))
    return target


def live_thread_cpu() -> dict[str, float]:
    """CPU seconds (user + system) of this process's threads still alive, by thread
    name (from /proc; Python's names where it knows the thread)."""
    ticks = os.sysconf("SC_CLK_TCK")
    names = {t.native_id: t.name for t in threading.enumerate()}
    found: dict[str, float] = defaultdict(float)
    for task in Path("/proc/self/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            comm = (task / "comm").read_text().strip()
        except OSError:
            continue
        name = names.get(int(task.name), comm)
        found[name] += (int(fields[11]) + int(fields[12])) / ticks
    return found


def report(timers: Timers, wall: float, cpu: float, children: float,
           main_cpu: float, threads: dict[str, float]) -> None:
    print(f"{'phase':<52} {'calls':>6} {'wall s':>7} {'self s':>7} {'CPU s':>6}")
    print("-" * 82)
    for phase in timers.order:
        if not timers.calls[phase] and not timers.inclusive[phase]:
            continue
        print(f"{phase:<52} {timers.calls[phase]:>6} {timers.inclusive[phase]:>7.2f} "
              f"{timers.exclusive[phase]:>7.2f} {timers.cpu[phase]:>6.2f}")
    accounted = sum(timers.exclusive.values())
    print(f"{'(start-up, CLI, everything not listed)':<52} {'':>6} {'':>7} "
          f"{wall - accounted:>7.2f} {main_cpu - sum(timers.cpu.values()):>6.2f}")
    print("-" * 82)
    print(f"{'whole motoko run':<52} {'':>6} {wall:>7.2f} {'':>7} {main_cpu:>6.2f}")
    print("(CPU s: the main thread's own CPU time, exclusive of the phases inside)")
    for phase, seconds in timers.other_threads.items():
        print(f"  in other threads: {phase} {seconds:.2f} s")
    print(f"CPU seconds of this process (user + system): {cpu:.2f}; of its waited-for "
          f"children: {children:.2f}")
    print("CPU seconds of the threads that ended, by kind: " + ", ".join(
        f"{name} {seconds:.2f}" for name, seconds in
        sorted(THREAD_CPU.items(), key=lambda kv: -kv[1]) if seconds >= 0.01))
    print("CPU seconds of the threads still alive (the main one included): " + ", ".join(
        f"{name} {seconds:.2f}" for name, seconds in
        sorted(threads.items(), key=lambda kv: -kv[1]) if seconds >= 0.01))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", nargs="+", default=["2.1", "3.2"])
    parser.add_argument("--cprofile", metavar="FILE", help="also write a cProfile dump")
    parser.add_argument("--each", metavar="TEXT", action="append", default=[],
                        help="also list every call of the phases whose name contains TEXT, "
                             "with its start time")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.pop("MOTOKO_AIRFLOW_HOME", None)
    timers = Timers()
    instrument(timers)
    count_thread_cpu()
    from motoko_airflow.cli import main as motoko

    root = Path(tempfile.mkdtemp(prefix="profile-run-"))
    try:
        workflow = fresh_copy(root)
        profiler = cProfile.Profile() if args.cprofile else None
        start, main_cpu = time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        try:
            code = motoko(["run", str(workflow), "--run_name", "profile", "--inputs",
                           *args.inputs])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        wall, main_cpu = time.perf_counter() - start, time.thread_time() - main_cpu
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.cprofile)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        threads = live_thread_cpu()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nmotoko run exited {code}; load average {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} CPUs)")
    report(timers, wall, usage.ru_utime + usage.ru_stime, kids.ru_utime + kids.ru_stime,
           main_cpu, threads)
    if args.each:
        print("\nevery call (start s, seconds, phase):")
        for began, phase, seconds in timers.each:
            if any(text in phase for text in args.each):
                print(f"  {began - (start - timers.origin):7.2f} {seconds:6.3f}  {phase}")
    return code


if __name__ == "__main__":
    sys.exit(main())
