"""Benchmark ``createTask`` and selections against Motoko 0.1.4: prints numbers, asserts nothing.

    .venv/bin/python bench/create_tasks.py [--sizes 100 1000 10000] [--skip-reference]
                                           [--reference-timeout 1200] [--select-repeat 3]

What it measures, on this machine, for motoko-airflow (the Python running this script)
and for motoko 0.1.4 (installed with BlackDynamite 1.3.9 into its own virtualenv under
``${XDG_CACHE_HOME:-~/.cache}/motoko-airflow-bench/motoko-0.1.4``, made on first use and
reused afterwards):

1. For each size N: the wall time of ONE ``createTask(x=[N distinct floats])`` on a
   freshly created one-study workflow, commit included (Motoko 0.1.4 leaves the commit to
   its caller: ``transaction.commit()`` is timed with it), and the peak RSS of the
   process that made it (each measurement runs in a subprocess of its own).
2. For motoko-airflow, a second ``createTask`` with the same N values: it must return
   the same runs (idempotence); its time is printed.
3. A constraint selection, ``len(select(["state = CREATED"]))``, over the runs of the
   largest study, in a fresh process each side: median of ``--select-repeat`` calls.

Motoko 0.1.4 de-duplicates each new job and run by scanning the whole study, so its
large cases can be slow: a reference measurement running longer than
``--reference-timeout`` seconds is stopped and reported as such, its ratio as a lower
bound. Every ZEO server started here is stopped at the end (only those).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REFERENCE_SCRIPT = HERE / "_motoko_ref_createtasks.py"
REFERENCE_VERSION = "0.1.4"
DEFAULT_SIZES = (100, 1000, 10000)
STUDY = "calc"
RUN_NAME = "bench"
CONSTRAINT = "state = CREATED"
HEARTBEAT_SECONDS = 30.0


@dataclass
class Measure:
    """One subprocess measurement: its seconds, or why there are none."""

    seconds: float | None = None
    rss_mib: float | None = None
    runs: int | None = None
    timed_out_after: float | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- workflow directories ---------------------------------------------------------------


def make_workflow(directory: Path) -> Path:
    """A one-study workflow (``calc``, one float job parameter ``x``) in ``directory``."""
    study = directory / STUDY
    study.mkdir(parents=True)
    (directory / "motoko.yaml").write_text(
        f"task_managers:\n  {STUDY}:\norchestrator: orchestrator.main\n")
    (directory / "orchestrator.py").write_text("async def main(workflow, **params):\n    pass\n")
    (study / "bd.yaml").write_text(f"study: {STUDY}\njob:\n  x: float\n")
    (study / "launch.sh").write_text("#!/bin/bash\npython doIt.py\n")
    (study / "doIt.py").write_text("print('runs are not launched by this benchmark')\n")
    return directory


def job_values(size: int) -> list[float]:
    return [float(i) for i in range(size)]


# ---- our side: worker modes, run as subprocesses of this script ---------------------------


def ours_create(directory: Path, size: int) -> dict[str, Any]:
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        wf.create(validated=True)
        wf.run_name = RUN_NAME
        start = time.perf_counter()
        pairs = wf.calc.createTask(x=job_values(size))
        seconds = time.perf_counter() - start
        rss = peak_rss_mib()
        start = time.perf_counter()
        again = wf.calc.createTask(x=job_values(size))
        again_seconds = time.perf_counter() - start
        same = [r.id for r, _ in pairs] == [r.id for r, _ in again]
        return {"seconds": seconds, "rss_mib": rss, "runs": len(pairs),
                "again_seconds": again_seconds, "same_runs": same,
                "again_rss_mib": peak_rss_mib()}
    finally:
        wf.kill()


def ours_select(directory: Path, repeat: int) -> dict[str, Any]:
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        wf.run_name = RUN_NAME
        wf.calc.bd.base  # noqa: B018 - start the server and connect before timing
        times, count = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            count = len(wf.calc.select(CONSTRAINT))
            times.append(time.perf_counter() - start)
        return {"seconds": times, "runs": count, "rss_mib": peak_rss_mib()}
    finally:
        wf.kill()


def worker_main(mode: str, directory: str, amount: int) -> int:
    work = ours_create if mode == "create" else ours_select
    result = work(Path(directory), amount)
    print(json.dumps(result), flush=True)
    return 0


# ---- running measurements -------------------------------------------------------------


def clean_env(extra_path: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("BLACKDYNAMITE_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if extra_path is not None:
        env["PATH"] = os.pathsep.join([str(extra_path), env.get("PATH", "/usr/bin:/bin")])
        env["VIRTUAL_ENV"] = str(extra_path.parent)
    return env


def run_measure(command: list[str], cwd: Path, env: dict[str, str], label: str,
                log: Path, timeout: float | None = None) -> Measure:
    """Run one measuring subprocess; its last JSON line on stdout is the result."""
    progress(f"{label} ...")
    start = time.monotonic()
    with open(log, "w") as err, tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL)
        while True:
            elapsed = time.monotonic() - start
            wait = HEARTBEAT_SECONDS if timeout is None else min(HEARTBEAT_SECONDS,
                                                                  max(timeout - elapsed, 0.1))
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                elapsed = time.monotonic() - start
                if timeout is not None and elapsed >= timeout:
                    proc.kill()
                    proc.wait()
                    progress(f"{label}: stopped after {elapsed:.0f} s (--reference-timeout)")
                    return Measure(timed_out_after=timeout)
                progress(f"{label}: still running, {elapsed:.0f} s")
        out.seek(0)
        lines = [ln for ln in out.read().splitlines() if ln.startswith("{")]
    elapsed = time.monotonic() - start
    if proc.returncode != 0 or not lines:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        progress(f"{label}: FAILED (exit {proc.returncode}); log {log}:\n{tail}")
        return Measure(error=f"exit {proc.returncode}")
    data = json.loads(lines[-1])
    progress(f"{label}: done in {elapsed:.1f} s")
    seconds = data.pop("seconds")
    if isinstance(seconds, list):
        data["all_seconds"] = seconds
        seconds = statistics.median(seconds)
    return Measure(seconds=seconds, rss_mib=data.pop("rss_mib"), runs=data.pop("runs"),
                   extra=data)


def measure_ours(mode: str, directory: Path, amount: int, label: str) -> Measure:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", mode,
               str(directory), str(amount)]
    return run_measure(command, directory, clean_env(), label,
                       directory.parent / f"{directory.name}-{mode}.log")


# ---- the reference: motoko 0.1.4 in its own virtualenv -----------------------------------


def default_reference_venv() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "motoko-airflow-bench" / f"motoko-{REFERENCE_VERSION}"


def installed_motoko_version(python: Path) -> str | None:
    if not python.exists():
        return None
    probe = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('motoko'))"],
        capture_output=True, text=True, check=False, env=clean_env())
    return probe.stdout.strip() if probe.returncode == 0 else None


def ensure_reference_venv(venv: Path) -> Path:
    """The reference virtualenv's ``bin`` (made and filled with motoko 0.1.4 if needed)."""
    python = venv / "bin" / "python"
    if installed_motoko_version(python) == REFERENCE_VERSION:
        progress(f"reusing motoko {REFERENCE_VERSION} in {venv}")
        return venv / "bin"
    progress(f"installing motoko=={REFERENCE_VERSION} into {venv} ...")
    venv.parent.mkdir(parents=True, exist_ok=True)
    base_python = getattr(sys, "_base_executable", None) or sys.executable
    subprocess.run([base_python, "-m", "venv", "--clear", str(venv)], check=True,
                   env=clean_env())
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    f"motoko=={REFERENCE_VERSION}"], check=True, stdout=sys.stderr,
                   env=clean_env())
    version = installed_motoko_version(python)
    if version != REFERENCE_VERSION:
        raise RuntimeError(f"{venv}: motoko {version} installed, not {REFERENCE_VERSION}")
    return venv / "bin"


def measure_reference(ref_bin: Path, mode: str, directory: Path, amount: int, label: str,
                      timeout: float | None) -> Measure:
    command = [str(ref_bin / "python"), str(REFERENCE_SCRIPT), mode, str(amount)]
    return run_measure(command, directory, clean_env(ref_bin), label,
                       directory.parent / f"{directory.name}-{mode}.log", timeout)


def stop_reference_server(ref_bin: Path, directory: Path) -> None:
    """Stop the ZEO server of this workflow's study, and only that one."""
    conf = directory / STUDY / ".bd" / "zdaemon.conf"
    if conf.exists():
        subprocess.run([str(ref_bin / "zdaemon"), "-C", str(conf), "stop"],
                       cwd=directory / STUDY, env=clean_env(ref_bin), capture_output=True,
                       check=False)


def stop_our_server(directory: Path) -> None:
    """Stop this workflow's ZEO servers if a killed worker left them running."""
    if not (directory / STUDY / ".bd").is_dir():
        return
    from motoko_airflow.workflow import Workflow

    Workflow(directory).kill()


# ---- the benchmark --------------------------------------------------------------------


@dataclass
class Results:
    ours: dict[int, Measure] = field(default_factory=dict)
    ref: dict[int, Measure] = field(default_factory=dict)
    ours_select: Measure | None = None
    ref_select: Measure | None = None


def run_benchmark(args: argparse.Namespace, root: Path, ref_bin: Path | None) -> Results:
    results = Results()
    ref_stopped = False
    largest = max(args.sizes)
    for size in args.sizes:
        ours_dir = make_workflow(root / f"ours-{size}")
        results.ours[size] = measure_ours("create", ours_dir, size,
                                          f"motoko-airflow createTask {size:,} jobs")
        if ref_bin is None:
            continue
        if ref_stopped:
            results.ref[size] = Measure(error="skipped: a smaller size timed out")
            continue
        ref_dir = make_workflow(root / f"ref-{size}")
        try:
            results.ref[size] = measure_reference(
                ref_bin, "create", ref_dir, size, f"motoko 0.1.4 createTask {size:,} jobs",
                args.reference_timeout)
        finally:
            if size != largest:
                stop_reference_server(ref_bin, ref_dir)
        ref_stopped = results.ref[size].timed_out_after is not None
    if results.ours[largest].seconds is not None:
        results.ours_select = measure_ours(
            "select", root / f"ours-{largest}", args.select_repeat,
            f"motoko-airflow select over {largest:,} runs")
    if ref_bin is not None and results.ref[largest].seconds is not None:
        results.ref_select = measure_reference(
            ref_bin, "select", root / f"ref-{largest}", args.select_repeat,
            f"motoko 0.1.4 select over {largest:,} runs", args.reference_timeout)
    return results


# ---- report ---------------------------------------------------------------------------


def fmt_seconds(m: Measure | None) -> str:
    if m is None:
        return "-"
    if m.timed_out_after is not None:
        return f"> {m.timed_out_after:.0f} (timed out)"
    if m.seconds is None:
        return m.error or "failed"
    return f"{m.seconds:.3f}" if m.seconds < 10 else f"{m.seconds:.1f}"


def ratio(ours: Measure | None, ref: Measure | None) -> tuple[str, float | None]:
    """``(text, value)``: how many times faster ours is; a lower bound if ref timed out."""
    if ours is None or ref is None or not ours.seconds:
        return "-", None
    if ref.timed_out_after is not None:
        value = ref.timed_out_after / ours.seconds
        return f">= {value:.1f}x", value
    if ref.seconds is None:
        return "-", None
    value = ref.seconds / ours.seconds
    return f"{value:.1f}x", value


def fmt_mib(m: Measure | None) -> str:
    return "-" if m is None or m.rss_mib is None else f"{m.rss_mib:.0f}"


def report(results: Results, sizes: list[int], reference: bool) -> None:
    print(f"createTask, one call with N distinct jobs, commit included "
          f"(python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()})")
    header = (f"{'jobs':>8}  {'ours s':>9}  {'motoko 0.1.4 s':>22}  {'ratio':>9}  "
              f"{'ours peak MiB':>13}  {'ref peak MiB':>12}")
    print(header)
    print("-" * len(header))
    for size in sizes:
        ours, ref = results.ours[size], results.ref.get(size)
        print(f"{size:>8,}  {fmt_seconds(ours):>9}  {fmt_seconds(ref):>22}  "
              f"{ratio(ours, ref)[0]:>9}  {fmt_mib(ours):>13}  {fmt_mib(ref):>12}")
    print()
    again = [f"{size:,}: {results.ours[size].extra['again_seconds']:.3f} s"
             + ("" if results.ours[size].extra.get("same_runs") else " (DIFFERENT RUNS!)")
             for size in sizes if "again_seconds" in results.ours[size].extra]
    if again:
        print("motoko-airflow second createTask, same values (idempotent, same runs returned): "
              + ", ".join(again))
    largest = max(sizes)
    print(select_line(results, largest, reference))
    print(final_line(results, largest, reference))


def select_line(results: Results, largest: int, reference: bool) -> str:
    ours, ref = results.ours_select, results.ref_select
    text = (f"select(['{CONSTRAINT}']) over {largest:,} runs, median of {len(_times(ours))} "
            "calls in a fresh process: ")
    text += f"motoko-airflow {fmt_seconds(ours)} s"
    if ours is not None and ours.runs is not None:
        text += f" ({ours.runs:,} runs)"
    if not reference:
        return text
    if ref is None:
        return text + ", motoko 0.1.4 not measured (its study was not created)"
    text += f", motoko 0.1.4 {fmt_seconds(ref)} s"
    if ref.runs is not None:
        text += f" ({ref.runs:,} runs)"
    return text + f": {ratio(ours, ref)[0]} faster"


def _times(m: Measure | None) -> list[float]:
    return [] if m is None else list(m.extra.get("all_seconds", []))


def final_line(results: Results, largest: int, reference: bool) -> str:
    ours = results.ours[largest]
    text = f"{largest:,} jobs: motoko-airflow {fmt_seconds(ours)} s"
    if not reference:
        return text + " (reference skipped)"
    ref = results.ref[largest]
    shown, value = ratio(ours, ref)
    text += f", motoko 0.1.4 {fmt_seconds(ref)} s"
    if value is None:
        return text
    target = "target 10x met" if value >= 10 else "target 10x NOT met"
    return text + f": {shown} faster ({target})"


# ---- main -----------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        help="numbers of jobs per createTask call (default: 100 1000 10000)")
    parser.add_argument("--skip-reference", action="store_true",
                        help="measure motoko-airflow only")
    parser.add_argument("--reference-timeout", type=float, default=1200.0, metavar="SECONDS",
                        help="stop one motoko 0.1.4 measurement after this long (default 1200)")
    parser.add_argument("--reference-venv", type=Path, default=default_reference_venv(),
                        help="virtualenv for motoko 0.1.4 (default: %(default)s)")
    parser.add_argument("--select-repeat", type=int, default=3,
                        help="selections per side, the median is printed (default 3)")
    parser.add_argument("--worker", nargs=3, metavar=("MODE", "DIR", "N"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        mode, directory, amount = args.worker
        return worker_main(mode, directory, int(amount))
    start = time.monotonic()
    ref_bin = None if args.skip_reference else ensure_reference_venv(args.reference_venv)
    root = Path(tempfile.mkdtemp(prefix="bench-create-tasks-"))
    try:
        results = run_benchmark(args, root, ref_bin)
    finally:
        for directory in sorted(root.iterdir()):
            if not directory.is_dir():
                continue
            if directory.name.startswith("ref-") and ref_bin is not None:
                stop_reference_server(ref_bin, directory)
            elif directory.name.startswith("ours-"):
                stop_our_server(directory)
        shutil.rmtree(root, ignore_errors=True)
    report(results, args.sizes, ref_bin is not None)
    progress(f"whole benchmark took {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
