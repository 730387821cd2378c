"""The ZEO server of a study: its status, start and stop, and who uses it (leases).

A study's server is shared by every process that reaches the study: ``motoko run``s of
one workflow running at once, Airflow task processes, triggers, launchers, runs. Who may
stop it is decided by *leases*:

* A process that owns the lifetime of the servers it uses (``motoko run``) holds a
  lease on each study (:meth:`ZeoServer.lease`): a file
  ``.bd/leases/<pid>-<start>-<n>.json`` holding its
  :class:`~motoko_airflow.liveness.ProcessRecord` (host, boot, pid and the process's
  start time), so a dead holder (or a recycled pid) is told from a live one without any
  server. ``n`` counts the leases the process took: each is its own (the web view's
  requests, answered by threads of one process, each hold one while they read).
* A server started while a lease is held (by the lease holder or by anyone else, e.g.
  a task restarting a lost server) is *managed*: ``.bd/zeo.managed`` marks it.
* When a holder leaves, a managed server is stopped if no live lease remains. A server
  nobody started under a lease (one a user or an Airflow deployment runs) is never
  stopped here; ``motoko kill`` stops it.
* A holder that crashed leaves its lease file: the next command that leases the
  server (``motoko run``, ``info``, ``status``, ``clean``) drops the leases whose
  process is gone, and, leaving, stops the managed server nobody holds any more.

Leases of another host (a TCP server shared over the network) cannot be checked from
here and count as live.

A lease holder also keeps its managed servers up: :meth:`ZeoServer.keep_alive`
restarts a lost one (same storage, same address), and the ZEO clients of the process
reconnect by themselves.

Where the server is reached (:func:`study_root`): the socket file is always
``<study>/.bd/zeo.socket``, but a unix socket's path holds at most 107 bytes, and
BlackDynamite 1.3.9 passes the study's paths through a shell, ZConfig, an HTML parser
and psutil, none of which takes a space, a quote or a ``$`` literally. A study whose
path is longer or not plain is given to the server and to BlackDynamite as a short
alias, ``/tmp/motoko-airflow-<uid>/<hash16>``, a symbolic link to the study directory
in a directory private to the user: every path BlackDynamite derives from it (its
root, ``.bd/zeo.socket``, its ``zdaemon`` socket and config) is short and plain.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from motoko_airflow import liveness, processes
from motoko_airflow.exceptions import BlackDynamiteError, ServerUnreachable
from motoko_airflow.liveness import ProcessRecord

__all__ = ["Lease", "ServerKeeper", "ZeoServer", "greets", "runtime_dir", "study_root"]

#: Serialises server starts and stops of this process (other processes: a file lock).
_LOCK = threading.RLock()
#: Numbers the leases this process takes (one file each, see the module docstring).
_LEASE_NUMBERS = itertools.count(1)
LEASES = "leases"
MANAGED = "zeo.managed"


#: How long a ZEO server that accepted a connection has to greet it.
GREETING_TIMEOUT = 5.0


def greets(address: tuple[str, int]) -> bool:
    """Whether a ZEO server serves ``address``: one that accepts a connection greets it
    at once with its protocol (a 4-byte length, then ``M`` or ``Z`` and the version).
    An accepted connection alone is not enough: where the address is not this host's,
    whatever the route leads to may accept it (some networks accept every outbound
    connection); a silent listener on this host's own address holds the port all the
    same, and counts as a server (one that is busy, or about to greet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        if sock.connect_ex(address) != 0:
            return False
        sock.settimeout(GREETING_TIMEOUT)
        greeting = b""
        try:
            while len(greeting) < 5:
                got = sock.recv(5 - len(greeting))
                if not got:  # closed
                    return False
                greeting += got
        except TimeoutError:  # silent
            return not greeting and _is_local(address[0])
        except OSError:
            return False
    return greeting[4:5] in (b"M", b"Z")


def _is_local(host: str) -> bool:
    """Whether ``host`` is one of this host's addresses (a socket can be bound to it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, 0))
        except OSError:
            return False
    return True


#: The longest path a unix socket may have (``sun_path`` is 108 bytes, NUL included).
SOCKET_PATH_MAX = 107
#: The longest socket BlackDynamite puts in ``.bd`` (its zdaemon's, if it starts one).
_LONGEST_SOCKET = "/.bd/zdaemon.socket"
#: Paths every reader takes literally: BlackDynamite runs ``zdaemon -C PATH start``
#: through a shell, ZConfig substitutes ``$``, BlackDynamite reads ``zeo.conf`` with an
#: HTML parser, psutil splits ``/proc/net/unix`` on blanks (BlackDynamite then takes a
#: running server for a missing one), and a ``:`` in a ``zeo://`` host means TCP.
_PLAIN = re.compile(r"[A-Za-z0-9/._+,=@%~-]+")


def runtime_dir() -> Path:
    """``/tmp/motoko-airflow-<uid>``, made private (0700) to this user if it is missing.

    Always under ``/tmp``: every process of the user on this host must find the same
    one, and ``$TMPDIR`` (per Slurm job on many clusters) and ``$XDG_RUNTIME_DIR``
    (unset for cron and services, removed at logout while servers run on) differ.
    """
    path = Path(f"/tmp/motoko-airflow-{os.getuid()}")
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() \
            or info.st_mode & 0o077:
        raise BlackDynamiteError(
            f"{path} is not a directory private to this user (owner uid {info.st_uid}, "
            f"mode {stat.filemode(info.st_mode)}); it holds the short paths of studies "
            "whose own path is long or not plain: remove it, or have it removed")
    return path


def study_root(study_dir: Path) -> Path:
    """The path of a study given to its ZEO server and to BlackDynamite.

    The study's own path when it is plain (``[A-Za-z0-9/._+,=@%~-]``) and short enough
    for its sockets; else a short alias, ``<runtime_dir>/<hash16>``: a symbolic link to
    the study (its resolved path; the hash is of that path), made or fixed here, so a
    link a cleaner removed comes back and reaches the running server again (its socket
    file is in the study's ``.bd``, whichever path it was bound through).
    """
    text = str(study_dir)
    if _PLAIN.fullmatch(text) and len(os.fsencode(text + _LONGEST_SOCKET)) <= SOCKET_PATH_MAX:
        return study_dir
    target = os.path.realpath(study_dir)
    link = runtime_dir() / hashlib.sha256(os.fsencode(target)).hexdigest()[:16]
    with contextlib.suppress(OSError):
        if os.readlink(link) == target:
            return link
    fresh = link.with_name(f".{link.name}.{os.getpid()}.{threading.get_ident()}")
    fresh.unlink(missing_ok=True)
    os.symlink(target, fresh)
    os.replace(fresh, link)  # atomic: a concurrent reader sees the old link or the new
    return link



def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass(frozen=True)
class Lease:
    """One process's use of a study's server: its file, and the holding process."""

    path: Path
    holder: ProcessRecord

    def alive(self) -> bool:
        """Whether the holder still runs; one on another host (or in another pid
        namespace) cannot be checked from here, and counts as alive."""
        holder = self.holder
        if holder.host != socket.gethostname():
            return True
        if holder.boot_id != liveness.boot_id():
            return False  # this host has rebooted since
        return holder.pid_namespace != liveness.pid_namespace() or holder.running()

    @classmethod
    def read(cls, path: Path) -> Lease | None:
        holder = ProcessRecord.read_file(path)
        return None if holder is None else cls(path, holder)


class ZeoServer:
    """The ZEO server of the study whose BlackDynamite folder is ``bd_dir``.

    ``host`` is ``zeo://<study dir>`` (a unix socket in ``bd_dir``) or
    ``zeo://HOST:PORT`` (TCP). The server this project starts (``runzeo``) runs detached;
    its pid is kept in ``.bd/zeo.pid`` and it is stopped by that pid only. The server,
    and BlackDynamite inside runs, see the study at :attr:`root` (see
    :func:`study_root`).
    """

    def __init__(self, bd_dir: Path, host: str, study: str,
                 runs_dir: Path | None = None) -> None:
        self.bd_dir = bd_dir
        self.host = host
        self.study = study
        self.runs_dir = runs_dir  # where its runs execute (a run executing uses it)

    # ---- where ----------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """The study's path as the server and BlackDynamite see it: the study directory,
        or its short alias (:func:`study_root`: a removed alias is made again on use)."""
        return study_root(self.bd_dir.parent)

    @property
    def socket_path(self) -> Path:
        """The unix socket's address: ``.bd/zeo.socket``, through :attr:`root`."""
        return self.root / ".bd" / "zeo.socket"

    @property
    def bd_host(self) -> str:
        """``BLACKDYNAMITE_HOST`` for BlackDynamite's clients inside runs: it finds the
        study's root, its ``bd.yaml`` and its ``zeo.conf`` (whose address it connects
        to) from this host, and starts its own server there if none answers."""
        return self.host if self.tcp_address else f"zeo://{self.root}"

    @property
    def tcp_address(self) -> tuple[str, int] | None:
        m = re.fullmatch(r"zeo://(.+):([0-9]+)", self.host)
        return (m[1], int(m[2])) if m else None

    @property
    def _pid_file(self) -> Path:
        return self.bd_dir / "zeo.pid"

    @property
    def _leases(self) -> Path:
        return self.bd_dir / LEASES

    def _lock(self) -> contextlib.AbstractContextManager[None]:
        return processes.file_lock(self.bd_dir / "zeo.start.lock")

    # ---- status, start, stop ------------------------------------------------------------

    def status(self) -> str:
        """``running``, ``stopped`` or ``stale`` (a unix socket file nobody answers on)."""
        address = self.tcp_address
        if address is not None:
            return "running" if greets(address) else "stopped"
        path = self.socket_path
        if not path.exists():
            return "stopped"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            return "running" if sock.connect_ex(str(path)) == 0 else "stale"

    def pid(self) -> int | None:
        """The pid of the server this project started for the study, if it runs: the pid
        in ``.bd/zeo.pid``, if that process is a ``runzeo`` whose configuration is this
        study's ``zeo.conf`` however it was spelled (``..``, a symbolic link)."""
        pid = processes.pid_from_file(self._pid_file, "runzeo")
        return pid if pid is not None and self._serves_this_study(pid) else None

    def _serves_this_study(self, pid: int) -> bool:
        args = processes.cmdline(pid)
        try:
            conf = Path(args[args.index("-C") + 1])
        except (ValueError, IndexError):
            return False
        if not conf.is_absolute():
            conf = Path(f"/proc/{pid}/cwd") / conf
        return os.path.realpath(conf) == os.path.realpath(self.bd_dir / "zeo.conf")

    def foreign_pid(self) -> int | None:
        """A live ``runzeo`` named by ``.bd/zeo.pid`` that does not serve this study's
        configuration (its pid file is never removed: it is not ours to forget)."""
        pid = processes.pid_from_file(self._pid_file, "runzeo")
        return pid if pid is not None and not self._serves_this_study(pid) else None

    @property
    def managed(self) -> bool:
        """Whether the server was started under a lease (so leases decide its stop)."""
        return (self.bd_dir / MANAGED).exists()

    def _write_config(self) -> Path:
        """Write ``.bd/zeo.conf`` in BlackDynamite's format (its tools read it too; its
        clients connect to its ``address``), every path through :attr:`root`."""
        address = self.tcp_address
        bd = self.root / ".bd"
        listen = f"{address[0]}:{address[1]}" if address else str(bd / "zeo.socket")
        conf = self.bd_dir / "zeo.conf"
        conf.write_text(
            f"\n<zeo>\n  address {listen}\n</zeo>\n\n<filestorage>\n"
            f"  path {bd / 'bd.zeo'}\n  blob-dir {bd / 'zeo.blob'}\n"
            f"</filestorage>\n\n<eventlog>\n  <logfile>\n    path {bd / 'zeo.log'}\n"
            "    format %(asctime)s %(message)s\n  </logfile>\n</eventlog>\n"
        )
        return conf

    def client_config(self) -> None:
        """On a host that does not store the study (served over TCP from another one):
        ``.bd/zeo.conf`` naming the server's address, which BlackDynamite's clients
        (``BD.getRunFromScript`` inside runs) need to find the study and its server."""
        address = self.tcp_address
        if address is None or (self.bd_dir / "zeo.conf").exists():
            return
        self.bd_dir.mkdir(exist_ok=True)
        (self.bd_dir / "zeo.conf").write_text(
            f"\n<zeo>\n  address {address[0]}:{address[1]}\n</zeo>\n")

    def start(self, timeout: float = 20.0, *, new: bool = False) -> bool:
        """Start the server unless it is running; recover a stale socket. True if this
        call started it. ``new``: the study is being created (its storage is made)."""
        if self.status() == "running":
            return False
        if self.tcp_address is not None and not new and not (self.bd_dir / "bd.zeo").exists():
            # a client's copy of a study stored on another host: never a new storage here
            raise ServerUnreachable(
                f"the ZEO server at {self.host} does not answer, and this host holds no "
                f"storage for it (no {self.bd_dir / 'bd.zeo'}): start it on the host "
                "that stores the study ('motoko serve -w WORKFLOW' there), and check that "
                "this host reaches that address",
                study=self.study, host=self.host)
        if not self.bd_dir.is_dir():
            raise BlackDynamiteError(
                f"{self.bd_dir.parent} has no .bd directory: the study was never created; "
                "run 'motoko create' first", study=self.study)
        # one starter at a time, across processes: a second runzeo would lose the
        # storage lock and, exiting, remove the winner's socket
        with _LOCK, self._lock():
            status = self.status()
            if status == "running":
                return False
            unanswering = self.pid()
            if unanswering is not None:  # ours, alive, but nobody answers on its socket
                processes.stop(unanswering)
            if status == "stale":
                self.socket_path.unlink(missing_ok=True)
            conf = self._write_config()
            with open(self.bd_dir / "zeo.out", "ab") as out:
                process = subprocess.Popen(
                    [processes.executable("runzeo"), "-C", str(conf)], stdout=out,
                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True, cwd=self.bd_dir)
            self._pid_file.write_text(f"{process.pid}\n")
            if self._live_leases():
                (self.bd_dir / MANAGED).touch()
            deadline = time.monotonic() + timeout
            while self.status() != "running":
                code = process.poll()
                if code is not None or time.monotonic() > deadline:
                    if code is None:
                        process.kill()
                    why = f"exit code {code}" if code is not None else f"{timeout:.0f} s"
                    raise BlackDynamiteError(
                        f"the ZEO server did not come up ({why}); "
                        f"its output:\n{_tail(self.bd_dir / 'zeo.out')}\n"
                        f"its log:\n{_tail(self.bd_dir / 'zeo.log')}", study=self.study)
                time.sleep(0.01)
            return True

    def serve(self, timeout: float = 20.0) -> bool:
        """Start the server unless it runs, and leave it running: unmanaged, whatever
        leases are held (``motoko serve``; only a stop or ``motoko kill`` ends it). True
        if this call started it."""
        with _LOCK:
            started = self.start(timeout)
            (self.bd_dir / MANAGED).unlink(missing_ok=True)
            return started

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the server (only this study's). True if one was running.

        A server started by BlackDynamite's own tools (zdaemon) is stopped through its
        ``zdaemon.conf``.
        """
        with _LOCK:
            # unmarked first: a keeper must not take a stop for a loss and restart it
            (self.bd_dir / MANAGED).unlink(missing_ok=True)
            was_running = self.status() == "running"
            pid = self.pid()
            if pid is not None:
                # runzeo's SIGTERM handler raises SystemExit in whatever runs: inside a
                # client's request (uvloop's protocol callback) it is taken for that
                # connection's error and swallowed, and the server serves on until
                # SIGKILLed (which also leaves its index unsaved): SIGTERM again
                processes.stop(pid, timeout, resend=0.5)
            if self.foreign_pid() is None:  # stopped, dead or recycled: the file is stale
                self._pid_file.unlink(missing_ok=True)
            zdaemon_conf = self.bd_dir / "zdaemon.conf"
            if self.status() == "running" and zdaemon_conf.exists():
                subprocess.run([processes.executable("zdaemon"), "-C", str(zdaemon_conf), "stop"],
                               capture_output=True, check=False)
            if self.tcp_address is None and self.status() == "stale":
                self.socket_path.unlink(missing_ok=True)
            return was_running

    # ---- leases -------------------------------------------------------------------------

    def _lease_files(self) -> list[Path]:
        try:
            return sorted(self._leases.glob("*.json"))
        except OSError:
            return []

    def _live_leases(self) -> list[Lease]:
        """The leases whose process lives; the files of dead ones are removed."""
        live = []
        for path in self._lease_files():
            lease = Lease.read(path)
            if lease is not None and lease.alive():
                live.append(lease)
            else:
                path.unlink(missing_ok=True)
        return live

    def join(self, *, own: bool = False) -> Lease:
        """Take a lease for this process, starting the server if it is down (then it is
        managed). ``own``: the caller started the running server itself, for this lease
        (it becomes managed too)."""
        if self.tcp_address is not None and not (self.bd_dir / "bd.zeo").exists():
            # a client's copy of a study stored on another host: never a new storage here
                raise BlackDynamiteError(
                    f"the ZEO server at {self.host} does not answer, and this host holds "
                    f"no storage for it ({self.bd_dir} does not exist): start it on the "
                    "host that stores the study ('motoko create' there, or 'motoko info' "
                    "to restart it), and check that this host reaches that address",
                    study=self.study)
        if not self.bd_dir.is_dir():
            raise BlackDynamiteError(
                f"{self.bd_dir.parent} has no .bd directory: the study was never created; "
                "run 'motoko create' first", study=self.study)
        holder = ProcessRecord.of(os.getpid())
        assert holder is not None  # this very process
        path = self._leases / f"{holder.pid}-{holder.start_time}-{next(_LEASE_NUMBERS)}.json"
        with _LOCK, self._lock():
            self._leases.mkdir(exist_ok=True)
            holder.write_file(path)
        if not self.start() and own and self.status() == "running":
            (self.bd_dir / MANAGED).touch()
        lease = Lease.read(path)
        assert lease is not None
        return lease

    def idle(self) -> bool:
        """Whether no live process holds a lease, and no run of the study executes
        (a run finishing commits through the server)."""
        return not self._live_leases() and not (
            self.runs_dir is not None and liveness.runs_executing(self.runs_dir))

    def leave(self, lease: Lease, timeout: float = 10.0) -> bool:
        """Drop a lease; stop a managed server that is idle now. True if the server
        was stopped."""
        with _LOCK, self._lock():
            lease.path.unlink(missing_ok=True)
            if not self.managed or not self.idle():
                return False
            return self.stop(timeout)

    @contextlib.contextmanager
    def lease(self) -> Iterator[Lease]:
        """Hold a lease in the block (see :meth:`join` and :meth:`leave`)."""
        held = self.join()
        try:
            yield held
        finally:
            self.leave(held)

    def keep_alive(self) -> str | None:
        """Restart the server if it is managed and lost (killed, crashed).

        Returns a line saying what happened, or None when nothing had to be done.
        Raises :class:`BlackDynamiteError` when it cannot be restarted.
        """
        if not self.managed or self.status() == "running":
            return None
        try:
            self.start()
        except (BlackDynamiteError, OSError) as exc:
            out = self.bd_dir / "zeo.out"
            last = [line for line in _tail(out, 5).splitlines() if line.strip()]
            why = last[-1].strip() if last and isinstance(exc, BlackDynamiteError) else exc
            raise BlackDynamiteError(
                f"its ZEO server ({self.host}) is gone and could not be restarted: {why} "
                f"(more in {out}); fix that, then run the same command again",
                study=self.study) from exc
        return f"study {self.study}: its ZEO server was lost; restarted it ({self.host})"


@contextlib.contextmanager
def leased(servers: Iterable[ZeoServer]) -> Iterator[None]:
    """Hold a lease on each server in the block (a reading command: the servers it had
    to start are stopped after it)."""
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.enter_context(server.lease())
        yield


class ServerKeeper:
    """The leases of one process on several studies' servers, and a thread that keeps
    the managed ones up while they are held (see :meth:`ZeoServer.keep_alive`)."""

    def __init__(self, say: Callable[[str], None], interval: float = 0.5) -> None:
        self.say = say
        self.interval = interval
        self.held: dict[str, tuple[ZeoServer, Lease]] = {}
        self.lost: dict[str, str] = {}  # study -> why its server could not be restarted
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def join(self, server: ZeoServer, *, own: bool = False) -> None:
        if server.study not in self.held:
            self.held[server.study] = (server, server.join(own=own))

    def start(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="zeo-keeper", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        pids = {name: server.pid() for name, (server, _) in self.held.items()}
        while not self._stopping.wait(self.interval):
            for name, (server, _) in list(self.held.items()):
                if name in self.lost:
                    continue
                pid = server.pid()
                if pid is not None and pids.get(name) not in (None, pid):
                    # restarted by another of its users first (a task reconnecting)
                    self.say(f"study {name}: its ZEO server was lost; restarted it "
                             f"({server.host})")
                pids[name] = pid
                try:
                    line = server.keep_alive()
                except BlackDynamiteError as exc:
                    self.lost[name] = str(exc)
                    self.say(str(exc))
                    continue
                if line:
                    self.say(line)
                    pids[name] = server.pid()

    def leave(self, *, keep_servers: bool = False) -> list[str]:
        """Drop every lease (stopping the managed servers nobody else holds, unless
        ``keep_servers``); returns the studies whose server was stopped."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        stopped = []
        for name, (server, lease) in self.held.items():
            if keep_servers:  # left running: from now on, only 'motoko kill' stops it
                lease.path.unlink(missing_ok=True)
                (server.bd_dir / MANAGED).unlink(missing_ok=True)
            elif server.leave(lease):
                stopped.append(name)
        self.held.clear()
        return stopped
