"""CPU seconds of one `motoko run` forked from a process that imported Airflow already.

    python bench/forked_run.py [--repeat 5] [--inputs 2.1 3.2] [--workflow DIR]
                               [--phases] [--cprofile FILE] [--py-spy FILE]

The test suite runs its `motoko run`s this way (tests/forkserver.py): a server imports
Airflow, its Execution API, BlackDynamite and this project once
(``forkserver.preload``), then forks a child per command. What a child costs is then
what `motoko run` itself does: trace, studies, the DAG's serialization, `dag.test()`'s
loop, each task's start and its Execution-API requests, the operators, the summary.
This script does the same (one Airflow home for every repeat, a fresh copy of the
workflow each time) and prints, per repeat, the child's own CPU seconds (user +
system, all its threads) and those of the processes it started and waited for (the
studies' ZEO servers it stopped, the runs' processes the launcher reaped: the user's
``doIt.py``), then the medians. CPU seconds, not wall time: the machine may be shared.
``--phases`` adds profile_run.py's table for the last repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--inputs", nargs="+", default=["2.1", "3.2"])
    parser.add_argument("--workflow", type=Path, default=ROOT / "examples" / "routine")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--cprofile", metavar="FILE",
                        help="write a cProfile dump of the last repeat's child (main thread)")
    parser.add_argument("--phases", action="store_true",
                        help="time the last repeat's child by phase, as profile_run.py does "
                             "(main thread CPU; other threads' CPU at the end)")
    parser.add_argument("--py-spy", metavar="FILE", dest="py_spy",
                        help="sample the last repeat's child with py-spy (on PATH), every "
                             "thread, on CPU only: collapsed stacks to FILE")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="forked-run-"))
    home = root / "airflow"
    os.environ["MOTOKO_AIRFLOW_HOME"] = str(home)
    import forkserver

    forkserver.preload(home)
    cpu: list[float] = []
    children: list[float] = []
    try:
        for i in range(args.repeat):
            workflow = root / f"case{i}"
            shutil.copytree(args.workflow, workflow, ignore=shutil.ignore_patterns(
                ".wf", ".bd", "BD-*", "__pycache__"))
            out, err = root / f"case{i}.out", root / f"case{i}.err"

            def child(workflow: Path = workflow, out: Path = out, err: Path = err,
                      last: bool = i == args.repeat - 1) -> int:
                try:
                    return _child(["run", str(workflow), "--run_name", "bench", "--quiet",
                                   "--inputs", *args.inputs], out, err,
                                  args.cprofile if last else None, args.phases and last,
                                  root / "phases.txt")
                finally:
                    mine = resource.getrusage(resource.RUSAGE_SELF)
                    (root / "usage.json").write_text(json.dumps(
                        {"user": mine.ru_utime, "system": mine.ru_stime}))

            pid = forkserver.fork(child)
            spy = None
            if args.py_spy and i == args.repeat - 1:
                spy = subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--rate", "250",
                                        "--threads", "--gil", "--format", "raw", "--output",
                                        args.py_spy], stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(pid, 0)
            if spy is not None:
                spy.wait()
            code = os.waitstatus_to_exitcode(status)
            own = json.loads((root / "usage.json").read_text())
            seconds = own["user"] + own["system"]
            cpu.append(seconds)
            children.append(usage.ru_utime + usage.ru_stime - seconds)
            print(f"repeat {i + 1}: exit {code}, CPU {seconds:.2f} s (user {own['user']:.2f},"
                  f" system {own['system']:.2f}); its waited-for children "
                  f"{children[-1]:.2f} s", flush=True)
            if args.phases and i == args.repeat - 1:
                print((root / "phases.txt").read_text())
            if code != 0:
                print(out.read_text()[-3000:], err.read_text()[-3000:], sep="\n")
                return 1
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(f"median CPU s of a forked motoko run: {statistics.median(cpu):.2f} "
          f"(min {min(cpu):.2f}, max {max(cpu):.2f}, {len(cpu)} repeats); its waited-for "
          f"children {statistics.median(children):.2f}; load average "
          f"{os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    return 0


def _child(argv: list[str], out: Path, err: Path, profile: str | None, phases: bool,
           report: Path) -> int:
    import forkserver

    request = {"args": argv, "out": str(out), "err": str(err)}
    read, write = os.pipe()
    os.close(read)
    if phases:
        return _timed_child(request, write, report)
    if profile is None:
        return forkserver._child(request, write)
    import cProfile

    profiler = cProfile.Profile()
    try:
        return int(profiler.runcall(forkserver._child, request, write))
    finally:
        profiler.dump_stats(profile)


def _timed_child(request: dict[str, Any], answers: int, report: Path) -> int:
    """The child with profile_run.py's timers; their table written to ``report``."""
    import contextlib
    import io
    import time

    import forkserver

    sys.path.insert(0, str(ROOT / "bench"))
    import profile_run

    timers = profile_run.Timers()
    profile_run.instrument(timers)
    profile_run.instrument_airflow(timers)
    profile_run.count_thread_cpu()
    start, main_cpu = time.perf_counter(), time.thread_time()
    try:
        return int(forkserver._child(request, answers))
    finally:
        wall, main_cpu = time.perf_counter() - start, time.thread_time() - main_cpu
        usage = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        text = io.StringIO()
        with contextlib.redirect_stdout(text):
            profile_run.report(timers, wall, usage.ru_utime + usage.ru_stime,
                               kids.ru_utime + kids.ru_stime, main_cpu,
                               profile_run.live_thread_cpu())
        report.write_text(text.getvalue())


if __name__ == "__main__":
    sys.exit(main())
