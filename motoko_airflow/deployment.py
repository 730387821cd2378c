"""A small local Airflow deployment (scheduler, dag-processor, triggerer, API server) for
tests and benchmarks: real processes, LocalExecutor, SQLite, everything on 127.0.0.1::

    with LocalAirflow(tmp / "airflow") as airflow:   # starts, waits until healthy
        (airflow.dags_folder / "my_dag.py").write_text(...)
        airflow.wait_for_dag("my_dag")
        run_id = airflow.trigger("my_dag", {"x": 1})
        assert airflow.wait("my_dag", run_id, timeout=120) == "success"
        airflow.task_instances("my_dag", run_id)
    # every process it started is stopped (by pid / process group), also on errors

Each component runs as its own ``airflow <component>`` subprocess (what ``airflow
standalone`` does internally, minus its single shared console), in its own session, with
its own log file ``$AIRFLOW_HOME/logs/<component>.log`` (:meth:`LocalAirflow.log_tail`).
Airflow itself is never imported in the calling process; HTTP goes through urllib.

For fault injection: :meth:`LocalAirflow.kill_component` and
:meth:`LocalAirflow.start_component` kill one component (by pid) and start it again
with the same configuration; :meth:`LocalAirflow.task_process` is the pid of a running
task instance's task process (checked to descend from the scheduler);
:func:`descendants`, :func:`ancestors` and :func:`process_group` read ``/proc``.

The traps it handles (Airflow 3.3, measured; see the project's FACTS.md):

- Airflow reads its configuration once, when a process first imports it: everything is
  set in the environment of the subprocesses (inherited ``AIRFLOW__*`` variables are
  dropped, so a test process configured for another home cannot leak in), and mirrored
  in an ``airflow.cfg`` written first: without one, every component would write its own
  at start-up, each with a random ``[api_auth] jwt_secret``, and tokens signed by the
  scheduler for its workers would be rejected by the API server.
- ``airflow db migrate`` costs about 5 s: the SQLite DB is a copy of the cached migrated
  template (:func:`motoko_airflow.embedded.ensure_database`).
- DAGs start paused (``dags_are_paused_at_creation``): turned off here, and
  :meth:`LocalAirflow.unpause` exists for DAGs paused on purpose.
- A new DAG file is only noticed after ``[dag_processor] refresh_interval`` (300 s by
  default) and a file is re-parsed at most every ``min_file_process_interval`` (30 s):
  both are cut to seconds; :meth:`LocalAirflow.wait_for_dag` waits until the DAG is
  serialized (and reports import errors if it times out).
- The scheduler sleeps ``scheduler_idle_sleep_time`` (1 s) between idle loops: 0.1 s here.
- Started in the background (``&``), Airflow components ignore SIGINT: each is stopped
  with SIGTERM, a second SIGTERM after a grace period (the triggerer waits 10 s for its
  runner subprocess after the first one; a second signal makes Airflow components stop
  waiting), then SIGKILL to its whole process group (each starts with
  ``start_new_session``, so LocalExecutor workers and task supervisors go too). Nothing
  is ever killed by name.
- Triggers and operators must be importable by the triggerer and the workers (an
  installed package or the plugins folder), not only from the dags folder.
- The simple auth manager generates passwords into a file on first start: the file is
  written beforehand with a known password for the one admin user.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from configparser import ConfigParser
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["COMPONENTS", "AirflowAPIError", "DeploymentError", "LocalAirflow",
           "ancestors", "descendants", "process_group"]

COMPONENTS = ("scheduler", "dag-processor", "triggerer", "api-server")
FINISHED_STATES = frozenset({"success", "failed"})
LOG_TAIL_LINES = 40


class DeploymentError(RuntimeError):
    """The deployment did not start, a component died, or a wait timed out. The message
    carries the tails of the components' logs."""


class AirflowAPIError(RuntimeError):
    """The REST API answered with an error status: ``status`` and ``body`` (text)."""

    def __init__(self, method: str, url: str, status: int, body: str) -> None:
        super().__init__(f"{method} {url} -> HTTP {status}: {body}")
        self.method, self.url, self.status, self.body = method, url, status, body

    def json(self) -> Any:
        """The body parsed as JSON (None if it is not JSON)."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


#: Creates the teams named by its arguments (Airflow's ``airflow teams create``, without
#: its one-process-per-team cost)
_CREATE_TEAMS = """
import sys
from airflow.models.team import Team
from airflow.utils.session import create_session
with create_session() as session:
    have = set(Team.get_all_team_names(session=session))
    session.add_all(Team(name=name) for name in sys.argv[1:] if name not in have)
"""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class LocalAirflow:
    """Airflow's four components as subprocesses of this one, on ``home``.

    ``home`` (created) becomes ``AIRFLOW_HOME``; ``dags_folder`` defaults to
    ``home/dags``. The API server listens on ``host`` (the address other hosts' workers
    reach it at, when there are some). ``database_url`` is the metadata DB's SQLAlchemy
    URL (e.g. PostgreSQL, migrated by :meth:`start`, or by ``migrate(self)`` if given),
    a SQLite file in ``home`` if None. ``config`` adds or overrides options
    (``{"core": {"parallelism": "8"}}``); ``env`` adds environment variables of the
    components (the directory of this interpreter is put first on their ``PATH``, so
    task commands find its packages). ``teams`` (team name -> DAG folder) turns on
    multi-team mode: each folder is a DAG bundle of its own owned by that team, beside
    the team-less ``dags_folder``, and the team gets a triggerer of its own
    (:attr:`all_components`). ``users`` adds users of the simple auth manager beside the
    admin: name -> ``role`` or ``role:team1|team2`` (role ``viewer``, ``user``, ``op``
    or ``admin``), each with a generated password (:attr:`passwords`, :meth:`token`).
    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, home: str | os.PathLike[str], dags_folder: str | os.PathLike[str]
                 | None = None, *, host: str = "127.0.0.1", port: int | None = None,
                 database_url: str | None = None, username: str = "admin",
                 password: str | None = None,
                 config: Mapping[str, Mapping[str, str]] | None = None,
                 env: Mapping[str, str] | None = None,
                 teams: Mapping[str, str | os.PathLike[str]] | None = None,
                 users: Mapping[str, str] | None = None,
                 components: Sequence[str] = COMPONENTS,
                 startup_timeout: float = 180.0, stop_grace: float = 3.0,
                 stop_timeout: float = 20.0,
                 migrate: Callable[[LocalAirflow], None] | None = None) -> None:
        unknown = set(components) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown component(s) {sorted(unknown)}; known: {COMPONENTS}")
        self.home = Path(home).resolve()
        self.host = host
        self.database_url = database_url
        self.dags_folder = Path(dags_folder).resolve() if dags_folder else self.home / "dags"
        self.port = port or free_port(self.host)
        self.username = username
        self.password = password or secrets.token_urlsafe(12)
        # one set of keys for every process of the deployment (other hosts' too)
        self._keys = {"fernet_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
                      "secret_key": secrets.token_urlsafe(16),
                      "jwt_secret": secrets.token_urlsafe(32)}
        self.extra_config = {s: dict(o) for s, o in (config or {}).items()}
        self.extra_env = dict(env or {})
        self.teams = {name: Path(folder).resolve() for name, folder in (teams or {}).items()}
        self.users = {self.username: "admin", **(users or {})}
        #: every user's password (the admin's and those of ``users``)
        self.passwords = {name: self.password if name == self.username
                          else secrets.token_urlsafe(12) for name in self.users}
        self.components = tuple(components)
        self.startup_timeout = startup_timeout
        self.stop_grace = stop_grace
        self.stop_timeout = stop_timeout
        #: migrates a ``database_url`` DB once the configuration is written (by default
        #: ``airflow db migrate`` with the components' environment)
        self.migrate = migrate
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        # components stopped by kill_component: their process groups (children they
        # left behind) are still killed by stop()
        self.killed: list[subprocess.Popen[bytes]] = []
        self.startup_seconds: float | None = None
        self._tokens: dict[str, str] = {}
        self._env: dict[str, str] | None = None

    # ---- configuration --------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def database(self) -> Path:
        from motoko_airflow.embedded import DB_NAME

        return self.home / DB_NAME

    @property
    def passwords_file(self) -> Path:
        return self.home / "simple_auth_manager_passwords.json.generated"

    def log_path(self, component: str) -> Path:
        return self.home / "logs" / f"{component}.log"

    def settings(self) -> dict[str, dict[str, str]]:
        """Every option this deployment sets, by section (the same at every call: a
        worker on another host gets the same keys)."""
        settings: dict[str, dict[str, str]] = {
            "core": {
                "dags_folder": str(self.dags_folder),
                "executor": "LocalExecutor",
                "load_examples": "False",
                "dags_are_paused_at_creation": "False",
                "auth_manager": "airflow.api_fastapi.auth.managers.simple."
                                "simple_auth_manager.SimpleAuthManager",
                "simple_auth_manager_users": ",".join(
                    f"{name}:{role}" for name, role in self.users.items()),
                "simple_auth_manager_passwords_file": str(self.passwords_file),
                "fernet_key": self._keys["fernet_key"],
                "execution_api_server_url": f"{self.base_url}/execution/",
                "parallelism": "16",
            },
            "database": {"sql_alchemy_conn": self.database_url
                         or f"sqlite:///{self.database}"},
            "api": {"host": self.host, "port": str(self.port), "workers": "1",
                    "base_url": self.base_url,
                    "secret_key": self._keys["secret_key"]},
            "api_auth": {"jwt_secret": self._keys["jwt_secret"]},
            "dag_processor": {"refresh_interval": "2", "min_file_process_interval": "5",
                              "parsing_processes": "1", "print_stats_interval": "600"},
            "scheduler": {"scheduler_idle_sleep_time": "0.1",
                          "scheduler_heartbeat_sec": "2"},
            "triggerer": {"job_heartbeat_sec": "2"},
            "logging": {"colored_console_log": "False",
                        "base_log_folder": str(self.home / "logs")},
        }
        if self.teams:
            settings["core"]["multi_team"] = "True"
            local = "airflow.dag_processing.bundles.local.LocalDagBundle"
            settings["dag_processor"]["dag_bundle_config_list"] = json.dumps(
                [{"name": "dags-folder", "classpath": local, "kwargs": {}}]
                + [{"name": name, "classpath": local, "kwargs": {"path": str(folder)},
                    "team_name": name} for name, folder in self.teams.items()])
        for section, options in self.extra_config.items():
            settings.setdefault(section, {}).update(options)
        return settings

    def environment(self, settings: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
        """The components' environment: this one minus any ``AIRFLOW*`` variable, plus
        ``AIRFLOW_HOME``, ``AIRFLOW_CONFIG`` and every setting as ``AIRFLOW__S__O``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env["AIRFLOW_HOME"] = str(self.home)
        env["AIRFLOW_CONFIG"] = str(self.home / "airflow.cfg")
        for section, options in settings.items():
            for option, value in options.items():
                env[f"AIRFLOW__{section.upper()}__{option.upper()}"] = value
        env.update(self.extra_env)
        return env

    def _write_files(self, settings: Mapping[str, Mapping[str, str]]) -> None:
        from motoko_airflow.embedded import ensure_database

        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        self.dags_folder.mkdir(parents=True, exist_ok=True)
        for folder in self.teams.values():
            folder.mkdir(parents=True, exist_ok=True)
        parser = ConfigParser(interpolation=None)
        parser.read_dict(settings)
        config_file = self.home / "airflow.cfg"
        with open(config_file, "w") as handle:
            parser.write(handle)
        config_file.chmod(0o600)
        self.passwords_file.write_text(json.dumps(self.passwords) + "\n")
        self.passwords_file.chmod(0o600)
        if self.database_url is None:
            ensure_database(self.home)
        elif self.migrate is not None:
            self.migrate(self)  # another database, migrated by the caller's hook
        else:
            # another database: migrated by Airflow itself (≈ 20 s on an empty PostgreSQL)
            self._airflow_python(settings, "airflow db migrate", "-m", "airflow", "db",
                                 "migrate")
        if self.teams:
            self._airflow_python(settings, "creating the teams", "-c", _CREATE_TEAMS,
                                 *self.teams)

    def _airflow_python(self, settings: Mapping[str, Mapping[str, str]], what: str,
                        *arguments: str) -> None:
        """Run this interpreter with ``arguments`` in the components' environment."""
        done = subprocess.run([sys.executable, *arguments],
                              env=self.environment(settings), cwd=self.home,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise DeploymentError(f"{what} failed ({done.returncode}):\n"
                                  f"{(done.stdout + done.stderr)[-3000:]}")

    # ---- processes ------------------------------------------------------------------

    def start(self) -> LocalAirflow:
        """Write the configuration, start every component and wait until the API says
        all of them are healthy. On failure, whatever was started is stopped again."""
        if self.processes:
            raise DeploymentError("this deployment is already started")
        began = time.monotonic()
        settings = self.settings()
        self._write_files(settings)
        env = self._env = self.environment(settings)
        try:
            for component in self.all_components:
                self._spawn(component, env)
            self.wait_healthy(self.startup_timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    @property
    def all_components(self) -> tuple[str, ...]:
        """The components it runs: :attr:`components`, and in multi-team mode a
        ``triggerer-<team>`` per team beside the triggerer."""
        teams = tuple(f"triggerer-{team}" for team in self.teams
                      if "triggerer" in self.components)
        return self.components + teams

    def _spawn(self, component: str, env: Mapping[str, str]) -> None:
        command = [sys.executable, "-m", "airflow", component]
        if component.startswith("triggerer-"):  # a team's: only its DAGs' triggers
            command = [*command[:-1], "triggerer", "--team-name",
                       component.removeprefix("triggerer-")]
        if component == "api-server":
            command += ["--host", self.host, "--port", str(self.port), "--workers", "1"]
        elif component == "scheduler" or component.startswith("triggerer"):
            # their log servers bind every interface on fixed ports (8793/8794), which
            # clash between deployments; task and trigger logs are local files anyway
            command.append("--skip-serve-logs")
        with open(self.log_path(component), "ab") as log:
            self.processes[component] = subprocess.Popen(
                command, env=dict(env), cwd=self.home, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> None:
        """Stop every component this object started, by pid: SIGTERM to each component;
        after ``stop_grace`` seconds a second SIGTERM to those still running (Airflow
        takes it as "do not wait": the triggerer otherwise waits 10 s for its runner);
        after ``stop_timeout`` seconds SIGKILL to each process group (workers, task
        supervisors and anything else left in it)."""
        processes, self.processes = self.processes, {}
        killed, self.killed = self.killed, []
        began = time.monotonic()
        for process in processes.values():
            _signal(process, signal.SIGTERM)
        _wait_all(processes.values(), began + self.stop_grace)
        for process in processes.values():
            _signal(process, signal.SIGTERM)
        _wait_all(processes.values(), began + self.stop_timeout)
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        for process in killed:  # what a killed component left in its group
            if process_group(process.pid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
        self._tokens = {}

    def __enter__(self) -> LocalAirflow:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def pids(self) -> dict[str, int]:
        return {name: p.pid for name, p in self.processes.items()}

    # ---- faults (for tests) -----------------------------------------------------------

    def kill_component(self, component: str, sig: signal.Signals = signal.SIGKILL,
                       timeout: float = 30.0) -> int:
        """Send ``sig`` to one running component's process (its pid only, not its group)
        and wait until it has exited; returns its pid. It is no longer watched by
        :meth:`check_alive`; whatever it left in its process group (e.g. the
        triggerer's trigger runner) is left alone here, and SIGKILLed by :meth:`stop`.
        """
        process = self.processes.pop(component, None)
        if process is None:
            raise DeploymentError(f"no running {component!r} in this deployment "
                                  f"(running: {sorted(self.processes)})")
        self.killed.append(process)
        _signal(process, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise DeploymentError(f"{component} (pid {process.pid}) still runs {timeout:g} "
                                  f"s after {sig.name}") from None
        return process.pid

    def start_component(self, component: str) -> int:
        """Start one component again (after :meth:`kill_component`), with the
        configuration and environment of :meth:`start`; returns its pid. Its output is
        appended to the same log file."""
        if self._env is None:
            raise DeploymentError("this deployment was never started")
        if component in self.processes:
            raise DeploymentError(f"{component} already runs (pid "
                                  f"{self.processes[component].pid})")
        if component not in self.all_components:
            raise ValueError(f"unknown component {component!r}; known: "
                             f"{self.all_components}")
        self._spawn(component, self._env)
        return self.processes[component].pid

    def task_process(self, task_instance: Mapping[str, Any]) -> int | None:
        """The pid of a running task instance's task process, from the API's task
        instance (its ``pid``: the process the task supervisor forked to run the task),
        if that process runs and descends from this deployment's scheduler (a
        LocalExecutor worker's child), so that a recycled pid is never taken for it."""
        pid = task_instance.get("pid")
        scheduler = self.processes.get("scheduler")
        if not pid or scheduler is None or not _alive(int(pid)):
            return None
        return int(pid) if scheduler.pid in ancestors(int(pid)) else None

    def log_tail(self, component: str, lines: int = LOG_TAIL_LINES) -> str:
        try:
            text = self.log_path(component).read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def log_tails(self, lines: int = LOG_TAIL_LINES) -> str:
        return "\n".join(f"--- {c} ({self.log_path(c)}) ---\n{self.log_tail(c, lines)}"
                         for c in self.all_components)

    def check_alive(self) -> None:
        """Raise :class:`DeploymentError` if a component has exited."""
        dead = {name: p.returncode for name, p in self.processes.items()
                if p.poll() is not None}
        if dead:
            raise DeploymentError(
                f"Airflow component(s) exited: {dead}\n{self.log_tails()}")

    def _poll(self, what: str, timeout: float, probe: Callable[[], Any],
              interval: float = 0.25) -> Any:
        """Call ``probe`` until it returns something other than None."""
        deadline = time.monotonic() + timeout
        while True:
            self.check_alive()
            result = probe()
            if result is not None:
                return result
            if time.monotonic() > deadline:
                raise DeploymentError(
                    f"timed out after {timeout:g} s waiting for {what}\n{self.log_tails()}")
            time.sleep(interval)

    # ---- HTTP -----------------------------------------------------------------------

    def request(self, method: str, path: str, body: Any = None, *, auth: bool = True,
                timeout: float = 30.0) -> Any:
        """One JSON request to the API server; the decoded answer (None if empty).
        Raises :class:`AirflowAPIError` on an HTTP error status."""
        url = self.base_url + path
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if auth:
            headers["Authorization"] = f"Bearer {self.token()}"
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            text = exc.read().decode(errors="replace")
            raise AirflowAPIError(method, url, exc.code, text) from exc
        return json.loads(raw) if raw else None

    def token(self, username: str | None = None) -> str:
        """A JWT for ``username`` (default: the admin; ``POST /auth/token``), cached."""
        name = username or self.username
        if name not in self._tokens:
            answer = self.request("POST", "/auth/token",
                                  {"username": name, "password": self.passwords[name]},
                                  auth=False)
            self._tokens[name] = str(answer["access_token"])
        return self._tokens[name]

    def health(self) -> dict[str, Any]:
        """``GET /api/v2/monitor/health``."""
        return dict(self.request("GET", "/api/v2/monitor/health", auth=False, timeout=5))

    def wait_healthy(self, timeout: float) -> dict[str, Any]:
        """Until the metadatabase and every started job component report healthy."""
        wanted = {"metadatabase"} | {c.replace("-", "_") for c in self.components
                                     if c != "api-server"}

        last: list[Any] = ["no answer"]

        def probe() -> dict[str, Any] | None:
            try:
                health = self.health()
            except (OSError, AirflowAPIError) as exc:  # not listening yet
                last[0] = exc
                return None
            last[0] = health
            ok = all((health.get(c) or {}).get("status") == "healthy" for c in wanted)
            return health if ok else None

        try:
            return dict(self._poll(f"a healthy Airflow at {self.base_url} ({sorted(wanted)})",
                                   timeout, probe, interval=0.5))
        except DeploymentError as exc:
            raise DeploymentError(f"{exc}\nlast health answer: {last[0]}") from None

    # ---- DAGs and runs --------------------------------------------------------------

    def _dag_path(self, dag_id: str) -> str:
        return f"/api/v2/dags/{urllib.parse.quote(dag_id, safe='')}"

    def _run_path(self, dag_id: str, run_id: str) -> str:
        return f"{self._dag_path(dag_id)}/dagRuns/{urllib.parse.quote(run_id, safe='')}"

    def import_errors(self) -> list[dict[str, Any]]:
        return list(self.request("GET", "/api/v2/importErrors?limit=100")["import_errors"])

    def wait_for_dag(self, dag_id: str, timeout: float = 60.0) -> dict[str, Any]:
        """Until the dag-processor has parsed and serialized ``dag_id``; its DAG record.
        A timeout lists the import errors."""
        def probe() -> dict[str, Any] | None:
            try:
                self.request("GET", f"{self._dag_path(dag_id)}/details")
                return dict(self.request("GET", self._dag_path(dag_id)))
            except AirflowAPIError as exc:
                if exc.status == 404:
                    return None
                raise

        try:
            return dict(self._poll(f"DAG {dag_id!r} to be parsed", timeout, probe))
        except DeploymentError as exc:
            errors = "\n".join(f"{e.get('filename')}: {e.get('stack_trace')}"
                               for e in self.import_errors())
            raise DeploymentError(f"{exc}\nimport errors:\n{errors or 'none'}") from None

    def unpause(self, dag_id: str) -> None:
        self.request("PATCH", self._dag_path(dag_id), {"is_paused": False})

    def trigger(self, dag_id: str, conf: Mapping[str, Any] | None = None, *,
                run_id: str | None = None) -> str:
        """Create a DAG run (``logical_date`` null) with ``conf``; its run id. Raises
        :class:`AirflowAPIError` (status, body) if the API refuses it, e.g. HTTP 400 for
        params that fail validation."""
        body: dict[str, Any] = {"logical_date": None, "conf": dict(conf or {})}
        if run_id is not None:
            body["dag_run_id"] = run_id
        answer = self.request("POST", f"{self._dag_path(dag_id)}/dagRuns", body)
        return str(answer["dag_run_id"])

    def dag_run(self, dag_id: str, run_id: str) -> dict[str, Any]:
        return dict(self.request("GET", self._run_path(dag_id, run_id)))

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        """Every task instance of a DAG run (mapped ones included), sorted by task id
        and map index."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.request("GET", f"{self._run_path(dag_id, run_id)}/taskInstances"
                                       f"?limit=100&offset={len(found)}")
            found.extend(page["task_instances"])
            if not page["task_instances"] or len(found) >= page["total_entries"]:
                break
        return sorted(found, key=lambda t: (t["task_id"], t["map_index"]))

    def task_log(self, dag_id: str, run_id: str, task_id: str, try_number: int = 1,
                 map_index: int = -1) -> str:
        """The log of one task instance try, as text (one line per record)."""
        answer = self.request(
            "GET", f"{self._run_path(dag_id, run_id)}/taskInstances/"
                   f"{urllib.parse.quote(task_id, safe='')}/logs/{try_number}"
                   f"?map_index={map_index}&full_content=true")
        content = answer.get("content") if isinstance(answer, dict) else answer
        if isinstance(content, list):
            return "\n".join(c if isinstance(c, str) else json.dumps(c) for c in content)
        return str(content)

    def wait(self, dag_id: str, run_id: str, timeout: float = 300.0, *,
             on_poll: Callable[[list[dict[str, Any]]], None] | None = None,
             interval: float = 0.25) -> str:
        """Until the DAG run is finished (success or failed); its state. ``on_poll`` gets
        the task instances at every poll (e.g. to record the states they go through)."""
        def probe() -> str | None:
            if on_poll is not None:
                on_poll(self.task_instances(dag_id, run_id))
            state = str(self.dag_run(dag_id, run_id)["state"])
            return state if state in FINISHED_STATES else None

        return str(self._poll(f"DAG run {dag_id}/{run_id} to finish", timeout, probe,
                              interval=interval))


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (state first), None
    if there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def ancestors(pid: int) -> list[int]:
    """The parent, grandparent, ... of a process, up to pid 1 ([] if it does not run)."""
    chain: list[int] = []
    fields = _stat(pid)
    while fields is not None and int(fields[1]) > 0 and int(fields[1]) not in chain:
        chain.append(int(fields[1]))
        fields = _stat(chain[-1])
    return chain


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (children, their children, ...), live ones only."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and fields[0] not in ("Z", "X"):
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return sorted(found)


def process_group(pgid: int) -> list[int]:
    """The live processes of a process group (e.g. a component and what it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
                found.append(int(entry.name))
    return sorted(found)


def _signal(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)


def _wait_all(processes: Iterable[subprocess.Popen[bytes]], deadline: float) -> None:
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
