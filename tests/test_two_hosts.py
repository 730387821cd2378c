"""Two hosts: Airflow with the CeleryExecutor, PostgreSQL and Redis, the studies' ZEO
servers on TCP (host A), and a Celery worker in a network namespace of its own with its
own copy of the workflows and motoko-airflow installed from the wheel (host B); see
``motoko_airflow/cluster.py`` and docs/deployment.md, whose configuration this is.

Both examples are triggered through the REST API and give Motoko's results; their task
managers execute on host B (their task instances' hostname is host B's address, which
exists only inside its namespace, and their logs are in host B's log folder), their
deferred waits run in host A's triggerer; host B reaches the DB, the broker, the API
server and the ZEO servers only over TCP. Everything started here is stopped, and the
namespace and its veth pair removed.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, InstalledWheel
from motoko_airflow.cluster import TwoHosts
from motoko_airflow.deployment import process_group

pytestmark = pytest.mark.timeout(900)

#: norm's y for inputs 2.1 and 3.2 (see ``routine_norm`` in tests/test_scheduler.py)
NORM_Y = 8.33425099214
TASK_MANAGERS = {"routine": ("mult", "add", "norm"), "events": ("evaluate",)}


DAGS = {"routine_2hosts": EXAMPLES / "routine", "events_2hosts": EXAMPLES / "events"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory,
            installed_wheel: InstalledWheel) -> Iterator[TwoHosts]:
    """Host B runs motoko-airflow as the deployment guide installs it on workers: the
    wheel, in a virtualenv of its own."""
    hosts = TwoHosts(tmp_path_factory.mktemp("hosts"), DAGS,
                     worker_python=installed_wheel.python)
    with hosts:
        assert hosts.worker_pid is not None
        # the worker's compiled modules (pydantic's core...) are the wheel install's
        maps = Path(f"/proc/{hosts.worker_pid}/maps").read_text()
        assert f"{installed_wheel.venv}/lib/" in maps, maps[:2000]
        servers = [tm["host"] for dag_id in DAGS for tm in yaml.safe_load(
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


def test_routine_runs_its_task_managers_on_host_b(cluster: TwoHosts) -> None:
    from motoko_airflow.workflow import Workflow

    airflow, worker = cluster.airflow, cluster.worker
    began = time.monotonic()
    run_id, instances, seen = _run(cluster, "routine_2hosts",
                                   {"inputs": [2.1, 3.2], "run_name": "two"})
    print(f"routine on two hosts: {time.monotonic() - began:.1f} s")
    managers = [t for t in instances if t["task_id"] in TASK_MANAGERS["routine"]]
    assert len(managers) == 4  # mult, add x2, norm
    for ti in managers:
        key = (ti["task_id"], ti["map_index"])
        # executed on host B, waited for in host A's triggerer
        assert ti["hostname"] == host_b(cluster), ti
        assert "deferred" in seen[key], (key, seen[key])
        # the wait's part of the log is host A's (its triggerer's); the task's part is a
        # file of host B (Airflow shows it from a shared or remote log folder only)
        log = airflow.task_log("routine_2hosts", run_id, ti["task_id"],
                               try_number=ti["try_number"], map_index=ti["map_index"])
        assert "Trigger fired event" in log and "'status': 'finished'" in log, log[:3000]
        index = "" if ti["map_index"] < 0 else f"map_index={ti['map_index']}/"
        on_b = (worker.home / "logs" / "dag_id=routine_2hosts" / f"run_id={run_id}" /
                f"task_id={ti['task_id']}" / f"{index}attempt={ti['try_number']}.log")
        assert "Pausing task as DEFERRED" in on_b.read_text(), on_b
        assert not (airflow.home / on_b.relative_to(worker.home)).exists()

    # the runs executed in host B's copy of the workflow; the results are in host A's
    # studies (ZEO over TCP)
    routine = cluster.workflow("routine_2hosts")
    assert not list(routine.glob("norm/BD-*"))
    assert list((worker.copy / "workflows" / "routine").glob("norm/BD-*"))
    workflow = Workflow(routine)
    try:
        workflow.run_name = "two"
        (run, _job), = workflow.norm.select("state = FINISHED")
        assert run.y == pytest.approx(NORM_Y, rel=1e-9)
        assert len(workflow.add.select("state = FINISHED")) == 4
    finally:
        workflow.close()


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


def test_serve_keeps_host_a_servers_and_refuses_on_host_b(cluster: TwoHosts) -> None:
    """``motoko serve`` where the studies are stored finds their servers running; on host
    B's copy (no storage) it refuses, and starts nothing."""
    motoko = [sys.executable, "-m", "motoko_airflow", "serve", "-w"]
    on_a = subprocess.run([*motoko, str(cluster.workflow("routine_2hosts"))],
                          capture_output=True, text=True)
    assert on_a.returncode == 0 and on_a.stdout.count("already running at zeo://") == 3, on_a
    copy = cluster.worker.copy / "workflows" / "routine"
    on_b = subprocess.run([*motoko, str(copy)], capture_output=True, text=True)
    assert on_b.returncode == 1 and "not created here" in on_b.stderr, on_b
    assert not list(copy.glob("*/.bd/bd.zeo"))
