"""The Slurm arrays issue's acceptance, measured: a 500-run sweep through ``motoko run``
on a Slurm whose limits are set low. Prints numbers, asserts nothing.

    .venv/bin/python bench/slurm_acceptance.py [--runs 500] [--throttle 2]
        [--max-job-count 120] [--max-array-size 50]

Starts a single-node Slurm of its own with accounting (tests/test_slurm.py's cluster:
slurmctld, slurmd, slurmdbd over a MariaDB of its own; needs root, Debian's slurm-wlm,
munge, slurmdbd and mariadb-server) with ``MaxJobCount``, ``MaxArraySize`` and
``MinJobAge=2``, makes tests/test_slurm_arrays.py's sweep workflow (one createTask over
``--runs`` values of x, each run appending when it started and ended in its directory)
and runs it with ``motoko run``. Then it prints:

- the runs FINISHED exactly once (one attempt each, its script executed once) out of
  ``--runs``, and the FAILED ones, those FAILED by a refused submission apart;
- the highest number of tasks of one array running at once vs the throttle, and of all
  tasks at once (the node has as many CPUs as this machine);
- the ``sbatch``, ``squeue``, ``scontrol`` and ``sacct`` calls (shims first on PATH count
  them, the launcher's and everyone's), the arrays and their sizes, the holds at the
  limit (the launcher's log) and the lines ``motoko run`` printed about them;
- the wall time of ``motoko run``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))


def _runs(directory: Path) -> list[dict[str, object]]:
    from motoko_airflow.blackdynamite import Study, run_record

    store = Study(directory / "sweep", workflow=str(directory / "motoko.yaml"))
    try:
        with store.server.lease():
            return [{"id": int(run.id), "x": job["x"],
                     **run_record(store.name, run, job)["run"]}
                    for run, job in store.select(current_only=False)]
    finally:
        store.close()


def _stamps(run_dir: Path, name: str) -> list[float]:
    try:
        return [float(v) for v in (run_dir / name).read_text().split()]
    except FileNotFoundError:
        return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--throttle", type=int, default=2)
    parser.add_argument("--max-job-count", type=int, default=120)
    parser.add_argument("--max-array-size", type=int, default=50)
    args = parser.parse_args()

    from slurm_submission import COMMANDS, _calls, _shims
    from test_slurm import cluster, motoko
    from test_slurm_arrays import _most_at_once, sweep_workflow

    from conftest import stop_everything

    with tempfile.TemporaryDirectory(prefix="motoko-bench-acceptance-") as tmp:
        log = Path(tmp) / "calls.log"
        _shims(Path(tmp) / "bin", log)
        os.environ["PATH"] = f"{Path(tmp) / 'bin'}{os.pathsep}{os.environ['PATH']}"
        with cluster(accounting=True, MaxArraySize=str(args.max_array_size),
                     MaxJobCount=str(args.max_job_count), MinJobAge="2") as slurm:
            slurm.env["PATH"] = os.environ["PATH"]
            print(f"Slurm 22.05, single node, {os.cpu_count()} CPUs, accounting "
                  f"(slurmdbd); MaxJobCount {args.max_job_count}, MaxArraySize "
                  f"{args.max_array_size}, MinJobAge 2; array_throttle {args.throttle}; "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
            directory = sweep_workflow(Path(tmp) / "sweep", args.runs,
                                       "time=00:10:00, mem=200M", args.throttle)
            try:
                _calls(log)
                started = time.perf_counter()
                result = motoko(slurm, "run", str(directory), "-n", "sweep", "--quiet",
                                timeout=7200)
                took = time.perf_counter() - started
                calls = _calls(log)
                runs = _runs(directory)
            finally:
                stop_everything(directory)
            print(f"motoko run exited {result.returncode} after {took:.1f} s "
                  f"(load average {os.getloadavg()[0]:.1f})", flush=True)
            if result.returncode != 0:
                print((result.stdout + result.stderr)[-3000:])

            by_x = Counter(float(r["x"]) for r in runs)  # type: ignore[arg-type]
            finished = [r for r in runs if r["state"] == "FINISHED"]
            once = [r for r in finished if by_x[float(r["x"])] == 1  # type: ignore[arg-type]
                    and len(_stamps(Path(str(r["run_path"])), "started")) == 1
                    and len(_stamps(Path(str(r["run_path"])), "ended")) == 1]
            failed = [r for r in runs if r["state"] != "FINISHED"]
            refused = [r for r in failed
                       if "sbatch refused" in str(r.get("failure_reason") or "")]
            print(f"runs FINISHED exactly once: {len(once)} of {args.runs} "
                  f"({len(runs)} attempts in all); not FINISHED: {len(failed)}, FAILED by "
                  f"a refused submission: {len(refused)}")

            arrays: dict[str, list[tuple[float, float]]] = {}
            for run in finished:
                task = run.get("batch_array")
                run_dir = Path(str(run["run_path"]))
                starts, ends = _stamps(run_dir, "started"), _stamps(run_dir, "ended")
                if isinstance(task, dict) and starts and ends:
                    arrays.setdefault(str(task["job"]), []).append((starts[0], ends[0]))
            per_array = max((_most_at_once(v) for v in arrays.values()), default=0)
            overall = _most_at_once([i for v in arrays.values() for i in v])
            sizes = sorted((len(v) for v in arrays.values()), reverse=True)
            print(f"most tasks of one array running at once: {per_array} (throttle "
                  f"{args.throttle}); of all arrays at once: {overall}")
            print(f"{len(arrays)} arrays (sizes {sizes}); Slurm commands run: "
                  + ", ".join(f"{name} {calls[name]}" for name in COMMANDS))
            launch_log = (directory / "sweep" / ".bd" / "launch.log").read_text()
            holds = re.findall(r"holding (\d+) run\(s\) back, submitted as room frees: (.*)",
                               launch_log)
            shown = re.findall(r"\] sweep: (\d+ run\(s\) wait for room in Slurm: .*)",
                               result.stdout)
            print(f"held back at the limit {len(holds)} time(s) (launcher's log), e.g. "
                  f"{holds[0][0]} run(s): {holds[0][1]}" if holds else
                  "never held back at the limit")
            for line in shown[:3]:
                print(f"  motoko run said: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
