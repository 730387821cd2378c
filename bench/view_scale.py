"""How fast the Motoko view answers for large studies: prints numbers, asserts nothing.

    .venv/bin/python bench/view_scale.py [--sizes 2000 10000] [--repeat 5] [--keep]

For each size N:

1. A copy of examples/routine is created (``motoko create``) and its ``mult`` study gets
   N runs of one run name (``scale``) in one bulk ``Study.create_runs`` (BlackDynamite's
   objects on a real ZEO server); then, in one transaction, 90 % are marked FINISHED
   with an output ``y`` and 10 % FAILED (what the runs' scripts would do, without
   starting N processes).
2. What BlackDynamite's store costs per run read, in a fresh process: the ZODB objects
   one run loads (the run, its ``entries`` tree, a share of tree buckets), and the time
   to read every run's state one object at a time (BlackDynamite's way) and with
   ``Study.runs_of`` (pipelined batches), and again from a warm connection.
3. Through a real Airflow API server (``LocalAirflow``: dag-processor and API server; the
   DAG stays paused, its DAG run queued with ``run_name: scale``) with the study's
   server running: the first DAG run page (a cold API server: the study is read from
   its server), then the median of ``--repeat`` requests of each of: the HTML page,
   its JSON, ``state=FAILED``, a filter matching nothing (``state=START``), the last
   page, ``where=x > ...`` (a job parameter) and ``attempt=2``, and the workflow page;
   the API server's RSS after them.

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
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN_NAME = "scale"


def make_workflow(directory: Path, n: int) -> float:
    """The routine workflow with N mult runs; the seconds the runs took to create."""
    from motoko_airflow.workflow import Workflow

    shutil.copytree(ROOT / "examples" / "routine", directory,
                    ignore=shutil.ignore_patterns(".bd", "BD-*", ".wf", "__pycache__"))
    workflow = Workflow(directory)
    try:
        assert workflow.create(validated=True)
        study = workflow.task_managers["mult"].bd
        began = time.perf_counter()
        study.create_runs({"x": [float(i) for i in range(n)]}, run_name=RUN_NAME)
        took = time.perf_counter() - began

        def finish(base: Any) -> None:  # what the runs' scripts would have written
            for run_id, run in base.runs.entries.items():
                if run_id % 10:
                    run["state"] = "FINISHED"
                    run.y = run_id * 0.5
                else:
                    run["state"] = "FAILED"

        study._write(finish)  # one transaction (a bench shortcut, not an API)
        return took
    finally:
        workflow.close()


def store_costs(directory: Path) -> dict[str, float]:
    """Per-run cost of BlackDynamite's store, read in a fresh process."""
    code = f"""
import json, time
from motoko_airflow.blackdynamite import Study
study = Study({str(directory / 'mult')!r}, cache_objects=400_000)
out = {{}}
with study.session() as base:
    conn = base.connection
    began = time.perf_counter()
    ids = list(base.root.schemas[base.schema]["MotokoRunNames"][{RUN_NAME!r}])
    runs = [base.runs.entries[i] for i in ids]
    out["index_s"] = time.perf_counter() - began
    before = len(conn._cache)
    began = time.perf_counter()
    states = [r["state"] for r in runs[:2000]]  # one object at a time
    took = time.perf_counter() - began
    out["objects_per_run"] = (len(conn._cache) - before) / 2000
    out["one_by_one_ms_per_run"] = took / 2000 * 1000
study.close()
study = Study({str(directory / 'mult')!r}, cache_objects=400_000)
began = time.perf_counter()
runs = study.runs_of({RUN_NAME!r})
states = [r["state"] for r in runs]
out["runs_of_cold_s"] = time.perf_counter() - began
began = time.perf_counter()
study.refresh()
runs = study.runs_of({RUN_NAME!r})
states = [r["state"] for r in runs]
out["runs_of_warm_s"] = time.perf_counter() - began
out["runs"] = len(runs)
study.close()
print("RESULT " + json.dumps(out))
"""
    import subprocess

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    line = [x for x in result.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return dict(json.loads(line[7:]))


def get(airflow: Any, path: str) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one GET."""
    request = urllib.request.Request(airflow.base_url + path, headers={
        "Authorization": f"Bearer {airflow.token()}"})
    began = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - began, status, len(body)


def rss_mib(pid: int) -> float:
    """The RSS of a process and its descendants (the API server's worker)."""
    from motoko_airflow.deployment import descendants

    total = 0
    for each in [pid, *descendants(pid)]:
        try:
            lines = Path(f"/proc/{each}/status").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(x.split()[1]) for x in lines if x.startswith("VmRSS:"))
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    from motoko_airflow.deployment import LocalAirflow
    from motoko_airflow.workflow import Workflow

    print(f"python {sys.version.split()[0]}, sizes {args.sizes}, median of {args.repeat}")
    tmp = Path(tempfile.mkdtemp(prefix="motoko-view-bench-"))
    airflow = LocalAirflow(tmp / "airflow", components=("dag-processor", "api-server"),
                           config={"dag_processor": {"min_file_process_interval": "600"}})
    workflows: dict[int, Path] = {}
    try:
        for n in args.sizes:
            directory = workflows[n] = tmp / f"routine{n}"
            took = make_workflow(directory, n)
            print(f"\n{n} runs: created in {took:.1f} s (one bulk create_runs)")
            costs = store_costs(directory)
            print(f"  store: {costs['objects_per_run']:.1f} ZODB objects per run read; "
                  f"one at a time {costs['one_by_one_ms_per_run']:.2f} ms/run "
                  f"({costs['one_by_one_ms_per_run'] * n / 1000:.1f} s for all {n}); "
                  f"runs_of: cold {costs['runs_of_cold_s']:.2f} s, "
                  f"warm {costs['runs_of_warm_s'] * 1000:.0f} ms")
            airflow.dags_folder.mkdir(parents=True, exist_ok=True)
            (airflow.dags_folder / f"scale{n}.py").write_text(
                "from motoko_airflow.render import workflow_dag\n\n"
                f"dag = workflow_dag({str(directory)!r}, dag_id='scale{n}')\n")
        airflow.start()
        for n, directory in workflows.items():
            dag_id = f"scale{n}"
            airflow.wait_for_dag(dag_id, timeout=180)
            run_id = airflow.trigger(dag_id, {"inputs": [1.0], "run_name": RUN_NAME})
            workflow = Workflow(directory)
            try:
                for tm in workflow.task_managers.values():
                    tm.bd.start_server()  # "with servers running"
            finally:
                workflow.close()
            page = f"/motoko/dags/{dag_id}/runs/{urllib.parse.quote(run_id, safe='')}"
            api = f"/motoko/api/dags/{dag_id}/runs/{urllib.parse.quote(run_id, safe='')}"
            last = -(-n // 100)
            cases = [
                ("HTML page 1 (task=mult)", f"{page}?task=mult"),
                ("JSON page 1 (task=mult)", f"{api}?task=mult"),
                ("HTML page, every study", page),
                ("JSON state=FAILED", f"{api}?task=mult&state=FAILED"),
                ("JSON state=START (none)", f"{api}?task=mult&state=START"),
                (f"JSON page {last} (last)", f"{api}?task=mult&page={last}"),
                ("JSON where x > n-50", f"{api}?task=mult&where="
                                        f"{urllib.parse.quote(f'x > {n - 50}')}"),
                ("JSON attempt=2 (none)", f"{api}?task=mult&attempt=2"),
                ("HTML workflow page", f"/motoko/dags/{dag_id}"),
            ]
            seconds, status, size = get(airflow, cases[0][1])
            print(f"  {n} runs, first request of the API server (cold): "
                  f"{seconds:.2f} s, HTTP {status}, {size / 1024:.0f} KiB")
            for label, path in cases:
                times = []
                for _ in range(args.repeat):
                    seconds, status, size = get(airflow, path)
                    times.append(seconds)
                print(f"  {label:<28} median {statistics.median(times) * 1000:6.0f} ms "
                      f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), "
                      f"HTTP {status}, {size / 1024:.0f} KiB")
            rss = rss_mib(airflow.pids()["api-server"])
            print(f"  API server RSS (with its workers): {rss:.0f} MiB")
    finally:
        try:
            airflow.stop()
        finally:
            for directory in workflows.values():
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
    sys.exit(main())
