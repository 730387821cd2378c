"""How many deferred task-manager waits one triggerer holds: prints numbers, asserts nothing.

    .venv/bin/python bench/triggerer_scale.py [--n 500] [--small 50] [--batched 50]
                                              [--single N] [--cases mapped batched single]
                                              [--hold 30] [--parallelism 16]
                                              [--capacity 1000] [--poke-interval 2]
                                              [--nofile LIMIT] [--timeout 2400] [--keep]

Cases, each in a fresh ``LocalAirflow`` (scheduler, dag-processor, triggerer, API
server; LocalExecutor, SQLite): "mapped" with ``--small`` (50) then ``--n`` (500) runs;
"batched": the same ``--n`` runs with ``[core] max_map_length`` set to ``--batched``
(50), so that the tracer's ``ItemsOperator`` puts them into 50 batches (task instances)
of 10 runs; "single" with ``--single`` runs (default: ``--n``). 0 skips a case.

1. A one-study workflow ``hold`` (job parameter ``i: int``). "mapped": the orchestrator
   is ``for i in params["values"]: await workflow.hold.createTask(i=i)``, which the
   tracer maps over the list: N values give N mapped task instances, each creating,
   launching and then waiting (deferred, on a ``BlackDynamiteRunTrigger``) for its one
   run ("batched": for its batch of runs). "single":
   ``await workflow.hold.createTask(i=params["values"])``: one task instance, one
   trigger, N runs. The DAG file is the one ``motoko trace -o`` emits;
   ``motoko.yaml``'s ``airflow: {poke_interval: ...}`` (``--poke-interval``, 2 s by
   default) is the trigger's poll interval.
2. Each run's ``launch.sh`` is ``exec flock -s LOCK true``: it sleeps in the kernel
   until this script releases an exclusive lock it holds, so the N runs cost no CPU
   while waiting and all end at once. The tasks launch them (``launch: bash``): N runs
   are 2N processes (the launch wrapper's ``bash`` and ``flock``). No ``doIt.py`` runs:
   before the release, this script marks every run FINISHED (what ``run.finish()``
   would do, without starting N Pythons on 2 cores); a run is then done once its script
   has ended, i.e. at the release.
3. Measured: trigger to all instances deferred; while the triggers wait (``--hold``
   seconds) the RSS, CPU and open files of the triggerer and of its trigger-runner
   child (``/proc/<pid>``), the CPU of the scheduler, its executor workers and tasks,
   the ZEO server (and its sockets), and the cost of one trigger check made here; then
   the runs are released and, per run, the delay from its end (the mtime of the exit
   file the launch wrapper writes) to its task instance's ``end_date``, split where
   the trigger yields its event (the "Trigger fired event" line of its log), the
   triggerer records it (``scheduled_dttm``) and the scheduler queues the task
   (``queued_dttm``); and the whole drain (release to the last task instance done).

``--nofile LIMIT`` lowers the open-files limit the deployment's processes start with
(the triggerer keeps one log file open per running trigger). Task states and times are
read from Airflow's SQLite file (WAL: readers block no writer), not through the REST
API, so that polling 500 task instances does not load the API server. CPU is in % of
one core (100 % = one core busy); the machine's load average is printed with each
phase: other work on the machine shows in it. Progress goes to stderr. Everything
started is stopped at the end (the deployment by pid, the study's ZEO server through
``motoko kill``'s code, the runs by releasing them).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from create_tasks import clean_env, progress  # noqa: E402 - bench/ is not a package

TASK_ID = "hold"
HZ = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
RUN_COMMANDS = frozenset({"bash", "flock", "true"})  # the waiting runs, not Airflow's


# ---- the workflow -----------------------------------------------------------------------


PARSER = '''\
def populate_arg_parser(parser):
    parser.add_argument("--values", type=int, nargs="+", required=True,
                        help="one hold run per value")


'''
ORCHESTRATORS = {
    # one task instance (and one trigger) per value: the tracer maps the task
    "mapped": PARSER + '''\
async def main(workflow, **params):
    for i in params["values"]:
        await workflow.hold.createTask(i=i)
''',
    # one task instance, one trigger, for all the runs (a list expands into N jobs)
    "single": PARSER + '''\
async def main(workflow, **params):
    await workflow.hold.createTask(i=params["values"])
''',
}


def write_workflow(directory: Path, lock: Path, poke_interval: float, shape: str) -> None:
    study = directory / TASK_ID
    study.mkdir(parents=True)
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  hold:\n\norchestrator: orchestrator.main\n"
        f"airflow: {{poke_interval: {poke_interval:g}}}\n")
    (directory / "orchestrator.py").write_text(ORCHESTRATORS["single" if shape == "single"
                                                            else "mapped"])
    (study / "bd.yaml").write_text("study: hold\njob:\n  i: int\n")
    (study / "launch.sh").write_text(textwrap.dedent(f"""\
        #!/bin/bash
        # bench/triggerer_scale.py: sleep (in the kernel, no CPU) until the bench
        # releases its exclusive lock, then end
        exec flock -s {lock} true
    """))


def emit_dag(directory: Path, dags: Path, dag_id: str) -> Path:
    """The DAG file ``motoko trace -o`` emits."""
    target = dags / f"{dag_id}.py"
    subprocess.run([sys.executable, "-m", "motoko_airflow", "trace", str(directory), "-o",
                    str(target), "--dag-id", dag_id], check=True, env=clean_env(),
                   cwd=directory, capture_output=True, text=True)
    return target


def mark_finished(study: Any, run_ids: list[int]) -> float:
    """Every run FINISHED (from ``launched``), one transaction each; seconds taken."""
    began = time.monotonic()
    for run_id in run_ids:
        study.set_state(run_id, "FINISHED", only_if={"launched", "START"})
    return time.monotonic() - began


# ---- processes ----------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def ticks(pid: int, children: bool = False) -> int:
    """CPU clock ticks of a process (with ``children``: plus those of its waited-for
    children, e.g. the task processes an executor worker has reaped)."""
    fields = _stat(pid)
    if fields is None:
        return 0
    own = int(fields[11]) + int(fields[12])
    return own + (int(fields[13]) + int(fields[14]) if children else 0)


def rss_mib(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB / 1024
    except (OSError, IndexError):
        return 0.0


def threads(pid: int) -> int:
    fields = _stat(pid)
    return int(fields[17]) if fields else 0


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def open_fds(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def fd_limit(pid: int) -> str:
    """The soft limit on open files of a process ("Max open files")."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
            if line.startswith("Max open files"):
                return line.split()[3]
    return "?"


def files_under(pid: int, directory: Path) -> int:
    """Open files of a process under ``directory`` (e.g. the trigger log files)."""
    count = 0
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                if os.readlink(fd).startswith(str(directory)):
                    count += 1
    return count


def socket_fds(pid: int) -> int:
    count = 0
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                if os.readlink(fd).startswith("socket:"):
                    count += 1
    return count


def machine_ticks() -> tuple[int, int]:
    """(busy, total) ticks of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Processes:
    """The deployment's processes, grouped: CPU ticks and RSS, sampled from /proc."""

    def __init__(self, airflow: Any, zeo_pid: int | None) -> None:
        from motoko_airflow.deployment import descendants

        self.airflow = airflow
        self.zeo_pid = zeo_pid
        self.descendants = descendants

    def groups(self) -> dict[str, list[int]]:
        pids = self.airflow.pids()
        triggerer = pids["triggerer"]
        scheduler = pids["scheduler"]
        workers = [p for p in self.descendants(scheduler) if command(p) not in RUN_COMMANDS]
        out = {
            "triggerer": [triggerer],
            "trigger runner": self.descendants(triggerer),
            "scheduler": [scheduler],
            "executor workers + tasks": workers,
            "dag-processor": [pids["dag-processor"], *self.descendants(pids["dag-processor"])],
            "api-server": [pids["api-server"], *self.descendants(pids["api-server"])],
        }
        if self.zeo_pid:
            out["ZEO server"] = [self.zeo_pid]
        return out

    def sample(self) -> dict[str, Any]:
        """Ticks (children's included where a group's processes reap their own) and RSS
        of each group, and the machine's busy/total ticks, now."""
        groups = self.groups()
        cpu = {name: sum(ticks(p, children=name in ("executor workers + tasks",
                                                    "dag-processor", "api-server"))
                         for p in members) for name, members in groups.items()}
        rss = {name: sum(rss_mib(p) for p in members) for name, members in groups.items()}
        return {"time": time.monotonic(), "cpu": cpu, "rss": rss,
                "machine": machine_ticks(), "load": os.getloadavg()[0],
                "runner_threads": sum(threads(p) for p in groups["trigger runner"]),
                "fds": {name: sum(open_fds(p) for p in groups[name])
                        for name in ("triggerer", "trigger runner")},
                "log_fds": files_under(groups["triggerer"][0], self.airflow.home / "logs"),
                "zeo_sockets": socket_fds(self.zeo_pid) if self.zeo_pid else None}


def cpu_between(first: dict[str, Any], last: dict[str, Any]) -> dict[str, float]:
    """% of one core of each group between two samples, and the machine's % busy of
    all its cores."""
    wall = max(1e-9, last["time"] - first["time"])
    out = {name: 100.0 * max(0, last["cpu"].get(name, 0) - first["cpu"].get(name, 0)) / HZ
           / wall for name in last["cpu"]}
    busy = last["machine"][0] - first["machine"][0]
    total = max(1, last["machine"][1] - first["machine"][1])
    out["machine (all cores)"] = 100.0 * busy / total
    return out


# ---- Airflow's database -----------------------------------------------------------------


def _epoch(value: Any) -> float | None:
    if value is None:
        return None
    stamp = datetime.fromisoformat(str(value).replace(" ", "T"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.timestamp()


@dataclass
class Instance:
    map_index: int
    state: str
    try_number: int
    end: float | None
    scheduled: float | None
    queued: float | None


def instances(db: Path, dag_id: str, run_id: str) -> list[Instance]:
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as con:
        rows = con.execute(
            "SELECT map_index, state, try_number, end_date, scheduled_dttm, queued_dttm "
            "FROM task_instance WHERE dag_id = ? AND run_id = ? AND task_id = ?",
            (dag_id, run_id, TASK_ID)).fetchall()
    return [Instance(m, s or "none", t or 0, _epoch(e), _epoch(sc), _epoch(q))
            for m, s, t, e, sc, q in rows]


def trigger_fired(logs: Path, dag_id: str) -> dict[int, float]:
    """When each map index's trigger yielded its event in the trigger runner: the
    "Trigger fired event" line of the trigger's log file (first try only)."""
    fired: dict[int, float] = {}
    pattern = f"dag_id={dag_id}/run_id=*/task_id={TASK_ID}/**/attempt=1.log.trigger.*"
    for path in logs.glob(pattern):
        folder = path.parent.name  # map_index=N; an unmapped task has no such folder
        map_index = int(folder.split("=", 1)[1]) if folder.startswith("map_index=") else -1
        with contextlib.suppress(OSError):
            for line in path.read_text(errors="replace").splitlines():
                if "Trigger fired event" in line:
                    with contextlib.suppress(ValueError, KeyError):
                        fired[map_index] = float(_epoch(json.loads(line)["timestamp"]) or 0)
                    break
    return fired


def dag_run_state(db: Path, dag_id: str, run_id: str) -> str:
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as con:
        row = con.execute("SELECT state FROM dag_run WHERE dag_id = ? AND run_id = ?",
                          (dag_id, run_id)).fetchone()
    return str(row[0]) if row else "none"


def triggers(db: Path) -> dict[str, int]:
    """Rows of the trigger table by the triggerer holding them ("none": unassigned)."""
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as con:
        rows = con.execute("SELECT triggerer_id, count(*) FROM trigger "
                           "GROUP BY triggerer_id").fetchall()
    return {str(t) if t is not None else "none": int(n) for t, n in rows}


def counts(found: list[Instance]) -> dict[str, int]:
    out: dict[str, int] = {}
    for ti in found:
        out[ti.state] = out.get(ti.state, 0) + 1
    return out


# ---- one size -----------------------------------------------------------------------------


@dataclass
class Result:
    n: int
    shape: str
    batch: int  # runs per task instance (and trigger)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    numbers: dict[str, Any] = field(default_factory=dict)

    @property
    def instances(self) -> int:
        return -(-self.n // self.batch)


def check_cost(workflow: Path, run_ids: list[int], repeat: int = 30) -> float:
    """Median seconds of one ``BlackDynamiteRunTrigger`` check (what ``_check`` calls:
    the study, then ``execution.progress`` on its runs), made in this process."""
    from motoko_airflow import execution

    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        study = execution.study_for(str(workflow / "motoko.yaml"), TASK_ID)
        execution.progress(study, run_ids)
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def poll_until(what: str, airflow: Any, timeout: float, interval: float, probe: Any,
               on_sample: Any) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        airflow.check_alive()
        value = probe()
        on_sample()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@contextlib.contextmanager
def open_files_limit(limit: int | None) -> Any:
    """Lower this process's soft limit on open files while the deployment starts (its
    components inherit it), then put it back."""
    if not limit:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def measure(n: int, shape: str, args: argparse.Namespace, root: Path) -> Result:
    from motoko_airflow.blackdynamite import Study
    from motoko_airflow.deployment import LocalAirflow
    from motoko_airflow.workflow import Workflow

    # ItemsOperator batches a loop's items into at most [core] max_map_length instances
    batch = {"mapped": 1, "single": n, "batched": -(-n // max(1, args.batched))}[shape]
    result = Result(n, shape, batch)
    numbers = result.numbers
    base = root / f"{shape}-{n}"
    directory = base / "workflow"
    lock = base / "release.lock"
    base.mkdir()
    write_workflow(directory, lock, args.poke_interval, shape)
    lock_handle = open(lock, "w")  # noqa: SIM115 - held until the release
    fcntl.flock(lock_handle, fcntl.LOCK_EX)
    dag_id = f"scale_{shape}_{n}"
    config = {"core": {"parallelism": str(args.parallelism),
                       "max_active_tasks_per_dag": str(args.parallelism)},
              "triggerer": {"capacity": str(args.capacity)}}
    if shape == "batched":
        config["core"]["max_map_length"] = str(args.batched)
    airflow = LocalAirflow(base / "airflow", config=config, env={"PYTHONDONTWRITEBYTECODE": "1"})
    airflow.dags_folder.mkdir(parents=True)
    emit_dag(directory, airflow.dags_folder, dag_id)
    workflow = Workflow(directory)
    study = Study(directory / TASK_ID)  # this process's own connection, for the runs
    try:
        workflow.create(validated=True)
        progress(f"{shape} N={n}: starting Airflow ...")
        with open_files_limit(args.nofile):
            airflow.start()
        try:
            numbers["startup_s"] = airflow.startup_seconds
            airflow.wait_for_dag(dag_id, timeout=180)
            run_phases(result, args, airflow, directory, study, lock_handle, dag_id)
        finally:
            airflow.stop()
    except Exception as exc:  # noqa: BLE001 - report what was measured, and why it stopped
        result.error = f"{type(exc).__name__}: {str(exc)[:1500]}"
        progress(f"{shape} N={n}: {result.error}")
    finally:
        lock_handle.close()  # releases the runs still waiting, if any
        study.close()
        with contextlib.suppress(Exception):
            workflow.kill()
        with contextlib.suppress(Exception):
            from motoko_airflow import execution

            execution.close_studies()
    return result


def run_phases(result: Result, args: argparse.Namespace, airflow: Any, directory: Path,
               study: Any, lock_handle: Any, dag_id: str) -> None:
    n, numbers = result.n, result.numbers
    label = f"{result.shape} N={n}"
    expected = result.instances
    db = airflow.database
    zeo_pid = study.server_pid()
    procs = Processes(airflow, zeo_pid)
    samples: list[dict[str, Any]] = []

    def sample() -> None:
        samples.append(procs.sample())

    # idle: the deployment with the DAG parsed, nothing running
    sample()
    time.sleep(args.idle)
    sample()
    idle = (samples[0], samples[-1])
    numbers["idle"] = {"cpu": cpu_between(*idle), "rss": idle[1]["rss"],
                       "load": idle[1]["load"]}

    # ramp: trigger to every instance deferred
    progress(f"{label}: triggering the DAG run ...")
    ramp_first = len(samples)
    began_wall, began = time.time(), time.monotonic()
    run_id = airflow.trigger(dag_id, {"values": list(range(n)), "run_name": f"scale{n}"})
    seen: dict[str, Any] = {"max_running": 0, "first_deferred": None, "last_print": 0.0}

    def all_deferred() -> float | None:
        found = instances(db, dag_id, run_id)
        by_state = counts(found)
        seen["max_running"] = max(seen["max_running"],
                                  by_state.get("running", 0) + by_state.get("queued", 0))
        deferred = by_state.get("deferred", 0)
        if deferred and seen["first_deferred"] is None:
            seen["first_deferred"] = time.monotonic() - began
        if time.monotonic() - seen["last_print"] > 30:
            seen["last_print"] = time.monotonic()
            progress(f"{label}: {time.monotonic() - began:.0f} s, {by_state} "
                     f"(load {os.getloadavg()[0]:.1f})")
        bad = {s: c for s, c in by_state.items()
               if s in ("failed", "upstream_failed", "success", "skipped")}
        if bad:
            raise RuntimeError(f"task instances ended before the release: {by_state}")
        if len(found) == expected and deferred == expected:
            return time.monotonic() - began
        if dag_run_state(db, dag_id, run_id) in ("failed", "success"):
            raise RuntimeError(f"DAG run ended before the release: {by_state}")
        return None

    numbers["to_all_deferred_s"] = poll_until(
        f"{expected} deferred task instance(s)", airflow, args.timeout, 1.0, all_deferred, sample)
    numbers["first_deferred_s"] = seen["first_deferred"]
    numbers["max_running_or_queued"] = seen["max_running"]
    numbers["ramp"] = {"cpu": cpu_between(samples[ramp_first], samples[-1]),
                       "load": samples[-1]["load"]}
    progress(f"{label}: all {expected} deferred after {numbers['to_all_deferred_s']:.0f} s; "
             f"holding {args.hold:.0f} s ...")

    # hold: N triggers waiting
    hold_first = len(samples)
    hold_end = time.monotonic() + args.hold
    cost = None
    while time.monotonic() < hold_end:
        airflow.check_alive()
        sample()
        if cost is None and time.monotonic() > hold_end - args.hold / 2:
            run_ids = [int(r.id) for r, _ in study.select(run_name=f"scale{n}")]
            cost = check_cost(directory, run_ids[:result.batch])
        time.sleep(1.0)
    sample()
    hold = samples[hold_first:]
    numbers["hold"] = {
        "cpu": cpu_between(hold[0], hold[-1]),
        "rss_median": {k: statistics.median(s["rss"][k] for s in hold) for k in hold[0]["rss"]},
        "rss_max": {k: max(s["rss"][k] for s in hold) for k in hold[0]["rss"]},
        "runner_threads": max(s["runner_threads"] for s in hold),
        "fds": {k: max(s["fds"][k] for s in hold) for k in hold[0]["fds"]},
        "fds_idle": idle[1]["fds"],
        "log_fds": max(s["log_fds"] for s in hold),
        "fd_limit": fd_limit(airflow.pids()["triggerer"]),
        "zeo_sockets": max((s["zeo_sockets"] or 0) for s in hold),
        "load": statistics.mean(s["load"] for s in hold),
        "triggers": triggers(db),
        "check_s": cost,
        "run_processes": sum(1 for p in Path("/proc").iterdir() if p.name.isdigit()
                             and command(int(p.name)) in ("flock",)),
    }

    # release: every run FINISHED, then the lock dropped: all scripts end at once
    pairs = study.select(run_name=f"scale{n}")
    run_ids = [int(r.id) for r, _ in pairs]
    numbers["mark_finished_s"] = mark_finished(study, run_ids)
    drain_first = len(samples)
    release_wall, release = time.time(), time.monotonic()
    fcntl.flock(lock_handle, fcntl.LOCK_UN)
    progress(f"{label}: released the runs (marking them FINISHED took "
             f"{numbers['mark_finished_s']:.1f} s); draining ...")

    def drained() -> float | None:
        found = instances(db, dag_id, run_id)
        by_state = counts(found)
        if time.monotonic() - seen["last_print"] > 30:
            seen["last_print"] = time.monotonic()
            progress(f"{label}: drain {time.monotonic() - release:.0f} s, {by_state} "
                     f"(load {os.getloadavg()[0]:.1f})")
        if all(ti.state in ("success", "failed") for ti in found) and \
                dag_run_state(db, dag_id, run_id) in ("success", "failed"):
            return time.monotonic() - release
        return None

    numbers["drain_s"] = poll_until("the drain", airflow, args.timeout, 0.5, drained, sample)
    numbers["drain"] = {"cpu": cpu_between(samples[drain_first], samples[-1]),
                        "load": samples[-1]["load"], "rss_after": samples[-1]["rss"]}
    numbers["dag_run"] = dag_run_state(db, dag_id, run_id)
    numbers["trigger_to_success_s"] = time.time() - began_wall

    # per run: from its end to its task instance's end
    found = {ti.map_index: ti for ti in instances(db, dag_id, run_id)}
    numbers["states"] = counts(list(found.values()))
    numbers["tries"] = {str(t): sum(1 for ti in found.values() if ti.try_number == t)
                        for t in sorted({ti.try_number for ti in found.values()})}
    ends = {}
    for run, job in pairs:
        path = run.entries.get("run_path")
        with contextlib.suppress(OSError, TypeError):
            ends[int(job["i"])] = (Path(path) / ".motoko-exit").stat().st_mtime
    fired = trigger_fired(airflow.home / "logs", dag_id)
    delays: dict[str, list[float]] = {key: [] for key in (
        "total", "fire", "poll", "record", "queue", "resume")}
    for i, ended in ends.items():
        # value i is in batch i // batch (ItemsOperator keeps the order); single: one
        # unmapped instance
        index = -1 if result.shape == "single" else i // result.batch
        ti = found.get(index)
        if ti is None or ti.end is None:
            continue
        delays["total"].append(ti.end - ended)
        if ti.try_number == 1 and ti.scheduled and ti.queued:
            delays["fire"].append(ti.scheduled - ended)
            delays["queue"].append(ti.queued - ti.scheduled)
            delays["resume"].append(ti.end - ti.queued)
            if index in fired:
                delays["poll"].append(fired[index] - ended)
                delays["record"].append(ti.scheduled - fired[index])
    numbers["delays"] = {k: summary(v) for k, v in delays.items()}
    numbers["run_end_spread_s"] = (max(ends.values()) - min(ends.values())) if ends else None
    numbers["first_run_end_after_release_s"] = (min(ends.values()) - release_wall) if ends \
        else None
    if len(ends) < n:
        result.notes.append(f"only {len(ends)} of {n} runs left an exit file")


def summary(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    return {"median": statistics.median(ordered),
            "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "max": ordered[-1], "min": ordered[0], "count": len(ordered)}


# ---- report -------------------------------------------------------------------------------


def fmt(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}{unit}"


SHAPES = {"mapped": "one task instance and one trigger per run (mapped)",
          "batched": "mapped, [core] max_map_length lowered: runs in batches, one task "
                     "instance and one trigger per batch",
          "single": "one task instance and one trigger for all N runs"}


def report(results: list[Result], args: argparse.Namespace, seconds: float) -> None:
    print(f"triggerer scale: N runs of one task manager waited on by BlackDynamiteRunTrigger "
          f"(poll {args.poke_interval:g} s)")
    print(f"machine: {os.cpu_count()} CPUs, python {platform.python_version()}; Airflow: "
          f"parallelism {args.parallelism}, triggerer capacity {args.capacity}"
          + (f", open files limit {args.nofile}" if args.nofile else "")
          + "; CPU in % of one core")
    for r in results:
        report_one(r, args)
    report_table(results)
    print(f"\nwhole benchmark {seconds:.0f} s; load average now "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if args.json:
        print(json.dumps([{"n": r.n, "shape": r.shape, "error": r.error, "notes": r.notes,
                           **r.numbers} for r in results], default=str))


def report_one(r: Result, args: argparse.Namespace) -> None:
    x = r.numbers
    waits = r.instances
    print(f"\n{r.shape}, N = {r.n}: {SHAPES[r.shape]} ({waits} x {r.batch} run(s))"
          + (f"\n  ERROR: {r.error}" if r.error else ""))
    if "startup_s" in x:
        print(f"  deployment start-up {fmt(x['startup_s'])} s")
    if "idle" in x:
        idle = x["idle"]
        print(f"  idle (before the trigger, load {idle['load']:.2f}): triggerer "
              f"{fmt(idle['rss']['triggerer'], ' MiB', 0)} + runner "
              f"{fmt(idle['rss']['trigger runner'], ' MiB', 0)}; CPU triggerer "
              f"{fmt(idle['cpu']['triggerer'], '%')}, runner "
              f"{fmt(idle['cpu']['trigger runner'], '%')}, scheduler "
              f"{fmt(idle['cpu']['scheduler'], '%')}, machine "
              f"{fmt(idle['cpu']['machine (all cores)'], '%')}")
    if "to_all_deferred_s" in x:
        ramp = x["ramp"]["cpu"]
        print(f"  trigger -> {waits} deferred: {fmt(x['to_all_deferred_s'])} s "
              f"(first at {fmt(x['first_deferred_s'])} s; "
              f"{waits / x['to_all_deferred_s']:.2f} instances/s; at most "
              f"{x['max_running_or_queued']} running or queued at once); CPU: scheduler "
              f"{fmt(ramp['scheduler'], '%')}, workers + tasks "
              f"{fmt(ramp['executor workers + tasks'], '%')}, runner "
              f"{fmt(ramp['trigger runner'], '%')}, machine "
              f"{fmt(ramp['machine (all cores)'], '%')}; load {x['ramp']['load']:.1f}")
    if "hold" in x:
        h = x["hold"]
        cpu, med, top = h["cpu"], h["rss_median"], h["rss_max"]
        grown = med["trigger runner"] - x["idle"]["rss"]["trigger runner"]
        print(f"  holding {waits} trigger(s) over {r.n} runs ({args.hold:.0f} s, mean load "
              f"{h['load']:.2f}; trigger rows by triggerer id {h['triggers']}):")
        print(f"    RSS: triggerer {fmt(med['triggerer'], ' MiB', 0)}, runner "
              f"{fmt(med['trigger runner'], ' MiB', 0)} (max "
              f"{fmt(top['trigger runner'], ' MiB', 0)}; +{grown:.0f} MiB over idle, "
              f"{grown * 1024 / waits:.0f} KiB per trigger); runner threads "
              f"{h['runner_threads']}")
        print(f"    CPU: triggerer {fmt(cpu['triggerer'], '%')}, runner "
              f"{fmt(cpu['trigger runner'], '%')}, ZEO server "
              f"{fmt(cpu.get('ZEO server'), '%')}, scheduler {fmt(cpu['scheduler'], '%')}, "
              f"workers {fmt(cpu['executor workers + tasks'], '%')}, api-server "
              f"{fmt(cpu['api-server'], '%')}, machine "
              f"{fmt(cpu['machine (all cores)'], '%')}")
        cost = h["check_s"]
        per = f"{r.batch} run(s)"
        print(f"    one trigger check ({per}; made here, same code): "
              f"{fmt(cost and cost * 1000, ' ms', 1)}; {waits} checks one after another "
              f"on the runner's one BlackDynamite thread: "
              f"{fmt(cost and cost * waits, ' s', 2)} a round (poll interval "
              f"{args.poke_interval:g} s)")
        print(f"    open files: triggerer {h['fds']['triggerer']} (idle "
              f"{h['fds_idle']['triggerer']}; {h['log_fds']} of them log files), runner "
              f"{h['fds']['trigger runner']} (idle {h['fds_idle']['trigger runner']}); "
              f"limit {h['fd_limit']}")
        print(f"    ZEO server sockets {h['zeo_sockets']} (listening one included); "
              f"waiting flock processes {h['run_processes']}")
    if "drain_s" in x:
        d = x["delays"]
        print(f"  release: marking {r.n} runs FINISHED took {fmt(x['mark_finished_s'])} s; "
              f"scripts ended {fmt(x['first_run_end_after_release_s'], ' s', 2)} after "
              f"the release, within {fmt(x['run_end_spread_s'], ' s', 2)}")
        print(f"  drain (release -> last instance done): {fmt(x['drain_s'])} s; "
              f"DAG run {x['dag_run']}; states {x['states']}; tries {x['tries']}; CPU "
              f"scheduler {fmt(x['drain']['cpu']['scheduler'], '%')}, workers + tasks "
              f"{fmt(x['drain']['cpu']['executor workers + tasks'], '%')}, runner "
              f"{fmt(x['drain']['cpu']['trigger runner'], '%')}, machine "
              f"{fmt(x['drain']['cpu']['machine (all cores)'], '%')}; "
              f"load {x['drain']['load']:.1f}")
        print("  run end -> its task instance's end, seconds: median / p90 / max (runs)")
        for key, label in (("total", "total"), ("fire", "run end -> trigger event"),
                           ("poll", "  run end -> fired (runner)"),
                           ("record", "  fired -> event in the DB"),
                           ("queue", "event -> queued"), ("resume", "queued -> task end")):
            s = d.get(key)
            if s:
                print(f"    {label:<26} {s['median']:7.1f} / {s['p90']:7.1f} / "
                      f"{s['max']:7.1f}  ({s['count']})")
        print(f"  trigger -> DAG run done: {fmt(x['trigger_to_success_s'])} s")
    for note in r.notes:
        print(f"  note: {note}")


def report_table(results: list[Result]) -> None:
    print("\nsummary (s = seconds; CPU while the triggers wait; delay = run end -> task end)")
    header = (f"{'shape':<7} {'N':>4} {'waits':>5} | {'to deferred s':>13} | {'runner MiB':>10} | "
              f"{'runner CPU':>10} | {'sched CPU':>9} | {'delay med/p90/max s':>19} | "
              f"{'drain s':>7} | {'load':>4}")
    print(header)
    print("-" * len(header))
    for r in results:
        x = r.numbers
        h, total = x.get("hold"), (x.get("delays") or {}).get("total")
        delay = (f"{total['median']:.1f}/{total['p90']:.1f}/{total['max']:.1f}"
                 if total else "-")
        print(f"{r.shape:<7} {r.n:>4} {r.instances:>5} | "
              f"{fmt(x.get('to_all_deferred_s')):>13} | "
              f"{fmt(h and h['rss_median']['trigger runner'], '', 0):>10} | "
              f"{fmt(h and h['cpu']['trigger runner'], '%'):>10} | "
              f"{fmt(h and h['cpu']['scheduler'], '%'):>9} | {delay:>19} | "
              f"{fmt(x.get('drain_s')):>7} | {fmt(h and h['load'], '', 1):>4}"
              + ("  (error)" if r.error else ""))


# ---- main ---------------------------------------------------------------------------------


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


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500,
                        help="runs of the big cases (mapped: as many task instances and "
                             "deferred waits; default 500)")
    parser.add_argument("--small", type=int, default=50,
                        help="size measured first, for comparison (0: skip; default 50)")
    parser.add_argument("--cases", nargs="+", choices=("mapped", "batched", "single"),
                        default=["mapped", "batched", "single"],
                        help="which cases to measure (default: all three)")
    parser.add_argument("--hold", type=float, default=30.0, metavar="SECONDS",
                        help="how long to measure the N waiting triggers (default 30)")
    parser.add_argument("--idle", type=float, default=10.0, metavar="SECONDS",
                        help="idle measurement before triggering (default 10)")
    parser.add_argument("--single", type=int, default=None, metavar="N",
                        help="also N runs in ONE task instance (one trigger), for comparison "
                             "(default: the --n value; 0: skip)")
    parser.add_argument("--batched", type=int, default=50, metavar="LIMIT",
                        help="also --n runs mapped with [core] max_map_length LIMIT: the "
                             "tracer's ItemsOperator batches them into LIMIT task instances "
                             "(default 50; 0: skip)")
    parser.add_argument("--nofile", type=int, default=None, metavar="LIMIT",
                        help="soft limit on open files for the deployment's processes "
                             "(default: inherited)")
    parser.add_argument("--parallelism", type=int, default=16,
                        help="[core] parallelism and max_active_tasks_per_dag (default 16)")
    parser.add_argument("--capacity", type=int, default=1000,
                        help="[triggerer] capacity (default 1000, Airflow's)")
    parser.add_argument("--poke-interval", type=float, default=2.0,
                        help="the trigger's poll interval (motoko.yaml's airflow: "
                             "poke_interval; default 2)")
    parser.add_argument("--timeout", type=float, default=2400.0, metavar="SECONDS",
                        help="longest ramp and longest drain (default 2400)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (logs, DB) and print it")
    parser.add_argument("--json", action="store_true", help="also print the numbers as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    single = args.n if args.single is None else args.single
    cases = [("mapped", n) for n in dict.fromkeys([args.small, args.n]) if n > 0]
    cases += [("batched", args.n)] if args.batched > 0 and args.n > 0 else []
    cases += [("single", single)] if single > 0 else []
    cases = [(shape, n) for shape, n in cases if shape in args.cases]
    start = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="bench-triggerer-"))
    results = []
    try:
        for shape, n in cases:
            results.append(measure(n, shape, args, root))
    finally:
        left = leftover_processes(root)
        for pid, cmdline in left:
            progress(f"left running, stopping pid {pid}: {cmdline[:120]}")
            with contextlib.suppress(OSError):
                os.kill(pid, 15)
        if args.keep:
            progress(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    report(results, args, time.monotonic() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
