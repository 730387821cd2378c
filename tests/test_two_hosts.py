"""Two hosts: Airflow with the CeleryExecutor, PostgreSQL and Redis, the studies' ZEO
servers on TCP (host A), and a Celery worker in a network namespace of its own with its
own copy of the workflows and motoko-airflow installed from the wheel (host B); see
``motoko_airflow/cluster.py`` and docs/deployment.md, whose configuration this is.

The guide's own command blocks (extracted from the Markdown, :class:`Guide`) build the
cluster's services and run on it:

- name resolution (section 1) on host A and on host B, each in a mount namespace whose
  ``/etc/hosts`` is a file of the test's (host B's is its worker's);
- PostgreSQL (section 3) against a stock server of the test's own (``Postgres(stock=
  True)``: superuser ``postgres``, peer and password authentication, localhost only):
  the role, the database, ``listen_addresses`` and the ``pg_hba.conf`` line, and the
  restart; Airflow on both hosts then connects with the guide's URL and password,
  allowed in by the guide's line only;
- Redis (section 4) against a stock ``redis-server`` of the test's own (no password,
  127.0.0.1 only): the bind and password appended to its configuration, the restart;
  the broker URL is the guide's, with the password;
- ``airflow db migrate`` (section 6), as the guide writes it;
- the workflow, its DAG file, the copy to host B, the REST trigger with a token and
  ``motoko info`` (sections 7 to 9; :func:`guide_run`).

``sudo -u postgres`` and ``systemctl restart`` are the only words the test stands in for,
with shell functions (:data:`SHIMS`): ``runuser``, and ``pg_ctl restart`` or a Redis
shutdown and start of the test's servers (no systemd runs here, and the machine's own
PostgreSQL and Redis are not touched); host names, ports and paths are substituted.
Checked, not run: the systemd units (section 11; no systemd runs here) by
``systemd-analyze verify`` (every key known, every command there, the test's install in
place of /opt/motoko), and the ``airflow.cfg`` block (it holds the settings that heal).
Not run: the install (section 2; host B gets the same wheel with the same extra, with
``uv`` and the test environment's versions: :class:`conftest.InstalledWheel`).

The events example is triggered through the API too. Both give Motoko's results; their
task managers execute on host B (their task instances' hostname is host B's address,
which exists only inside its namespace, and their logs are in host B's log folder), their
deferred waits run in host A's triggerer; host B reaches the DB, the broker, the API
server and the ZEO servers only over TCP. A study server down during a task start, and
a worker killed mid-task, heal. Everything started here is stopped, and the namespace
and its veth pair removed.
"""

from __future__ import annotations

import os
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
def guide(tmp_path_factory: pytest.TempPathFactory) -> Guide:
    return Guide(tmp_path_factory.mktemp("guide"))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, installed_wheel: InstalledWheel,
            guide: Guide) -> Iterator[TwoHosts]:
    """Host B runs motoko-airflow as the deployment guide installs it on workers: the
    wheel, in a virtualenv of its own. Host A's PostgreSQL and Redis are configured and
    its metadata DB migrated by the guide's blocks (:class:`Guide`)."""
    slow = write_workflow(tmp_path_factory.mktemp("sources") / "slow", SLOW_ORCHESTRATOR,
                          {"calc": {"doit": SLOW_DOIT}}, SLOW_SETTINGS)
    venv = guide.install(installed_wheel)
    hosts = TwoHosts(tmp_path_factory.mktemp("hosts"), {**DAGS, SLOW: slow},
                     worker_python=venv / "bin" / "python", poking=[SLOW],
                     configure=guide.configure, migrate=guide.migrate)
    with hosts:
        assert hosts.worker_pid is not None
        # the worker's compiled modules (pydantic's core...) are the guide's install's
        maps = Path(f"/proc/{hosts.worker_pid}/maps").read_text()
        assert f"{venv}/lib/" in maps, maps[:2000]
        servers = [tm["host"] for dag_id in hosts.sources for tm in yaml.safe_load(
            (hosts.workflow(dag_id) / "motoko.yaml").read_text())["task_managers"].values()]
        assert all(_answers(server) and _listener(server) for server in servers), servers
        yield hosts
    # nothing left: the worker, the namespace, the studies' servers
    assert hosts.net is not None and not hosts.net.exists()
    assert hosts.worker_pid is not None and not process_group(hosts.worker_pid)
    # a server told to stop may take a moment to close its port; one still listening
    # after that outlived the deployment: what `motoko kill` said tells why. (Listening,
    # not answering: the servers listened on host A's end of the veth pair, gone now, and
    # a connection to an address no longer local may be answered by whatever the default
    # route leads to: on some machines, every outbound connection is accepted.)
    deadline = time.monotonic() + 15
    while any(_listener(server) for server in servers) and time.monotonic() < deadline:
        time.sleep(0.5)
    listening = [server for server in servers if _listener(server)]
    if listening:  # in full (an assertion's message is cut short): who serves it, and why
        pytest.fail(f"servers still listening after the deployment stopped: {listening}\n"
                    + "".join(_listener(server) for server in listening)
                    + "what each motoko kill said:\n" + "\n".join(hosts.kills),
                    pytrace=False)


def _listener(zeo_host: str) -> str:
    """The processes listening on a server's port, on this host (host A, where the
    studies' servers run): pid, command line, parent; "" if none."""
    address, port = zeo_host.removeprefix("zeo://").rsplit(":", 1)
    listed = subprocess.run(["ss", "-Hltnp", f"src {address} and sport = :{port}"],
                            capture_output=True, text=True, check=True).stdout
    if not listed.strip():
        return ""
    out = [f"{zeo_host}: {listed.strip()}"]
    for pid in sorted(set(re.findall(r"pid=(\d+)", listed))):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError as exc:
            out.append(f"  pid {pid}: {exc}")
            continue
        parent = re.search(r"PPid:\s+(\d+)", status)
        out.append(f"  pid {pid} (parent {parent.group(1) if parent else '?'}): "
                   f"{command.decode(errors='replace')[:300]}")
    return "\n".join(out) + "\n"


GUIDE = Path(__file__).resolve().parents[1] / "docs" / "deployment.md"
_MARKED = re.compile(r"<!-- (run|file|check): ([^>]+?) -->\n```\w+\n(.*?)\n```", re.DOTALL)


def guide_blocks(kind: str) -> list[tuple[str, str]]:
    """The blocks of docs/deployment.md marked ``<!-- kind: what -->``, in order:
    ``(what, text)``."""
    return [(what, text) for k, what, text in _MARKED.findall(GUIDE.read_text())
            if k == kind]


#: What the test stands in for in the guide's blocks: ``sudo -u USER`` (``runuser``, or
#: this user when USER does not exist here) and ``systemctl restart`` of PostgreSQL and
#: Redis (the test's own servers, by their data directory and configuration file).
SHIMS = """\
sudo() {
    [ "$1" = -u ] || { echo "sudo: only 'sudo -u USER ...' here" >&2; return 2; }
    local user=$2; shift 2
    if id -u "$user" >/dev/null 2>&1; then runuser -u "$user" -- "$@"; else "$@"; fi
}
systemctl() {
    case "$*" in
    "restart postgresql")
        runuser -u postgres -- pg_ctl -D "$PGDATA" -l "$PGDATA/../restarted.log" -w \
            -m fast restart >/dev/null ;;
    "restart redis-server")
        redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        redis-server "$REDIS_CONFIG" --daemonize yes
        for _ in $(seq 100); do
            redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1
        done; return 1 ;;
    *) echo "systemctl $*: not here" >&2; return 2 ;;
    esac
}
"""


INSTALL_SHIMS = """\
apt-get() {
    [ "$1 $2" = "install -y" ] || { echo "apt-get $*: not here" >&2; return 2; }
    shift 2; dpkg -s "$@" >/dev/null
}
uv_pip() {
    local python=$1; shift
    UV pip install --quiet --python "$python" --constraint PINS "$@"
}
useradd() { echo "useradd $*: not here (it changes the machine)" >&2; }
chown() { :; }
"""


class Guide:
    """The guide's set-up blocks, run on the test's hosts: :meth:`configure` and
    :meth:`migrate` are :class:`TwoHosts`' hooks. ``outputs`` holds what each printed,
    by its marker."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outputs: dict[str, list[str]] = {}
        self.address = ""
        self.ports: dict[int, int] = {}
        self.replace: list[tuple[str, str]] = []
        self.env: dict[str, str] = {}

    def substituted(self, text: str, names: bool) -> str:
        """``text`` with the test's ports, addresses and paths; host-a's name too unless
        the block resolves it (``names`` False)."""
        for port, ours in self.ports.items():
            text = text.replace(f"host-a:{port}", f"host-a:{ours}")
        for old, new in self.replace:
            text = text.replace(old, new)
        if names:
            text = text.replace("host-a", self.address)
        return text

    def run(self, marker: str, hosts_file: Path, prefix: list[str] | None = None,
            shims: str = "") -> None:
        """The blocks marked ``marker``, each in a mount namespace whose /etc/hosts is
        ``hosts_file`` (inside host B's network namespace with ``prefix``)."""
        blocks = [text for what, text in guide_blocks("run") if what == marker]
        assert blocks, marker
        for block in blocks:
            script = SHIMS + shims + self.substituted(block, names=False)
            assert "192.0.2." not in script and "/srv/" not in script, script
            assert "/opt/motoko" not in script, script
            done = subprocess.run(
                [*(prefix or []), "unshare", "--mount", "--propagation", "private", "--",
                 "sh", "-c", 'mount --bind "$0" /etc/hosts && exec bash -euo pipefail '
                 '-c "$1"', str(hosts_file), script],
                env=self.env, capture_output=True, text=True, cwd=self.root, timeout=600)
            assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
            self.outputs.setdefault(marker, []).append(done.stdout)

    def install(self, wheel: InstalledWheel) -> Path:
        """Section 2's block for every host, with the wheel built from the sdist in place
        of wheels/ and a virtualenv of the test's in place of /opt/motoko: the packages
        it installs must be there (``dpkg -s``), ``pip install`` is uv's with the same
        arguments (pinned to the test environment's versions: seconds, not a minute),
        and the ``motoko`` it installs runs; the system user is not made here."""
        venv = self.root / "opt-motoko"
        pins = wheel.root / "pins.txt"
        shims = INSTALL_SHIMS.replace("UV", f"{sys.executable} -m uv").replace(
            "PINS", str(pins))
        self.replace = [("/opt/motoko/bin/pip install", f"uv_pip {venv}/bin/python"),
                        ("/opt/motoko", str(venv)), ("/tmp/wheels", str(wheel.dist)),
                        ("/srv/motoko", str(self.root / "srv-motoko")),
                        ("/srv/airflow", str(self.root / "srv-airflow"))]
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("AIRFLOW", "PYTHON", "VIRTUAL_ENV"))}
        self.env["PATH"] = os.pathsep.join((str(Path(sys.executable).parent),
                                            self.env["PATH"]))
        shutil.copy("/etc/hosts", self.root / "hosts")
        self.run("install", self.root / "hosts", shims=shims)
        [printed] = self.outputs["install"]
        assert printed.startswith("motoko-airflow "), printed
        assert (self.root / "srv-motoko" / "dags").is_dir()
        return venv

    def configure(self, net: Any, postgres: Any, redis: Any) -> tuple[str, str]:
        """Sections 1, 3 and 4 on host A's stock PostgreSQL and Redis; the guide's
        metadata DB and broker URLs (airflow.cfg), for the test's names and ports."""
        import configparser
        import ipaddress

        from motoko_airflow.cluster import postgres_bin

        self.address = net.host_address
        self.ports = {5432: postgres.port, 6379: redis.port}
        network = ipaddress.ip_network(f"{net.host_address}/30", strict=False)
        self.replace = [("192.0.2.0/24", str(network)), ("192.0.2.10", net.host_address),
                        ("/etc/redis/redis.conf", str(redis.config))]
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        self.env.update(postgres.environment(), REDIS_PORT=str(redis.port),
                        REDIS_CONFIG=str(redis.config))
        self.env["PATH"] = os.pathsep.join((str(Path(sys.executable).parent),
                                            str(postgres_bin()), self.env["PATH"]))
        shutil.copy("/etc/hosts", self.root / "hosts")
        self.run("every host", self.root / "hosts")
        self.run("host-a (services)", self.root / "hosts")
        (_what, text), = [(w, t) for w, t in guide_blocks("check") if w == "airflow.cfg"]
        config = configparser.ConfigParser(interpolation=None)
        config.read_string(self.substituted(text, names=True))
        return (config.get("database", "sql_alchemy_conn"),
                config.get("celery", "broker_url"))

    def migrate(self, airflow: Any) -> None:
        """Section 6's ``airflow db migrate``, on the configuration Airflow's home holds."""
        self.replace += [("/srv/airflow", str(airflow.home)),
                         ("/opt/motoko/bin/", f"{Path(sys.executable).parent}/")]
        self.run("host-a (database)", self.root / "hosts")


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


def test_the_guide_sets_up_names_and_services(cluster: TwoHosts, guide: Guide) -> None:
    """Section 1 makes host-a resolve to host A's address on host A and on host B;
    sections 3 and 4 left PostgreSQL listening on host A's address, with the workers'
    network allowed in by password (what every Airflow process of both hosts uses),
    and Redis answering host-a's address with its password only."""
    assert cluster.net is not None
    guide.run("every host", cluster.worker.root / "hosts", prefix=cluster.net.prefix())
    on_a, on_b = guide.outputs["every host"]
    for printed in (on_a, on_b):
        assert printed.split()[:2] == [cluster.net.host_address, "host-a"], printed
    postgres, redis = guide.outputs["host-a (services)"]
    assert postgres.split() == ["CREATE", "ROLE", "CREATE", "DATABASE"], postgres
    assert redis.strip() == "PONG", redis
    probe = subprocess.run(["redis-cli", "-h", cluster.net.host_address, "-p",
                            str(guide.ports[6379]), "ping"], capture_output=True, text=True)
    assert "NOAUTH" in probe.stdout + probe.stderr, probe  # no password, no broker
    url = guide.substituted("postgresql://airflow:DB-PASSWORD@host-a:5432/airflow",
                            names=True)
    on_b_db = subprocess.run(
        [*cluster.net.prefix(), "psql", "-tAc", "select current_user", url],
        capture_output=True, text=True, env=guide.env)
    assert on_b_db.stdout.strip() == "airflow", on_b_db


def test_the_guide_units_verify(tmp_path: Path) -> None:
    """The systemd units of section 11 (no systemd runs here, so they are not started):
    ``systemd-analyze verify`` knows every key and finds every command, with this
    environment's install in place of /opt/motoko."""
    units = [text for what, text in guide_blocks("check") if what == "systemd"]
    assert len(units) == 2, units
    bin_dir = Path(sys.executable).parent
    for text in units:
        name = re.match(r"# /etc/systemd/system/(\S+)", text)
        assert name, text
        unit = tmp_path / name[1].replace("@.", "@sweep.")
        unit.write_text(text.replace("/opt/motoko/bin", str(bin_dir)))
        verified = subprocess.run(["systemd-analyze", "verify", str(unit)],
                                  capture_output=True, text=True)
        assert (verified.returncode, verified.stdout + verified.stderr) == (0, ""), \
            (unit.name, verified)
    # a worker's restart stops every process of the old one (its log server included)
    assert "\nKillMode=control-group\n" in units[0], units[0]


def test_the_guide_holds_the_settings_that_heal() -> None:
    """docs/deployment.md's airflow.cfg sets every option the test cluster heals with."""
    import configparser

    from motoko_airflow.cluster import HEALING_SETTINGS

    (text,) = [text for what, text in guide_blocks("check") if what == "airflow.cfg"]
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
    """``kill -9`` of host B's worker (its whole process group) while a task runs there
    and another task's message is taken but its task not started (the worker's idle
    pool processes held, :meth:`CeleryWorker.hold_idle_slots`). With the settings that
    heal fast (cluster.HEALING_SETTINGS): the running task's missing heartbeat fails it
    and its retry, on the restarted worker, finds its run (which ran on) instead of
    making another one; the queued task, whose message the dead worker had taken (Redis
    would deliver it again only after the visibility timeout, a day), is queued again
    by the scheduler's queued timeout and runs once. Also: the run records host B as
    its host."""
    airflow, worker = cluster.airflow, cluster.worker

    def calc(run_id: str) -> dict[str, Any]:  # ({} until the scheduler makes it)
        found = [t for t in airflow.task_instances(SLOW, run_id) if t["task_id"] == "calc"]
        assert len(found) <= 1, found
        return found[0] if found else {}

    run_id = airflow.trigger(SLOW, {"x": 2.0, "run_name": "crash"})
    _poll("running task", lambda: calc(run_id).get("state") == "running")
    _poll("started run", lambda: [r for r in _slow_run(cluster, "crash")
                                  if r["state"] == "START"])
    # the one task host B runs is this one (an earlier test's task may be ending)
    running = [f"airflow supervisor: {calc(run_id)['id']}"]
    _poll("host B running only the task", lambda: list(worker.running().values()) == running)
    assert worker.hold_idle_slots()
    received = worker.log.read_text(errors="replace").count("] received")
    taken_id = airflow.trigger(SLOW, {"x": 5.0, "run_name": "taken"})
    _poll("message taken by host B", lambda: worker.log.read_text(
        errors="replace").count("] received") > received)
    time.sleep(2.0)  # (were a slot free, its task would be running by now)
    taken = calc(taken_id)
    assert taken["state"] == "queued", taken
    assert list(worker.running().values()) == running, worker.running()
    killed = worker.crash()
    began = time.monotonic()
    assert len(killed) > 2, killed  # the worker, its pool, its log server, the task...
    worker.start()  # on the same log server port: nothing of the old worker holds it
    state = airflow.wait(SLOW, run_id, timeout=120)
    healed = time.monotonic() - began
    print(f"worker killed -> the running task's DAG run {state}: {healed:.1f} s")
    taken_state = airflow.wait(SLOW, taken_id, timeout=240)
    print(f"worker killed -> the taken task's DAG run {taken_state}: "
          f"{time.monotonic() - began:.1f} s")
    ti = calc(run_id)
    assert (state, ti["state"], ti["try_number"]) == ("success", "success", 2), ti
    assert ti["hostname"] == host_b(cluster)
    (run,) = _slow_run(cluster, "crash")  # one run: the retry found the first try's
    assert (run["state"], run["x"], run["y"]) == ("FINISHED", 2.0, 4.0), run
    assert run["host"] == CeleryWorker.hostname, run
    ti = calc(taken_id)
    assert (taken_state, ti["state"], ti["hostname"]) == \
        ("success", "success", host_b(cluster)), ti
    requeued = [line for line in airflow.log_path("scheduler").read_text(
        errors="replace").splitlines() if "Task stuck in queued; will try to requeue" in line]
    assert any(taken_id in line for line in requeued), requeued  # by the queued timeout
    (run,) = _slow_run(cluster, "taken")  # it ran once
    assert (run["state"], run["x"], run["y"]) == ("FINISHED", 5.0, 25.0), run
