"""All BlackDynamite access: studies, their ZEO servers, job spaces, runs and launches.

This is the only module of the project that imports BlackDynamite (and, through it,
ZODB/ZEO). Everything else reaches a study through :class:`Study`.

BlackDynamite 1.3.9 keeps a process-wide "current base" (``BaseZEO.singleton_base``)
that its objects consult for their schema, their config files and their selections.
:meth:`Study.session` makes one study current under a process-wide lock, so several
studies (and threads) can be used from one process without one study's objects
reading another's schema.

Traps of BlackDynamite 1.3.9 handled here (see FACTS.md):

* ``BLACKDYNAMITE_*`` environment variables (set inside a run) override the host a
  ``Base`` is given: connections here never read the environment.
* Concurrent writers raise ZODB ``ConflictError`` about once per task with four
  processes: every write transaction is aborted and redone as a whole.
* Run de-duplication scanned every run of the study: runs are indexed by
  ``(job, run_name, event_name, run parameters)`` in a BTree of the study.
* The constraint parser silently mis-reads ``and`` inside one string, ``<=``/``>=``,
  trailing text and values equal to a field name: constraints are parsed and matched
  here, and what BlackDynamite would mis-read is rejected.
* A non-zero ``launch.sh`` exit only marks a run FAILED when it is the last command:
  the launch wrapper marks it FAILED whatever the script's last command was.
* A run whose process dies without a trace (SIGKILL, node lost) stays START forever:
  the launcher records the run's process (:mod:`motoko_airflow.liveness`) and
  :meth:`Study.settle_exited` fails the runs whose process is gone.
* A run whose Slurm job ends for time or memory stays START (or ``SLURM submit``: the
  job script's traps call an ``updateRuns.py`` BlackDynamite 1.3.9 does not install):
  :meth:`Study.settle_exited` asks Slurm (:mod:`motoko_airflow.batch`) and fails it with
  the reason; its next attempt asks for more time or memory.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import errno
import functools
import getpass
import json
import os
import re
import shlex
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import BlackDynamite as BD  # noqa: F401  (lazy package; sub-modules below)
import persistent
import transaction
from BlackDynamite import base as bd_base
from BlackDynamite import base_zeo, conffile_zeo
from BlackDynamite.lowercase_btree import PersistentLowerCaseBTree
from BTrees.OOBTree import OOBTree, OOSet, OOTreeSet
from ZEO.Exceptions import ClientDisconnected, ServerException
from ZODB.POSException import ConflictError

from motoko_airflow import batch, liveness
from motoko_airflow.config import StudyConfig, load_study_config, load_workflow_config
from motoko_airflow.exceptions import (
    BlackDynamiteError,
    JobParameterError,
    RunNameTakenError,
    ServerUnreachable,
)
from motoko_airflow.liveness import EXIT_FILE
from motoko_airflow.schema import (
    RUN_BUILTIN_FIELDS,
    TYPES,
    Constraint,
    expand_job_space,
    field_types,
    parse_constraint,
    parse_constraints,
    plain_or_same,
)
from motoko_airflow.schema import plain as _plain
from motoko_airflow.segments import EXACT
from motoko_airflow.servers import ZeoServer

__all__ = [
    "Constraint",
    "awaits_job_end",
    "FAILED_STATES",
    "FINAL_STATES",
    "RUN_DEFAULTS",
    "Study",
    "parse_constraint",
    "parse_constraints",
    "run_record",
]

FINISHED = "FINISHED"
FAILED_STATES = frozenset({"FAILED", "FAILURE"})
FINAL_STATES = FAILED_STATES | {FINISHED}
#: States of a run that has not finished executing.
PENDING_STATES = frozenset({"CREATED", "TOBELAUNCHED", "launched", "START"})
#: Pending states of a run that has been launched (its process should be alive).
LAUNCHED_STATES = PENDING_STATES - {"CREATED"}
#: States BlackDynamite's slurm coat gives a run whose job is queued or was signalled.
SLURM_STATES = frozenset({"SLURM submit", "SLURM stopped", "SLURM killed"})
#: How old (seconds) the listing of Slurm's queue a poll settles runs by may be: one
#: ``squeue`` serves every task polling in a process (a triggerer) at once.
_SLURM_QUEUE_AGE = 1.0
#: How long (seconds) a retry waits for the job of a FAILED attempt to end.
_JOB_END_WAIT = 20.0
#: Marks the runs launched through the wrapper (an attribute of the run).
LAUNCHED_BY = "motoko-airflow"
#: Put first on a run's ``PYTHONPATH``: hides uvloop from ``doIt.py`` (see the package).
RUN_SITE = str(Path(__file__).resolve().parent / "run_site")
#: Marks the runs submitted as Slurm array tasks (:mod:`motoko_airflow.slurm_arrays`).
LAUNCHED_BY_ARRAY = "motoko-airflow slurm array"
#: The built-in run fields Motoko (0.1.4, ``TaskManager._createRun``) only gives default
#: values, before ``run_params`` is applied over them: ``createTask(run_params=...)`` (or
#: ``bd.yaml``'s ``run_params``) may set them, e.g. ``{"nproc": 4}``. The other built-in
#: fields stay reserved: identity, bookkeeping and provenance set by motoko itself.
RUN_DEFAULTS: dict[str, Any] = {"machine_name": "localhost", "nproc": 1}
_RUN_INDEX = "MotokoRunIndex"
_RUN_NAMES = "MotokoRunNames"
_INDEX_UPTO = "MotokoIndexedUpTo"
_LOCK = threading.RLock()
_CONFLICT_RETRIES = 50
#: The size of ZEO's client cache of records (its default, 20 MB, holds the records of
#: about 20,000 runs: a batch read ahead of use (``_prefetch``) must fit in it)
_CLIENT_CACHE_BYTES = 64 * 1024 * 1024
#: Jobs written per transaction by :meth:`Study.create_runs` (bounds its memory).
_CREATE_CHUNK = 2000
#: Schema entry holding the ``types`` trees shared by the jobs and runs made here.
_SHARED_TYPES = "MotokoSharedTypes"
_STRUCTURED = (list, dict, set, tuple)


# --------------------------------------------------------------------------------------
# records


_INTERNAL_ATTRS = frozenset({"entries", "key_string", "types", "optional", "operators",
                             "configfiles", "quantities"})


def _fields(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.entries.items():
        with contextlib.suppress(TypeError):
            out[str(key)] = _plain(value)
    for key, value in obj.__dict__.items():
        if key.startswith("_") or key in _INTERNAL_ATTRS or key in out:
            continue
        if key == "t" and value is None:  # left by BlackDynamite's prepare(), not data
            continue
        with contextlib.suppress(TypeError):
            out[key] = _plain(value)
    return out


def _exact_fields(run: Any) -> dict[str, Any]:
    """The fields of ``run`` as tagged JSON (:func:`motoko_airflow.segments.encode`):
    tuples, sets, dicts keyed by other than strings and numpy numbers come back as the
    types ``doIt.py`` stored (BlackDynamite pickles them); a value no tag holds (a
    datetime, an object of the script's) as a marker that fails whoever reads it."""
    from motoko_airflow.exceptions import MotokoError
    from motoko_airflow.segments import OPAQUE, encode

    out: dict[str, Any] = {}
    fields = dict(run.entries.items())
    for key, value in run.__dict__.items():
        if key.startswith("_") or key in _INTERNAL_ATTRS or key in fields:
            continue
        if key == "t" and value is None:  # left by BlackDynamite's prepare(), not data
            continue
        fields[key] = value
    for key, value in fields.items():
        try:
            out[str(key)] = encode(value, {}, str(key))
        except MotokoError:
            out[str(key)] = {OPAQUE: type(value).__name__}
    return out


def run_record(study: str, run: Any, job: Any, *, exact: bool = False) -> dict[str, Any]:
    """The plain-JSON record of one run: what crosses process boundaries (XCom, triggers).

    Readable by default (what users see: ``motoko info``, the web view): tuples kept,
    dict keys as strings, values JSON cannot hold left out. ``exact``: the run's fields
    tagged (:func:`_exact_fields`, the record marked ``motoko_exact``) for a DAG's
    tasks, whose :class:`~motoko_airflow.execution.RunView` gives them back as the run's
    script stored them, as ``main`` reads them natively."""
    run_fields = _fields(run)
    record = {
        "study": study,
        "run_id": int(run.id),
        "job_id": int(job.id),
        "state": run_fields.get("state"),
        "job": _fields(job),
        "run": _exact_fields(run) if exact else run_fields,
    }
    if exact:
        record[EXACT] = True
    return record


# --------------------------------------------------------------------------------------
# studies


#: What BlackDynamite logs in every run's stderr at INFO level (which host, study, user,
#: run): left out of the tails shown on failure, where it buried the run's own error.
_BD_CHATTER = re.compile(r"^INFO:(addEnvBDArguments|\w+) \[\w+\.py:\d+\]: ")


def _tail(path: Path, lines: int = 20, chatter: re.Pattern[str] | None = None) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    if chatter is not None:
        text = [line for line in text if not chatter.match(line)]
    return "\n".join(text[-lines:])



def run_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a run executes in, from ``base`` (this process's): this Python's
    bin first, no stale BD vars, and (unless ``MOTOKO_RUN_UVLOOP=1``)
    :mod:`motoko_airflow.run_site` first on ``PYTHONPATH``, which keeps ZEO's client in
    ``doIt.py`` off uvloop."""
    env = {k: v for k, v in (os.environ if base is None else base).items()
           if not k.startswith("BLACKDYNAMITE_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                   env.get("PATH", "/usr/bin:/bin")])
    if env.get("MOTOKO_RUN_UVLOOP") != "1":
        env["PYTHONPATH"] = os.pathsep.join(
            [RUN_SITE] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep)
                          if p and p != RUN_SITE])
    return env

class Study:
    """One BlackDynamite study: a directory with ``bd.yaml``, its ``.bd`` and its runs.

    Constructing a Study reads ``bd.yaml`` and nothing else; servers and connections
    are made on demand.
    """

    def __init__(self, study_dir: str | os.PathLike[str], host: str | None = None,
                 workflow: str | None = None, *, start_server: bool = True,
                 cache_objects: int | None = None) -> None:
        self.directory = Path(study_dir).resolve()  # one spelling (see config.find_config)
        self.autostart = start_server  # start the ZEO server on connection if it is down
        #: How many objects the connection keeps in memory between transactions
        #: (ZODB's ``cache_size``; None: its default, 400). A long-lived reader that
        #: keeps a study's runs in memory (the web view) gives it room for them.
        self.cache_objects = cache_objects
        self.config: StudyConfig = load_study_config(self.directory)
        self.name = self.config.study
        self.host = host or f"zeo://{self.directory}"
        self.workflow = workflow
        self.server = ZeoServer(self.bd_dir, self.host, self.name, self.runs_dir)
        self._base: Any = None
        self._conf_files: tuple[Any, list[Any]] | None = None

    def __repr__(self) -> str:
        return f"Study({str(self.directory)!r}, host={self.host!r})"

    # ---- paths and server ---------------------------------------------------------

    @property
    def bd_dir(self) -> Path:
        return self.directory / ".bd"

    @property
    def runs_dir(self) -> Path:
        return self.directory / f"BD-{self.name}-runs"

    @property
    def zeo_socket(self) -> Path:
        return self.server.socket_path

    @property
    def tcp_address(self) -> tuple[str, int] | None:
        return self.server.tcp_address

    @property
    def exists(self) -> bool:
        return (self.bd_dir / "bd.zeo").exists()

    def server_status(self) -> str:
        """``running``, ``stopped`` or ``stale`` (a unix socket file nobody answers on)."""
        return self.server.status()

    def server_pid(self) -> int | None:
        """The pid of the ZEO server this project started for the study, if it runs."""
        return self.server.pid()

    def start_server(self, timeout: float = 20.0) -> None:
        """Start this study's ZEO server unless it is running (see :mod:`servers`)."""
        self.server.start(timeout)

    def stop_server(self, timeout: float = 10.0) -> bool:
        """Close this process's connection and stop the study's ZEO server. True if one
        was running."""
        self.close()
        return self.server.stop(timeout)

    # ---- creation -----------------------------------------------------------------

    def create(self) -> None:
        """Reset the study: stop its server and launcher, drop its data and runs, recreate.

        Confirmation is the caller's business (see ``Workflow.create``).
        """
        from motoko_airflow.launcher import stop_launcher

        stop_launcher(self)
        self.stop_server()
        shutil.rmtree(self.bd_dir, ignore_errors=True)
        shutil.rmtree(self.runs_dir, ignore_errors=True)
        self.bd_dir.mkdir(parents=True)
        self.server.start(new=True)
        with self.session() as base:
            job_desc = base.Job()
            for name, type_name in self.config.job.items():
                job_desc.types[name.lower()] = TYPES[type_name]
            run_desc = base.Run()
            for name, type_name in self.config.run.items():
                run_desc.types[name.lower()] = TYPES[type_name]
            base.createSchema({"yes": True})
            schema = base.root.schemas[base.schema]
            schema["job_desc"] = job_desc
            schema["run_desc"] = run_desc
            schema[_RUN_INDEX] = OOBTree()
            schema[_RUN_NAMES] = OOBTree()
            schema[_INDEX_UPTO] = 1
            transaction.commit()

    # ---- connection ---------------------------------------------------------------

    def _connect(self) -> Any:
        # a study served over TCP may be stored on another host: its server tells
        if not self.exists and self.tcp_address is None:
            raise BlackDynamiteError(
                f"{self.directory} holds no BlackDynamite database; run 'motoko create' "
                "on the workflow first", study=self.name)
        if not self.exists:  # stored on another host: a client's .bd here
            self.server.client_config()
        if self.autostart:
            self.start_server()
        elif self.server_status() != "running":
            raise ServerUnreachable(f"the ZEO server at {self.host} is not running",
                                    study=self.name, host=self.host)
        base = base_zeo.BaseZEO.__new__(base_zeo.BaseZEO)
        bd_base.AbstractBase.__init__(base, study=self.name, should_not_check_study=True)
        base.bd_conf_files = {}
        base.ConfFile = conffile_zeo.ConfFile
        from BlackDynamite.constraints_zeo import ZEOconstraints

        base.BDconstraints = ZEOconstraints
        base.host = self.host
        base.root_dir = str(self.directory)
        base.setConfPaths()
        base.config = dict(self.config.raw)
        address = self.tcp_address
        if address is not None:
            base.dbhost, base.port = address
        else:  # the short address of a long or odd path (see servers.study_root)
            base.zeo_socket = str(self.zeo_socket)
        try:
            # As BlackDynamite's buildConnection, but with server_sync: each transaction
            # starts after a round trip to the server, so it sees every commit made
            # before it (a run that just finished in another process is FINISHED here).
            import ZEO
            import ZODB

            storage = ZEO.client(address if address else str(self.zeo_socket),
                                 read_only=False, server_sync=True, blob_dir=base.zeo_blob,
                                 shared_blob_dir=True, wait_timeout=5,
                                 cache_size=_CLIENT_CACHE_BYTES)
            try:
                base.db = ZODB.DB(storage, cache_size=self.cache_objects or 400)
            except Exception:
                storage.close()
                raise
            base.connection = base.db.open()
            base.root = base.connection.root
        except Exception as exc:  # ZEO raises ClientDisconnected and friends
            raise ServerUnreachable(
                f"cannot connect to the ZEO server at {self.host}: {exc}; check that it "
                "runs ('motoko info --verbose') or restart it", study=self.name,
                host=self.host) from exc
        schemas = getattr(base.root, "schemas", None)
        found = [s for s in schemas if s.endswith(f"_{self.name}")] if schemas else []
        if not found and address is not None and not self.exists:
            base.db.close()
            raise BlackDynamiteError(
                f"the ZEO server at {self.host} holds no study {self.name!r}; run "
                "'motoko create' on the workflow on the host that stores it",
                study=self.name)
        base.schema = found[0] if found else f"{getpass.getuser()}_{self.name}"
        return base

    @property
    def base(self) -> Any:
        """The BlackDynamite ``BaseZEO`` of this study (connected on first use)."""
        if self._base is None:
            with _LOCK:
                self._base = self._connect()
        return self._base

    @property
    def connected(self) -> bool:
        """Whether this Study has a connection and it is connected to its server."""
        return self._base is not None and bool(self._base.db.storage.is_connected())

    def close(self) -> None:
        if self._base is not None:
            with contextlib.suppress(Exception):
                transaction.abort()
                self._base.connection.close()
                self._base.db.close()
            self._base = None

    @contextlib.contextmanager
    def session(self) -> Iterator[Any]:
        """Make this study BlackDynamite's current base, under the process-wide lock."""
        with _LOCK:
            base = self.base
            previous = base_zeo.BaseZEO.singleton_base
            base_zeo.BaseZEO.singleton_base = base
            try:
                yield base
            except ClientDisconnected as exc:
                raise self._unreachable(exc) from exc
            finally:
                if previous is not None:
                    base_zeo.BaseZEO.singleton_base = previous

    def _unreachable(self, exc: Exception) -> BlackDynamiteError:
        return ServerUnreachable(
            f"its ZEO server ({self.host}) does not answer ({exc}); if it was stopped, "
            "run the command again (servers start on demand), else see "
            f"{self.bd_dir / 'zeo.log'}", study=self.name, host=self.host)

    def _schema(self, base: Any) -> Any:
        try:
            return base.root.schemas[base.schema]
        except (AttributeError, KeyError):
            raise BlackDynamiteError(
                "the database holds no schema for this study; run 'motoko create'",
                study=self.name) from None

    @functools.cached_property
    def slurm(self) -> batch.SlurmSettings | None:
        """The workflow's Slurm launch (its ``slurm_options`` and ``resources:``) when its
        runs are submitted to Slurm (``generator: slurm``), else None. Read from
        ``motoko.yaml`` on first use; a study without a workflow has none."""
        if not self.workflow:
            return None
        config = load_workflow_config(self.workflow)
        if config.generator != "slurmCoat":
            return None
        return batch.SlurmSettings(config.generator_options, config.resources)

    @property
    def types(self) -> dict[str, dict[str, type]]:
        """Field types of runs and jobs, as constraints see them."""
        return field_types(self.config)

    # ---- transactions -------------------------------------------------------------

    @staticmethod
    def sync() -> None:
        """End the current transaction so the next reads see other processes' commits.

        Pending changes (a callback's ``run.state = ...``) are committed, as Motoko does.
        Other processes' commits arrive as invalidation messages, usually at once; where
        a read must see every commit made before it, use :meth:`refresh`.
        """
        try:
            transaction.commit()
        except ConflictError:
            transaction.abort()
            raise

    def refresh(self) -> None:
        """:meth:`sync`, then bring this study's view up to date with a round trip to
        its server: every commit made before now is seen (a run whose script has just
        ended FINISHED is FINISHED here). Only this study's connection is touched."""
        self.sync()
        if self._base is not None:
            try:
                self._base.connection.newTransaction(None, True)
            except ClientDisconnected as exc:
                raise self._unreachable(exc) from exc

    def _write(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``work(base, ...)`` as one transaction, redone whole on a ZODB conflict."""
        self.sync()
        for attempt in range(_CONFLICT_RETRIES):
            with self.session() as base:
                try:
                    result = work(base, *args, **kwargs)
                    transaction.commit()
                    return result
                except ConflictError:
                    transaction.abort()
                    time.sleep(min(0.5, 0.01 * 2**min(attempt, 6)))
                except ServerException as exc:
                    transaction.abort()
                    raise self._refused_write(exc) from exc
                except BaseException:
                    transaction.abort()
                    raise
        raise BlackDynamiteError(
            f"gave up after {_CONFLICT_RETRIES} conflicting concurrent writes", study=self.name)

    def _refused_write(self, exc: ServerException) -> Exception:
        """What to raise for a write the study's server refused: its full disk says
        where it is (the server's ``('builtins.OSError', (28, ...))`` names no path)."""
        if "No space left on device" in str(exc):
            return OSError(errno.ENOSPC, "No space left on device (the study's ZEO server "
                           "could not store a change)", str(self.bd_dir))
        return exc

    # ---- jobs and runs ------------------------------------------------------------

    def expand_job_space(self, job_params: dict[str, Any]) -> list[dict[str, Any]]:
        """Merge ``job_params`` over ``bd.yaml``'s ``job_space`` and expand list values
        (:func:`motoko_airflow.schema.expand_job_space`)."""
        return expand_job_space(self.config, job_params, self.name)

    def _prepared_files(self) -> tuple[Any, list[Any]]:
        if self._conf_files is None:
            names = [self.config.exec_file, "doIt.py", *self.config.config_files]
            files = []
            for name in dict.fromkeys(names):
                path = self.directory / name
                if not path.is_file():
                    if name == "doIt.py":
                        continue
                    raise BlackDynamiteError(f"{path} not found: each run executes it",
                                             study=self.name)
                files.append(conffile_zeo.ConfFile(str(path)))
            self._conf_files = (files[0], files)
        return self._conf_files

    def _sync_index(self, base: Any, schema: Any) -> tuple[Any, Any]:
        """The run index, brought up to date with runs made outside motoko-airflow.

        The schema is BlackDynamite's lower-casing tree: ``key in schema`` compares the
        key with its lower-cased keys (never equal here), so presence is tested by item
        access, which lower-cases; testing with ``in`` rebuilt the index at every call.
        """
        try:
            index, names = schema[_RUN_INDEX], schema[_RUN_NAMES]
            upto = schema[_INDEX_UPTO]
        except KeyError:
            index, names, upto = OOBTree(), OOBTree(), 1
            schema[_RUN_INDEX], schema[_RUN_NAMES], schema[_INDEX_UPTO] = index, names, upto
        counter = base.runs_counter
        if upto < counter:
            stored = base.runs.entries
            for run_id in range(upto, counter):
                run = stored.get(run_id)
                if run is not None:
                    self._index_run(index, names, run)
            schema[_INDEX_UPTO] = counter
        return index, names

    @staticmethod
    def _key_params(run_params: dict[str, Any]) -> str:
        """The run parameters' part of a run's index key.

        A field of :data:`RUN_DEFAULTS` counts only when it differs from its default: a run
        given ``nproc: 1`` is stored exactly as one given nothing (the same run), and the
        keys of runs made before these fields could be set are unchanged (as are those
        of runs made by BlackDynamite's own tools without them).
        """
        params = {k: v for k, v in run_params.items()
                  if not (k in RUN_DEFAULTS and (v is None or v == RUN_DEFAULTS[k]))}
        return json.dumps(params, sort_keys=True, default=str)

    @classmethod
    def _run_key(cls, job_id: int, run_name: Any, event_name: Any,
                 run_params: dict[str, Any]) -> tuple[Any, ...]:
        return (int(job_id), str(run_name), str(event_name), cls._key_params(run_params))

    def _index_run(self, index: Any, names: Any, run: Any) -> None:
        entries = dict(run.entries.items())
        user = {k: v for k, v in entries.items()
                if (k not in RUN_BUILTIN_FIELDS or k in RUN_DEFAULTS)
                and k != "start_time" and k != "last_step_time"}
        if user.pop("host_recorded", None):  # the host that ran it, not a parameter
            user.pop("machine_name", None)
        key = self._run_key(entries.get("job_id", 0), entries.get("run_name"),
                            entries.get("event_name"), user)
        index[key] = int(run.id)
        ids = names.get(str(entries.get("run_name")))
        if ids is None:
            ids = OOTreeSet()
            names[str(entries.get("run_name"))] = ids
        ids.add(int(run.id))

    def create_runs(
        self,
        job_params: dict[str, Any],
        run_params: dict[str, Any] | None = None,
        *,
        run_name: str,
        event_name: str = "createTask",
        retry_failed: bool = False,
        retry_token: str | None = None,
        dag_id: str | None = None,
    ) -> list[tuple[Any, Any]]:
        """Create (or find) one run per point of the job space, idempotently.

        The same (job, run_name, event_name, run parameters) always maps to the same
        run; ``retry_failed=True`` gives a FAILED one a new attempt (a new run), and so
        does a ``retry_token`` other than the one the FAILED attempt was made with (an
        Airflow task passes its DAG run and try number, so each try retries once). The
        FAILED attempt is kept, marked ``superseded_by`` the new one, and leaves the
        selections. Returns ``(run, job)`` pairs in job-space order. When such a retry
        finds a launched run whose process is gone (see :meth:`settle_exited`), that run
        is marked FAILED first and gets its new attempt, instead of being adopted.

        Large job spaces are written in transactions of :data:`_CREATE_CHUNK` jobs, each
        redone alone on a conflict (the run index makes the redo find what is already
        there), so memory stays bounded; committed objects are released after each one.

        ``dag_id``: the Airflow DAG asking (recorded on the runs it makes). A run name
        belongs to the DAG that first made runs under it in this study: another DAG of
        the same workflow asking for runs under it gets :class:`RunNameTakenError`
        (its runs would be read, adopted and added to through the other DAG's view).
        """
        merged_run_params = dict(self.config.run_params)
        for key, value in (run_params or {}).items():
            current = merged_run_params.get(key)
            if isinstance(value, dict) and isinstance(current, dict):
                merged_run_params[key] = {**current, **value}
            else:
                merged_run_params[key] = value
        user_run_params = {k.lower(): plain_or_same(v) for k, v in merged_run_params.items()}
        for key, value in user_run_params.items():
            self._check_run_param(key, value)
        space = self.expand_job_space(job_params)
        exec_file, files = self._prepared_files()
        created: list[tuple[Any, Any]] = []
        for start in range(0, len(space), _CREATE_CHUNK) or [0]:
            chunk = space[start:start + _CREATE_CHUNK]
            created.extend(self._write(self._create_runs, chunk, user_run_params, exec_file,
                                       files, run_name, event_name, retry_failed,
                                       retry_token, dag_id))
            if len(space) > _CREATE_CHUNK:
                with self.session() as base:
                    base.connection.cacheGC()  # ghost what is committed: bounded memory
        return created

    def _check_run_param(self, key: str, value: Any) -> None:
        """Refuse a run parameter naming a reserved built-in field, or giving a field of
        :data:`RUN_DEFAULTS` a value of the wrong type."""
        if key in RUN_BUILTIN_FIELDS and key not in RUN_DEFAULTS:
            raise JobParameterError(
                f"study {self.name}: run parameter {key!r} is set by motoko itself and "
                f"cannot be given in run_params; of the built-in run fields only "
                f"{', '.join(sorted(RUN_DEFAULTS))} can be", self.name, key)
        if key == "nproc" and not (isinstance(value, int) and not isinstance(value, bool)
                                   and value >= 1):
            raise JobParameterError(
                f"study {self.name}: run parameter 'nproc' must be a positive int, got "
                f"{value!r} ({type(value).__name__})", self.name, key)
        if key == "machine_name" and not (isinstance(value, str) and value):
            raise JobParameterError(
                f"study {self.name}: run parameter 'machine_name' must be a non-empty str, "
                f"got {value!r} ({type(value).__name__})", self.name, key)

    def _create_runs(self, base: Any, space: list[dict[str, Any]], user: dict[str, Any],
                     exec_file: Any, files: list[Any], run_name: str, event_name: str,
                     retry_failed: bool, retry_token: str | None,
                     dag_id: str | None = None) -> list[tuple[Any, Any]]:
        """One transaction of :meth:`create_runs`.

        Jobs and runs are stored as BlackDynamite's ``BaseZEO.insert`` stores them (ids
        from its counters, ``jobs_index``/``runs_index`` entries, ``job.runs[id]``,
        state CREATED, the same attributes and entries), built from one prototype made
        by BlackDynamite's own constructors instead of two deep copies per object. The
        ``types`` tree, which BlackDynamite only writes while constructing an object, is
        one persistent tree shared by all the objects of the same types; ``job.runs[id]``
        is the run itself rather than a stale copy of it.
        """
        schema = self._schema(base)
        index, names = self._sync_index(base, schema)
        if dag_id is not None:
            self._check_run_name_owner(base.runs.entries, names, run_name, dag_id)
        configfiles = base.configfiles
        for f in files:
            if f.id not in configfiles:
                configfiles[f.id] = f
        maker = _Maker(base, schema)
        jobs, runs = base.jobs, base.runs
        jobs_index, runs_index = base.jobs_index, base.runs_index
        next_job = first_job = base.jobs_counter
        next_run = first_run = base.runs_counter
        fixed: dict[str, Any] = dict(maker.run_entries)
        fixed.update(RUN_DEFAULTS)  # user run parameters override these (as in Motoko)
        fixed.update({"run_name": run_name, "event_name": event_name})
        file_ids = [f.id for f in files]
        slurm = self.slurm
        key_params = self._key_params(user)
        key_name, key_event = str(run_name), str(event_name)
        run_entries = runs.entries
        name_ids = None
        retrying = retry_failed or retry_token is not None
        ended: dict[int, batch.SlurmJob] = {}
        if retrying and slurm is not None:  # how the retried runs' Slurm jobs ended
            retried = []
            for entries in space:
                job_id = jobs_index.get(maker.job_params(entries))
                run_id = None if job_id is None else index.get(
                    (int(job_id), key_name, key_event, key_params))
                existing = None if run_id is None else run_entries.get(run_id)
                if existing is not None and (retry_failed or existing.entries.get(
                        "retry_token") != retry_token):
                    retried.append(existing)
            ended = _ended_jobs(retried)  # one squeue for all
        created: list[tuple[Any, Any]] = []
        for entries in space:
            params = maker.job_params(entries)
            job_id = jobs_index.get(params)
            if job_id is None:
                job_id = next_job
                next_job += 1
                job = maker.job(entries, job_id)
                jobs_index[params] = job_id
                jobs[job_id] = job
            else:
                job = jobs[job_id]
            run_key = (int(job_id), key_name, key_event, key_params)
            run_id = index.get(run_key)
            attempt = 1
            superseded = None
            if run_id is not None:
                existing = run_entries.get(run_id)
                if existing is None:  # deleted by BlackDynamite's own tools
                    del index[run_key]
                elif not retrying:  # found; not loaded from the database
                    created.append((existing, job))
                    continue
                else:
                    previous = int(existing.entries.get("attempt") or 1)
                    retry = retry_failed or (retry_token is not None and
                                             existing.entries.get("retry_token") != retry_token)
                    if retry and existing["state"] in LAUNCHED_STATES:
                        _settle_if_dead(existing)  # a dead run gets its new attempt now
                    if retry and int(existing.id) in ended:  # so does one whose Slurm
                        _record_job_end(existing, ended[int(existing.id)])  # job ended
                    if not (retry and existing["state"] in FAILED_STATES):
                        created.append((existing, job))
                        continue
                    attempt = previous + 1
                    superseded = existing
            run_id = next_run
            next_run += 1
            values = dict(fixed)
            values["attempt"] = attempt
            if retry_token is not None:
                values["retry_token"] = retry_token
            if self.workflow:
                values["workflow"] = self.workflow
            if dag_id is not None:
                values["dag_id"] = dag_id
            for key, value in user.items():
                values[key] = _fresh(value)
            values["exec"] = exec_file.id
            values["job_id"] = job_id
            values["id"] = run_id
            values["state"] = "CREATED"
            run, run_params = maker.run(values, file_ids)
            if slurm is not None:
                _ask_resources(run, slurm, user.get("slurm_options"), superseded)
            if not hasattr(job, "runs"):
                job.runs = PersistentLowerCaseBTree(key_string="runs_")
            job.runs[run_id] = run
            runs_index[run_params] = run_id
            runs[run_id] = run
            index[run_key] = run_id
            if superseded is not None:
                superseded["superseded_by"] = run_id
            if name_ids is None:
                name_ids = names.get(run_name)
                if name_ids is None:
                    name_ids = OOTreeSet()
                    names[run_name] = name_ids
            name_ids.add(run_id)
            created.append((run, job))
        if next_job != first_job:
            base.jobs_counter = next_job
        if next_run != first_run:
            base.runs_counter = next_run
            schema[_INDEX_UPTO] = next_run
        return created

    def _check_run_name_owner(self, stored: Any, names: Any, run_name: str,
                              dag_id: str) -> None:
        """Refuse ``run_name`` to ``dag_id`` when another DAG made runs under it here
        (runs made outside Airflow, with no DAG recorded, belong to no DAG). Reads the
        runs of the run name until one names a DAG: one, once a DAG has made some."""
        for run_id in names.get(run_name, ()):
            run = stored.get(run_id)
            owner = None if run is None else run.entries.get("dag_id")
            if owner is None:
                continue
            if owner != dag_id:
                raise RunNameTakenError(
                    f"run name {run_name!r} is already used by DAG {owner!r} of this "
                    f"workflow; trigger {dag_id!r} with another run_name", study=self.name)
            return

    def get_run(self, run_id: int) -> tuple[Any, Any]:
        with self.session() as base:
            try:
                run = base.runs[int(run_id)]
            except KeyError:
                raise BlackDynamiteError(f"no run with id {run_id}", study=self.name) from None
            return run, base.jobs[run.job_id]

    def select(
        self, constraints: str | Sequence[str] | None = None, *, run_name: str | None = None,
        current_only: bool = True,
    ) -> list[tuple[Any, Any]]:
        """The ``(run, job)`` pairs matching every constraint, in run-id order.

        ``run_name`` scopes the selection to one workflow run through the run-name index.
        FAILED attempts superseded by a retry are left out unless ``current_only`` is
        false.
        """
        parsed = parse_constraints(constraints, self.types)
        return self.select_parsed(parsed, run_name=run_name, current_only=current_only)

    def select_parsed(self, parsed: list[Constraint], *, run_name: str | None = None,
                      current_only: bool = True) -> list[tuple[Any, Any]]:
        types = self.types
        with self.session() as base:
            schema = self._schema(base)
            runs, jobs = base.runs, base.jobs
            names = _lookup(schema, _RUN_NAMES)
            if run_name is not None and names is not None:
                upto = _lookup(schema, _INDEX_UPTO) or 1
                ids = list(names.get(run_name, ()))
                extra = range(upto, base.runs_counter)  # made outside motoko-airflow
                found = [_lookup(runs, i) for i in ids] + [
                    r for r in (_lookup(runs, i) for i in extra)
                    if r is not None and r["run_name"] == run_name]
                candidates = [r for r in found if r is not None]  # deleted by other tools
            else:
                candidates = [r for _, r in runs.items()]
                if run_name is not None:
                    candidates = [r for r in candidates if r["run_name"] == run_name]
            out = []
            for run in candidates:
                if current_only and run.entries.get("superseded_by") is not None:
                    continue
                job = jobs[run.job_id]
                if all(c.matches(run, job, types) for c in parsed):
                    out.append((run, job))
            return out

    def runs_of(self, run_name: str | None = None) -> list[Any]:
        """Every run of ``run_name`` (of the study: None), superseded attempts included,
        in run-id order, without their jobs. (Read their fields from ``run.entries``:
        BlackDynamite's attribute access costs ~10 µs a field, 0.1 s per 10,000 runs.)

        A run costs BlackDynamite's store two objects (the run and its ``entries``
        tree) plus a share of the runs tree's buckets; read one by one, each is a round
        trip to the ZEO server. Here the runs, then their entries, are asked for in one
        pipelined batch each (ZEO's prefetch), and objects already in this connection's
        cache are not read again at all.
        """
        with self.session() as base:
            schema = self._schema(base)
            stored = base.runs.entries
            names = _lookup(schema, _RUN_NAMES)
            if run_name is not None and names is not None:
                upto = _lookup(schema, _INDEX_UPTO) or 1
                ids = sorted({*names.get(run_name, ()), *range(upto, base.runs_counter)})
                found = [r for r in (stored.get(i) for i in ids) if r is not None]
            else:
                found = list(stored.values())  # in id order (a BTree's)
            _prefetch(base, found)
            _prefetch(base, [r.entries for r in found])
            if run_name is not None:  # those made outside motoko-airflow, since indexed
                found = [r for r in found if r.entries.get("run_name") == run_name]
            return found

    def jobs_of(self, job_ids: Iterable[int]) -> dict[int, Any]:
        """The jobs of these ids (those that exist), read as :meth:`runs_of` reads runs."""
        with self.session() as base:
            stored = base.jobs.entries
            found = {int(i): stored.get(int(i)) for i in set(job_ids)}
            jobs = {i: j for i, j in found.items() if j is not None}
            _prefetch(base, list(jobs.values()))
            _prefetch(base, [j.entries for j in jobs.values()])
            return jobs

    def states(self, run_ids: Iterable[int]) -> dict[int, str]:
        with self.session() as base:
            runs = base.runs
            return {int(i): runs[int(i)]["state"] for i in run_ids}

    def set_state(self, run_id: int, state: str, only_if: Iterable[str] | None = None) -> bool:
        """Set one run's state (redone on conflicts). With ``only_if``, only from those
        states; returns whether it was set."""
        allowed = None if only_if is None else set(only_if)

        def work(base: Any) -> bool:
            run = base.runs[int(run_id)]
            if allowed is not None and run["state"] not in allowed:
                return False
            run["state"] = state
            return True

        return bool(self._write(work))

    def output_tail(self, run: Any, lines: int = 15) -> str:
        """The last lines of a run's stdout and stderr files, for error messages."""
        path = run.entries.get("run_path") if hasattr(run, "entries") else None
        if not path:
            return f"  run {run.id}: never launched, no output"
        files = [Path(path) / f"{run['run_name']}.{suffix}{run.id}" for suffix in ("o", "e")]
        # a batch system writes a run's output to its own files (Slurm: slurm-<job>.out)
        files += sorted(Path(path).glob("slurm-*.out"))
        parts = []
        for f in files:
            text = _tail(f, lines, chatter=_BD_CHATTER)
            body = "\n".join("  " + t for t in text.splitlines()) if text else "  (empty)"
            parts.append(f"  --- {f} ---\n{body}")
        return "\n".join(parts)

    def clean(self, constraints: str | Sequence[str] | None = None, *,
              run_name: str | None = None, delete: bool = False,
              only: Iterable[int] | None = None) -> list[int]:
        """Reset matching runs to CREATED (their output removed), or delete them.

        The constraints are parsed (and refused) before anything changes. ``only``
        restricts it to these run ids: the runs a caller listed, or had confirmed (one
        that matches only by now is left alone). Returns the ids of the runs cleaned.
        """
        parsed = parse_constraints(constraints, self.types)
        wanted = None if only is None else {int(i) for i in only}

        def work(base: Any) -> list[int]:
            schema = self._schema(base)
            index, names = self._sync_index(base, schema)
            done = []
            for run, job in self.select_parsed(parsed, run_name=run_name):
                if wanted is not None and int(run.id) not in wanted:
                    continue
                path = run.entries.get("run_path")
                if path and Path(path).is_dir():
                    shutil.rmtree(path)
                if delete:
                    run_id = int(run.id)
                    for key in [k for k, v in index.items() if v == run_id]:
                        del index[key]
                    ids = names.get(str(run["run_name"]))
                    if ids is not None and run_id in ids:
                        ids.remove(run_id)
                    if hasattr(job, "runs") and run_id in job.runs.entries:
                        del job.runs[run_id]
                    del base.runs[run_id]
                else:
                    run.quantities = OOBTree()
                    run["state"] = "CREATED"
                    run["start_time"] = None
                    run["run_path"] = None
                    if "failure_reason" in run.__dict__:
                        del run.failure_reason
                done.append(int(run.id))
            return done

        return list(self._write(work))

    # ---- launching ----------------------------------------------------------------

    def prepare_launch(self, run_ids: Sequence[int], generator: str = "bashCoat",
                       options: Sequence[str] = ()) -> list[tuple[int, Path, str]]:
        """Move CREATED runs to ``launched`` and write their run directories.

        Returns ``(run_id, run_dir, out_name)`` for each run this call claimed; runs that
        are not CREATED any more (claimed elsewhere) are left alone.
        """
        if generator != "bashCoat":
            raise BlackDynamiteError(
                f"generator {generator} launches through BlackDynamite's own launcher; "
                "use 'motoko launcher' (launch: daemon)", study=self.name)
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        return list(self._write(self._claim, list(run_ids)))

    def _claim(self, base: Any, run_ids: list[int]) -> list[tuple[int, Path, str]]:
        import BlackDynamite

        claimed = []
        for run_id in run_ids:
            run = base.runs[int(run_id)]
            if run["state"] != "CREATED":
                continue
            run_dir = self.runs_dir / f"run-{run.id}"
            run["state"] = "launched"
            run["run_path"] = str(run_dir)
            if run.entries.get("host_recorded") or run["machine_name"] in (
                    None, RUN_DEFAULTS["machine_name"]):  # unless run_params named one
                run["machine_name"] = socket.gethostname()
                run["host_recorded"] = True
            run.blackdynamite_version = getattr(BlackDynamite, "__version__", "")
            run.launched_by = LAUNCHED_BY
            run_dir.mkdir(parents=True, exist_ok=True)
            (run_dir / EXIT_FILE).unlink(missing_ok=True)  # from an earlier launch
            (run_dir / liveness.PROCESS_FILE).unlink(missing_ok=True)
            exec_id = run["exec"]
            for conf in run.getConfigFiles():
                text = conf["file"]
                mode = 0o644
                if conf.id == exec_id or conf.filename == self.config.exec_file:
                    text = self._exec_header(base, run) + text
                    mode = 0o755
                target = run_dir / conf.filename
                target.write_text(text)
                target.chmod(mode)
            claimed.append((int(run.id), run_dir, f"{run['run_name']}"))
        return claimed

    def _exec_header(self, base: Any, run: Any) -> str:
        """BlackDynamite's environment for ``doIt.py``, every value quoted for the shell.

        ``BLACKDYNAMITE_HOST`` is the study as BlackDynamite must see it
        (``ZeoServer.bd_host``): from it ``getRunFromScript`` finds the study's root,
        ``bd.yaml`` and ``zeo.conf``, whose address it connects to. For a study whose path
        is long or not plain that is its short alias, so that every path BlackDynamite
        derives (sockets, its own server's zdaemon config and commands) is short and plain.
        """
        variables = {
            "HOST": self.server.bd_host,
            "STUDY": base.schema,
            "SCHEMA": base.schema,
            "RUN_ID": run.id,
            "USER": getpass.getuser(),
        }
        return "#!/bin/bash\n" + "".join(
            f"export BLACKDYNAMITE_{name}={shlex.quote(str(value))}\n"
            for name, value in variables.items())

    def launch_command(self, run_id: int, run_dir: Path, run_name: str) -> list[str]:
        """The command that runs one claimed run and marks it FAILED on a non-zero exit."""
        exec_name = shlex.quote(Path(self.config.exec_file).name)
        out = shlex.quote(f"{run_name}.o{run_id}")
        err = shlex.quote(f"{run_name}.e{run_id}")
        mark = " ".join(shlex.quote(a) for a in [
            sys.executable, "-m", "motoko_airflow.launcher", "--mark-exit",
            str(self.directory), "--host", self.host, "--run-id", str(run_id)])
        done, partial = shlex.quote(EXIT_FILE), shlex.quote(f"{EXIT_FILE}.tmp")
        script = (f"cd {shlex.quote(str(run_dir))} && ./{exec_name} > {out} 2> {err}; "
                  f"rc=$?; echo $rc > {partial} && mv {partial} {done}; "
                  f"[ $rc -eq 0 ] || exec {mark} --exit-code $rc")
        return ["bash", "-c", script]

    def run_environment(self) -> dict[str, str]:
        """The environment a run executes in (:func:`run_environment`)."""
        return run_environment()

    def script_running(self, run_ids: Iterable[int]) -> set[int]:
        """The runs launched here whose script has not ended yet (no exit file), even if
        the run is already FINISHED: ``launch.sh`` may still fail after ``doIt.py``.

        A script whose process is gone without leaving its exit code (killed after
        ``doIt.py`` finished the run) has ended too: its FINISHED run is not waited for
        forever. So has one whose run directory is not on this host (it executed on
        another host, in that host's copy of the study): its state decides.
        """
        running = set()
        with self.session() as base:
            for run_id in run_ids:
                run = base.runs[int(run_id)]
                path = run.entries.get("run_path")
                if getattr(run, "launched_by", None) == LAUNCHED_BY and path and \
                        Path(path).is_dir() and not (Path(path) / EXIT_FILE).exists() and \
                        liveness.gone_process(Path(path)) is None:
                    running.add(int(run_id))
        return running

    def settle_exited(self, run_ids: Iterable[int]) -> None:
        """Mark FAILED the runs whose launch script has ended without finishing them,
        or has failed (even after ``doIt.py`` finished the run), or whose process is
        gone without leaving an exit code.

        The launch wrapper leaves the script's exit code in the run directory; a run
        still pending with that file there will never finish. (The wrapper marks a
        failed script's run FAILED itself, just after: this closes the gap.)

        A launched run (``launched``/``START``) with no exit file whose process, as the
        launcher recorded it (:mod:`motoko_airflow.liveness`), is gone (killed, or
        SIGKILLed with its process group, ...) will never finish either: it is marked
        FAILED with ``run.failure_reason`` naming the process and host. Only runs
        recorded on this host, in this boot and pid namespace, can be checked; runs
        recorded elsewhere, and runs with no record (launched by BlackDynamite's own
        daemons), are left alone. Costs a stat per run, for launched runs without an exit
        file the read of a small file, and when their wrapper has ended a scan of /proc
        for the rest of its process group.

        Runs submitted to Slurm (``generator: slurm``) are settled by their job
        (:meth:`settle_slurm_jobs`).
        """
        run_ids = list(run_ids)
        with self.session() as base:
            ended = []
            for run_id in run_ids:
                run = base.runs[int(run_id)]
                path = run.entries.get("run_path")
                if path and (run["state"] in PENDING_STATES or run["state"] == FINISHED):
                    ended.append((int(run_id), run["state"], Path(path)))
        for run_id, state, run_dir in ended:
            code = _exit_code(run_dir)
            if code is None and state in LAUNCHED_STATES:
                gone = liveness.gone_process(run_dir)
                if gone is not None:
                    self.mark_dead(run_id, gone)
                    continue
                code = _exit_code(run_dir)  # it may have ended since
            if code is not None and (state in PENDING_STATES or code != 0):
                self.mark_exit(run_id, code)
        if self.slurm is not None:
            self.settle_slurm_jobs(run_ids)

    def settle_slurm_jobs(self, run_ids: Iterable[int]) -> None:
        """Record how the Slurm jobs of these runs ended (``run.batch_job``), and mark
        FAILED, with the reason (``run.failure_reason``: "Slurm job 12 ended TIMEOUT
        (time limit 00:01:00)"), a run its job left unfinished (still ``SLURM submit``
        or START: BlackDynamite's job script traps the signals Slurm sends at and 60 s
        before the time limit and exits 0, so Slurm's state of the job, not the run's,
        tells why). A job that COMPLETED in its last minute, its run unfinished, was
        stopped at that warning: it ran out of time (``SlurmJob.warned``). A run whose
        job has not ended, or was not submitted yet, is left alone. One ``squeue`` (at
        most a second old) for the runs whose job end is not recorded yet, and a
        ``scontrol show job`` for each ended job; nothing if Slurm cannot be asked.
        """
        with self.session() as base:
            wanted = _slurm_candidates(base.runs[int(i)] for i in run_ids)
        if not wanted:
            return
        try:
            jobs = _find_jobs(wanted, max_age=_SLURM_QUEUE_AGE)
        except batch.SlurmUnavailable:
            return
        for name, job in jobs.items():
            if job.ended:
                self._write(_record_run_job_end, wanted[name][0], job)

    def await_job_ends(self, run_name: str | None, timeout: float) -> int:
        """Wait, up to ``timeout`` seconds, until how the Slurm job of every ended run of
        ``run_name`` ended is recorded (:meth:`settle_slurm_jobs`): the last runs of a
        sweep end a moment before Slurm's accounting has their figures, and no launcher
        polls for them once ``motoko run`` is over. Returns how many are still not
        recorded (0 without Slurm). After :data:`batch.ACCOUNTING_LAG` seconds a job
        sacct does not know is recorded from ``scontrol`` (or as forgotten): a timeout
        above it settles every run whose job has ended."""
        if self.slurm is None:
            return 0
        deadline = time.monotonic() + timeout
        while True:
            self.refresh()
            waiting = [int(r.id) for r, _ in self.select(run_name=run_name,
                                                        current_only=False)
                       if awaits_job_end(r) and r["state"] not in LAUNCHED_STATES
                       and r["state"] not in SLURM_STATES]
            if not waiting or time.monotonic() > deadline:
                return len(waiting)
            self.settle_slurm_jobs(waiting)
            time.sleep(1.0)

    def mark_dead(self, run_id: int, gone: liveness.ProcessRecord) -> bool:
        """Mark FAILED a launched run whose recorded process is gone, with the reason in
        ``run.failure_reason`` (redone on conflicts). Only while the run is still
        launched by that process (not finished, cleaned or launched again meanwhile);
        returns whether it was marked."""
        reason = gone.reason()

        def work(base: Any) -> bool:
            run = base.runs[int(run_id)]
            path = run.entries.get("run_path")
            if run["state"] not in LAUNCHED_STATES or not path or \
                    liveness.ProcessRecord.read(Path(path)) != gone:
                return False
            run["state"] = "FAILED"
            run.failure_reason = reason
            return True

        return bool(self._write(work))

    def mark_exit(self, run_id: int, exit_code: int) -> str:
        """Record how a run's launch script ended; returns the run's state after it.

        A script that exited non-zero FAILED its run, even when a later command of
        ``launch.sh`` than the failing one was the last (BlackDynamite's own check only
        sees the last command). A script that exited 0 without finishing its run (the
        run is still CREATED/launched/START) FAILED it too. Either way the run's
        ``failure_reason`` says so ("launch.sh exited 1"), unless it has one already.
        Runs the orchestrator has already moved on (FORWARDED or any state of its own)
        are left alone.
        """
        self.refresh()
        state = self.states([run_id])[run_id]
        failing = PENDING_STATES | SLURM_STATES | ({FINISHED} if exit_code != 0 else set())
        if state not in failing:
            return state
        script = Path(self.config.exec_file).name
        reason = (f"{script} exited {exit_code}" if exit_code != 0 else
                  f"{script} exited 0 without finishing the run (still {state})")

        def work(base: Any) -> str:
            run = base.runs[int(run_id)]
            if run["state"] not in failing:
                return str(run["state"])
            run["state"] = "FAILED"
            if not getattr(run, "failure_reason", None):  # a more precise one stays
                run.failure_reason = reason
            return "FAILED"

        return str(self._write(work))


    # ---- Slurm arrays (motoko_airflow.slurm_arrays) ---------------------------------

    def slurm_submissions(self, run_ids: Iterable[int], options: Sequence[str]
                          ) -> list[tuple[int, str, tuple[str, ...]]]:
        """``(run id, run name, options)`` of those runs still CREATED, in the order
        given: the options its job asks for are ``options`` with the run's own
        ``slurm_options`` of the same key winning (as BlackDynamite's slurm coat
        merges them)."""
        out = []
        with self.session() as base:
            for run_id in run_ids:
                run = base.runs.entries.get(int(run_id))
                if run is None or run["state"] != "CREATED":
                    continue
                own = getattr(run, "slurm_options", None)
                merged = batch.merge_options(options, batch.options_dict(own))
                out.append((int(run_id), str(run["run_name"]), tuple(merged)))
        return out

    def write_slurm_runs(self, run_ids: Sequence[int]) -> list[int]:
        """Write the run directories of these CREATED runs for a Slurm array: their
        files, and ``launch.sh`` as BlackDynamite's slurm coat writes it (the run's
        environment, traps of Slurm's signals, the run marked FAILED when the last
        command fails). The runs stay CREATED (:meth:`mark_submitted` moves them on once
        ``sbatch`` has accepted them); returns the ids written."""
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        written = []
        with self.session() as base:
            for run_id in run_ids:
                run = base.runs.entries.get(int(run_id))
                if run is None or run["state"] != "CREATED":
                    continue
                run_dir = self.runs_dir / f"run-{run.id}"
                run_dir.mkdir(parents=True, exist_ok=True)
                exec_id = run["exec"]
                for conf in run.getConfigFiles():
                    text, mode = conf["file"], 0o644
                    if conf.id == exec_id or conf.filename == self.config.exec_file:
                        text = self._slurm_script(base, run, text)
                        mode = 0o755
                    target = run_dir / conf.filename
                    target.write_text(text)
                    target.chmod(mode)
                written.append(int(run.id))
        return written

    def _slurm_script(self, base: Any, run: Any, text: str) -> str:
        """``launch.sh`` of a run submitted in a Slurm array (see :meth:`write_slurm_runs`)."""
        mark = " ".join(shlex.quote(a) for a in [
            sys.executable, "-m", "motoko_airflow.launcher", "--mark-exit",
            str(self.directory), "--host", self.host, "--run-id", str(run.id)])
        traps = (
            "\n# Slurm's signal 60 s before the time limit (--signal=B:TERM@60), or a\n"
            "# cancellation: stop when the running command ends; how the job ended says why\n"
            "on_stop()\n{\nexit 0\n}\n"
            "trap on_stop SIGUSR1\ntrap on_stop SIGTERM\ntrap on_stop SIGUSR2\n\n")
        # as the coat's line, the job ends COMPLETED once the run is marked
        tail = (f"\n\nrc=$?\nif [ $rc != 0 ]; then\n    {mark} --exit-code $rc || true\n"
                "fi\n")
        return self._exec_header(base, run) + traps + text + tail

    def mark_submitted(self, job_id: str, run_ids: Sequence[int]) -> list[int]:
        """Record the runs of a submitted array: task ``i`` is ``run_ids[i]``; each run
        still CREATED becomes ``SLURM submit`` (as BlackDynamite's slurm coat leaves a
        submitted run) with ``run.batch_array``. Returns the tasks (indexes) whose run
        is not CREATED any more (cleaned meanwhile): their tasks are to be cancelled."""
        import BlackDynamite

        version = getattr(BlackDynamite, "__version__", "")

        def work(base: Any) -> list[int]:
            gone = []
            for task, run_id in enumerate(run_ids):
                run = base.runs.entries.get(int(run_id))
                if run is None or run["state"] != "CREATED":
                    gone.append(task)
                    continue
                run["state"] = "SLURM submit"
                run["run_path"] = str(self.runs_dir / f"run-{run.id}")
                run.blackdynamite_version = version
                run.launched_by = LAUNCHED_BY_ARRAY
                run.batch_array = {"job": str(job_id), "task": task}
                if getattr(run, "batch_job", None) is not None:
                    del run.batch_job
            return gone

        return list(self._write(work))

    def fail_runs(self, run_ids: Iterable[int], reason: str,
                  states: Iterable[str] = ("CREATED",)) -> list[int]:
        """Mark FAILED, with the reason (``run.failure_reason``), those runs still in one
        of ``states`` (by default CREATED: ``sbatch`` refused them for something other
        than a limit, a bad option). Returns their ids."""
        wanted = frozenset(states)
        ids = [int(i) for i in run_ids]

        def work(base: Any) -> list[int]:
            failed = []
            for run_id in ids:
                run = base.runs.entries.get(int(run_id))
                if run is not None and run["state"] in wanted:
                    run["state"] = "FAILED"
                    run.failure_reason = reason
                    failed.append(int(run_id))
            return failed

        return list(self._write(work))

    def unsubmit(self, tasks: Iterable[str]) -> list[int]:
        """Make CREATED again the runs of these array tasks (``12_3``, cancelled before
        they started), still ``SLURM submit``: launched again, they are submitted anew.
        Returns their ids."""
        wanted = set(tasks)

        def work(base: Any) -> list[int]:
            reset = []
            for run_id, run in base.runs.entries.items():
                if run["state"] == "SLURM submit" and _slurm_task(run) in wanted:
                    run["state"] = "CREATED"
                    del run.batch_array
                    reset.append(int(run_id))
            return reset

        return list(self._write(work)) if wanted else []


def _exit_code(run_dir: Path) -> int | None:
    """The exit code the launch wrapper left in a run directory, or None."""
    try:
        return int((run_dir / EXIT_FILE).read_text().strip() or 0)
    except (OSError, ValueError):
        return None


def _settle_if_dead(run: Any) -> None:
    """Mark FAILED (in the caller's transaction) a launched run whose process is gone."""
    path = run.entries.get("run_path")
    gone = liveness.gone_process(Path(path)) if path else None
    if gone is not None:
        run["state"] = "FAILED"
        run.failure_reason = gone.reason()


# ---- Slurm runs -------------------------------------------------------------------------


def _slurm_job_name(run: Any) -> str:
    """The name BlackDynamite's slurm coat gives a run's job."""
    return f"{run.id}_{run['run_name']}"


def awaits_job_end(run: Any) -> bool:
    """Whether a run was submitted to Slurm (by BlackDynamite's daemon or in an array,
    not launched by motoko's wrapper) and the end of its job is not recorded: queued,
    executing, signalled, or FAILED by its script; or FINISHED, when Slurm's accounting
    can tell how long it ran and its peak memory."""
    if not run.entries.get("run_path") or getattr(run, "launched_by", None) == LAUNCHED_BY:
        return False
    state = run["state"]
    if state in LAUNCHED_STATES or state in SLURM_STATES:
        return True
    return getattr(run, "batch_job", None) is None and (
        state in FAILED_STATES or (state == FINISHED and batch.accounting_available()))


#: The reason :meth:`Study.mark_exit` gives a run whose script failed it.
_EXIT_REASON = re.compile(r"\S+ exited (-?\d+|0 without finishing the run .*)$")


def _record_job_end(run: Any, job: batch.SlurmJob) -> None:
    """Record (in the caller's transaction) how a run's Slurm job ended: the job on the
    run (``run.batch_job``); a run its job left unfinished is FAILED with the reason
    ("Slurm job 12 ended TIMEOUT (time limit 00:01:00)"), and a run its script FAILED
    gets the reason when Slurm ended the job (not when the script ended it)."""
    if not job.ended:
        return
    state = run["state"]
    unfinished = state in LAUNCHED_STATES or state in SLURM_STATES
    if unfinished and job.in_last_minute:  # stopped at the warning before the limit
        job = dataclasses.replace(job, warned=True)
    run.batch_job = job.record()
    if unfinished:
        run["state"] = "FAILED"
        run.failure_reason = job.describe()
    elif state in FAILED_STATES and job.state not in ("COMPLETED", batch.FORGOTTEN) and (
            not getattr(run, "failure_reason", None)
            or _EXIT_REASON.match(str(run.failure_reason))):
        # Slurm's reason is the more precise: an OUT_OF_MEMORY job's script exits 137
        run.failure_reason = job.describe()


def _slurm_task(run: Any) -> str | None:
    """``<array id>_<task>``: the Slurm array task of a run submitted in an array."""
    array = getattr(run, "batch_array", None)
    if getattr(run, "launched_by", None) != LAUNCHED_BY_ARRAY or not array:
        return None
    return f"{array['job']}_{array['task']}"


def _slurm_candidates(runs: Iterable[Any]) -> dict[str, tuple[int, Path]]:
    """Job name, or array task id (``12_3``) for a run submitted in an array -> (run id,
    run directory) of the runs whose job end is to be asked."""
    return {_slurm_task(r) or _slurm_job_name(r): (int(r.id), Path(r.entries["run_path"]))
            for r in runs if awaits_job_end(r)}


def _find_jobs(wanted: dict[str, tuple[int, Path]], max_age: float = 0.0
               ) -> dict[str, batch.SlurmJob]:
    """:func:`batch.find_jobs` for candidates of :func:`_slurm_candidates`."""
    tasks = {k: path for k, (_, path) in wanted.items() if batch.is_array_task(k)}
    named = {k: path for k, (_, path) in wanted.items() if k not in tasks}
    return batch.find_jobs(named, max_age=max_age, tasks=tasks)


def _ended_jobs(runs: Iterable[Any]) -> dict[int, batch.SlurmJob]:
    """The ended Slurm jobs of those runs whose job end is not recorded yet (one
    ``squeue``), by run id; none when Slurm cannot be asked (the next poll will).

    The job of a FAILED run still running (its script marked the run FAILED and is
    exiting) is waited for, up to :data:`_JOB_END_WAIT` seconds: how it ended decides
    what a retry asks for."""
    candidates = [r for r in runs if awaits_job_end(r)]
    wanted = _slurm_candidates(candidates)
    failed = {_slurm_task(r) or _slurm_job_name(r) for r in candidates
              if r["state"] in FAILED_STATES}
    deadline = time.monotonic() + _JOB_END_WAIT
    while True:
        try:
            jobs = _find_jobs(wanted)
        except batch.SlurmUnavailable:  # asked again while waiting
            if time.monotonic() > deadline:
                return {}
            time.sleep(0.5)
            continue
        if time.monotonic() > deadline or all(
                jobs[name].ended for name in failed if name in jobs):
            return {wanted[name][0]: job for name, job in jobs.items() if job.ended}
        time.sleep(0.5)


def _record_run_job_end(base: Any, run_id: int, job: batch.SlurmJob) -> None:
    _record_job_end(base.runs[run_id], job)


def _job_end(run: Any) -> batch.SlurmJob | None:
    """How a run's Slurm job ended, as recorded on the run (None while unknown)."""
    recorded = getattr(run, "batch_job", None)
    return batch.SlurmJob.from_record(recorded) if recorded else None


def _ask_resources(run: Any, slurm: batch.SlurmSettings, own: Any,
                   previous: Any | None) -> None:
    """Give a new Slurm run (in the caller's transaction) its resources: a retry of a
    run whose job Slurm ended for time or memory asks for more (``run.slurm_options``,
    read by BlackDynamite's slurm coat over its daemon's options), and every run records
    what it asks for (``run.resources``: ``{"time": "00:02:00"}``)."""
    options = own if isinstance(own, (list, tuple)) else None
    if previous is not None:
        before = getattr(previous, "slurm_options", None)
        if isinstance(before, (list, tuple)):
            options = before
        grown = slurm.scaling.next_options(_job_end(previous))
        if grown:
            options = batch.merge_options(options, grown)
    if options is not None:
        run.slurm_options = [str(o) for o in options]
    asked = batch.requested(slurm.options, options)
    if asked:
        run.resources = asked


def _fresh(value: Any) -> Any:
    """``value``, deep-copied when it is a container (as BlackDynamite's insert does)."""
    return copy.deepcopy(value) if isinstance(value, _STRUCTURED) else value


def _copier(value: Any) -> Any:
    """A function returning a fresh deep copy of ``value`` each call, made cheaply."""
    if not isinstance(value, _STRUCTURED):
        return lambda: value
    flat = isinstance(value, (list, dict)) and not any(
        isinstance(v, _STRUCTURED) for v in (value.values() if isinstance(value, dict)
                                             else value))
    if flat:
        return lambda: copy.copy(value)
    return lambda: copy.deepcopy(value)


class _Maker:
    """Makes jobs and runs as BlackDynamite's constructors and ``insert`` would.

    One prototype of each is built by BlackDynamite itself (its ``__init__`` and
    ``prepare``); new objects get a copy of the prototype's plain attributes, fresh
    ``entries``/``configfiles``/``quantities`` trees and a shared ``types`` tree.
    """

    def __init__(self, base: Any, schema: Any) -> None:
        job, run = base.Job(), base.Run()
        self.job_cls: Any = type(job)
        self.run_cls: Any = type(run)
        own = ("entries", "types", "configfiles", "quantities")
        for obj in (job, run):
            for key, value in obj.__dict__.items():
                if key not in own and isinstance(value, persistent.Persistent):
                    raise BlackDynamiteError(  # a BlackDynamite this code does not know
                        f"unexpected persistent attribute {key!r} of a new "
                        f"{type(obj).__name__}", study=str(base.schema))
        self.job_attrs = [(k, _copier(v)) for k, v in job.__dict__.items() if k not in own]
        self.run_attrs = [(k, _copier(v)) for k, v in run.__dict__.items() if k not in own]
        self.job_entries = dict(job.entries.items())
        self.run_entries = dict(run.entries.items())
        self.job_types = _shared_types(schema, "jobs", job.types)
        self.run_types = _shared_types(schema, "runs", run.types)
        self.run_keys = frozenset(run.get_keys())

    def job_params(self, entries: dict[str, Any]) -> tuple[Any, ...]:
        """``JobZEO.get_params()`` of the job with these entries (its ``jobs_index`` key)."""
        merged = {**self.job_entries, **entries}
        return tuple(v for k, v in sorted(merged.items()) if k != "id")

    def job(self, entries: dict[str, Any], job_id: int) -> Any:
        job = self.job_cls.__new__(self.job_cls)
        state = job.__dict__
        for key, make in self.job_attrs:
            state[key] = make()
        values = dict(self.job_entries)
        for key, value in entries.items():
            values[key] = _fresh(value)
        values["id"] = job_id
        state["entries"] = OOBTree(values)
        state["types"] = self.job_types
        return job

    def run(self, values: dict[str, Any], file_ids: list[str]) -> tuple[Any, tuple[Any, ...]]:
        """A new run with these entries, and its ``RunZEO.get_params()``."""
        run = self.run_cls.__new__(self.run_cls)
        state = run.__dict__
        for key, make in self.run_attrs:
            state[key] = make()
        state["entries"] = OOBTree(values)
        state["types"] = self.run_types
        state["configfiles"] = OOSet(file_ids)
        state["quantities"] = OOBTree()
        keys = self.run_keys
        params = tuple(json.dumps(v) if isinstance(v, dict) else v
                       for k, v in sorted(values.items()) if k in keys and v is not None)
        return run, params


def _shared_types(schema: Any, kind: str, types: Any) -> Any:
    """The persistent ``types`` tree shared by new objects with exactly these types.

    BlackDynamite gives each object a tree of its own but only writes one while
    constructing the object, so objects of equal types can share one.
    """
    try:
        cache = schema[_SHARED_TYPES]
    except KeyError:
        cache = OOBTree()
        schema[_SHARED_TYPES] = cache
    wanted = dict(types.entries.items())
    shared = cache.get(kind)
    if shared is None or dict(shared.entries.items()) != wanted:
        cache[kind] = shared = types
    return shared


def _prefetch(base: Any, objects: Sequence[Any]) -> None:
    """Ask the server for the records of these objects that are not in memory yet, in
    one pipelined batch (ZEO's prefetch), before they are read one by one."""
    ghosts = [o for o in objects if getattr(o, "_p_changed", False) is None]
    if ghosts:
        base.connection.prefetch(ghosts)


def _lookup(tree: Any, key: Any) -> Any:
    """``tree[key]`` or None: BlackDynamite's trees have no ``in`` (it would scan)."""
    try:
        return tree[key]
    except KeyError:
        return None
