"""Two hosts: Airflow with the CeleryExecutor, PostgreSQL and Redis, the studies' ZEO
servers on TCP (host A), and a Celery worker in a network namespace of its own with its
own copy of the workflows and motoko-airflow installed from the wheel (host B); see
``motoko_airflow/cluster.py`` and docs/deployment.md, whose configuration this is.

The guide's own command blocks set up the routine example, copy it to host B and
trigger its DAG through the REST API with a token (:func:`guide_run`); the events
example is triggered through the API too. Both give Motoko's results; their task
managers execute on host B (their task instances' hostname is host B's address, which
exists only inside its namespace, and their logs are in host B's log folder), their
deferred waits run in host A's triggerer; host B reaches the DB, the broker, the API
server and the ZEO servers only over TCP. A study server down during a task start, and
a worker killed mid-task, heal. Everything started here is stopped, and the namespace
and its veth pair removed.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, InstalledWheel, write_workflow
from motoko_airflow.cluster import CeleryWorker, TwoHosts
from motoko_airflow.deployment import process_group

pytestmark = pytest.mark.timeout(900)

#: norm's y for inputs 2.1 and 3.2 (see ``routine_norm`` in tests/test_scheduler.py)
NORM_Y = 8.33425099214
TASK_MANAGERS = {"routine": ("mult", "add", "norm"), "events": ("evaluate",)}


DAGS = {"events_2hosts": EXAMPLES / "events"}
#: a task manager whose task stays running on host B while its run sleeps (it pokes
#: instead of deferring): what a crash of the worker and an outage of the study's
#: server hit; one retry (what an outage longer than a few seconds used to exhaust)
SLOW = "slow_2hosts"
SLOW_ORCHESTRATOR = """\
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    await workflow.calc.createTask(x=[params["x"]])
"""
SLOW_DOIT = """\
import time

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
time.sleep(12)
run.y = job.x * job.x
run.finish()
"""
SLOW_SETTINGS = "airflow: {retries: 1, retry_delay: 2}\nserver_grace: 180\n"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory,
            installed_wheel: InstalledWheel) -> Iterator[TwoHosts]:
    """Host B runs motoko-airflow as the deployment guide installs it on workers: the
    wheel, in a virtualenv of its own."""
    slow = write_workflow(tmp_path_factory.mktemp("sources") / "slow", SLOW_ORCHESTRATOR,
                          {"calc": {"doit": SLOW_DOIT}}, SLOW_SETTINGS)
    hosts = TwoHosts(tmp_path_factory.mktemp("hosts"), {**DAGS, SLOW: slow},
                     worker_python=installed_wheel.python, poking=[SLOW])
    with hosts:
        assert hosts.worker_pid is not None
        # the worker's compiled modules (pydantic's core...) are the wheel install's
        maps = Path(f"/proc/{hosts.worker_pid}/maps").read_text()
        assert f"{installed_wheel.venv}/lib/" in maps, maps[:2000]
        servers = [tm["host"] for dag_id in hosts.sources for tm in yaml.safe_load(
            (hosts.workflow(dag_id) / "motoko.yaml").read_text())["task_managers"].values()]
        assert all(_answers(server) for server in servers), servers
        yield hosts
    # nothing left: the worker, the namespace, the studies' servers
    assert hosts.net is not None and not hosts.net.exists()
    assert hosts.worker_pid is not None and not process_group(hosts.worker_pid)
    assert not any(_answers(server) for server in servers), servers


def _answers(zeo_host: str) -> bool:
    address, port = zeo_host.removeprefix("zeo://").rsplit(":", 1)
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((address, int(port))) == 0


def host_b(cluster: TwoHosts) -> str:
    """Host B's address: a task instance's hostname there."""
    assert cluster.net is not None
    return cluster.net.peer_address


Seen = dict[tuple[str, int], set[str]]


def _run(cluster: TwoHosts, dag_id: str,
         conf: dict[str, Any]) -> tuple[str, list[dict[str, Any]], Seen]:
    """Trigger a DAG run through the REST API and wait for its success; its run id,
    task instances, and the states each task instance went through."""
    seen: Seen = {}

    def record(task_instances: list[dict[str, Any]]) -> None:
        for ti in task_instances:
            seen.setdefault((ti["task_id"], ti["map_index"]), set()).add(str(ti["state"]))

    airflow = cluster.airflow
    run_id = airflow.trigger(dag_id, conf)
    state = airflow.wait(dag_id, run_id, timeout=300, on_poll=record)
    instances = airflow.task_instances(dag_id, run_id)
    summary = [(t["task_id"], t["map_index"], t["state"], t["hostname"]) for t in instances]
    failed = "\n".join(
        airflow.task_log(dag_id, run_id, t["task_id"], try_number=max(1, t["try_number"]),
                         map_index=t["map_index"])[-3000:]
        for t in instances if t["state"] == "failed")
    assert state == "success", (f"{summary}\n--- failed tasks ---\n{failed}\n"
                                f"{airflow.log_tails()}\n--- worker ---\n"
                                f"{cluster.worker.log.read_text()[-3000:]}")
    return run_id, instances, seen


def test_events_cycle_runs_on_host_b(cluster: TwoHosts) -> None:
    """The bisection's actions task runs on host B, where its workflow values (.wf/) are
    kept; its evaluations are in host A's study."""
    from motoko_airflow.workflow import Workflow

    run_id, instances, _seen = _run(cluster, "events_2hosts",
                                    {"tolerance": 0.01, "run_name": "bis"})
    assert {t["hostname"] for t in instances} == {host_b(cluster)}, instances
    on_b = Workflow(cluster.worker.copy / "workflows" / "events")
    try:
        on_b.run_name = "bis"
        assert on_b.vars.root == pytest.approx(1.5213797, abs=0.01)
    finally:
        on_b.close()
    workflow = Workflow(cluster.workflow("events_2hosts"))
    try:
        workflow.run_name = "bis"
        evaluations = workflow.evaluate.select()
        assert len(evaluations) >= 2 + 6  # both bracket ends, then one per halving
        # each one finished, then handed on by the bisection's action
        assert {run["state"] for run, _job in evaluations} <= {"FINISHED", "FORWARDED"}
    finally:
        workflow.close()
    del run_id


GUIDE = Path(__file__).resolve().parents[1] / "docs" / "deployment.md"
_MARKED = re.compile(r"<!-- (run|file|check): ([^>]+?) -->\n```\w+\n(.*?)\n```", re.DOTALL)


def guide_blocks(kind: str) -> list[tuple[str, str]]:
    """The blocks of docs/deployment.md marked ``<!-- kind: what -->``, in order:
    ``(what, text)``."""
    return [(what, text) for k, what, text in _MARKED.findall(GUIDE.read_text())
            if k == kind]


def test_the_guide_holds_the_settings_that_heal() -> None:
    """docs/deployment.md's airflow.cfg sets every option the test cluster heals with."""
    import configparser

    from motoko_airflow.cluster import HEALING_SETTINGS

    (what, text), = guide_blocks("check")
    assert what == "airflow.cfg"
    guide = configparser.ConfigParser(interpolation=None)
    guide.read_string(text)
    for section, options in HEALING_SETTINGS.items():
        for option, value in options.items():
            assert guide.get(section, option, fallback=None) == value, (section, option)


@pytest.fixture(scope="module")
def guide_run(cluster: TwoHosts, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[dict[str, Any]]:
    """The guide's blocks marked ``run: host-a``, executed in order on host A with the
    test cluster's names, ports and paths (the routine example as ``~/sweep``, with the
    guide's motoko.yaml block): ``{"run_id", "outputs", "workflow"}``. The workflow's
    servers are stopped after the module."""
    from motoko_airflow.deployment import free_port

    airflow, worker = cluster.airflow, cluster.worker
    assert cluster.net is not None
    host_a = cluster.net.host_address
    substitutions = [("host-b:/srv/motoko/", f"{worker.copy}/"),
                     ("/srv/motoko", str(cluster.shared)),
                     ("/srv/airflow", str(airflow.home)),
                     ("~/sweep", str(tmp_path_factory.mktemp("home") / "sweep")),
                     ("host-a:8080", f"{host_a}:{airflow.port}")]
    substitutions += [(f"host-a:{port}", f"{host_a}:{free_port(host_a)}")
                      for port in (8101, 8102, 8103)]

    def substituted(text: str) -> str:
        left = text  # nothing of host A's names or paths is left unsubstituted
        for old, new in substitutions:
            text, left = text.replace(old, new), left.replace(old, "")
        assert "host-a" not in left and "/srv/" not in left, text
        return text

    (name, config), = guide_blocks("file")
    home = Path(substituted("~/sweep"))
    shutil.copytree(EXAMPLES / "routine", home,
                    ignore=shutil.ignore_patterns(".bd", "BD-*", ".wf", "__pycache__"))
    (home / name).write_text(substituted(config))
    workflow = cluster.shared / "workflows" / "sweep"
    blocks = [substituted(text) for where, text in guide_blocks("run") if where == "host-a"]
    assert len(blocks) == 4, blocks
    outputs = []
    try:
        began = time.monotonic()
        for block in blocks:
            done = subprocess.run(["bash", "-euo", "pipefail", "-c", block],
                                  capture_output=True, text=True, cwd=home.parent,
                                  timeout=600)
            assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
            outputs.append(done.stdout)
        print(f"the guide's blocks: {time.monotonic() - began:.1f} s")
        found = re.search(r"^DAG run (\S+): (\w+)$", outputs[2], re.MULTILINE)
        assert found, outputs[2]
        yield {"run_id": found[1], "state": found[2], "outputs": outputs,
               "workflow": workflow}
    finally:
        subprocess.run([sys.executable, "-m", "motoko_airflow", "kill", "-w",
                        str(workflow)], capture_output=True)


def test_the_guide_runs_as_written(guide_run: dict[str, Any]) -> None:
    """The DAG run the guide triggered succeeded, and ``motoko info`` (its last block)
    shows that host B ran its runs."""
    from motoko_airflow.workflow import Workflow

    assert guide_run["state"] == "success", guide_run["outputs"]
    info = guide_run["outputs"][3]
    assert info.count("FINISHED") == 3, info
    assert info.count(f"on {CeleryWorker.hostname}") == 3, info
    workflow = Workflow(guide_run["workflow"])
    try:
        workflow.run_name = "first"
        (run, _job), = workflow.norm.select("state = FINISHED")
        assert run.y == pytest.approx(NORM_Y, rel=1e-9)
        assert len(workflow.add.select("state = FINISHED")) == 4
    finally:
        workflow.close()


def test_routine_runs_its_task_managers_on_host_b(cluster: TwoHosts,
                                                  guide_run: dict[str, Any]) -> None:
    """The guide's DAG run: every task manager ran on host B and deferred, its wait ran
    in host A's triggerer; its runs executed in host B's copy of the workflow."""
    airflow, worker = cluster.airflow, cluster.worker
    run_id = guide_run["run_id"]
    instances = airflow.task_instances("sweep", run_id)
    managers = [t for t in instances if t["task_id"] in TASK_MANAGERS["routine"]]
    assert len(managers) == 4  # mult, add x2, norm
    for ti in managers:
        # executed on host B, waited for in host A's triggerer
        assert ti["hostname"] == host_b(cluster), ti
        # the wait's part of the log is host A's (its triggerer's); the task's part is a
        # file of host B (Airflow shows it from a shared or remote log folder only)
        log = airflow.task_log("sweep", run_id, ti["task_id"],
                               try_number=ti["try_number"], map_index=ti["map_index"])
        assert "Trigger fired event" in log and "'status': 'finished'" in log, log[:3000]
        index = "" if ti["map_index"] < 0 else f"map_index={ti['map_index']}/"
        on_b = (worker.home / "logs" / "dag_id=sweep" / f"run_id={run_id}" /
                f"task_id={ti['task_id']}" / f"{index}attempt={ti['try_number']}.log")
        assert "Pausing task as DEFERRED" in on_b.read_text(), on_b
        assert not (airflow.home / on_b.relative_to(worker.home)).exists()
    # the runs executed in host B's copy of the workflow; the results are in host A's
    # studies (ZEO over TCP)
    assert not list(guide_run["workflow"].glob("norm/BD-*"))
    assert list((worker.copy / "workflows" / "sweep").glob("norm/BD-*"))


def test_host_b_reaches_host_a_only_over_tcp(cluster: TwoHosts) -> None:
    """Inside host B's namespace, host A's services answer on host A's address; nothing
    of host A's loopback is reachable (its 127.0.0.1 is host B's own)."""
    probe = ("import socket,sys\n"
             "s=socket.socket(); s.settimeout(2)\n"
             "sys.exit(s.connect_ex((sys.argv[1], int(sys.argv[2]))))\n")
    assert cluster.net is not None
    port = cluster.airflow.port
    on_b = [*cluster.net.prefix(), sys.executable, "-c", probe]
    assert subprocess.run([*on_b, cluster.net.host_address, str(port)]).returncode == 0
    assert subprocess.run([*on_b, "127.0.0.1", str(port)]).returncode != 0
    assert cluster.worker.process is not None
    assert process_group(cluster.worker.process.pid)


def test_serve_keeps_host_a_servers_and_refuses_on_host_b(
        cluster: TwoHosts, guide_run: dict[str, Any]) -> None:
    """``motoko serve`` where the studies are stored finds their servers running; on host
    B's copy (no storage) it refuses, and starts nothing."""
    motoko = [sys.executable, "-m", "motoko_airflow", "serve", "-w"]
    on_a = subprocess.run([*motoko, str(guide_run["workflow"])],
                          capture_output=True, text=True)
    assert on_a.returncode == 0 and on_a.stdout.count("already running at zeo://") == 3, on_a
    copy = cluster.worker.copy / "workflows" / "sweep"
    on_b = subprocess.run([*motoko, str(copy)], capture_output=True, text=True)
    assert on_b.returncode == 1 and "not created here" in on_b.stderr, on_b
    assert not list(copy.glob("*/.bd/bd.zeo"))


def _slow_run(cluster: TwoHosts, run_name: str) -> list[dict[str, Any]]:
    """The runs of ``run_name`` in the slow DAG's study (host A's)."""
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(cluster.workflow(SLOW))
    try:
        workflow.run_name = run_name
        return [{"id": int(run.id), "state": run["state"], "x": job.x,
                 "y": getattr(run, "y", None), "host": run["machine_name"]}
                for run, job in workflow.calc.select()]
    finally:
        workflow.close()


def _poll(what: str, probe: Any, timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while (found := probe()) in (None, False, [], {}):
        assert time.monotonic() < deadline, f"no {what} after {timeout:g} s"
        time.sleep(0.5)
    return found


def test_a_task_start_rides_out_its_study_server_down(cluster: TwoHosts) -> None:
    """The study's server on host A is down when the task starts on host B, for longer
    than its tries (one retry, 2 s apart) last: the try waits for it (server_grace) and
    succeeds once it is back, with no retry spent."""
    motoko = [sys.executable, "-m", "motoko_airflow"]
    workflow = str(cluster.workflow(SLOW))
    stopped = subprocess.run([*motoko, "kill", "-w", workflow], capture_output=True,
                             text=True)
    assert stopped.returncode == 0 and "calc: server stopped" in stopped.stdout, stopped
    airflow = cluster.airflow
    run_id = airflow.trigger(SLOW, {"x": 3.0, "run_name": "outage"})
    began = time.monotonic()
    _poll("running task", lambda: [t for t in airflow.task_instances(SLOW, run_id)
                                   if t["task_id"] == "calc" and t["state"] == "running"])
    time.sleep(30)  # the outage: two tries without the grace would have failed by now
    (ti,) = [t for t in airflow.task_instances(SLOW, run_id) if t["task_id"] == "calc"]
    assert (ti["state"], ti["try_number"]) == ("running", 1), ti
    served = subprocess.run([*motoko, "serve", "-w", workflow], capture_output=True,
                            text=True)
    assert served.returncode == 0, served
    print(f"outage: {time.monotonic() - began:.1f} s")
    state = airflow.wait(SLOW, run_id, timeout=300)
    (ti,) = [t for t in airflow.task_instances(SLOW, run_id) if t["task_id"] == "calc"]
    assert (state, ti["state"], ti["try_number"]) == ("success", "success", 1), ti
    log = airflow.task_log(SLOW, run_id, "calc", try_number=1)
    assert "waiting up to 180 s for it (server_grace)" in log, log[-3000:]
    (run,) = _slow_run(cluster, "outage")
    assert (run["state"], run["x"], run["y"]) == ("FINISHED", 3.0, 9.0), run


def test_a_worker_killed_mid_task_heals_within_two_minutes(cluster: TwoHosts) -> None:
    """``kill -9`` of host B's worker (its whole process group) while a task runs there:
    with the settings that heal fast (cluster.HEALING_SETTINGS), the task's missing
    heartbeat fails it and its retry, on the restarted worker, finds its run (which ran
    on) instead of making another one. Also: the run records host B as its host."""
    airflow, worker = cluster.airflow, cluster.worker
    run_id = airflow.trigger(SLOW, {"x": 2.0, "run_name": "crash"})
    _poll("running task", lambda: [t for t in airflow.task_instances(SLOW, run_id)
                                   if t["task_id"] == "calc" and t["state"] == "running"])
    _poll("started run", lambda: [r for r in _slow_run(cluster, "crash")
                                  if r["state"] == "START"])
    killed = worker.crash()
    began = time.monotonic()
    assert len(killed) > 2, killed  # the worker, its pool, its log server, the task...
    worker.start()  # on the same log server port: nothing of the old worker holds it
    state = airflow.wait(SLOW, run_id, timeout=120)
    healed = time.monotonic() - began
    print(f"worker killed -> DAG run {state}: {healed:.1f} s")
    (ti,) = [t for t in airflow.task_instances(SLOW, run_id) if t["task_id"] == "calc"]
    assert (state, ti["state"], ti["try_number"]) == ("success", "success", 2), ti
    assert ti["hostname"] == host_b(cluster)
    (run,) = _slow_run(cluster, "crash")  # one run: the retry found the first try's
    assert (run["state"], run["x"], run["y"]) == ("FINISHED", 2.0, 4.0), run
    assert run["host"] == CeleryWorker.hostname, run
