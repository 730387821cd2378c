"""Trigger → success of the routine example under ``airflow standalone``: prints numbers.

    .venv/bin/python bench/standalone.py [--inputs 1.0 1.1] [--runs 3]
                                         [--idle-sleep 1.0 0.1] [--defer-after 5]

For each ``[scheduler] scheduler_idle_sleep_time`` of ``--idle-sleep`` (Airflow's
default is 1 s; ``docs/deployment.md`` sets 0.1), a fresh ``airflow standalone`` (its
own ``AIRFLOW_HOME`` in a temporary directory, SQLite, Airflow's defaults otherwise, but
for: no example DAGs, DAGs not paused at creation, the DAG folder looked at every 2 s so
the benchmark does not wait 300 s for it) runs a DAG file holding
``workflow_dag(<a copy of examples/routine>)``. Then, ``--runs`` times, one after the
other (the studies created once, as ``motoko create`` does), the DAG is triggered with
``airflow dags trigger`` (its ``conf``: the inputs and a new ``run_name``), and the DAG
run's row is read from the metadata DB until it ends. What is printed, per DAG run:
*trigger → success*, from the row's ``queued_at`` (when the trigger made it) to its
``end_date``, the same span a REST trigger would start (the CLI's own start-up is left
out), and the load average at the trigger. ``airflow standalone`` is stopped by its
process group, the studies' servers by ``motoko kill``.

The routine example: 2 inputs make 3 dependency levels (``add`` mapped, ``mult``,
``norm``), 7 runs of about a second each, 4 task-manager tasks and the verification.
Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from create_tasks import progress  # noqa: E402 - bench/ is not a package

EXAMPLE = HERE.parent / "examples" / "routine"
DAG_ID = "routine_standalone"


def environment(home: Path, dags: Path, idle_sleep: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "2",
        "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": str(idle_sleep),
    })
    return env


def query(database: Path, sql: str, *args: object) -> list[tuple]:
    """Rows of the metadata DB, or none while it is being made."""
    if not database.exists():
        return []
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # not migrated yet, or locked a moment
        return []


def wait_for(what: str, check, timeout: float, standalone: subprocess.Popen) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if standalone.poll() is not None:
            raise RuntimeError(f"airflow standalone exited ({standalone.returncode}) "
                               f"while waiting for {what}")
        time.sleep(0.2)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s")


def seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def fresh_workflow(root: Path, name: str) -> Path:
    directory = root / name
    shutil.copytree(EXAMPLE, directory, ignore=shutil.ignore_patterns(".bd", "__pycache__"))
    return directory


def motoko(*args: str, cwd: Path) -> None:
    subprocess.run([str(Path(sys.executable).parent / "motoko"), *args], cwd=cwd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def measure(root: Path, inputs: list[float], runs: int, idle_sleep: float,
            defer_after: float | None) -> list[tuple[float | None, str, float]]:
    """Start a standalone, trigger ``runs`` DAG runs one after the other."""
    home, dags = root / "home", root / "dags"
    dags.mkdir(parents=True)
    directory = fresh_workflow(root, "routine")
    args = "" if defer_after is None else f", default_args={{'defer_after': {defer_after}}}"
    (dags / f"{DAG_ID}.py").write_text(
        "from motoko_airflow.render import workflow_dag\n\n"
        f"dag = workflow_dag({str(directory)!r}, dag_id={DAG_ID!r}{args})\n")
    env = environment(home, dags, idle_sleep)
    log = open(root / "standalone.log", "w")
    began = time.perf_counter()
    standalone = subprocess.Popen(["airflow", "standalone"], env=env, cwd=root,
                                  stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    database = home / "airflow.db"
    results: list[tuple[float | None, str, float]] = []
    try:
        wait_for("the DAG serialized", lambda: query(
            database, "SELECT 1 FROM serialized_dag WHERE dag_id = ?", DAG_ID),
            240, standalone)
        progress(f"airflow standalone up, the DAG parsed: {time.perf_counter() - began:.1f} s")
        motoko("create", "--validated", str(directory), cwd=directory)  # servers up
        for i in range(runs):
            conf = {"inputs": inputs, "run_name": f"bench{i}"}
            load = os.getloadavg()[0]
            run_id = f"bench_{i}_{int(time.time())}"
            subprocess.run(["airflow", "dags", "trigger", DAG_ID, "--run-id", run_id,
                            "--conf", json.dumps(conf)], env=env, cwd=root, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            row = wait_for(f"DAG run {run_id} to end", lambda rid=run_id: [
                r for r in query(database, "SELECT state, queued_at, end_date FROM dag_run "
                                 "WHERE dag_id = ? AND run_id = ?", DAG_ID, rid)
                if r[0] in ("success", "failed")], 600, standalone)
            state, queued, ended = row[0]
            took = seconds(queued, ended) if queued and ended else None
            results.append((took, state, load))
            progress(f"DAG run {i + 1}: {state} in {took} s (load {load:.1f})")
    finally:
        try:
            os.killpg(standalone.pid, signal.SIGTERM)
            standalone.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(standalone.pid, signal.SIGKILL)
            standalone.wait()
        except ProcessLookupError:
            pass
        # the LocalExecutor's workers may outlive the group leader a moment (FACTS.md)
        try:
            os.killpg(standalone.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        log.close()
        killed = subprocess.run([str(Path(sys.executable).parent / "motoko"), "kill", "-w",
                                 str(directory)], cwd=directory, check=False,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if killed.returncode:
            progress(f"motoko kill failed: {killed.stderr.strip()[-500:]}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=float, nargs="+", default=[1.0, 1.1],
                        help="the routine example's inputs (default: 2, 3 levels)")
    parser.add_argument("--runs", type=int, default=3,
                        help="DAG runs per standalone, one after the other (default 3)")
    parser.add_argument("--idle-sleep", type=float, nargs="+", default=[1.0, 0.1],
                        help="[scheduler] scheduler_idle_sleep_time values to try "
                             "(default: Airflow's 1 s, then the deployment guide's 0.1 s)")
    parser.add_argument("--defer-after", type=float, default=None,
                        help="the task managers' defer_after (default: theirs, 5 s)")
    args = parser.parse_args(argv)
    table: list[tuple[float, list[tuple[float | None, str, float]]]] = []
    for idle_sleep in args.idle_sleep:
        with tempfile.TemporaryDirectory(prefix="motoko-standalone-") as tmp:
            progress(f"airflow standalone, scheduler_idle_sleep_time {idle_sleep} ...")
            table.append((idle_sleep, measure(Path(tmp), args.inputs, args.runs,
                                              idle_sleep, args.defer_after)))
    print(f"routine example, inputs {args.inputs}, under `airflow standalone`: "
          "trigger -> success (seconds), load average at the trigger")
    for idle_sleep, results in table:
        cells = ", ".join(f"{t:.1f} ({s}, load {ld:.1f})" if t is not None else s
                          for t, s, ld in results)
        print(f"  scheduler_idle_sleep_time {idle_sleep:g} s: {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
