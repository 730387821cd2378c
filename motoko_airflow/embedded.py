"""Run any Airflow DAG object in-process on a throw-away SQLite metadata database.

``motoko run`` executes a DAG without a scheduler, an API server or any set-up: this module
is that harness, and it knows nothing about Motoko (it takes any ``airflow.sdk.DAG``)::

    configure(home)            # before the first `import airflow` of the process
    ensure_database(home)      # a migrated SQLite DB, copied from a cached template
    result = run_dag(dag, {"x": 1}, on_progress=print)
    result.state, result.task_states, result.xcom("task"), result.failures

The Airflow 3.3 traps it handles (measured, see the project's FACTS.md):

- Airflow reads ``AIRFLOW_HOME`` and the database URL once, at its first import:
  :func:`configure` only sets environment variables and refuses to run after Airflow was
  imported with another home. ``unit_test_mode`` is deliberately left alone.
- ``airflow db migrate`` costs about 5 s: one migrated template per Airflow version is kept
  in ``${XDG_CACHE_HOME:-~/.cache}/motoko-airflow/`` and copied with the sqlite3 backup
  API (a plain file copy of a WAL-mode database can come out empty), under file locks so
  that concurrent processes neither build nor copy twice.
- ``dag.test()`` refuses a DAG that is not serialized in the metadata DB ("dag is not
  serialized"): :func:`register_dag` writes it, as a new DAG version if it changed. Airflow
  skips rewriting a DAG serialized less than ``[core] min_serialized_dag_update_interval``
  (30 s) ago, so a changed DAG would silently keep its old serialization (while
  ``dag.test()`` runs the in-memory one): the interval is set to 0.
- ``dag.test()`` with ``logical_date=None`` clears the task instances of every earlier run
  of the DAG; :func:`run_dag` keeps the default (now), which clears nothing else.
- ``dag.test()`` logs every step at INFO on stdout: while it runs, file descriptors 1 and
  2 go to a log file per run (task ``print``s and child processes included); the progress
  callback alone still writes to the terminal, and each failed task's log tail is kept on
  the :class:`Result`.
- ``dag.test()`` runs one task instance at a time; sensors in ``mode="reschedule"`` give
  back the loop between pokes, so many of them wait at once. Deferral timeouts are ignored
  by ``dag.test()`` (a trigger that never fires hangs): prefer rescheduling sensors, whose
  ``timeout`` is honoured.
- Every task instance ``dag.test()`` runs talks to an in-process Execution API (FastAPI
  with Cadwyn), whose first request builds one router per API version the API has ever
  had (ten in 3.3.2): 3 to 9 s of CPU, more than the rest of a small DAG run; and whose
  auth overrides make FastAPI rebuild every route's dependencies at every request.
  :func:`run_dag` serves the routes as written for the one version this process's Task
  SDK speaks, with the overrides put into them once (:mod:`.inprocess_api`).

Never point this at a database that a live scheduler uses.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from motoko_airflow import inprocess_api, interrupts
from motoko_airflow.processes import file_lock

if TYPE_CHECKING:
    from airflow.sdk import DAG

__all__ = [
    "DB_NAME",
    "Progress",
    "Result",
    "TaskFailure",
    "TaskState",
    "airflow_version",
    "configure",
    "ensure_database",
    "prepare",
    "register_dag",
    "run_dag",
    "template_database",
]

DB_NAME = "airflow.db"
LOG_TAIL_LINES = 60
_START_MARKER = "[DAG TEST] starting "
_END_MARKER = "[DAG TEST] end task "
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Timeout|Exit|Interrupt)\b")

Progress = list[tuple[str, int, str]]
"""(task_id, map_index, state) of every task instance of the run so far."""


class TaskState(NamedTuple):
    """One task instance at the end of a run (``duration`` in seconds)."""

    task_id: str
    map_index: int
    state: str
    duration: float | None
    try_number: int


class TaskFailure(NamedTuple):
    """A task instance that ended ``failed``: its exception line (best effort, "" if none
    was found) and the end of what it logged."""

    task_id: str
    map_index: int
    error: str
    log_tail: str


@dataclass
class Result:
    """The outcome of :func:`run_dag`."""

    dag_id: str
    run_id: str
    state: str
    task_states: list[TaskState]
    log_path: Path | None
    failures: list[TaskFailure] = field(default_factory=list)
    #: The stop signal (a ``KeyboardInterrupt``) that ended the run early, if one did.
    interruption: KeyboardInterrupt | None = None
    #: What made ``dag.test()`` itself fail (not a task), if anything did.
    error: Exception | None = None

    @property
    def log_tail(self) -> str:
        """The log tails of every failed task, one after the other ("" if none failed)."""
        return "\n".join(
            f"--- {f.task_id}" + (f"[{f.map_index}]" if f.map_index >= 0 else "") + f" ---\n"
            f"{f.log_tail}"
            for f in self.failures
        )

    def xcom(self, task_id: str, map_index: int = -1, key: str = "return_value") -> Any:
        """The XCom ``key`` a task instance of this run pushed (its return value by default).

        Raises KeyError if it pushed none."""
        from airflow.models.xcom import XComModel
        from airflow.utils.session import create_session

        with create_session() as session:
            query = XComModel.get_many(
                run_id=self.run_id, key=key, task_ids=task_id, dag_ids=self.dag_id,
                map_indexes=map_index,
            )
            row = session.scalars(query).first()
            if row is None:
                raise KeyError(f"{self.dag_id}.{task_id}[{map_index}] pushed no XCom {key!r}")
            return XComModel.deserialize_value(row)


# --------------------------------------------------------------------------- set-up


def configure(airflow_home: Path) -> None:
    """Point Airflow at ``airflow_home`` (SQLite DB, empty dags folder, no examples).

    Must run before the first ``import airflow`` of the process: Airflow reads its
    configuration once. Calling it again with the same home is harmless."""
    home = Path(airflow_home).resolve()
    conn = f"sqlite:///{home / DB_NAME}"
    if "airflow.configuration" in sys.modules:
        settings = sys.modules.get("airflow.settings")
        current_home = Path(sys.modules["airflow.configuration"].AIRFLOW_HOME).resolve()
        current_conn = getattr(settings, "SQL_ALCHEMY_CONN", conn)
        if current_home != home or current_conn != conn:
            raise RuntimeError(
                f"Airflow was already imported with AIRFLOW_HOME={current_home} and "
                f"sql_alchemy_conn={current_conn}; it cannot be moved to {home}: call "
                "motoko_airflow.embedded.configure() before anything imports airflow, or run "
                "in a new process")
    (home / "dags").mkdir(parents=True, exist_ok=True)
    os.environ.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": conn,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
        # else a DAG re-registered within 30 s of its last write is silently not updated
        "AIRFLOW__CORE__MIN_SERIALIZED_DAG_UPDATE_INTERVAL": "0",
        # the log file must not fill with colour escapes when the terminal is a TTY
        "AIRFLOW__LOGGING__COLORED_CONSOLE_LOG": "False",
    })
    # no metrics backend (the default): the names of Airflow 2's metrics would go
    # nowhere, and working them out reads a YAML registry of every metric at the first
    # one, once per stats module (≈ 0.1 s of CPU each)
    if not any(os.environ.get(f"AIRFLOW__METRICS__{key}", "").lower() in ("true", "1")
               for key in ("STATSD_ON", "STATSD_DATADOG_ENABLED", "OTEL_ON")):
        os.environ.setdefault("AIRFLOW__METRICS__LEGACY_NAMES_ON", "False")


def airflow_version() -> str:
    """The installed Airflow (core) version, read without importing Airflow."""
    for dist in ("apache-airflow-core", "apache-airflow"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            return metadata.version(dist)
    raise RuntimeError("Airflow is not installed in this environment")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "motoko-airflow"


def _revision(db: Path) -> str | None:
    """The Alembic revision a SQLite file is migrated to (None if none / no such file)."""
    if not db.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite DB through the backup API (WAL content included), atomically, as a
    rollback-journal file: reading a WAL-mode file leaves -wal/-shm companions behind."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with contextlib.closing(sqlite3.connect(source)) as src, \
                contextlib.closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
            # one self-contained file (Airflow turns WAL back on when it connects)
            dst.execute("PRAGMA journal_mode=DELETE")
        for suffix in ("-wal", "-shm"):  # stale companions of an unusable old file
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def template_database(version: str | None = None) -> Path:
    """The cached migrated database of this Airflow version, built (≈ 5 s) if missing."""
    version = version or airflow_version()
    template = _cache_dir() / f"airflow-{version}.db"
    if _revision(template):
        return template
    with file_lock(template.with_name(template.name + ".lock")):
        if _revision(template):  # another process built it while we waited
            return template
        with tempfile.TemporaryDirectory(prefix="migrate-", dir=template.parent) as scratch:
            fresh = Path(scratch) / DB_NAME
            env = {
                **os.environ,
                "AIRFLOW_HOME": scratch,
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{fresh}",
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGS_FOLDER": str(Path(scratch) / "dags"),
            }
            done = subprocess.run(
                [sys.executable, "-m", "airflow", "db", "migrate"], env=env,
                stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
            if done.returncode != 0 or not _revision(fresh):
                tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
                raise RuntimeError(
                    f"`airflow db migrate` failed (exit {done.returncode}) building the "
                    f"template database {template}:\n{tail}")
            _copy_database(fresh, template)
    return template


def ensure_database(airflow_home: Path) -> None:
    """Give ``airflow_home`` a migrated SQLite DB: an existing one is used as is, else the
    cached template of this Airflow version is copied in."""
    target = Path(airflow_home).resolve() / DB_NAME
    if _revision(target):
        return
    template = template_database()
    with file_lock(target.with_name(target.name + ".lock")):
        if not _revision(target):
            _copy_database(template, target)


def prepare(airflow_home: Path) -> None:
    """:func:`configure` then :func:`ensure_database`: the one call a CLI needs."""
    configure(airflow_home)
    ensure_database(airflow_home)


# --------------------------------------------------------------------------- output


class _ThreadRouter:
    """A permanent ``sys.stdout``/``sys.stderr`` stand-in. Airflow's loggers keep a
    reference to the stream they first saw, so it is installed once and never removed.
    While a run is captured, threads that claimed the console (the progress thread) write
    to the terminal; every other write goes to the wrapped stream, whose descriptor then
    points at the log file."""

    def __init__(self, default: TextIO) -> None:
        self.default = default
        self.console: TextIO | None = None
        self.console_threads: set[int] = set()

    def _target(self) -> TextIO:
        console = self.console
        if console is not None and threading.get_ident() in self.console_threads:
            return console
        return self.default

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def isatty(self) -> bool:
        return self._target().isatty()

    def fileno(self) -> int:
        return self._target().fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.default, name)


def _routers() -> tuple[_ThreadRouter, _ThreadRouter]:
    if not isinstance(sys.stdout, _ThreadRouter):
        sys.stdout = _ThreadRouter(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, _ThreadRouter):
        sys.stderr = _ThreadRouter(sys.stderr)  # type: ignore[assignment]
    return sys.stdout, sys.stderr  # type: ignore[return-value]


def _capturing() -> bool:
    """Whether output already goes to a log file (inside :func:`_output_to`)."""
    return isinstance(sys.stdout, _ThreadRouter) and sys.stdout.console is not None


@contextlib.contextmanager
def _output_to(log_path: Path) -> Iterator[Callable[[], None]]:
    """Send file descriptors 1 and 2 to ``log_path`` (Airflow's structlog streams, task
    prints, child processes); yields a function that gives the calling thread's
    ``sys.stdout``/``sys.stderr`` writes back to the terminal."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    routers = _routers()
    for router in routers:
        router.default.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    try:
        for router, fd in zip(routers, (1, 2), strict=True):
            router.console = open(os.dup(saved[fd]), "w", buffering=1)  # noqa: SIM115
        with open(log_path, "ab", buffering=0) as log:
            for fd in (1, 2):
                os.dup2(log.fileno(), fd)

        def claim_console() -> None:
            for router in routers:
                router.console_threads.add(threading.get_ident())

        yield claim_console
    finally:
        for router in routers:
            with contextlib.suppress(OSError, ValueError):
                router.default.flush()
        for fd, copy in saved.items():
            os.dup2(copy, fd)
            os.close(copy)
        for router in routers:
            console, router.console = router.console, None
            router.console_threads.clear()
            if console is not None:
                console.close()


def _log_path(airflow_home: Path, dag_id: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    return airflow_home / "logs" / "dag-test" / dag_id / f"{stamp}.log"


def _task_log(log_path: Path, task_id: str, map_index: int) -> list[str]:
    """The lines a task instance's last attempt logged in a run's log: ``dag.test()`` runs
    one task at a time and brackets each with a start and an end line."""
    suffix = f"task_id={task_id} map_index={map_index}"
    start, end = f"{_START_MARKER}{suffix}", f"{_END_MARKER}{suffix}"
    section: list[str] = []
    inside = False
    with open(log_path, errors="replace") as log:
        for line in log:
            if _START_MARKER in line:
                inside = start in line
                if inside:
                    section = []
            if inside:
                section.append(line.rstrip("\n"))
                inside = end not in line
    return section


def _failure(log_path: Path | None, task_id: str, map_index: int) -> TaskFailure:
    lines = _task_log(log_path, task_id, map_index) if log_path else []
    return TaskFailure(task_id, map_index, _error(lines), "\n".join(lines[-LOG_TAIL_LINES:]))


def _error(lines: list[str]) -> str:
    """The last exception of a task log: its "SomeError: message" line (not a log
    record: those start with a date) and the lines of its message after it, with the
    exception's module path left out (``AirflowException:`` too: it says nothing)."""
    starts = [i for i, line in enumerate(lines)
              if _EXCEPTION_LINE.match(line) and not line[:1].isdigit()]
    starts = sorted(set(starts) | set(_traceback_ends(lines)))
    if not starts:
        return ""
    block = [lines[starts[-1]]]
    for line in lines[starts[-1] + 1:]:
        if line[:1].isdigit() or _START_MARKER in line or _END_MARKER in line:
            break
        block.append(line)
    name, _, message = block[0].partition(": ")
    name = name.rsplit(".", 1)[-1]
    block[0] = message if name == "AirflowException" else f"{name}: {message}"
    return "\n".join(block).rstrip()


def _traceback_ends(lines: list[str]) -> list[int]:
    """The exception line closing each traceback of a log (``orchestrator.Unstable: ...``:
    an exception of any name, the first unindented line after its frames)."""
    ends, inside = [], False
    for i, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last):"):
            inside = True
        elif inside and line and not line[:1].isspace():
            inside = False
            if _RAISED.match(line):
                ends.append(i)
    return ends


_RAISED = re.compile(r"^[A-Za-z_][\w.]*(: |$)")


# --------------------------------------------------------------------------- registration


def register_dag(dag: DAG) -> None:
    """Serialize ``dag`` into the metadata DB, as ``dag.test()`` requires; a changed DAG
    registered again under the same ``dag_id`` becomes a new DAG version. Airflow's INFO
    lines go to ``$AIRFLOW_HOME/logs/register.log``."""
    if _capturing():
        _register(dag)
        return
    with _output_to(Path(os.environ["AIRFLOW_HOME"]) / "logs" / "register.log"):
        _register(dag)


def _register(dag: DAG) -> None:
    from airflow.dag_processing.bundles.manager import DagBundlesManager
    from airflow.dag_processing.collection import update_dag_parsing_results_in_db
    from airflow.serialization.serialized_objects import LazyDeserializedDAG
    from airflow.utils.session import create_session

    manager = DagBundlesManager()
    manager.sync_bundles_to_db()
    bundle = next(iter(manager.get_all_dag_bundles())).name
    with create_session() as session:
        update_dag_parsing_results_in_db(
            bundle, None, [LazyDeserializedDAG.from_dag(dag)], {}, None, set(),
            session=session)


# --------------------------------------------------------------------------- running


def _metrics_as_configured() -> None:
    """Set up Airflow's metrics in this process from ``[metrics]``, as its scheduler and
    task processes do for themselves (``dag.test()`` does not)."""
    from airflow._shared.observability.metrics import stats
    from airflow.configuration import conf
    from airflow.observability.metrics import stats_utils
    from airflow.sdk._shared.observability.metrics import stats as sdk_stats
    from airflow.sdk.observability.metrics import stats_utils as sdk_stats_utils

    legacy = conf.getboolean("metrics", "legacy_names_on")
    for module, utils in ((stats, stats_utils), (sdk_stats, sdk_stats_utils)):
        module.initialize(factory=utils.get_stats_factory(), export_legacy_names=legacy)


class _ProgressThread(threading.Thread):
    """Reads the run's task-instance states every ``interval`` s (its own SQLite
    connection: WAL readers never block ``dag.test()``) and hands them to a callback."""

    def __init__(self, db: Path, dag_id: str, after_run: int,
                 callback: Callable[[Progress], None], interval: float,
                 claim_console: Callable[[], None] | None) -> None:
        super().__init__(name=f"progress-{dag_id}", daemon=True)
        self.db, self.dag_id, self.after_run = db, dag_id, after_run
        self.callback, self.interval = callback, interval
        self.claim_console = claim_console
        self.run_id: str | None = None
        self.error: Exception | None = None
        self.stopping = threading.Event()

    def states(self) -> Progress:
        if self.run_id is None:
            self.run_id = _run_id_after(self.db, self.dag_id, self.after_run)
            if self.run_id is None:
                return []
        return [(t.task_id, t.map_index, t.state)
                for t in _task_states_of_file(self.db, self.dag_id, self.run_id)]

    def run(self) -> None:
        if self.claim_console is not None:
            self.claim_console()
        while not self.stopping.wait(self.interval):
            try:
                self.callback(self.states())
            except Exception as exc:  # reported by run_dag once the run is over
                self.error = exc
                return


def _last_run_id(db: Path, dag_id: str) -> int:
    with contextlib.closing(sqlite3.connect(db, timeout=10)) as con:
        row = con.execute("SELECT max(id) FROM dag_run WHERE dag_id = ?", (dag_id,)).fetchone()
    return row[0] or 0


def _task_states(dag_id: str, run_id: str) -> list[TaskState]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.execute(
            select(TaskInstance.task_id, TaskInstance.map_index, TaskInstance.state,
                   TaskInstance.duration, TaskInstance.try_number)
            .where(TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id)
            .order_by(TaskInstance.task_id, TaskInstance.map_index)).all()
    return [TaskState(t, m, _state_name(s), d, n) for t, m, s, d, n in rows]


def _run_id_after(db: Path, dag_id: str, after_run: int) -> str | None:
    """The run id of the first DAG run of ``dag_id`` made after the row ``after_run``."""
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as con:
        row = con.execute(
            "SELECT run_id FROM dag_run WHERE dag_id = ? AND id > ? ORDER BY id LIMIT 1",
            (dag_id, after_run)).fetchone()
    return None if row is None else str(row[0])


def _task_states_of_file(db: Path, dag_id: str, run_id: str) -> list[TaskState]:
    """The run's task states read from the SQLite file itself (its own connection: WAL
    readers never block ``dag.test()``, and it works when Airflow's session is broken)."""
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as con:
        rows = con.execute(
            "SELECT task_id, map_index, state, duration, try_number FROM task_instance"
            " WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index",
            (dag_id, run_id)).fetchall()
    return [TaskState(t, m, s or "none", d, n) for t, m, s, d, n in rows]


def _state_name(state: Any) -> str:
    """"success" for TaskInstanceState.SUCCESS or "success"; "none" for None."""
    return str(getattr(state, "value", state) or "none")


def run_dag(dag: DAG, conf: dict[str, Any] | None = None, *,
            on_progress: Callable[[Progress], None] | None = None,
            progress_interval: float = 1.0, capture: bool = True,
            on_start: Callable[[], None] | None = None) -> Result:
    """Register ``dag`` and run it once with ``dag.test(run_conf=conf)``, in this process.

    ``on_progress`` is called from a background thread about every ``progress_interval``
    seconds with the (task_id, map_index, state) of every task instance so far, and once
    more at the end; what it prints reaches the terminal. With ``capture`` (the default)
    everything else written to stdout/stderr during the run goes to ``Result.log_path``.
    ``on_start`` is called once the DAG is registered, just before its run begins.
    Needs :func:`configure` and :func:`ensure_database` first."""
    from airflow import settings

    home = Path(os.environ["AIRFLOW_HOME"])
    db = home / DB_NAME
    if not settings.SQL_ALCHEMY_CONN or not str(settings.SQL_ALCHEMY_CONN).endswith(str(db)):
        raise RuntimeError(
            f"Airflow uses {settings.SQL_ALCHEMY_CONN}, not {db}: call configure() before "
            "importing airflow")
    log_path = _log_path(home, dag.dag_id) if capture else None
    output = _output_to(log_path) if log_path else contextlib.nullcontext(None)
    with output as claim_console:
        inprocess_api.streamline()
        _metrics_as_configured()
        _register(dag)
        progress = None
        after_run = _last_run_id(db, dag.dag_id)
        if on_progress is not None:
            progress = _ProgressThread(db, dag.dag_id, after_run,
                                       on_progress, progress_interval, claim_console)
            progress.start()
        interruption = None
        error: Exception | None = None
        try:
            if on_start is not None:
                on_start()
            with interrupts.redelivered():  # a stop signal during a task stops the run
                dag_run = dag.test(run_conf=conf)
            run_id, state = str(dag_run.run_id), _state_name(dag_run.state)
        except KeyboardInterrupt as stop:  # a stop signal: the run so far, marked failed
            interruption = stop
            run_id, state = _interrupted(db, dag.dag_id, after_run), "failed"
        except Exception as exc:  # Airflow itself failed (e.g. its database's disk full)
            error = exc
            traceback.print_exc()  # to the run's log (this thread's output is captured)
            try:
                run_id = _interrupted(db, dag.dag_id, after_run)
            except sqlite3.Error:  # the DAG run stays as it was
                run_id = ""
            state = "failed"
        finally:
            if progress is not None:
                progress.stopping.set()
                progress.join()
    try:
        task_states = _task_states(dag.dag_id, run_id) if run_id else []
    except Exception:  # Airflow's session failed, or a stop signal broke it mid-flush
        if error is None and interruption is None:  # (PendingRollbackError): the file
            raise
        task_states = _task_states_of_file(db, dag.dag_id, run_id)
    if progress is not None:
        if progress.error is not None:
            raise progress.error
        progress.callback([(t.task_id, t.map_index, t.state) for t in task_states])
    failures = [_failure(log_path, t.task_id, t.map_index)
                for t in task_states if t.state == "failed"]
    return Result(dag_id=dag.dag_id, run_id=run_id, state=state, task_states=task_states,
                  log_path=log_path, failures=failures, interruption=interruption,
                  error=error)


def _interrupted(db: Path, dag_id: str, after_run: int) -> str:
    """Mark failed the DAG run that was interrupted (and its unfinished task instances),
    so Airflow shows it ended, if the database can still be written; returns its run
    id ("" if none began)."""
    run_id = _run_id_after(db, dag_id, after_run)
    if run_id is None:
        return ""
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as con:
        try:
            with con:
                con.execute("UPDATE dag_run SET state = 'failed' WHERE dag_id = ? AND "
                            "run_id = ?", (dag_id, run_id))
                con.execute(
                    "UPDATE task_instance SET state = 'failed' WHERE dag_id = ? AND "
                    "run_id = ? AND (state IS NULL OR state NOT IN ('success', 'failed', "
                    "'skipped', 'upstream_failed', 'removed'))", (dag_id, run_id))
        except sqlite3.OperationalError:  # e.g. its disk is full: left as it was
            pass
    return run_id
