"""Where trigger → success goes under a real scheduler: prints each task's state changes.

    python bench/scheduler_timeline.py [--inputs 1.0 1.1] [--runs 2]
                                       [--defer-after S] [--set SECTION.OPTION=VALUE ...]

Starts ``motoko_airflow.deployment.LocalAirflow`` (scheduler, dag-processor, triggerer,
API server; LocalExecutor, SQLite) on a fresh copy of ``examples/routine``, then triggers
``--runs`` DAG runs one after the other (the first after a new deployment is the cold
one) and, while each runs, reads every task instance's state from the metadata DB every
20 ms. Prints, per DAG run, trigger → success and one line per task instance: the time
(from the trigger) it entered each state (scheduled, queued, running, deferred, ...), so
the gaps say where the seconds go: the scheduler noticing a ready task (→ queued), a
task process starting (queued → running), the task's own work and its runs (running →
deferred or success), the triggerer and the trigger seeing the runs end (deferred →
scheduled), and resuming (scheduled → running → success). ``--defer-after`` sets the
task managers' ``defer_after`` (default: the operator's own default); ``--set`` adds
Airflow options of the deployment. The load average is printed beside every figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUTINE = ROOT / "examples" / "routine"


class Sampler(threading.Thread):
    """Records ``(seconds since start, task, state)`` each time a task instance of
    ``run_id`` changes state (read from the SQLite metadata DB every ``every`` s)."""

    def __init__(self, database: Path, run_id: str, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.database, self.run_id, self.every = database, run_id, every
        self.start_time = time.perf_counter()
        self.changes: list[tuple[float, str, str]] = []
        self.done = threading.Event()

    def run(self) -> None:
        seen: dict[str, str] = {}
        connection = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True,
                                     timeout=5)
        try:
            while not self.done.is_set():
                try:
                    rows = connection.execute(
                        "SELECT task_id, map_index, state FROM task_instance "
                        "WHERE run_id = ?", (self.run_id,)).fetchall()
                except sqlite3.OperationalError:  # locked: try again next time
                    rows = []
                now = time.perf_counter() - self.start_time
                for task_id, map_index, state in rows:
                    name = task_id if map_index < 0 else f"{task_id}[{map_index}]"
                    if seen.get(name) != state:
                        seen[name] = state
                        self.changes.append((now, name, str(state)))
                time.sleep(self.every)
        finally:
            connection.close()


def report(label: str, seconds: float, state: str, changes: list[tuple[float, str, str]],
           load: float) -> None:
    print(f"\n{label}: trigger -> {state} {seconds:.1f} s (load average {load:.2f})")
    by_task: dict[str, list[tuple[float, str]]] = {}
    for at, name, state_ in changes:
        by_task.setdefault(name, []).append((at, state_))
    for name, steps in sorted(by_task.items(), key=lambda kv: kv[1][0][0]):
        line = "  ".join(f"{state_} {at:5.1f}" for at, state_ in steps)
        print(f"  {name:<28} {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=float, nargs="+", default=[1.0, 1.1])
    parser.add_argument("--runs", type=int, default=2, help="DAG runs, one after the other")
    parser.add_argument("--defer-after", type=float, default=None)
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.OPTION=VALUE")
    args = parser.parse_args(argv)

    from motoko_airflow.deployment import LocalAirflow
    from motoko_airflow.workflow import Workflow

    config: dict[str, dict[str, str]] = {}
    for item in args.set:
        key, _, value = item.partition("=")
        section, _, option = key.partition(".")
        config.setdefault(section, {})[option] = value
    root = Path(tempfile.mkdtemp(prefix="bench-timeline-"))
    directory = root / "routine"
    shutil.copytree(ROUTINE, directory)
    airflow = LocalAirflow(root / "airflow-home", config=config)
    airflow.dags_folder.mkdir(parents=True, exist_ok=True)
    default_args = "" if args.defer_after is None else \
        f", default_args={{'defer_after': {args.defer_after}}}"
    (airflow.dags_folder / "routine.py").write_text(
        "from motoko_airflow.render import workflow_dag\n\n"
        f"dag = workflow_dag({str(directory)!r}, dag_id='routine'{default_args})\n")
    workflow = Workflow(directory)
    try:
        with airflow:
            print(f"deployment start-up {airflow.startup_seconds or 0:.1f} s "
                  f"(load average {os.getloadavg()[0]:.2f})")
            airflow.wait_for_dag("routine", timeout=120)
            workflow.create(validated=True)
            for i in range(args.runs):
                conf = {"inputs": args.inputs, "run_name": f"timeline{i}"}
                start = time.perf_counter()
                run_id = airflow.trigger("routine", conf)
                sampler = Sampler(airflow.database, run_id)
                sampler.start_time = start
                sampler.start()
                state = airflow.wait("routine", run_id, timeout=600, interval=0.1)
                seconds = time.perf_counter() - start
                sampler.done.set()
                sampler.join()
                report(f"DAG run {i + 1} ({'cold' if i == 0 else 'warm'})", seconds, state,
                       sampler.changes, os.getloadavg()[0])
    finally:
        if (directory / "mult" / ".bd").is_dir():
            workflow.kill()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
