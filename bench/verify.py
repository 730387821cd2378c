"""What checking a DAG run against ``main`` costs: prints numbers only.

    python bench/verify.py [--width 100] [--repeat 1]

The routine example with W inputs (``1.0 + 0.01 * i``): W mult runs, 2 W add runs and
one norm run (3 W + 1 runs; W = 100 is a 301-run sweep). For each of ``verify: true``
(the default) and ``verify: false``, from a fresh copy of the workflow, ``motoko run``
is timed as a whole, and the verification task's own time is read from its report (the
``seconds`` of its ``verification`` XCom, as ``motoko run``'s table shows it). Then
the replay alone (``motoko_airflow.verification.verify``) is timed again on the
finished studies, in this process, without Airflow.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def motoko(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "motoko_airflow", *args],
                          capture_output=True, text=True)


def run_once(width: int, verify: bool, root: Path) -> tuple[float, float | None, Path]:
    workflow = root / f"routine-{'on' if verify else 'off'}"
    shutil.copytree(ROOT / "examples" / "routine", workflow)
    if not verify:
        with open(workflow / "motoko.yaml", "a") as config:
            config.write("verify: false\n")
    inputs = [f"{1.0 + 0.01 * i:.2f}" for i in range(width)]
    began = time.monotonic()
    done = motoko("run", str(workflow), "-n", "bench", "--inputs", *inputs)
    wall = time.monotonic() - began
    if done.returncode != 0:
        raise SystemExit(f"motoko run failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    task = re.search(r"^verify_main\s+\S+\s+\d+\s+.*?\s(\d+\.\d) s$", done.stdout, re.M)
    return wall, float(task.group(1)) if task else None, workflow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    from motoko_airflow.verification import verify

    runs = 3 * args.width + 1
    print(f"routine example, width {args.width}: {runs} runs")
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            try:
                on, task, workflow = run_once(args.width, True, root)
                off, _, other = run_once(args.width, False, root)
                print(f"motoko run, verify: true   {on:6.1f} s (verification task "
                      f"{task if task is not None else '?'} s)")
                print(f"motoko run, verify: false  {off:6.1f} s")
                inputs = [float(f"{1.0 + 0.01 * i:.2f}") for i in range(args.width)]
                began = time.monotonic()
                report = verify(workflow, "bench", {"inputs": inputs, "run_name": "bench"})
                alone = time.monotonic() - began
                print(f"replay alone (no Airflow)  {alone:6.1f} s: {report.text()}")
            finally:
                for directory in root.glob("routine-*"):
                    motoko("kill", "-w", str(directory))


if __name__ == "__main__":
    main()
