"""Benchmark submitting a sweep to Slurm: job arrays vs one job per run. Prints numbers,
asserts nothing.

    .venv/bin/python bench/slurm_submission.py [--runs 2000] [--modes arrays jobs]

Starts a single-node Slurm of its own (tests/test_slurm.py's, Slurm's default limits:
MaxArraySize 1001, MaxJobCount 10000; needs root, Debian's slurm-wlm and munge), makes
a one-study workflow with ``--runs`` CREATED runs and submits them, held
(``slurm_options: [hold]``: nothing executes), in each mode:

- ``arrays``: motoko's Slurm launcher (``SlurmArrayLauncher``), one pass after another
  until every run is submitted;
- ``jobs``: BlackDynamite 1.3.9's slurm coat, one ``sbatch`` per run, as its launch
  daemon does in one pass (``canYouDigIt launchRuns --generator slurmCoat``).

For each: the wall time until every run is submitted (the runs' state and Slurm's queue
agree), and how many times ``sbatch``, ``squeue``, ``scontrol`` and ``sacct`` were run
(counted by shims first on PATH, so BlackDynamite's calls count too). Then it cancels
the jobs, stops the study's server and the cluster.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

COMMANDS = ("sbatch", "squeue", "scontrol", "sacct", "scancel")
DOIT = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x
run.finish()
"""


def _shims(directory: Path, log: Path) -> None:
    """``sbatch`` and the others, first on PATH: log the call, then run the real one."""
    directory.mkdir()
    for name in COMMANDS:
        real = shutil.which(name)
        assert real, name
        shim = directory / name
        shim.write_text(f'#!/bin/sh\necho {name} >> "{log}"\nexec {real} "$@"\n')
        shim.chmod(0o755)


def _calls(log: Path) -> Counter[str]:
    try:
        return Counter(log.read_text().split())
    except FileNotFoundError:
        return Counter()
    finally:
        log.unlink(missing_ok=True)


def _workflow(directory: Path) -> Path:
    study = directory / "sweep"
    study.mkdir(parents=True)
    (study / "bd.yaml").write_text("study: sweep\njob:\n  x: float\n")
    (study / "launch.sh").write_text("#!/bin/bash\npython doIt.py\n")
    (study / "doIt.py").write_text(DOIT)
    (directory / "orchestrator.py").write_text(
        "async def main(workflow, **params):\n    pass\n")
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  sweep:\norchestrator: orchestrator.main\n"
        "generator: slurm\nslurm_options: [hold, time=00:01:00]\n")
    return directory


def _queued(slurm: object) -> int:
    out = slurm.run("squeue", "--noheader", "--array", "--format=%i")  # type: ignore[attr-defined]
    return len(out.split())


def _measure(mode: str, runs: int, directory: Path, slurm: object, log: Path) -> None:
    from motoko_airflow import processes
    from motoko_airflow.launcher import SlurmArrayLauncher
    from motoko_airflow.slurm_arrays import ArraySettings
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(_workflow(directory))
    study = workflow.sweep.bd
    try:
        study.create()
        study.start_server()
        started = time.perf_counter()
        created = study.create_runs({"x": [float(i) for i in range(runs)]}, run_name="bench")
        ids = [int(run.id) for run, _ in created]
        made = time.perf_counter() - started
        _calls(log)
        started = time.perf_counter()
        if mode == "arrays":
            launcher = SlurmArrayLauncher(study, options=workflow.settings.generator_options,
                                          arrays=ArraySettings())
            launcher.step()
            while launcher._queue:
                time.sleep(launcher.poll_interval)
                launcher.step()
        else:
            command = [processes.executable("canYouDigIt"), "runs", "launch", "--host",
                       study.server.bd_host, "--generator", "slurmCoat",
                       "--slurm_options", *workflow.settings.generator_options]
            subprocess.run(command, cwd=study.directory, env=study.run_environment(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        took = time.perf_counter() - started
        calls = _calls(log)
        study.refresh()
        states = Counter(study.states(ids).values())
        queued = _queued(slurm)
        print(f"{mode:>6}: {runs} runs submitted in {took:7.1f} s "
              f"({1000 * took / runs:.1f} ms a run; runs created in {made:.1f} s); "
              + ", ".join(f"{name} {calls[name]}" for name in COMMANDS if name != "scancel")
              + f"; {queued} tasks queued in Slurm; run states {dict(states)}", flush=True)
        slurm.run("scancel", "--user=root")  # type: ignore[attr-defined]
        deadline = time.monotonic() + 60
        while _queued(slurm) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        workflow.close()
        study.stop_server()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--modes", nargs="+", default=["arrays", "jobs"],
                        choices=["arrays", "jobs"])
    args = parser.parse_args()

    from test_slurm import cluster

    with tempfile.TemporaryDirectory(prefix="motoko-bench-slurm-") as tmp:
        log = Path(tmp) / "calls.log"
        _shims(Path(tmp) / "bin", log)
        os.environ["PATH"] = f"{Path(tmp) / 'bin'}{os.pathsep}{os.environ['PATH']}"
        with cluster(MinJobAge="2") as slurm:
            slurm.env["PATH"] = os.environ["PATH"]
            print(f"Slurm 22.05, single node, {os.cpu_count()} CPUs; "
                  f"MaxArraySize 1001, MaxJobCount 10000", flush=True)
            for mode in args.modes:
                _measure(mode, args.runs, Path(tmp) / mode, slurm, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
