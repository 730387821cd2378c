"""End-to-end benchmark of the routine example against Motoko 0.1.4: prints numbers only.

    .venv/bin/python bench/end_to_end.py [--widths 2 16] [--repeat 2] [--skip-reference]
                                         [--skip-scheduler] [--skip-standalone]
                                         [--reference-timeout 600] [--import-repeat 5]

For each width W (W inputs ``1.0 + 0.1 * i``), each from a fresh copy of
``examples/routine`` to the norm result:

1. ``motoko run DIR --run_name bench --inputs ...`` (trace, create the studies, run the
   DAG in-process with Airflow, stop the servers): wall time of the whole process, and
   the DAG-run time it prints (the rest is start-up and tear-down).
2. Our native runtime: ``motoko create`` + ``motoko launcher`` + ``motoko orchestrator
   start`` (returns when main returns) + ``motoko kill``, each step timed.
3. Motoko 0.1.4 (its own virtualenv, made or reused by ``bench/create_tasks.py``'s
   helpers), with its ``bin`` first on PATH and the workflow directory as cwd:
   ``motoko create --validated .`` + ``motoko launcher`` + ``motoko orchestrator start``
   until the norm run is FINISHED (Motoko 0.1.4's orchestrator loops until
   ``workflow.finished``, never set by the routine example, so it is polled by
   ``bench/_motoko_ref_end_to_end.py`` and then stopped by pid) + ``motoko kill``.
   Its copy of ``norm/doIt.py`` gets three lines that drop the ``BLACKDYNAMITE_*``
   variables after ``run.start()``: BlackDynamite 1.3.9 lets them override the study a
   ``Workflow`` connects to, so the unchanged script fails there ("not found study:
   'add' within ['root_norm']").
4. If ``motoko_airflow.deployment`` exists: the same DAG under a real Airflow scheduler
   (trigger to success; the deployment's start-up printed separately), at each width
   with the task managers' default wait in the worker before deferring, and at the
   smallest width again deferring at once (``defer_after`` 0).
5. The real ``airflow standalone`` command (``bench/standalone.py``), at the smallest
   width: trigger to success of its first and second DAG run, at Airflow's default
   ``scheduler_idle_sleep_time`` (1 s) and at the deployment guide's 0.1 s.

The norm results of every side are printed together with the exact value. Then the
import time of DAG files, each in fresh interpreters (median of ``--import-repeat``):
a ``workflow_dag(...)`` file, the file ``motoko trace`` emits, a hand-written static DAG
of the same shape, and ``import airflow.sdk`` alone. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from create_tasks import (  # noqa: E402 - bench/ is not a package
    clean_env,
    default_reference_venv,
    ensure_reference_venv,
    progress,
)

ROUTINE = ROOT / "examples" / "routine"
REFERENCE_SCRIPT = HERE / "_motoko_ref_end_to_end.py"
OUR_MOTOKO = [sys.executable, "-m", "motoko_airflow"]
RUN_NAME = "bench"
COEFFICIENTS = (0.342, -2.31)  # examples/routine/mult/doIt.py
SHIFT = 0.56  # examples/routine/add/doIt.py
TARGETS = {2: 0.5, 16: 0.3}  # motoko run / Motoko 0.1.4
NATIVE_TARGETS = {2: 1.5, 16: 1.2, 100: 1.1}  # motoko run / our native runtime
SCHEDULER_TARGET = 10.0  # seconds from trigger to success, the smallest width
DEFER_AT_ONCE = 0  # the task managers' defer_after in the real-scheduler variant
STEP_TIMEOUT = 300.0
IMPORT_BUDGET = 0.3
REF_NORM_PATCH = (
    "run.start()\n"
    "import os  # noqa: E402 - added by bench/end_to_end.py for motoko 0.1.4\n"
    "for _k in [k for k in os.environ if k.startswith('BLACKDYNAMITE_')]:\n"
    "    del os.environ[_k]\n"
)


@dataclass
class Side:
    """One end-to-end measurement: per-step seconds, the norm result, or why none."""

    steps: dict[str, float] = field(default_factory=dict)
    y: float | None = None
    error: str | None = None
    extra: dict[str, float] = field(default_factory=dict)
    cpu: float | None = None  # CPU seconds of the commands (and what they waited for)
    load: float | None = None  # the 1-minute load average when it started

    @property
    def total(self) -> float | None:
        return None if self.error else sum(self.steps.values())


def inputs_for(width: int) -> list[float]:
    return [1.0 + 0.1 * i for i in range(width)]


def expected_norm(inputs: list[float]) -> float:
    return math.sqrt(sum((a * x + SHIFT) ** 2 for x in inputs for a in COEFFICIENTS))


def fresh_copy(root: Path, name: str) -> Path:
    target = root / name
    shutil.copytree(ROUTINE, target, ignore=shutil.ignore_patterns(".wf", ".bd", "BD-*",
                                                                  "__pycache__"))
    return target


CPU: dict[str, float] = {}  # CPU seconds of the last command timed(), by its first word


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, env: dict[str, str], log: Path,
          timeout: float = STEP_TIMEOUT) -> tuple[float, str]:
    """Run a command to its end; its seconds and stdout (stderr appended to ``log``).
    Its CPU seconds (user + system, with the descendants it waited for) go to
    ``CPU["last"]``."""
    cpu = children_cpu()
    start = time.perf_counter()
    with open(log, "a") as err:
        err.write(f"$ {' '.join(command)}\n")
        err.flush()
        done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err,
                              stdin=subprocess.DEVNULL, text=True, timeout=timeout,
                              check=False)
        err.write(done.stdout)
    seconds = time.perf_counter() - start
    CPU["last"] = children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{command[-1] if len(command) < 3 else ' '.join(command[:4])}: "
                           f"exit {done.returncode} (log {log})")
    return seconds, done.stdout


def report_failure(side: Side, log: Path, lines: int = 20) -> None:
    """On failure, the tail of the step log (the temporary directory is deleted at the end)."""
    if side.error and log.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        progress(f"{side.error}; last lines of {log.name}:\n{tail}")


# ---- ours -------------------------------------------------------------------------------


def read_our_norm(directory: Path) -> float | None:
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        wf.run_name = RUN_NAME
        runs = list(wf.norm.select("state = FINISHED"))
        return float(runs[0][0].y) if runs else None
    finally:
        wf.kill()


def measure_run(root: Path, width: int) -> Side:
    directory = fresh_copy(root, f"run-{width}")
    log = root / f"run-{width}.log"
    side = Side()
    args = [str(x) for x in inputs_for(width)]
    progress(f"motoko run, width {width} ...")
    side.load = os.getloadavg()[0]
    try:
        seconds, out = timed([*OUR_MOTOKO, "run", str(directory), "--run_name", RUN_NAME,
                              "--inputs", *args], root, clean_env(), log)
        side.steps["run"] = seconds
        side.cpu = CPU["last"]
        found = re.search(r"succeeded in ([0-9.]+) s", out)
        if found:
            side.extra["dag_run"] = float(found.group(1))
        first = re.search(r"^\[\s*([0-9.]+)s\]", out, re.MULTILINE)
        if first:
            side.extra["first_progress"] = float(first.group(1))
        side.y = read_our_norm(directory)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        side.error = str(exc)
    report_failure(side, log)
    progress(f"motoko run, width {width}: {cell(side)} s")
    return side


def measure_native(root: Path, width: int) -> Side:
    directory = fresh_copy(root, f"native-{width}")
    log = root / f"native-{width}.log"
    env, side = clean_env(), Side()
    args = [str(x) for x in inputs_for(width)]
    progress(f"native runtime, width {width} ...")
    side.load = os.getloadavg()[0]
    side.cpu = 0.0
    try:
        for step, command in (
            ("create", ["create", "--validated", str(directory)]),
            ("launcher", ["launcher", "-w", str(directory)]),
            ("orchestrator", ["orchestrator", "-w", str(directory), "start", "-n", RUN_NAME,
                              "--inputs", *args]),
            ("kill", ["kill", "-w", str(directory)]),
        ):
            side.steps[step] = timed([*OUR_MOTOKO, *command], root, env, log)[0]
            side.cpu += CPU["last"]
        side.y = read_our_norm(directory)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        side.error = str(exc)
    finally:
        subprocess.run([*OUR_MOTOKO, "kill", "-w", str(directory)], env=env, check=False,
                       capture_output=True)
    report_failure(side, log)
    progress(f"native runtime, width {width}: {cell(side)} s")
    return side


# ---- the reference ----------------------------------------------------------------------


def patch_reference_norm(directory: Path) -> None:
    script = directory / "norm" / "doIt.py"
    text = script.read_text()
    script.write_text(text.replace("run.start()\n", REF_NORM_PATCH, 1))


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_reference_orchestrator(ref_bin: Path, directory: Path, width: int, timeout: float,
                               log: Path) -> tuple[float, dict]:
    """Start Motoko 0.1.4's orchestrator, wait for the norm run, stop it: seconds, result."""
    env = clean_env(ref_bin)
    args = [str(x) for x in inputs_for(width)]
    with open(log, "a") as err:
        start = time.perf_counter()
        orchestrator = subprocess.Popen(
            [str(ref_bin / "motoko"), "orchestrator", "start", "--run_name", RUN_NAME,
             "--inputs", *args], cwd=directory, env=env, stdout=err, stderr=err,
            stdin=subprocess.DEVNULL)
        try:
            waiter = subprocess.run(
                [str(ref_bin / "python"), str(REFERENCE_SCRIPT), RUN_NAME, str(timeout)],
                cwd=directory, env=env, stdout=subprocess.PIPE, stderr=err, text=True,
                timeout=timeout + 60, check=False)
            seconds = time.perf_counter() - start
        finally:
            stop_process(orchestrator)
    lines = [ln for ln in waiter.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"reference waiter: exit {waiter.returncode} (log {log})")
    return seconds, json.loads(lines[-1])


def measure_reference(ref_bin: Path, root: Path, width: int, timeout: float) -> Side:
    directory = fresh_copy(root, f"ref-{width}")
    patch_reference_norm(directory)
    log = root / f"ref-{width}.log"
    env, side = clean_env(ref_bin), Side()
    motoko = str(ref_bin / "motoko")
    progress(f"motoko 0.1.4, width {width} ...")
    try:
        side.steps["create"] = timed([motoko, "create", "--validated", "."], directory, env,
                                     log)[0]
        side.steps["launcher"] = timed([motoko, "launcher"], directory, env, log)[0]
        seconds, result = run_reference_orchestrator(ref_bin, directory, width, timeout, log)
        side.steps["orchestrator"] = seconds
        if result["state"] == "TIMEOUT":
            side.error = f"> {timeout:.0f} s (timed out)"
        elif result["state"] != "FINISHED":
            side.error = f"norm run {result['state']} (log {log})"
        else:
            side.y = float(result["y"])
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        side.error = str(exc)
    finally:
        try:
            side.steps["kill"] = timed([motoko, "kill"], directory, env, log)[0]
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            progress(f"motoko 0.1.4 kill failed: {exc}")
    report_failure(side, log)
    progress(f"motoko 0.1.4, width {width}: {cell(side)}")
    return side


def leftover_processes(root: Path) -> list[tuple[int, str]]:
    """Processes whose command line or working directory lies under ``root``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if str(root) in cmdline or cwd.startswith(str(root)):
            found.append((int(entry.name), cmdline.strip()))
    return found


# ---- the real scheduler -----------------------------------------------------------------


def measure_real_scheduler(root: Path, widths: list[int]) -> tuple[dict[int, Side], str]:
    """Under ``motoko_airflow.deployment.LocalAirflow``, if it exists; else a note."""
    try:
        from motoko_airflow import deployment
    except Exception as exc:  # noqa: BLE001 - any import failure means "not available"
        return {}, f"not measured (motoko_airflow.deployment not available: {exc})"
    local = getattr(deployment, "LocalAirflow", None)
    if local is None:
        return {}, "not measured (motoko_airflow.deployment has no LocalAirflow)"
    return run_with_deployment(local, root, widths)


def run_with_deployment(local: type, root: Path, widths: list[int]) -> tuple[dict[int, Side],
                                                                               str]:
    """Each width: create the studies, trigger the DAG (conf inputs, run_name), wait."""
    from motoko_airflow.workflow import Workflow

    airflow = local(root / "airflow-home")
    airflow.dags_folder.mkdir(parents=True, exist_ok=True)
    directories = {width: fresh_copy(root, f"sched-{width}") for width in widths}
    for width, directory in directories.items():
        (airflow.dags_folder / f"routine_{width}.py").write_text(
            "from motoko_airflow.render import workflow_dag\n\n"
            f"dag = workflow_dag({str(directory)!r}, dag_id='routine_{width}')\n")
    # the smallest width again, its task managers deferring as soon as their runs are
    # launched (defer_after 0; the default waits up to 5 s in the worker first): what the
    # deferral round trip costs short runs
    small = min(widths)
    directories[-small] = fresh_copy(root, f"sched-{small}-wait")
    (airflow.dags_folder / f"routine_{small}_at_once.py").write_text(
        "from motoko_airflow.render import workflow_dag\n\n"
        f"dag = workflow_dag({str(directories[-small])!r}, dag_id='routine_{small}_at_once',\n"
        f"                   default_args={{'defer_after': {DEFER_AT_ONCE}}})\n")
    results: dict[int, Side] = {}
    progress("real scheduler: starting the deployment ...")
    try:
        with airflow:
            began = time.perf_counter()
            for width in widths:
                airflow.wait_for_dag(f"routine_{width}", timeout=120)
            airflow.wait_for_dag(f"routine_{small}_at_once", timeout=120)
            parsed = time.perf_counter() - began
            for width in [*widths, -small]:
                results[width] = run_scheduled(airflow, Workflow, directories[width], width)
    except Exception as exc:  # noqa: BLE001 - report, do not crash the benchmark
        return results, f"failed: {type(exc).__name__}: {str(exc)[:300]}"
    finally:
        for directory in directories.values():
            if (directory / "mult" / ".bd").is_dir():
                Workflow(directory).kill()
    return results, (f"deployment start-up {airflow.startup_seconds or 0:.1f} s, then the DAG "
                     f"files parsed {parsed:.1f} s later (neither included)")


def run_scheduled(airflow: object, workflow_class: type, directory: Path, width: int) -> Side:
    """Trigger ``routine_<width>`` (a negative width: ``routine_<-width>_at_once``)."""
    side = Side()
    dag_id = f"routine_{width}" if width > 0 else f"routine_{-width}_at_once"
    label, width = dag_id, abs(width)
    progress(f"real scheduler, {label} ...")
    side.load = os.getloadavg()[0]
    try:
        start = time.perf_counter()
        workflow_class(directory).create(validated=True)
        side.steps["create"] = time.perf_counter() - start
        start = time.perf_counter()
        run_id = airflow.trigger(dag_id, {"inputs": inputs_for(width), "run_name": RUN_NAME})
        state = airflow.wait(dag_id, run_id, timeout=600)
        side.steps["trigger to success"] = time.perf_counter() - start
        if state != "success":
            side.error = f"DAG run {state}"
            report_failed_tasks(airflow, dag_id, run_id)
        else:
            side.y = read_our_norm(directory)
    except Exception as exc:  # noqa: BLE001 - report, do not crash the benchmark
        side.error = f"{type(exc).__name__}: {str(exc)[:300]}"
    progress(f"real scheduler, {label}: {cell(side)}")
    return side


def report_failed_tasks(airflow: object, dag_id: str, run_id: str) -> None:
    """Task states of a failed DAG run, and the log tail of its first failed task."""
    tis = airflow.task_instances(dag_id, run_id)
    states = ", ".join(f"{t['task_id']}[{t['map_index']}] {t['state']}" for t in tis)
    progress(f"{dag_id}: {states}")
    for ti in tis:
        if ti["state"] == "failed":
            text = airflow.task_log(dag_id, run_id, ti["task_id"], max(ti["try_number"], 1),
                                    ti["map_index"])
            progress("\n".join(text.splitlines()[-25:]))
            break


# ---- DAG import time --------------------------------------------------------------------


IMPORT_PROBE = textwrap.dedent("""\
    import importlib.util, sys, time
    start = time.perf_counter()
    if sys.argv[1] == "airflow.sdk":
        import airflow.sdk
    else:
        spec = importlib.util.spec_from_file_location("dagfile", sys.argv[1])
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    print(time.perf_counter() - start)
""")

STATIC_TEMPLATE = """\
from airflow.sdk import DAG, BaseOperator


class Noop(BaseOperator):
    def __init__(self, x=None, **kwargs):
        super().__init__(**kwargs)
        self.x = x

    def execute(self, context):
        return None


with DAG({dag_id!r}, schedule=None) as dag:
"""


def static_dag_source(dag_file: Path, home: Path) -> str:
    """A hand-written-style DAG file with the task ids, mapping and edges of ``dag_file``."""
    probe = textwrap.dedent("""\
        import importlib.util, json, sys
        spec = importlib.util.spec_from_file_location("dagfile", sys.argv[1])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        dag = module.dag
        print(json.dumps([[t.task_id, type(t).__name__ == "MappedOperator",
                           sorted(t.upstream_task_ids)] for t in dag.tasks]))
    """)
    done = subprocess.run([sys.executable, "-c", probe, str(dag_file)], capture_output=True,
                          text=True, env=import_env(home), check=True)
    tasks = json.loads(done.stdout.strip().splitlines()[-1])
    lines = [STATIC_TEMPLATE.format(dag_id="routine_static")]
    names = {task_id: "t_" + re.sub(r"\W", "_", task_id) for task_id, _, _ in tasks}
    for task_id, mapped, upstream in tasks:
        if mapped and upstream:
            lines.append(f"    {names[task_id]} = Noop.partial(task_id={task_id!r}).expand("
                         f"x={names[upstream[0]]}.output)\n")
        else:
            lines.append(f"    {names[task_id]} = Noop(task_id={task_id!r})\n")
    for task_id, mapped, upstream in tasks:
        for up in upstream[1 if mapped else 0:]:
            lines.append(f"    {names[up]} >> {names[task_id]}\n")
    return "".join(lines)


def import_env(home: Path) -> dict[str, str]:
    env = clean_env()
    env["AIRFLOW_HOME"] = str(home)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def import_seconds(target: str, home: Path, repeat: int) -> float | None:
    """Median in-process import time of ``target`` over fresh interpreters (one warm-up)."""
    samples = []
    for i in range(repeat + 1):
        done = subprocess.run([sys.executable, "-c", IMPORT_PROBE, target], capture_output=True,
                              text=True, env=import_env(home), cwd=home, check=False)
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:]
            progress(f"import of {target} failed: {tail}")
            return None
        if i:
            samples.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def measure_imports(root: Path, repeat: int) -> dict[str, float | None]:
    progress("DAG import times ...")
    home = root / "import-home"
    home.mkdir()
    workflow = fresh_copy(root, "import-routine")
    dynamic = home / "routine_workflow_dag.py"
    dynamic.write_text("from motoko_airflow.render import workflow_dag\n\n"
                       f"dag = workflow_dag({str(workflow)!r})\n")
    traced = home / "routine_traced.py"
    subprocess.run([*OUR_MOTOKO, "trace", str(workflow), "-o", str(traced)], check=True,
                   env=import_env(home), capture_output=True)
    static = home / "routine_static.py"
    static.write_text(static_dag_source(dynamic, home))
    return {
        "workflow_dag": import_seconds(str(dynamic), home, repeat),
        "traced": import_seconds(str(traced), home, repeat),
        "static": import_seconds(str(static), home, repeat),
        "airflow.sdk": import_seconds("airflow.sdk", home, repeat),
    }


# ---- report -----------------------------------------------------------------------------


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def cell(side: Side | None) -> str:
    if side is None:
        return "-"
    return side.error if side.error else fmt(side.total)


def report_table(widths: list[int], results: dict[str, dict[int, Side]],
                 reference: bool) -> None:
    print(f"routine example end to end, fresh workflow directory to the norm result "
          f"(python {platform.python_version()}, {os.cpu_count()} CPUs)")
    header = (f"{'width':>5} | {'motoko run s':>12} | {'native s':>8} | {'scheduler s':>11} | "
              f"{'motoko 0.1.4 s':>14} | {'ratio run/ref':>13} | {'native/ref':>10} | "
              f"{'sched/ref':>9} | target run/ref")
    print(header)
    print("-" * len(header))
    for width in widths:
        run, native = results["run"][width], results["native"][width]
        ref, sched = results["ref"].get(width), results["sched"].get(width)
        target = TARGETS.get(width)
        print(f"{width:>5} | {cell(run):>12} | {cell(native):>8} | {cell(sched):>11} | "
              f"{cell(ref) if reference else 'skipped':>14} | "
              f"{ratio(run, ref):>13} | {ratio(native, ref):>10} | {ratio(sched, ref):>9} | "
              f"{'-' if target is None else f'<= {target}x'}{verdict(run, ref, target)}")
    print("motoko run: the whole `motoko run` process (trace, create, Airflow in-process, "
          "servers stopped)")
    print("native and 0.1.4: create + launcher + orchestrator (0.1.4: until the norm run is "
          "FINISHED) + kill")
    print("scheduler: create + trigger to success under LocalAirflow (start-up not included)")


def ratio(ours: Side | None, ref: Side | None) -> str:
    if ours is None or ref is None or ours.total is None:
        return "-"
    if ref.error and "timed out" in ref.error:
        return f"<= {ours.total / sum(ref.steps.values()):.2f}x"
    return "-" if ref.total is None else f"{ours.total / ref.total:.2f}x"


def verdict(run: Side, ref: Side | None, target: float | None) -> str:
    if target is None or ref is None or ref.total is None or run.total is None:
        return ""
    return " met" if run.total / ref.total <= target else " NOT met"


def report_native(widths: list[int], runs: list[dict[int, Side]],
                  natives: list[dict[int, Side]], sched: dict[int, Side]) -> None:
    """motoko run against our native runtime, each repeat (measured alternately), with
    the CPU seconds and the load average at each start; then trigger → success."""
    print("\nmotoko run / native runtime, side by side (alternating), fresh directories:")
    header = (f"{'width':>5} | {'motoko run s':>12} | {'native s':>8} | {'ratio':>6} | "
              f"{'target':>6} | {'run CPU s':>9} | {'native CPU s':>12} | load at start")
    print(header)
    print("-" * len(header))
    for width in widths:
        for run_of, native_of in zip(runs, natives, strict=True):
            run, native = run_of[width], native_of[width]
            value = "-" if run.total is None or native.total is None \
                else f"{run.total / native.total:.2f}x"
            target = NATIVE_TARGETS.get(width)
            loads = "/".join(f"{s.load:.1f}" for s in (run, native) if s.load is not None)
            print(f"{width:>5} | {cell(run):>12} | {cell(native):>8} | {value:>6} | "
                  f"{'-' if target is None else f'{target}x':>6} | {fmt(run.cpu):>9} | "
                  f"{fmt(native.cpu):>12} | {loads}")
    print("CPU s: user + system of the commands and the processes they waited for (the "
          "runs' own processes are detached: not counted on either side)")
    if sched:
        print("\nreal scheduler (LocalAirflow: scheduler, dag-processor, triggerer, API "
              "server; LocalExecutor), trigger → success:")
        for width, side in sorted(sched.items(), key=lambda kv: (abs(kv[0]), kv[0] < 0)):
            what = f"width {abs(width)}" + (
                f", deferring at once (defer_after {DEFER_AT_ONCE})" if width < 0
                else ", waiting up to 5 s in the worker before deferring (the default)")
            seconds = side.steps.get("trigger to success")
            text = side.error or (f"{seconds:.1f} s" if seconds is not None else "-")
            mark = ""
            if width == min(w for w in sched if w > 0) and seconds is not None \
                    and not side.error:
                mark = (f" (target <= {SCHEDULER_TARGET:.0f} s: "
                        f"{'met' if seconds <= SCHEDULER_TARGET else 'NOT met'})")
            load = f", load {side.load:.1f} at trigger" if side.load is not None else ""
            print(f"  {what}: {text}{mark}{load}")


def report_steps(widths: list[int], results: dict[str, dict[int, Side]]) -> None:
    print("\nsteps (seconds):")
    for width in widths:
        run = results["run"][width]
        extra = ""
        if "dag_run" in run.extra:
            rest = (run.total or 0) - run.extra["dag_run"]
            extra = (f" = DAG run {run.extra['dag_run']:.1f} (first progress line at "
                     f"{run.extra.get('first_progress', float('nan')):.1f}) + start-up/tear-down "
                     f"{rest:.1f}")
        print(f"  width {width:>2} motoko run: {fmt(run.total)}{extra}")
        for label, key in (("native", "native"), ("motoko 0.1.4", "ref"),
                           ("real scheduler", "sched")):
            side = results[key].get(width)
            if side is not None and side.steps:
                steps = ", ".join(f"{k} {v:.1f}" for k, v in side.steps.items())
                print(f"  width {width:>2} {label}: {steps}")


def report_values(widths: list[int], results: dict[str, dict[int, Side]]) -> None:
    print("\nnorm y (exact = sqrt(sum (a*x + 0.56)^2)):")
    for width in widths:
        exact = expected_norm(inputs_for(width))
        parts = [f"exact {exact!r}"]
        for label, key in (("run", "run"), ("native", "native"), ("0.1.4", "ref"),
                           ("scheduler", "sched")):
            side = results[key].get(width)
            if side is None:
                continue
            if side.y is None:
                parts.append(f"{label} -")
            else:
                parts.append(f"{label} {side.y!r} (|d| {abs(side.y - exact):.1e})")
        print(f"  width {width:>2}: " + ", ".join(parts))


def report_imports(times: dict[str, float | None], repeat: int) -> None:
    print(f"\nDAG file import time, fresh interpreter, median of {repeat} (AIRFLOW_HOME temp):")
    labels = {"workflow_dag": "(a) dag = workflow_dag(routine dir)",
              "traced": "(b) file emitted by `motoko trace`",
              "static": "(c) hand-written static DAG, same tasks",
              "airflow.sdk": "(d) import airflow.sdk alone"}
    for key, label in labels.items():
        value = times.get(key)
        print(f"  {label:<42} {'failed' if value is None else f'{value * 1000:.0f} ms'}")
    a, b, c, d = (times.get(k) for k in labels)
    if a and c:
        print(f"  (a)/(c) {a / c:.2f}x", end="")
    if b and c:
        print(f", (b)/(c) {b / c:.2f}x", end="")
    if a and d:
        print(f", (a)-(d) {(a - d) * 1000:.0f} ms (budget {IMPORT_BUDGET * 1000:.0f} ms: "
              f"{'within' if a - d <= IMPORT_BUDGET else 'OVER'})", end="")
    print()


# ---- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", type=int, nargs="+", default=[2, 16, 100],
                        help="numbers of inputs (default: 2 16 100)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="motoko run and native runtime measurements per width, "
                             "alternating which goes first (default 1)")
    parser.add_argument("--skip-scheduler", action="store_true",
                        help="no real-scheduler measurement")
    parser.add_argument("--skip-standalone", action="store_true",
                        help="no `airflow standalone` measurement (bench/standalone.py)")
    parser.add_argument("--skip-imports", action="store_true",
                        help="no DAG-file import times")
    parser.add_argument("--skip-reference", action="store_true",
                        help="measure motoko-airflow only")
    parser.add_argument("--reference-timeout", type=float, default=600.0, metavar="SECONDS",
                        help="longest wait for one motoko 0.1.4 norm result (default 600)")
    parser.add_argument("--reference-venv", type=Path, default=default_reference_venv(),
                        help="virtualenv for motoko 0.1.4 (default: %(default)s)")
    parser.add_argument("--import-repeat", type=int, default=5,
                        help="fresh interpreters per DAG-file import, median (default 5)")
    return parser.parse_args(argv)


def run_all(args: argparse.Namespace, root: Path, ref_bin: Path | None) -> dict:
    results: dict[str, dict[int, Side]] = {"run": {}, "native": {}, "ref": {}, "sched": {}}
    runs: list[dict[int, Side]] = [{} for _ in range(args.repeat)]
    natives: list[dict[int, Side]] = [{} for _ in range(args.repeat)]
    for width in args.widths:
        for i in range(args.repeat):  # side by side, alternating which goes first
            first, second = (measure_run, measure_native) if i % 2 == 0 else \
                (measure_native, measure_run)
            where = root / f"r{i}"
            where.mkdir(exist_ok=True)
            one, two = first(where, width), second(where, width)
            runs[i][width], natives[i][width] = (one, two) if i % 2 == 0 else (two, one)
        results["run"][width], results["native"][width] = runs[0][width], natives[0][width]
        if ref_bin is not None:
            results["ref"][width] = measure_reference(ref_bin, root, width,
                                                      args.reference_timeout)
    sched_note = "skipped"
    if not args.skip_scheduler:
        results["sched"], sched_note = measure_real_scheduler(root, args.widths)
    standalone: list[tuple[float, list[tuple[float | None, str, float]]]] = []
    if not args.skip_standalone:
        import standalone as under_standalone  # bench/standalone.py, beside this file

        for idle_sleep in (1.0, 0.1):  # Airflow's default, then the deployment guide's
            where = root / f"standalone-{idle_sleep:g}"
            progress(f"airflow standalone, scheduler_idle_sleep_time {idle_sleep:g} ...")
            standalone.append((idle_sleep, under_standalone.measure(
                where, inputs_for(min(args.widths)), 2, idle_sleep, None)))
    imports = {} if args.skip_imports else measure_imports(root, args.import_repeat)
    return {"results": results, "sched_note": sched_note, "imports": imports,
            "runs": runs, "natives": natives, "standalone": standalone}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.widths = sorted(set(args.widths))
    start = time.monotonic()
    load_at_start = os.getloadavg()[0]
    ref_bin = None if args.skip_reference else ensure_reference_venv(args.reference_venv)
    root = Path(tempfile.mkdtemp(prefix="bench-end-to-end-"))
    try:
        out = run_all(args, root, ref_bin)
    finally:
        left = leftover_processes(root)
        for pid, cmdline in left:
            progress(f"left running, stopping pid {pid}: {cmdline[:120]}")
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        shutil.rmtree(root, ignore_errors=True)
    results = out["results"]
    print(f"load average at the start / end: {load_at_start:.2f} / {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} CPUs; the machine may be shared: see the load column)")
    report_table(args.widths, results, ref_bin is not None)
    report_native(args.widths, out["runs"], out["natives"], results["sched"])
    report_steps(args.widths, results)
    report_values(args.widths, results)
    print(f"\nreal scheduler: {out['sched_note']}")
    if out["standalone"]:
        print(f"\n`airflow standalone`, width {min(args.widths)}: trigger -> success (s), "
              "the first and second DAG run of a new standalone (load at the trigger)")
        for idle_sleep, cells in out["standalone"]:
            shown = ", ".join(f"{t:.1f} ({state}, load {load:.1f})" if t is not None
                              else state for t, state, load in cells)
            print(f"  scheduler_idle_sleep_time {idle_sleep:g} s: {shown}")
    if out["imports"]:
        report_imports(out["imports"], args.import_repeat)
    print(f"\nprocesses left under the bench directory at the end: {len(left)}")
    progress(f"whole benchmark took {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
