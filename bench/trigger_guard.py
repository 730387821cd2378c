"""What the run-name guard (motoko_airflow/plugin/guard.py) costs a trigger: prints
numbers, asserts nothing.

    .venv/bin/python bench/trigger_guard.py [--runs 2000] [--repeat 5] [--keep]

A copy of examples/routine is created; its ``mult`` study gets ``--runs`` runs under
the run name ``taken``, recorded as made by DAG ``owner``. A real API server and
dag-processor (``LocalAirflow``; the DAGs stay paused, so no triggered run executes)
serve two DAGs on that workflow, ``owner`` and ``other``, and a plain DAG. Then, the
median of ``--repeat`` ``POST /api/v2/dags/{dag_id}/dagRuns`` of each kind, with the
studies' servers running, then stopped before each request:

- the plain DAG with a ``run_name`` (the guard only parses the body),
- ``other`` without a run name (Airflow makes up the run id: the guard lets it pass),
- ``other`` with a new run name (the guard reads the studies: 200),
- ``other`` with ``taken`` (refused: 400).

Every process started here is stopped at the end (Airflow's, then the study servers).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from motoko_airflow.deployment import LocalAirflow

ROOT = Path(__file__).resolve().parent.parent


def trigger(airflow: LocalAirflow, dag_id: str,
            conf: dict[str, object]) -> tuple[float, int]:
    """Seconds and HTTP status of one trigger."""
    request = urllib.request.Request(
        f"{airflow.base_url}/api/v2/dags/{dag_id}/dagRuns",
        data=json.dumps({"logical_date": None, "conf": conf}).encode(), method="POST",
        headers={"Content-Type": "application/json",
                 "Authorization": f"Bearer {airflow.token()}"})
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return time.perf_counter() - began, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    from motoko_airflow.deployment import LocalAirflow
    from motoko_airflow.workflow import Workflow

    print(f"python {sys.version.split()[0]}, {args.runs} runs, median of {args.repeat}")
    tmp = Path(tempfile.mkdtemp(prefix="motoko-guard-bench-"))
    directory = tmp / "routine"
    shutil.copytree(ROOT / "examples" / "routine", directory,
                    ignore=shutil.ignore_patterns(".bd", "BD-*", ".wf", "__pycache__"))
    airflow = LocalAirflow(tmp / "airflow", components=("dag-processor", "api-server"),
                           config={"core": {"dags_are_paused_at_creation": "True"},
                                   "dag_processor": {"min_file_process_interval": "600"}})
    try:
        workflow = Workflow(directory)
        try:
            assert workflow.create(validated=True)
            workflow.task_managers["mult"].bd.create_runs(
                {"x": [float(i) for i in range(args.runs)]}, run_name="taken",
                dag_id="owner")
        finally:
            workflow.close()
        airflow.dags_folder.mkdir(parents=True, exist_ok=True)
        for dag_id in ("owner", "other"):
            (airflow.dags_folder / f"{dag_id}.py").write_text(
                "from motoko_airflow.render import workflow_dag\n\n"
                f"dag = workflow_dag({str(directory)!r}, dag_id={dag_id!r})\n")
        (airflow.dags_folder / "plain.py").write_text(
            "from airflow.sdk import DAG\nfrom airflow.providers.standard.operators.empty "
            "import EmptyOperator\n\nwith DAG('plain', schedule=None):\n"
            "    EmptyOperator(task_id='nothing')\n")
        airflow.start()
        for dag_id in ("owner", "other", "plain"):
            airflow.wait_for_dag(dag_id, timeout=180)
        trigger(airflow, "plain", {})  # the API server's first request
        fresh = iter(range(10**6))
        cases = [
            ("plain DAG, run_name given", lambda: ("plain", {"run_name": "x"})),
            ("other, no run_name", lambda: ("other", {"inputs": [1.0]})),
            ("other, a new run_name", lambda: ("other", {
                "inputs": [1.0], "run_name": f"new{next(fresh)}"})),
            ("other, run_name 'taken'", lambda: ("other", {
                "inputs": [1.0], "run_name": "taken"})),
        ]
        for servers in ("running", "stopped"):
            print(f"\nstudy servers {servers}:")
            for label, make in cases:
                times, statuses = [], set()
                for _ in range(args.repeat):
                    workflow = Workflow(directory)
                    try:
                        for tm in workflow.task_managers.values():
                            if servers == "running":
                                tm.bd.start_server()
                        if servers == "stopped":
                            workflow.kill(launchers=False)
                    finally:
                        workflow.close()
                    dag_id, conf = make()
                    seconds, status = trigger(airflow, dag_id, conf)
                    times.append(seconds)
                    statuses.add(status)
                print(f"  {label:<28} median {statistics.median(times) * 1000:6.0f} ms "
                      f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), "
                      f"HTTP {sorted(statuses)}")
    finally:
        try:
            airflow.stop()
        finally:
            workflow = Workflow(directory)
            try:
                workflow.kill(launchers=False)
            finally:
                workflow.close()
            if args.keep:
                print(f"kept {tmp}")
            else:
                shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
