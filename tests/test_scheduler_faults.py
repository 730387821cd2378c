"""Faults under a real Airflow (scheduler, dag-processor, triggerer, API server as
separate processes; LocalExecutor, SQLite): a task process SIGKILLed while its runs
execute, and the triggerer SIGKILLed while tasks are deferred and started again.

The DAG files pass no retries: what absorbs the faults is the task managers' own
defaults (``render.TASK_DEFAULTS``: 2 retries, 5 s apart), and the idempotence of their
work (a retry reuses FINISHED runs and adopts running ones). Each case checks the DAG
run's state, the workflow's result, that every job has exactly one run (FINISHED), and
that no process of the fault is left behind. Processes are found by pid: a task process
by the API's ``pid`` of its task instance, checked to descend from the scheduler; a run
by its working directory in its study; nothing is matched or killed by name.

Case 1 also guards against a bug these faults revealed: runs launched by a task held
its supervisor's sockets, so a killed task was reported only once its runs had ended.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, stop_everything
from motoko_airflow.deployment import LocalAirflow, descendants, process_group

pytestmark = pytest.mark.timeout(900)

# mult's runs sleep this long: the window in which a fault hits them
SLOW_SECONDS = 15
# case 1's task managers poke (the task process lives while its runs run: the process
# a killed worker takes down); case 2's defer (the default: after 5 s in the worker,
# the triggerer waits)
POKE_DAG = "faults_killed_task"
DEFERRED_DAG = "faults_triggerer"
DAGS = {POKE_DAG: "mode='poke'", DEFERRED_DAG: ""}
INPUTS = [2.1, 3.2]
COEFFICIENTS = (0.342, -2.31)  # mult's, in examples/routine/mult/doIt.py
JOBS = {"mult": len(INPUTS), "add": 2 * len(INPUTS), "norm": 1}  # runs per study
# render.TASK_DEFAULTS' retry_delay (5 s) as the API shows it
RETRY_DELAY = {"__type": "TimeDelta", "days": 0, "seconds": 5, "microseconds": 0}


def routine_norm(inputs: list[float]) -> float:
    return math.sqrt(sum((a * x + 0.56) ** 2 for x in inputs for a in COEFFICIENTS))


@dataclass
class Deployment:
    airflow: LocalAirflow
    workflows: dict[str, Path]
    timings: dict[str, float] = field(default_factory=dict)
    observed: dict[str, dict[str, Any]] = field(default_factory=dict)  # by case


def _slow_routine(directory: Path) -> None:
    """The routine example, its mult runs sleeping SLOW_SECONDS after starting."""
    shutil.copytree(EXAMPLES / "routine", directory, ignore=shutil.ignore_patterns(
        ".bd", "BD-*", ".wf", "__pycache__"))
    doit = directory / "mult" / "doIt.py"
    text = doit.read_text()
    assert "run.start()\n" in text
    doit.write_text(text.replace("run.start()\n",
                                 f"run.start()\nimport time\ntime.sleep({SLOW_SECONDS})\n"))


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """One Airflow for the module, a slow copy of the routine example per DAG; Airflow,
    then the studies' servers are stopped afterwards, whatever happened, and nothing
    started under the temporary directory may be left running."""
    from motoko_airflow.workflow import Workflow

    root = tmp_path_factory.mktemp("faults")
    workflows = {dag_id: root / dag_id for dag_id in DAGS}
    # a triggerer is taken for dead (its triggers free for another) once its last
    # heartbeat (every 2 s here) is this old: case 2 waits that long for the new
    # triggerer to take over; 15 s rather than Airflow's default 30
    airflow = LocalAirflow(root / "airflow", config={
        "triggerer": {"triggerer_health_check_threshold": "15"}})
    groups: list[int] = []
    try:
        airflow.dags_folder.mkdir(parents=True, exist_ok=True)
        for dag_id, directory in workflows.items():
            _slow_routine(directory)
            assert Workflow(directory).create(validated=True)
            extra = f", {DAGS[dag_id]}" if DAGS[dag_id] else ""
            (airflow.dags_folder / f"{dag_id}.py").write_text(
                "from motoko_airflow.render import workflow_dag\n\n"
                f"dag = workflow_dag({str(directory)!r}, dag_id={dag_id!r}{extra})\n")
        with airflow:
            assert airflow.startup_seconds is not None
            found = Deployment(airflow, workflows, {"startup": airflow.startup_seconds})
            began = time.monotonic()
            for dag_id in DAGS:
                dag = airflow.wait_for_dag(dag_id, timeout=90)
                assert dag["is_paused"] is False
            found.timings["parse"] = time.monotonic() - began
            for dag_id in DAGS:  # the retries come from the task managers' defaults
                tasks = airflow.request("GET", f"/api/v2/dags/{dag_id}/tasks")["tasks"]
                retries = {t["task_id"]: (t["retries"], t["retry_delay"]) for t in tasks
                           if t["task_id"] in JOBS}
                assert retries == {name: (2, RETRY_DELAY) for name in JOBS}, retries
            yield found
            groups = [*airflow.pids().values(), *(p.pid for p in airflow.killed)]
        print(f"\ntimings (s): { {k: round(v, 1) for k, v in found.timings.items()} }")
    finally:
        for directory in workflows.values():
            if (directory / "motoko.yaml").exists():
                try:
                    Workflow(directory).kill()
                finally:
                    stop_everything(directory)
    left = {g: process_group(g) for g in groups if process_group(g)}
    assert not left, f"Airflow processes left after stop: {left}"
    assert not processes_under(root), f"processes left in {root}: {processes_under(root)}"


# ---- helpers --------------------------------------------------------------------------


def processes_under(directory: Path) -> list[int]:
    """Live processes whose working directory is in ``directory`` (runs, servers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if cwd.is_relative_to(directory) and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    from motoko_airflow.processes import alive

    return alive(pid)


def wait_until(what: str, probe: Callable[[], Any], timeout: float,
               airflow: LocalAirflow, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        airflow.check_alive()
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}\n"
                                 f"{airflow.log_tails()}")
        time.sleep(interval)


class Recorder:
    """What the task instances went through, poll after poll: the states of each (with
    when they were first seen), the pids of their task processes, the triggerer jobs
    their triggers were assigned to (with when)."""

    def __init__(self) -> None:
        self.states: dict[tuple[str, int], list[str]] = {}
        self.seen: dict[tuple[str, int], list[tuple[float, str]]] = {}
        self.pids: set[int] = set()
        self.triggerers: dict[tuple[str, int], dict[int, float]] = {}

    def __call__(self, task_instances: list[dict[str, Any]]) -> None:
        now = time.monotonic()
        for ti in task_instances:
            key = (ti["task_id"], ti["map_index"])
            states = self.states.setdefault(key, [])
            state = f"{ti['state']}#{ti['try_number']}"
            if not states or states[-1] != state:
                states.append(state)
                self.seen.setdefault(key, []).append((now, str(ti["state"])))
            if ti.get("pid"):
                self.pids.add(int(ti["pid"]))
            trigger = ti.get("trigger") or {}
            if trigger.get("triggerer_id") is not None:
                self.triggerers.setdefault(key, {}).setdefault(
                    int(trigger["triggerer_id"]), now)

    def first(self, key: tuple[str, int], state: str, after: float = 0.0) -> float | None:
        """When ``key`` was first seen in ``state`` after the time ``after``."""
        return next((t for t, s in self.seen.get(key, []) if s == state and t >= after),
                    None)


def check_outcome(deployment: Deployment, dag_id: str, run_id: str, run_name: str,
                  state: str) -> list[dict[str, Any]]:
    """The DAG run succeeded, every task instance too, norm's result is right and each
    job has exactly one run, FINISHED (superseded attempts included); no run process is
    left. Returns the task instances."""
    from motoko_airflow.workflow import Workflow

    airflow = deployment.airflow
    task_instances = airflow.task_instances(dag_id, run_id)
    summary = [(t["task_id"], t["map_index"], t["state"], t["try_number"])
               for t in task_instances]
    assert state == "success", (summary, airflow.log_tails())
    assert all(t["state"] == "success" for t in task_instances), summary
    directory = deployment.workflows[dag_id]
    workflow = Workflow(directory)
    try:
        runs = {name: workflow.task_managers[name].bd.select(run_name=run_name,
                                                             current_only=False)
                for name in JOBS}
        states = {name: sorted(r["state"] for r, _ in pairs) for name, pairs in runs.items()}
        assert states == {name: ["FINISHED"] * n for name, n in JOBS.items()}, states
        for name, pairs in runs.items():  # one run per job: nothing made twice
            assert len({job.id for _, job in pairs}) == len(pairs), (name, pairs)
        (norm, _job), = runs["norm"]
        assert norm.y == pytest.approx(routine_norm(INPUTS), rel=1e-9)
        assert sorted(job.x for _, job in runs["mult"]) == INPUTS
    finally:
        workflow.close()
    left = [pid for n in JOBS for pid in processes_under(runs_dir(directory, n))]
    assert not left, f"run processes left: {left}"
    return task_instances


def wait_gone(pids: set[int] | list[int], timeout: float = 20.0) -> list[int]:
    """The pids still alive after ``timeout`` seconds (polling)."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted(p for p in pids if _alive(p))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


# ---- the cases ------------------------------------------------------------------------


def runs_dir(workflow: Path, task_manager: str) -> Path:
    from motoko_airflow.blackdynamite import Study

    return Study(workflow / task_manager, start_server=False).runs_dir


def _fds(pid: int, *numbers: int) -> dict[int, str]:
    """Where some file descriptors of a process point (``socket:[inode]``, a path)."""
    found = {}
    for number in numbers:
        try:
            found[number] = os.readlink(f"/proc/{pid}/fd/{number}")
        except OSError:
            continue
    return found


def _progress_lines(log: str, run_name: str) -> list[str]:
    """The task manager's "N runs of mult (<run name>): <states>" log lines."""
    return [line for line in log.splitlines() if f"runs of mult ({run_name}):" in line]


def test_killed_task_process_is_retried_and_reuses_its_runs(deployment: Deployment) -> None:
    """SIGKILL the process running mult while mult's runs execute: Airflow marks the
    try up_for_retry, the retry finds the runs (adopts them running, or reuses them
    FINISHED) instead of making new ones, and the DAG run succeeds with the right norm."""
    airflow = deployment.airflow
    record = Recorder()
    began = time.monotonic()
    run_id = airflow.trigger(POKE_DAG, {"inputs": INPUTS, "run_name": "killed"})
    mult_runs = runs_dir(deployment.workflows[POKE_DAG], "mult")

    def mult_running_with_runs() -> int | None:
        task_instances = airflow.task_instances(POKE_DAG, run_id)
        record(task_instances)
        mult, = (t for t in task_instances if t["task_id"] == "mult")
        if mult["state"] != "running" or mult["try_number"] != 1:
            return None
        pid = airflow.task_process(mult)
        if pid is None:
            return None
        # its runs are launched and executing (they sleep SLOW_SECONDS)
        log = airflow.task_log(POKE_DAG, run_id, "mult", try_number=1)
        return pid if "launched run(s)" in log and _progress_lines(log, "killed") else None

    pid = wait_until("mult running with its runs launched", mult_running_with_runs,
                     90, airflow)
    # the runs' processes (the launch wrappers, their sessions) and what their stdout
    # and stderr are: the task process's own are sockets to the task supervisor
    runs = processes_under(mult_runs)
    sockets = {"task": _fds(pid, 1, 2), **{f"run process {r}": _fds(r, 1, 2) for r in runs}}
    killed_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    deployment.timings["killed: mult running after"] = killed_at - began

    state = airflow.wait(POKE_DAG, run_id, timeout=240, on_poll=record)
    done = time.monotonic()
    deployment.timings["killed: recovery (kill -> DAG run done)"] = done - killed_at
    deployment.timings["killed: DAG run"] = done - began
    task_instances = check_outcome(deployment, POKE_DAG, run_id, "killed", state)

    key = ("mult", -1)
    mult, = (t for t in task_instances if t["task_id"] == "mult")
    first = airflow.task_log(POKE_DAG, run_id, "mult", try_number=1)
    second = airflow.task_log(POKE_DAG, run_id, "mult", try_number=2)
    retry_seen = record.first(key, "up_for_retry", killed_at)
    observed = {
        "killed": pid, "fds": sockets, "states": record.states[key],
        "up_for_retry after kill": None if retry_seen is None else retry_seen - killed_at,
        "try 1 last line": first.splitlines()[-1][:400],
        "try 2 progress": _progress_lines(second, "killed"),
    }
    deployment.observed["killed"] = observed
    print(f"\ncase 1, killed task process: {observed}")
    assert "up_for_retry" in [s for _, s in record.seen[key]], record.states
    assert mult["try_number"] == 2, record.states  # one retry for one kill
    for t in task_instances:
        if t["task_id"] != "mult":  # poking tasks never defer: no retry without a fault
            assert t["try_number"] == 1, (t["task_id"], t["map_index"], record.states)
    assert "SIGKILL" in first, first[-3000:]
    assert "launched run(s)" not in second, second[-3000:]  # found, not launched again
    # no task process is left: the killed one, and those of the tasks that ended
    assert not _alive(pid)
    assert not wait_gone(record.pids), (record.pids, descendants(airflow.pids()["scheduler"]))
    # Regression: the runs were started with the task's stdout/stderr, sockets to its
    # supervisor, which waited for them to close (until the runs ended) before it
    # reported the killed task, or freed the worker of a task that deferred. Airflow
    # now learns of the kill at once and the retry adopts the runs while they run.
    task_fds = set(observed["fds"]["task"].values())
    shared = {name: fds for name, fds in observed["fds"].items()
              if name != "task" and task_fds & set(fds.values())}
    assert not shared, f"the runs hold the task's sockets: {observed}"
    # learnt at once: the retry started while the runs still ran (no wall-clock bound,
    # which a loaded machine breaks; the runs' own state says it)
    assert observed["up_for_retry after kill"] is not None, observed
    assert observed["try 2 progress"], observed
    assert "FINISHED" not in observed["try 2 progress"][0].split("):")[-1], observed


def test_triggerer_killed_and_restarted_while_tasks_are_deferred(
        deployment: Deployment) -> None:
    """SIGKILL the triggerer while mult is deferred on its running runs, start a new
    one: once the dead triggerer's heartbeat is stale the new one takes its triggers
    over, mult resumes and the DAG run succeeds with the right norm."""
    airflow = deployment.airflow
    record = Recorder()
    began = time.monotonic()
    run_id = airflow.trigger(DEFERRED_DAG, {"inputs": INPUTS, "run_name": "triggerer"})
    key = ("mult", -1)

    def mult_deferred_in_triggerer() -> bool:
        task_instances = airflow.task_instances(DEFERRED_DAG, run_id)
        record(task_instances)
        mult, = (t for t in task_instances if t["task_id"] == "mult")
        trigger = mult.get("trigger") or {}
        return mult["state"] == "deferred" and trigger.get("triggerer_id") is not None

    wait_until("mult deferred, its trigger running in the triggerer",
               mult_deferred_in_triggerer, 90, airflow)
    old_job, = record.triggerers[key]
    old = airflow.pids()["triggerer"]
    old_group = process_group(old)  # the triggerer and its trigger runner
    killed_at = time.monotonic()
    deployment.timings["triggerer: mult deferred after"] = killed_at - began
    airflow.kill_component("triggerer", signal.SIGKILL)
    new = airflow.start_component("triggerer")
    gone_at: list[float] = []

    def poll(task_instances: list[dict[str, Any]]) -> None:
        record(task_instances)
        if not gone_at and not any(_alive(p) for p in old_group):
            gone_at.append(time.monotonic())

    state = airflow.wait(DEFERRED_DAG, run_id, timeout=240, on_poll=poll)
    done = time.monotonic()
    deployment.timings["triggerer: recovery (kill -> DAG run done)"] = done - killed_at
    deployment.timings["triggerer: DAG run"] = done - began
    task_instances = check_outcome(deployment, DEFERRED_DAG, run_id, "triggerer", state)

    taken = {job: at - killed_at for job, at in record.triggerers[key].items()
             if job != old_job}
    # the first state past the deferral seen after the kill: its trigger fired (a poll
    # every second may miss a short "running" and see "success" first)
    resumed = min((t for t in (record.first(key, state, killed_at) for state in
                               ("scheduled", "queued", "running", "success"))
                   if t is not None), default=None)
    observed = {
        "killed triggerer": old, "its group": old_group, "new triggerer": new,
        "group gone after": gone_at[0] - killed_at if gone_at else None,
        "mult states": record.states[key],
        "trigger taken over by job (s after kill)": taken,
        "mult resumed after kill": None if resumed is None else resumed - killed_at,
        "triggerer jobs": {f"{t}[{i}]": sorted(j) for (t, i), j in record.triggerers.items()},
    }
    print(f"\ncase 2, triggerer killed: {observed}")
    # nothing of the old triggerer was left when mult resumed: the new one fired it
    assert not wait_gone(old_group), (old_group, process_group(old))
    assert gone_at and resumed is not None and gone_at[0] < resumed, observed
    assert "deferred" in [s for _, s in record.seen[key]], record.states
    assert record.triggerers[key], observed
    for (task_id, map_index), jobs in record.triggerers.items():  # later ones: the new
        if (task_id, map_index) != key:
            assert old_job not in jobs, observed
    for t in task_instances:  # a deferral is no retry; 2-3 only from Airflow's race
        assert t["try_number"] <= 3, (t["task_id"], t["map_index"], record.states)
    log = airflow.task_log(DEFERRED_DAG, run_id, "mult", try_number=mult_try(task_instances))
    for line in ("Trigger fired event", "'status': 'finished'"):
        assert line in log, (line, log[-3000:])
    # the new triggerer is healthy, and no task process is left
    assert airflow.health()["triggerer"]["status"] == "healthy"
    assert not wait_gone(record.pids), (record.pids, descendants(airflow.pids()["scheduler"]))


def mult_try(task_instances: list[dict[str, Any]]) -> int:
    mult, = (t for t in task_instances if t["task_id"] == "mult")
    return int(mult["try_number"])
