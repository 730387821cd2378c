"""The routine example on two hosts (CeleryExecutor): prints numbers only.

    .venv/bin/python bench/two_hosts.py [--runs 10] [--inputs 2.1 3.2]

Host A runs PostgreSQL, Redis, Airflow's scheduler, dag-processor, triggerer and API
server and the studies' ZEO servers on TCP; host B, a network namespace, runs a Celery
worker with its own copy of the workflow (``motoko_airflow.cluster.TwoHosts``, the
deployment of ``tests/test_two_hosts.py`` and docs/deployment.md). Needs root.

After one warm-up DAG run, ``--runs`` DAG runs one after the other, each triggered
through the REST API and waited for (polling every 0.1 s); for each:

- trigger -> success: from the POST that creates the DAG run to the API reporting it
  successful (wall clock here), and the DAG run's own start -> end (Airflow's dates);
- run end -> task success, per task manager: from the last of its runs ending (the
  launch wrapper's exit file, written on host B the moment ``launch.sh`` exits) to the
  last of its task instances ending (Airflow's end date): the deferral round trip
  through host A's triggerer (its poll of the ZEO server over TCP), the scheduler, the
  Celery broker and host B's worker resuming the task.

Medians (and min/max) over the runs are printed, with the set-up time of the
deployment and the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from motoko_airflow.cluster import TwoHosts  # noqa: E402 - run from a checkout
from motoko_airflow.deployment import LocalAirflow  # noqa: E402

DAG_ID = "routine_bench"
TASK_MANAGERS = ("mult", "add", "norm")


def progress(message: str) -> None:
    print(f"[two_hosts] {message}", file=sys.stderr, flush=True)


def parse_date(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def run_ends(study: Path, run_name: str) -> list[float]:
    """When each run of ``run_name`` in a study directory ended (its exit file)."""
    ends = []
    for output in study.glob(f"BD-*-runs/run-*/{run_name}.o*"):
        exit_file = output.parent / ".motoko-exit"
        if exit_file.exists():
            ends.append(exit_file.stat().st_mtime)
    return ends


def one_run(hosts: TwoHosts, airflow: LocalAirflow, run_name: str,
            inputs: list[float]) -> dict[str, float]:
    began = time.time()
    run_id = airflow.trigger(DAG_ID, {"inputs": inputs, "run_name": run_name})
    state = airflow.wait(DAG_ID, run_id, timeout=600, interval=0.1)
    wall = time.time() - began
    if state != "success":
        raise SystemExit(f"DAG run {run_id} ended {state}:\n{airflow.log_tails()}")
    dag_run = airflow.dag_run(DAG_ID, run_id)
    found = {"trigger -> success": wall,
             "DAG run start -> end": parse_date(dag_run["end_date"])
             - parse_date(dag_run["start_date"])}
    instances = airflow.task_instances(DAG_ID, run_id)
    on_b = hosts.worker.copy / "workflows" / hosts.sources[DAG_ID].name
    for task in TASK_MANAGERS:
        ends = run_ends(on_b / task, run_name)
        done = [parse_date(t["end_date"]) for t in instances if t["task_id"] == task]
        if not ends or not done:
            raise SystemExit(f"no runs or task instances of {task} for {run_name}")
        found[f"run end -> {task} success"] = max(done) - max(ends)
    return found


def describe(values: list[float]) -> str:
    return (f"median {statistics.median(values):6.2f} s   min {min(values):6.2f}   "
            f"max {max(values):6.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="DAG runs measured (10)")
    parser.add_argument("--inputs", type=float, nargs="+", default=[2.1, 3.2])
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("two hosts need root (network namespaces, PostgreSQL's user)")
    os.environ.setdefault("MOTOKO_POLL_INTERVAL", "0.05")
    with tempfile.TemporaryDirectory(prefix="bench-two-hosts-") as tmp:
        began = time.monotonic()
        progress("starting host A (PostgreSQL, Redis, Airflow, ZEO) and host B (worker)")
        with TwoHosts(Path(tmp), {DAG_ID: ROOT / "examples" / "routine"}) as hosts:
            setup = time.monotonic() - began
            airflow = hosts.airflow
            progress(f"deployment up in {setup:.1f} s; warm-up run")
            one_run(hosts, airflow, "warmup", args.inputs)
            samples: list[dict[str, float]] = []
            for i in range(args.runs):
                samples.append(one_run(hosts, airflow, f"bench{i}", args.inputs))
                progress(f"run {i + 1}/{args.runs}: "
                         f"{samples[-1]['trigger -> success']:.1f} s")
            load = os.getloadavg()
    print(f"routine example ({len(args.inputs)} inputs: 7 runs, 4 task-manager task "
          f"instances) on two hosts, CeleryExecutor; {args.runs} DAG runs one after the "
          "other")
    print(f"machine: {os.cpu_count()} cores, load average at the end "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"deployment set-up (PostgreSQL, Redis, migrate, 4 components, worker, "
          f"studies, 1 DAG parsed): {setup:.1f} s")
    keys: list[Any] = list(samples[0])
    width = max(len(k) for k in [*keys, "run end -> task success (all)"])
    for key in keys:
        print(f"  {key:<{width}}  {describe([s[key] for s in samples])}")
    delays = [s[f"run end -> {t} success"] for s in samples for t in TASK_MANAGERS]
    print(f"  {'run end -> task success (all)':<{width}}  {describe(delays)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
