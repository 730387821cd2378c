"""The routine example under a real Airflow: scheduler, dag-processor, triggerer and API
server as separate processes (LocalExecutor, SQLite), triggered through the REST API.

This proves what ``dag.test()`` cannot: the DAG file is parsed by the dag-processor, task
managers defer and their ``BlackDynamiteRunTrigger`` is serialized, run by the triggerer
process and resumes the task in another worker process, mapped instances and the fan-in
read their XComs across processes, and the API validates the DAG params.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, SharedAirflow
from motoko_airflow.deployment import AirflowAPIError, LocalAirflow

pytestmark = pytest.mark.timeout(900)

DAG_ID = "routine_e2e"
EXAMPLE_DAGS = {"routine": DAG_ID, "events": "events_e2e"}
# branches (from the differential corpus): a skipped side and its join; a filtered map
BRANCH_DAGS = {"compare_param": "branch_e2e", "output_branch_then_fanin": "filter_e2e"}
# emitted by `motoko trace -o` (a file of data, as a user deploys one): a convergence
# loop capped by a param (fixed in the DAG at its traced value) in guarded iterations
EMITTED_DAGS = {"study_convergence_capped": "convergence_e2e"}
DIFFERENTIAL = Path(__file__).parent / "differential"
COEFFICIENTS = (0.342, -2.31)
INPUTS = [2.1, 3.2]
TASK_MANAGERS = ("mult", "add", "norm")


def routine_norm(inputs: list[float]) -> float:
    return math.sqrt(sum((a * x + 0.56) ** 2 for x in inputs for a in COEFFICIENTS))


@dataclass
class Deployment:
    airflow: LocalAirflow
    workflows: dict[str, Path]
    timings: dict[str, float] = field(default_factory=dict)


@pytest.fixture(scope="module")
def deployment(shared_airflow: SharedAirflow) -> Iterator[Deployment]:
    """The examples' studies and a running Airflow (the one shared with other modules,
    see conftest.py) whose dags folder holds their DAGs (``<example>_e2e``); Airflow
    then the studies' servers are stopped after the last test using that Airflow,
    whatever happened."""
    from motoko_airflow.workflow import Workflow

    root = shared_airflow.root / "e2e"
    dag_ids = {**EXAMPLE_DAGS, **BRANCH_DAGS, **EMITTED_DAGS}
    workflows = {name: shared_airflow.add_workflow(root / name) for name in dag_ids}
    airflow = shared_airflow.airflow
    for name, directory in workflows.items():
        source = EXAMPLES / name if name in EXAMPLE_DAGS else DIFFERENTIAL / name
        shutil.copytree(source, directory, ignore=shutil.ignore_patterns(
            ".bd", "BD-*", ".wf", "__pycache__"))
        assert Workflow(directory).create(validated=True)
        if name in EMITTED_DAGS:  # written where the dag-processor finds it
            emitted = airflow.dags_folder / f"{dag_ids[name]}.py"
            subprocess.run([sys.executable, "-m", "motoko_airflow", "trace", str(directory),
                            "--dag-id", dag_ids[name], "-o", str(emitted)], check=True)
            shared_airflow.motoko_dags[dag_ids[name]] = directory
            continue
        # the routine's task managers defer at once (defer_after 0: the deferral path);
        # the other DAGs' wait in the worker first (the default: their runs are short)
        defer = ",\n                                 'defer_after': 0" \
            if dag_ids[name] == DAG_ID else ""
        shared_airflow.add_dag(
            dag_ids[name],
            "from datetime import timedelta\n\n"
            "from motoko_airflow.render import workflow_dag\n\n"
            # retries: Airflow 3.3.2 can mark a task resumed from deferral failed on a
            # stale report under load (apache/airflow#67287); a retry finds its runs
            # FINISHED and succeeds, as it would for a user
            f"dag = workflow_dag({str(directory)!r}, dag_id={dag_ids[name]!r},\n"
            "                   default_args={'retries': 2,\n"
            f"                                 'retry_delay': timedelta(seconds=1){defer}}})\n",
            workflow=directory)
    assert airflow.startup_seconds is not None
    found = Deployment(airflow, workflows, {"startup": airflow.startup_seconds})
    began = time.monotonic()
    for dag_id in dag_ids.values():
        dag = airflow.wait_for_dag(dag_id, timeout=90)
        assert dag["is_paused"] is False
    found.timings["parse"] = time.monotonic() - began
    yield found
    print(f"timings: {found.timings}")


def test_routine_runs_under_the_scheduler_with_deferral(deployment: Deployment) -> None:
    from motoko_airflow.workflow import Workflow

    airflow = deployment.airflow
    seen: dict[tuple[str, int], set[str]] = {}
    triggers: dict[tuple[str, int], set[str]] = {}

    def record(task_instances: list[dict[str, Any]]) -> None:
        for ti in task_instances:
            key = (ti["task_id"], ti["map_index"])
            seen.setdefault(key, set()).add(str(ti["state"]))
            if ti.get("trigger"):
                triggers.setdefault(key, set()).add(str(ti["trigger"]["classpath"]))

    began = time.monotonic()
    run_id = airflow.trigger(DAG_ID, {"inputs": INPUTS, "run_name": "e2e"})
    state = airflow.wait(DAG_ID, run_id, timeout=240, on_poll=record)
    deployment.timings["routine run"] = time.monotonic() - began
    task_instances = airflow.task_instances(DAG_ID, run_id)
    summary = [(t["task_id"], t["map_index"], t["state"], t["try_number"])
               for t in task_instances]
    assert state == "success", (summary, airflow.log_tails())
    assert all(t["state"] == "success" for t in task_instances), summary

    # the add step is mapped over the two mult runs
    add = [t for t in task_instances if t["task_id"] == "add"]
    assert sorted(t["map_index"] for t in add) == [0, 1], summary
    managers = {(t["task_id"], t["map_index"]) for t in task_instances
                if t["task_id"] in TASK_MANAGERS}
    assert managers == {("mult", -1), ("add", 0), ("add", 1), ("norm", -1)}

    # every task manager deferred, its trigger ran in the triggerer process, and the task
    # resumed from the trigger event (deferral is not a retry; a retry only happens when
    # Airflow's own race above strikes)
    never_deferred = sorted(k for k in managers if "deferred" not in seen.get(k, set()))
    assert not never_deferred, (never_deferred, seen)
    for t in task_instances:
        if (t["task_id"], t["map_index"]) in managers:
            assert t["try_number"] <= 3, summary
    trigger_class = "motoko_airflow.sensors.triggers.BlackDynamiteRunTrigger"
    assert triggers == {k: {trigger_class} for k in managers}, (triggers, seen)
    for task_id, map_index in sorted(managers):
        log = airflow.task_log(DAG_ID, run_id, task_id, map_index=map_index)
        for line in ("Pausing task as DEFERRED", "Trigger fired event", "'status': 'finished'"):
            assert line in log, (task_id, map_index, line, log[-3000:])

    # the result: XComs of the mapped add instances reached norm
    workflow = Workflow(deployment.workflows["routine"])
    try:
        workflow.run_name = "e2e"
        (run, _job), = workflow.norm.select("state = FINISHED")
        assert run.y == pytest.approx(routine_norm(INPUTS), rel=1e-9)
        mult_runs = workflow.mult.select("state = FINISHED")
        assert sorted(job.x for _run, job in mult_runs) == INPUTS
        assert len(workflow.add.select("state = FINISHED")) == 2 * len(INPUTS)
    finally:
        workflow.kill()


def test_events_example_cycles_under_the_scheduler(deployment: Deployment) -> None:
    """The bisection's actions (one ActionOperator task) run their cycle to the root."""
    from motoko_airflow.workflow import Workflow

    airflow = deployment.airflow
    began = time.monotonic()
    run_id = airflow.trigger("events_e2e", {"tolerance": 0.01, "run_name": "bis"})
    state = airflow.wait("events_e2e", run_id, timeout=240)
    deployment.timings["events run"] = time.monotonic() - began
    summary = [(t["task_id"], t["map_index"], t["state"], t["try_number"])
               for t in airflow.task_instances("events_e2e", run_id)]
    assert state == "success", (summary, airflow.log_tails())
    workflow = Workflow(deployment.workflows["events"])
    try:
        workflow.run_name = "bis"  # the DAG run's values belong to its run name
        assert workflow.vars.root == pytest.approx(1.5213797, abs=0.01)
        evaluations = workflow.evaluate.select()
        assert len(evaluations) >= 2 + 6  # both bracket ends, then one per halving
    finally:
        workflow.kill()


def test_branches_skip_the_untaken_side_and_join_under_the_scheduler(
        deployment: Deployment) -> None:
    """`if params["n"] > 2:` with n=2: the if side is skipped, the else side and the
    step after the join run; an `if` on each run's output maps only over the runs
    passing it, and the fan-in after it still runs."""
    from motoko_airflow.workflow import Workflow

    airflow = deployment.airflow
    # two DAGs of their own workflows: both DAG runs at once
    run_id = airflow.trigger("branch_e2e", {"n": 2, "x": 1.5, "run_name": "br"})
    filter_run_id = airflow.trigger("filter_e2e", {"xs": [1, 2, 3], "threshold": 2,
                                                   "run_name": "fi"})
    state = airflow.wait("branch_e2e", run_id, timeout=240)
    states = {t["task_id"]: t["state"] for t in airflow.task_instances("branch_e2e", run_id)}
    assert state == "success", (states, airflow.log_tails())
    assert states == {"sq": "skipped", "lin": "success", "sq_2": "success",
                      "verify_main": "success"}, states  # verified after the skip too

    run_id = filter_run_id
    state = airflow.wait("filter_e2e", run_id, timeout=240)
    instances = airflow.task_instances("filter_e2e", run_id)
    summary = [(t["task_id"], t["map_index"], t["state"]) for t in instances]
    assert state == "success", (summary, airflow.log_tails())
    follow = [t for t in instances if t["task_id"] == "follow"]
    # one instance per run passing the test (the third one gets none)
    assert sorted(t["map_index"] for t in follow) == [0, 1], summary
    assert all(t["state"] == "success" for t in follow), summary
    for name, run_name, expected in (("compare_param", "br", {"lin": 1, "sq": 1}),
                                     ("output_branch_then_fanin", "fi",
                                      {"sq": 3, "follow": 2, "total": 1})):
        workflow = Workflow(deployment.workflows[name])
        try:
            workflow.run_name = run_name
            counts = {tm: len(workflow.task_manager(tm).select("state = FINISHED"))
                      for tm in expected}
            assert counts == expected
        finally:
            workflow.kill()


def test_emitted_dag_with_a_fixed_param_and_guarded_iterations(
        deployment: Deployment) -> None:
    """An emitted DAG file of a Newton loop `for it in range(params["maxit"]): ... if
    run.err < tol: break`: maxit is fixed at its traced value (6), so a trigger with
    another value is refused with the message saying so; triggered with it, the
    iterations after convergence (5 and 6) are skipped, the steps after the loop read
    the last iteration's run, and the verification replaying main agrees."""
    from motoko_airflow.workflow import Workflow

    airflow = deployment.airflow
    dag_id = EMITTED_DAGS["study_convergence_capped"]
    with pytest.raises(AirflowAPIError) as caught:
        airflow.trigger(dag_id, {"maxit": 3, "run_name": "refused"})
    assert caught.value.status == 400, caught.value
    detail = str((caught.value.json() or {}).get("detail"))
    assert "maxit" in detail and "traced with maxit=6; re-run `motoko trace` to change " \
        "it" in detail, detail

    run_id = airflow.trigger(dag_id, {"tol": 0.001, "run_name": "conv"})
    state = airflow.wait(dag_id, run_id, timeout=300)
    states = {t["task_id"]: t["state"] for t in airflow.task_instances(dag_id, run_id)}
    assert state == "success", (states, airflow.log_tails())
    assert states == {"sq": "success", "newton": "success", "newton_2": "success",
                      "newton_3": "success", "newton_4": "success", "newton_5": "skipped",
                      "newton_6": "skipped", "count": "success", "lin": "success",
                      "verify_main": "success"}, states
    workflow = Workflow(deployment.workflows["study_convergence_capped"])
    try:
        workflow.run_name = "conv"
        (count, _), = workflow.count.select("state = FINISHED")
        assert count.y == 40  # four Newton steps reached 1e-3
        assert len(workflow.newton.select("state = FINISHED")) == 4
        assert len(workflow.lin.select("state = FINISHED")) == 5  # next, 4 errors
    finally:
        workflow.kill()


@pytest.mark.parametrize("conf, field, wrong", [
    ({"inputs": "abc", "run_name": "bad"}, "inputs", "'abc' is not of type 'array'"),
    ({"run_name": "missing"}, "inputs", "inputs"),
    ({"inputs": [1.0, "a"], "run_name": "bad"}, "inputs", "'a' is not of type 'number'"),
    ({"inputs": [1.0], "run_name": "../x"}, "run_name", "does not match"),
    ({"inputs": [1.0], "run_name": "x" * 300}, "run_name", "is too long"),
    ({"inputs": [1.0], "run_name": ""}, "run_name", "should be non-empty"),
])
def test_invalid_params_are_rejected_by_the_api(deployment: Deployment, conf: dict[str, Any],
                                                 field: str, wrong: str) -> None:
    """A bad param, run names included, is refused with HTTP 400 before a DAG run (and
    so any run) exists."""
    airflow = deployment.airflow
    with pytest.raises(AirflowAPIError) as caught:
        airflow.trigger(DAG_ID, conf)
    error = caught.value
    assert error.status == 400, error
    detail = str((error.json() or {}).get("detail"))
    assert field in detail and wrong in detail, detail


SQUARE = """\
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    await workflow.calc.createTask(x=[params["x"]])
"""


def _zeo_servers_of(directory: Path) -> dict[int, str]:
    """Every ``runzeo`` running for a study of ``directory`` (found by its configuration's
    resolved path, whatever it was spelled): pid -> the spelling on its command line."""
    from motoko_airflow import processes

    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        args = processes.cmdline(int(entry.name))
        if not any(a.endswith("runzeo") for a in args) or "-C" not in args:
            continue
        conf = args[args.index("-C") + 1]
        if Path(conf).resolve().is_relative_to(directory.resolve()):
            found[int(entry.name)] = conf
    return found


def test_a_dag_traced_beside_its_workflow_starts_servers_motoko_kill_stops(
        shared_airflow: SharedAirflow) -> None:
    """Regression: a DAG file written by ``motoko trace -o DAGS/x.py`` found its workflow
    as ``DAGS/../wf``; the ZEO servers its tasks started carried that spelling, and
    ``motoko kill`` in the workflow did not know them, removed their pid files all the
    same, said nothing and exited 0: the servers ran on. Now every spelling is the
    canonical path, and kill stops them (and says so)."""
    import subprocess
    import sys

    from conftest import write_workflow
    from motoko_airflow.workflow import Workflow

    airflow = shared_airflow.airflow
    directory = shared_airflow.add_workflow(
        write_workflow(airflow.dags_folder.parent / "beside", SQUARE, {"calc": {}}))
    motoko = [sys.executable, "-m", "motoko_airflow"]
    dag_file = airflow.dags_folder / "beside_e2e.py"
    for command in (["create", str(directory), "--validated"],
                    ["trace", str(directory), "--dag-id", "beside_e2e", "-o", str(dag_file)],
                    ["kill", "-w", str(directory)]):  # the DAG run's tasks start them
        done = subprocess.run([*motoko, *command], capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert "'workflow': '../beside/motoko.yaml'" in dag_file.read_text()  # relative
    assert not _zeo_servers_of(directory)
    airflow.wait_for_dag("beside_e2e", timeout=90)
    run_id = airflow.trigger("beside_e2e", {"x": 3.0, "run_name": "beside"})
    state = airflow.wait("beside_e2e", run_id, timeout=240)
    assert state == "success", (airflow.task_instances("beside_e2e", run_id),
                                airflow.log_tails())
    workflow = Workflow(directory)
    try:
        workflow.run_name = "beside"
        (run, _job), = workflow.calc.select("state = FINISHED")
        assert run.y == 9.0
    finally:
        workflow.close()
    servers = _zeo_servers_of(directory)
    assert servers, "the DAG run's tasks left no server of the study running"
    assert all(".." not in conf and conf.startswith(str(directory.resolve()))
               for conf in servers.values()), servers
    killed = subprocess.run([*motoko, "kill", "-w", str(directory)],
                            capture_output=True, text=True)
    assert killed.returncode == 0, killed.stdout + killed.stderr
    assert "calc: server stopped (pid" in killed.stdout, killed.stdout
    assert not _zeo_servers_of(directory)
    assert not (directory / "calc" / ".bd" / "zeo.pid").exists()
