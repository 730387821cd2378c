"""``motoko`` commands forked from a process that has imported Airflow already.

Every ``motoko run`` of the differential corpus spends about 2 s of CPU importing
Airflow, its in-process Execution API and this project before it does anything of its
own; over hundreds of cases that is most of the suite's time beyond the runs. A fork
server imports all of that once, configured for an Airflow home of its own
(``MOTOKO_AIRFLOW_HOME``: the metadata DB the cases' DAGs share, one DAG id each), and
forks a child per command: the child is ``python -m motoko_airflow ARGS`` with its
output in files, as :class:`subprocess.Popen` would start it, minus the imports.

Protocol (one command at a time per server, JSON lines): the test writes
``{"args": [...], "out": path, "err": path}`` on the server's stdin; the server answers
``{"pid": n}`` as soon as the child is forked, then ``{"exit": code}`` when it ended
(``-N`` when killed by signal N, as :attr:`subprocess.Popen.returncode`). The server
refuses to fork while a thread besides its main one runs (a child would inherit a lock
held by it): it says so on stderr and exits.

The children run this project's code as installed in the environment; only the process
that starts them differs. Tests that are about the command line itself (its start,
its signals, its output) start real processes instead.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: What a ``motoko run`` imports by the end of its DAG run: Airflow, its serialization,
#: the Task SDK's runner and supervisor, the in-process Execution API and its routes,
#: BlackDynamite and ZODB, and this project's modules (measured: what is left for a
#: child to import is the case's own code and a few modules of its libraries).
PRELOAD = (
    "airflow.sdk", "airflow.models.dag", "airflow.models.dagrun",
    "airflow.models.serialized_dag", "airflow.models.trigger", "airflow.jobs.job",
    "airflow.serialization.serialized_objects", "airflow.dag_processing.dagbag",
    "airflow.dag_processing.collection", "airflow.api.common.trigger_dag",
    "airflow.sdk.execution_time.task_runner", "airflow.sdk.execution_time.supervisor",
    "airflow.sdk.bases.sensor", "airflow.triggers.base", "airflow.triggers.temporal",
    "airflow.api_fastapi.execution_api.app", "airflow.api_fastapi.execution_api.routes",
    "airflow.api_fastapi.execution_api.versions", "airflow.providers.standard.operators.empty",
    "airflow.providers.standard.sensors.external_task",
    "BlackDynamite", "BlackDynamite.run_zeo", "BlackDynamite.job",
    "BlackDynamite.constraints_zeo", "ZEO", "ZEO.ClientStorage", "ZODB",
    "tabulate", "wcwidth", "uvloop", "a2wsgi",
    "motoko_airflow.cli", "motoko_airflow.run_command", "motoko_airflow.embedded",
    "motoko_airflow.execution", "motoko_airflow.render", "motoko_airflow.servers",
    "motoko_airflow.summary", "motoko_airflow.workflow", "motoko_airflow.trace",
    "motoko_airflow.trace.checks", "motoko_airflow.trace_command", "motoko_airflow.segments",
    "motoko_airflow.verification", "motoko_airflow.launcher", "motoko_airflow.blackdynamite",
    "motoko_airflow.operators.action", "motoko_airflow.operators.task_manager",
    "motoko_airflow.sensors.constraint", "motoko_airflow.sensors.triggers",
    "motoko_airflow.plugin.app",
)


def _child(request: dict[str, Any], answers: int) -> int:
    """In the forked child: become ``motoko ARGS`` with its output in files (the
    server's answer pipe closed: its runs and servers must not hold it open)."""
    os.close(answers)
    with open(os.devnull) as null:
        os.dup2(null.fileno(), 0)
    with open(request["out"], "w") as out, open(request["err"], "w") as err:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL if signum != signal.SIGINT
                      else signal.default_int_handler)
    from airflow import settings

    if getattr(settings, "engine", None) is not None:  # the parent's pool is not ours
        settings.engine.dispose(close=False)
    sys.argv = ["motoko", *request["args"]]
    from motoko_airflow.cli import main

    try:
        return main(request["args"])
    except SystemExit as end:
        return end.code if isinstance(end.code, int) else 1


def preload(home: Path) -> None:
    """What a server does before its first fork: Airflow configured for ``home``, its
    metadata DB made, PRELOAD imported, the ORM configured, the collector told to leave
    all of it alone. No thread is left running."""
    import importlib

    from motoko_airflow import embedded

    embedded.prepare(home)
    for name in PRELOAD:
        importlib.import_module(name)
    # SQLAlchemy configures Airflow's ORM mappers at the first query of a process
    # (≈ 0.3 s of CPU): once here, not in every child
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    # what is loaded now is out of the collector's way: a child's full collection (one
    # per trace) scans only its own objects (0.2 s of CPU less)
    gc.collect()
    gc.freeze()


def fork(child: Callable[[], int]) -> int:
    """Fork; the child exits with what ``child()`` returns (1 and a traceback on its
    stderr if it raises, as Python would), its streams flushed, running nothing of the
    parent's after. Returns the child's pid, in the parent."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = child()
        except BaseException:  # said on the child's stderr, as Python would
            import traceback

            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):  # a closed stream: nothing to flush
                    stream.flush()
            os._exit(code)
    return pid


def serve() -> None:
    """The server's loop: preload, then one command per request line. Its stdout is
    the answer pipe alone: whatever the preloading prints goes to its stderr."""
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    preload(Path(os.environ["MOTOKO_AIRFLOW_HOME"]))
    answers.write(json.dumps({"ready": os.getpid()}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        if threading.active_count() != 1:
            print(f"forkserver: {threading.active_count()} threads run: not forking "
                  f"({[t.name for t in threading.enumerate()]})", file=sys.stderr)
            sys.exit(3)
        pid = fork(lambda request=request: _child(request, answers.fileno()))
        answers.write(json.dumps({"pid": pid}) + "\n")
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"exit": os.waitstatus_to_exitcode(status)}) + "\n")


class ForkServer:
    """One server process (started by the test session, stopped by :meth:`close`)."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.log = home / "forkserver.err"
        home.mkdir(parents=True, exist_ok=True)
        with open(self.log, "w") as err:
            self.process = subprocess.Popen(
                [sys.executable, __file__], env={**env, "MOTOKO_AIRFLOW_HOME": str(home)},
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                bufsize=1)
        self.pending = b""
        self.busy = False
        self.ready = False

    def _answer(self, timeout: float | None) -> dict[str, Any]:
        """The server's next line, within ``timeout`` s (TimeoutError). Read from the
        pipe's descriptor with a buffer of its own: a file object's read-ahead would
        hide a line that arrived with the previous one from ``select``."""
        assert self.process.stdout is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            with selectors.DefaultSelector() as selector:
                selector.register(self.process.stdout, selectors.EVENT_READ)
                if not selector.select(left):
                    raise TimeoutError(f"the fork server {self.process.pid} did not "
                                       f"answer within {timeout} s")
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                self.process.wait(10)
                raise RuntimeError(f"the fork server {self.process.pid} exited "
                                   f"({self.process.returncode}): "
                                   + self.log.read_text()[-3000:])
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return dict(json.loads(line))

    def start(self, args: list[str], out: Path, err: Path) -> Forked:
        if not self.ready:  # its preloading took a few seconds, once
            self._answer(120)
            self.ready = True
        assert self.process.stdin is not None and not self.busy
        self.busy = True
        self.process.stdin.write(json.dumps({"args": args, "out": str(out),
                                             "err": str(err)}) + "\n")
        self.process.stdin.flush()
        return Forked(self, int(self._answer(60)["pid"]))

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # its loop ends
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Forked:
    """A forked command, as much of :class:`subprocess.Popen` as the tests use."""

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server = server
        self.pid = pid
        self.returncode: int | None = None
        self.args = ["motoko"]

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            try:
                self.returncode = int(self.server._answer(timeout)["exit"])
            except TimeoutError as late:
                raise subprocess.TimeoutExpired(self.args, timeout or 0) from late
            self.server.busy = False
        return self.returncode

    def poll(self) -> int | None:
        try:
            return self.wait(0)
        except subprocess.TimeoutExpired:
            return None

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def _signal(self, signum: int) -> None:
        # signalled only while the server has not said it ended: the server reaps it and
        # says so at once, so its pid is free for reuse only in between
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # ended: its line is coming
                os.kill(self.pid, signum)


class ForkServers:
    """Servers enough for the commands running at once, each with its own home."""

    def __init__(self, root: Path, env: dict[str, str], count: int) -> None:
        self.root = root
        self.env = env
        self.servers = [ForkServer(root / f"airflow{i}", env) for i in range(count)]

    def start(self, args: list[str], out: Path, err: Path) -> Forked:
        for server in self.servers:
            if not server.busy:
                return server.start(args, out, err)
        server = ForkServer(self.root / f"airflow{len(self.servers)}", self.env)
        self.servers.append(server)
        return server.start(args, out, err)

    def close(self) -> None:
        for server in self.servers:
            server.close()


if __name__ == "__main__":
    serve()
