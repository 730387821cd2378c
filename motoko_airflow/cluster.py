"""A two-host Airflow deployment on one machine, for tests and benchmarks: what a real
cluster has, with real parts.

Host A is this machine's own network namespace; host B is a network namespace of its
own (``ip netns`` and a veth pair, :class:`NetworkNamespace`), reached only over TCP::

    with NetworkNamespace() as net, Postgres(net.host_address) as pg, \\
            Redis(root / "redis", net.host_address) as redis:
        airflow = LocalAirflow(root / "airflow", host=net.host_address,
                               database_url=pg.url("airflow"),
                               config=celery_settings(redis.url, pg.url("airflow")))
        with airflow, CeleryWorker(airflow, net, root / "host-b", shared=root / "srv"):
            ...   # tasks execute on host B, deferred waits in host A's triggerer

:class:`CeleryWorker` runs ``airflow celery worker`` inside the namespace and in mount
and UTS namespaces of its own: its hostname is ``host-b``, and its own copy of the shared
directory (DAG files and workflows) is mounted at the same path as host A's, as a
cluster's workers see a directory that is rsync'ed to every host, or its shared
filesystem. Its task instances' ``hostname`` is its address on the veth
(``airflow.utils.net.get_host_ip_address``), which is also where host A's API server
fetches their logs from (the worker's log server).

:class:`TwoHosts` puts it all together for workflows (ZEO servers on TCP at host A's
address, studies created on host A, DAG files traced into the shared directory)::

    with TwoHosts(root, {"routine_2hosts": Path("examples/routine")}) as hosts:
        run_id = hosts.airflow.trigger("routine_2hosts", {...})

Every process is started in its own session and stopped by its pid (then its process
group); the namespace and the veth pair are removed. Needs root, ``iproute2``,
``util-linux`` (``unshare``), PostgreSQL and ``redis-server`` (``scripts/test.sh``
installs the missing ones).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType

import yaml

from motoko_airflow.deployment import (
    DeploymentError,
    LocalAirflow,
    descendants,
    free_port,
    process_group,
)

__all__ = ["HEALING_SETTINGS", "CeleryWorker", "NetworkNamespace", "Postgres", "Redis",
           "TwoHosts", "celery_settings", "postgres_bin", "serve_over_tcp"]

#: The benchmarking range (RFC 2544): never routed, so never anybody's real address.
_NETWORK = (198, 18)


def _wait_for_port(host: str, port: int, process: subprocess.Popen[bytes], what: str,
                   log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(1.0)
            if sock.connect_ex((host, port)) == 0:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            why = (f"exited with code {process.returncode}" if process.poll() is not None
                   else f"not listening after {timeout:g} s")
            raise DeploymentError(f"{what} on {host}:{port} {why}:\n{_tail(log)}")
        time.sleep(0.1)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes] | None, sig: signal.Signals = signal.SIGTERM,
          timeout: float = 20.0) -> None:
    """``sig`` to the process, then SIGKILL to its process group (it leads a session of
    its own) if it has not ended after ``timeout``, or left children behind."""
    if process is None:
        return
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    if process.poll() is None or process_group(process.pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)


class _Service:
    """Something started by :meth:`start` and stopped by :meth:`stop`, also as a
    context manager (stopped on errors too)."""

    def start(self) -> _Service:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self):  # type: ignore[no-untyped-def]
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


# ---- network ----------------------------------------------------------------------------


class NetworkNamespace(_Service):
    """Host B's network: a namespace ``name`` joined to this one by a veth pair, with
    ``host_address`` on this side (host A) and ``peer_address`` inside (host B), a /30 of
    198.18.0.0/15 picked at random (unless given), and a loopback of its own."""

    def __init__(self, name: str | None = None, subnet: int | None = None) -> None:
        tag = f"{os.getpid() % 100000}{random.randrange(100):02d}"
        self.name = name or f"motoko-b{tag}"
        self.veth = f"mka{tag}"[:15]
        self.peer = f"mkb{tag}"[:15]
        block = subnet if subnet is not None else random.randrange(1 << 15)
        third, fourth = (block >> 6) & 0xFF, (block & 0x3F) << 2
        base = f"{_NETWORK[0]}.{_NETWORK[1] + (block >> 14)}.{third}"
        self.host_address = f"{base}.{fourth + 1}"
        self.peer_address = f"{base}.{fourth + 2}"
        self.created = False

    def start(self) -> NetworkNamespace:
        steps = [
            ["ip", "netns", "add", self.name],
            ["ip", "link", "add", self.veth, "type", "veth", "peer", "name", self.peer],
            ["ip", "link", "set", self.peer, "netns", self.name],
            ["ip", "addr", "add", f"{self.host_address}/30", "dev", self.veth],
            ["ip", "link", "set", self.veth, "up"],
            ["ip", "-n", self.name, "addr", "add", f"{self.peer_address}/30", "dev", self.peer],
            ["ip", "-n", self.name, "link", "set", self.peer, "up"],
            ["ip", "-n", self.name, "link", "set", "lo", "up"],
        ]
        self.created = True
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                raise DeploymentError(f"{' '.join(step)} failed: {done.stderr.strip()} "
                                      "(network namespaces need root and iproute2)")
        return self

    def stop(self) -> None:
        if not self.created:
            return
        # the veth pair goes with either end; the namespace once nothing runs in it
        subprocess.run(["ip", "link", "del", self.veth], capture_output=True)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
        self.created = False

    def exists(self) -> bool:
        listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True)
        return any(line.split()[0] == self.name for line in listed.stdout.splitlines()
                   if line.strip())

    def prefix(self) -> list[str]:
        """The command prefix that runs a command inside the namespace."""
        return ["ip", "netns", "exec", self.name]


# ---- PostgreSQL and Redis ---------------------------------------------------------------


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's ``bin`` directory (Debian's layout)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                      key=lambda p: int(p.parent.parent.name)
                      if p.parent.parent.name.isdigit() else 0)
    if not versions:
        raise DeploymentError("PostgreSQL is not installed (apt-get install postgresql)")
    return versions[-1].parent


def _stop_by_pid_file(path: Path, sig: signal.Signals, what: str,
                      timeout: float = 20.0) -> None:
    """Stop the process whose pid is the first line of ``path`` (a server restarted
    by someone else, e.g. ``pg_ctl restart``, is no child of ours), if it runs and its
    command line names ``what``: ``sig``, then SIGKILL after ``timeout``."""
    try:
        pid = int(path.read_text().split()[0])
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError, IndexError):
        return
    if what.encode() not in command:
        return  # a recycled pid: not ours
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


class Postgres(_Service):
    """A PostgreSQL cluster of its own, listening on 127.0.0.1 and ``address``, run as
    the ``postgres`` user when started as root (it refuses root), with trust
    authentication for the one role ``user`` (test data only). Its files are in a
    directory of its own under /tmp (one the ``postgres`` user can reach), removed by
    :meth:`stop`.

    ``stock=True`` sets it up as a freshly installed server instead (what
    docs/deployment.md starts from): the superuser ``postgres`` with peer authentication
    on the socket, passwords over TCP, listening on localhost only, its port and socket
    directory in its ``postgresql.conf``: roles, databases, ``listen_addresses`` and
    ``pg_hba.conf`` lines are then whoever configures it's. :meth:`stop` also stops a
    server restarted meanwhile (``pg_ctl restart``), by the pid in its data directory.
    """

    def __init__(self, address: str = "127.0.0.1", *, user: str = "airflow",
                 port: int | None = None, stock: bool = False) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="motoko-postgres-"))
        self.address = address
        self.stock = stock
        self.user = "postgres" if stock else user
        self.port = port or free_port(address)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def url(self, database: str, driver: str = "postgresql+psycopg2") -> str:
        return f"{driver}://{self.user}@{self.address}:{self.port}/{database}"

    def _owner(self) -> str | None:
        return "postgres" if os.geteuid() == 0 else None

    def start(self) -> Postgres:
        binaries = postgres_bin()
        owner = self._owner()
        if owner is not None:
            entry = pwd.getpwnam(owner)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        auth = (["--auth-local=peer", "--auth-host=scram-sha-256"] if self.stock
                else ["-A", "trust"])
        init = subprocess.run(
            [str(binaries / "initdb"), "-D", str(self.data), *auth, "-U", self.user,
             "-E", "UTF8", "--no-sync"], user=owner, capture_output=True, text=True)
        if init.returncode != 0:
            raise DeploymentError(f"initdb failed: {init.stderr[-2000:]}")
        settings = {"port": str(self.port), "unix_socket_directories": f"'{self.root}'",
                    "fsync": "off", "synchronous_commit": "off",
                    "full_page_writes": "off", "max_connections": "200"}
        if self.stock:
            settings["listen_addresses"] = "'localhost'"
        else:
            # samenet: the hosts on this host's networks (the veth's /30 included)
            (self.data / "pg_hba.conf").write_text(
                "local all all trust\nhost all all 127.0.0.1/32 trust\n"
                "host all all samenet trust\n")
            listen = ",".join(dict.fromkeys(["127.0.0.1", self.address]))
            settings["listen_addresses"] = f"'{listen}'"
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(binaries / "postgres"), "-D", str(self.data)],
                user=owner, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        _wait_for_port("127.0.0.1" if self.stock else self.address, self.port,
                       self.process, "PostgreSQL", self.log)
        return self

    def environment(self) -> dict[str, str]:
        """What points ``psql``, ``pg_ctl`` (and libpq) at this server: ``PGHOST`` (its
        socket directory), ``PGPORT``, ``PGDATA``."""
        return {"PGHOST": str(self.root), "PGPORT": str(self.port),
                "PGDATA": str(self.data)}

    def create_database(self, name: str) -> None:
        done = subprocess.run(
            [str(postgres_bin() / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             self.user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c",
             f'CREATE DATABASE "{name}"'], capture_output=True, text=True)
        if done.returncode != 0:
            raise DeploymentError(f"creating database {name}: {done.stderr.strip()}")

    def stop(self) -> None:
        # SIGINT: PostgreSQL's "fast" shutdown (aborts open sessions)
        _stop(self.process, signal.SIGINT)
        self.process = None
        _stop_by_pid_file(self.data / "postmaster.pid", signal.SIGINT, "postgres")
        shutil.rmtree(self.root, ignore_errors=True)


class Redis(_Service):
    """A ``redis-server`` of its own (no persistence) on 127.0.0.1 and ``address``,
    started from its configuration file :attr:`config` (its pid in :attr:`pid_file`).

    ``stock=True``: as freshly installed, on 127.0.0.1 only and without a password (what
    docs/deployment.md starts from; whoever configures it appends to :attr:`config` and
    restarts it). :meth:`stop` also stops a server restarted meanwhile, by its pid file.
    """

    def __init__(self, root: Path, address: str = "127.0.0.1",
                 port: int | None = None, *, stock: bool = False) -> None:
        self.root = Path(root)
        self.address = address
        self.stock = stock
        self.port = port or free_port(address)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def config(self) -> Path:
        return self.root / "redis.conf"

    @property
    def pid_file(self) -> Path:
        return self.root / "redis.pid"

    @property
    def url(self) -> str:
        return f"redis://{self.address}:{self.port}/0"

    @property
    def log(self) -> Path:
        return self.root / "redis.log"

    def start(self) -> Redis:
        server = shutil.which("redis-server")
        if server is None:
            raise DeploymentError("redis-server is not installed (apt-get install "
                                  "redis-server)")
        self.root.mkdir(parents=True, exist_ok=True)
        binds = "127.0.0.1" if self.stock else " ".join(
            dict.fromkeys(["127.0.0.1", self.address]))
        self.config.write_text(
            f"port {self.port}\nbind {binds}\nsave \"\"\nappendonly no\n"
            f"dir {self.root}\npidfile {self.pid_file}\nlogfile {self.log}\n"
            + ("" if self.stock else "protected-mode no\n"))
        self.process = subprocess.Popen(
            [server, str(self.config), "--daemonize", "no"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, start_new_session=True)
        _wait_for_port(binds.split()[-1], self.port, self.process, "Redis", self.log)
        return self

    def stop(self) -> None:
        _stop(self.process)
        self.process = None
        _stop_by_pid_file(self.pid_file, signal.SIGTERM, "redis-server")


#: The settings with which a cluster heals within about a minute (docs/deployment.md,
#: "Settings that heal fast"), the same on every host:
#:
#: - a task whose worker died (``kill -9``, a host lost) stops heartbeating: it is failed
#:   and retried after ``task_instance_heartbeat_timeout`` (300 s by default; its
#:   supervisor heartbeats every ``[workers] min_heartbeat_interval``, 5 s);
#: - a task whose Celery message a dead worker had taken stays queued: it is queued
#:   again after ``task_queued_timeout`` (600 s by default), checked every
#:   ``task_queued_timeout_check_interval`` (120 s by default). It must exceed how long
#:   a task may wait for a free worker slot;
#: - Celery acknowledges a message once its task has ended (``task_acks_late``, the
#:   provider's default, kept explicit), takes one message at a time
#:   (``worker_prefetch_multiplier``), and a worker that loses the broker cancels its
#:   running tasks rather than finishing them while their messages are delivered again
#:   (``worker_cancel_long_running_tasks_on_connection_loss``, Celery's default from 6.0);
#: - ``visibility_timeout`` stays longer than any task runs without deferring: Redis
#:   delivers again a message unacknowledged for that long, even one whose task still
#:   runs (the queued timeout, not it, requeues what a dead worker had taken).
HEALING_SETTINGS: dict[str, dict[str, str]] = {
    "scheduler": {"task_instance_heartbeat_timeout": "60",
                  "task_instance_heartbeat_timeout_detection_interval": "10",
                  "task_queued_timeout": "60",
                  "task_queued_timeout_check_interval": "15"},
    "celery": {"task_acks_late": "True", "worker_prefetch_multiplier": "1",
               "extra_celery_config":
                   '{"worker_cancel_long_running_tasks_on_connection_loss": true}'},
    "celery_broker_transport_options": {"visibility_timeout": "86400"},
}


def celery_settings(broker_url: str, database_url: str, *,
                    concurrency: int = 8) -> dict[str, dict[str, str]]:
    """The Airflow options of a CeleryExecutor deployment (every host's, workers'
    included): the broker, the result backend in the metadata DB, and
    :data:`HEALING_SETTINGS`."""
    settings = {section: dict(options) for section, options in HEALING_SETTINGS.items()}
    settings.setdefault("core", {})["executor"] = (
        "airflow.providers.celery.executors.celery_executor.CeleryExecutor")
    settings["celery"].update({"broker_url": broker_url,
                               "result_backend": "db+" + database_url,
                               "worker_concurrency": str(concurrency),
                               "sync_parallelism": "1"})
    return settings


# ---- host B's worker --------------------------------------------------------------------


class CeleryWorker(_Service):
    """``airflow celery worker`` on host B (inside ``net``), with the deployment's
    configuration but an ``AIRFLOW_HOME`` and logs of its own (``root``), its hostname
    ``host-b`` and its own copy of ``shared`` (a directory of host A: DAG files,
    workflows), made by :meth:`copy_shared` and mounted at the same path.

    ``ignore`` names what is not copied (a study's storage stays on host A, its runs'
    directories are made where they execute)."""

    hostname = "host-b"
    IGNORE = (".bd", ".wf", "BD-*", "__pycache__", "*.pyc")

    def __init__(self, airflow: LocalAirflow, net: NetworkNamespace, root: Path, *,
                 shared: Path, queues: Iterable[str] = ("default",),
                 env: Mapping[str, str] | None = None,
                 python: str | Path | None = None) -> None:
        self.airflow = airflow
        #: host B's interpreter: motoko-airflow installed there (by default this one)
        self.python = str(python or sys.executable)
        self.net = net
        self.root = Path(root).resolve()
        self.shared = Path(shared).resolve()
        self.queues = tuple(queues)
        self.extra_env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def home(self) -> Path:
        return self.root / "airflow"

    @property
    def copy(self) -> Path:
        """Host B's copy of ``shared``."""
        return self.root / "copy"

    @property
    def log(self) -> Path:
        return self.root / "worker.log"

    def copy_shared(self) -> None:
        """(Re)make host B's copy of the shared directory (what ``rsync`` would do)."""
        shutil.rmtree(self.copy, ignore_errors=True)
        shutil.copytree(self.shared, self.copy, ignore=shutil.ignore_patterns(*self.IGNORE),
                        symlinks=True)

    def settings(self) -> dict[str, dict[str, str]]:
        settings = self.airflow.settings()
        settings["logging"]["base_log_folder"] = str(self.home / "logs")
        # its task instances' hostname: the address host A fetches their logs from
        settings["core"]["hostname_callable"] = "airflow.utils.net.get_host_ip_address"
        return settings

    def start(self) -> CeleryWorker:
        if not self.copy.exists():
            self.copy_shared()
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        hosts = self.root / "hosts"
        hosts.write_text(f"127.0.0.1 localhost\n{self.net.peer_address} {self.hostname}\n")
        env = self.airflow.environment(self.settings())
        env["AIRFLOW_HOME"] = str(self.home)
        env["AIRFLOW_CONFIG"] = str(self.home / "airflow.cfg")
        env.update(self.extra_env)
        # its runs' `python doIt.py` finds host B's install first, as a user's would
        env["PATH"] = os.pathsep.join((str(Path(self.python).parent), env.get("PATH", "")))
        env.pop("PYTHONPATH", None)
        shutil.copy(self.airflow.home / "airflow.cfg", self.home / "airflow.cfg")
        worker = [self.python, "-m", "airflow", "celery", "worker",
                  "--queues", ",".join(self.queues)]
        script = (f"hostname {self.hostname} && mount --bind {hosts} /etc/hosts && "
                  f'mount --bind {self.copy} {self.shared} && exec "$@"')
        command = [*self.net.prefix(), "unshare", "--uts", "--mount",
                   "--propagation", "private", "--", "sh", "-c", script, "worker", *worker]
        logged = len(self.log.read_text(errors="replace")) if self.log.exists() else 0
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, env=env, cwd=self.home, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while "ready." not in self.log.read_text(errors="replace")[logged:]:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise DeploymentError(f"the Celery worker on {self.hostname} did not "
                                      f"start:\n{_tail(self.log)}")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        # SIGTERM: Celery's warm shutdown (waits for running tasks); then the group
        _stop(self.process, timeout=30)
        self.process = None

    def pool(self) -> dict[int, str]:
        """The worker's pool processes and their titles: ``[celeryd: ...:ForkPoolWorker-N]``
        until one runs a task, then ``airflow supervisor: <task instance id>`` (kept after
        the task has ended)."""
        assert self.process is not None
        titles = {}
        for pid in descendants(self.process.pid):
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "ForkPoolWorker" in title or title.startswith("airflow supervisor:"):
                titles[pid] = title.replace("\0", " ").strip()
        return titles

    def running(self) -> dict[int, str]:
        """The pool processes running a task now (the task's process is their child),
        and their titles (``airflow supervisor: <task instance id>``)."""
        return {pid: title for pid, title in self.pool().items() if descendants(pid)}

    def hold_idle_slots(self) -> list[int]:
        """SIGSTOP every pool process of the worker that runs no task: a message the
        worker takes next is received (Celery acknowledges it late) but its task does
        not start, as when a worker dies between taking a message and starting its
        task. Undone only by :meth:`crash` or :meth:`stop`. The pids it stopped."""
        held = []
        for pid in self.pool():
            if not descendants(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
                    held.append(pid)
        return held

    def crash(self) -> list[int]:
        """SIGKILL to the worker's whole process group (the worker, its pool, its log
        server, its tasks' supervisors and processes), as a host lost would; the runs
        it launched run on (each in a session of its own). The pids it killed."""
        assert self.process is not None
        killed = process_group(self.process.pid)
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None
        return killed


# ---- the whole deployment ---------------------------------------------------------------


def serve_over_tcp(workflow: Path, address: str) -> dict[str, str]:
    """Give each task manager of a workflow a ZEO server on TCP at ``address`` (a free
    port each), in its motoko.yaml; the hosts by task manager."""
    path = workflow / "motoko.yaml"
    settings = yaml.safe_load(path.read_text())
    hosts = {name: f"zeo://{address}:{free_port(address)}"
             for name in settings["task_managers"]}
    settings["task_managers"] = {
        name: {**((settings["task_managers"] or {}).get(name) or {}), "host": host}
        for name, host in hosts.items()}
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    return hosts


class TwoHosts(_Service):
    """Host A (PostgreSQL, Redis, Airflow's scheduler, dag-processor, triggerer and API
    server, the studies' ZEO servers on TCP) and host B (a :class:`CeleryWorker` in a
    network namespace), in ``root``, for ``workflows`` (DAG id -> workflow directory).

    Each workflow is copied to ``root/srv/workflows/<name>``, its task managers served
    over TCP at host A's address (:func:`serve_over_tcp`), its studies created there
    (``motoko create``) and its DAG traced to ``root/srv/dags/<dag id>.py``
    (``motoko trace -o``); host B gets its copy of ``root/srv`` without the studies'
    storage. :meth:`stop` stops everything, the workflows' ZEO servers included.

    ``configure(net, postgres, redis)``, if given, configures a stock PostgreSQL and
    Redis (``stock=True``: no role, no database, no password, localhost only) and
    returns ``(database_url, broker_url)``; ``migrate(airflow)`` migrates the metadata
    DB (by default ``airflow db migrate``). The deployment guide's own commands, in
    tests/test_two_hosts.py.
    """

    def __init__(self, root: Path, workflows: Mapping[str, Path], *,
                 concurrency: int = 8, worker_python: str | Path | None = None,
                 poking: Iterable[str] = (),
                 configure: Callable[[NetworkNamespace, Postgres, Redis],
                                     tuple[str, str]] | None = None,
                 migrate: Callable[[LocalAirflow], None] | None = None) -> None:
        self.configure = configure
        self.migrate = migrate
        self.root = Path(root).resolve()
        self.shared = self.root / "srv"
        self.sources = {dag_id: Path(source).resolve() for dag_id, source in workflows.items()}
        self.concurrency = concurrency
        self.worker_python = worker_python
        #: DAG ids whose task managers poke (stay running on the worker), not defer
        self.poking = set(poking)
        self._stack = contextlib.ExitStack()
        self.net: NetworkNamespace | None = None
        self._airflow: LocalAirflow | None = None
        self._worker: CeleryWorker | None = None
        self.worker_pid: int | None = None  # (kept after stop, to check it is gone)
        #: what each workflow's ``motoko kill`` said when :meth:`stop` ran it (exit
        #: code, output): why a server outlived the deployment, should one
        self.kills: list[str] = []

    @property
    def airflow(self) -> LocalAirflow:
        if self._airflow is None:
            raise DeploymentError("the deployment is not started")
        return self._airflow

    @property
    def worker(self) -> CeleryWorker:
        if self._worker is None:
            raise DeploymentError("the deployment is not started")
        return self._worker

    def workflow(self, dag_id: str) -> Path:
        """Host A's copy of a workflow (host B's is at the same path, in its view)."""
        return self.shared / "workflows" / self.sources[dag_id].name

    def start(self) -> TwoHosts:
        stack = self._stack
        net = self.net = stack.enter_context(NetworkNamespace())
        stock = self.configure is not None
        pg = stack.enter_context(Postgres(net.host_address, stock=stock))
        redis = stack.enter_context(Redis(self.root / "redis", net.host_address,
                                          stock=stock))
        if self.configure is not None:
            database, broker = self.configure(net, pg, redis)
        else:
            pg.create_database("airflow")
            database, broker = pg.url("airflow"), redis.url
        motoko = [sys.executable, "-m", "motoko_airflow"]
        for dag_id, source in self.sources.items():
            workflow = self.workflow(dag_id)
            shutil.copytree(source, workflow,
                            ignore=shutil.ignore_patterns(*CeleryWorker.IGNORE))
            serve_over_tcp(workflow, net.host_address)
            stack.callback(self._kill, [*motoko, "kill", "-w", str(workflow),
                                        "--aggressive"])
            for command in (["create", str(workflow), "--validated"],
                            ["trace", str(workflow), "--dag-id", dag_id, "-o",
                             str(self.shared / "dags" / f"{dag_id}.py")]):
                done = subprocess.run([*motoko, *command], capture_output=True, text=True)
                if done.returncode != 0:
                    raise DeploymentError(f"motoko {' '.join(command)}: "
                                          f"{done.stdout}{done.stderr}")
            if dag_id in self.poking:
                dag_file = self.shared / "dags" / f"{dag_id}.py"
                call = f"dag_id={dag_id!r})"
                text = dag_file.read_text()
                assert text.count(call) == 1, text
                dag_file.write_text(text.replace(
                    call, f"dag_id={dag_id!r}, deferrable=False, poke_interval=1.0)"))
        self._airflow = stack.enter_context(LocalAirflow(
            self.root / "airflow", self.shared / "dags", host=net.host_address,
            database_url=database, migrate=self.migrate,
            config=celery_settings(broker, database, concurrency=self.concurrency)))
        self._worker = stack.enter_context(CeleryWorker(self._airflow, net,
                                                        self.root / "host-b",
                                                        shared=self.shared,
                                                        python=self.worker_python))
        assert self._worker.process is not None
        self.worker_pid = self._worker.process.pid
        for dag_id in self.sources:
            self._airflow.wait_for_dag(dag_id, timeout=120)
        return self

    def _kill(self, command: list[str]) -> None:
        done = subprocess.run(command, capture_output=True, text=True)
        self.kills.append(f"{' '.join(command[3:])}: exit {done.returncode}\n"
                          f"{done.stdout}{done.stderr}")

    def stop(self) -> None:
        self._stack.close()
        self._airflow = self._worker = None
