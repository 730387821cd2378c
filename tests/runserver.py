"""The interpreters of the differential corpus's runs, forked from one that has imported
BlackDynamite already.

A run of the corpus is ``launch.sh`` → ``python doIt.py``: 0.3 s of CPU per run to start
Python and import BlackDynamite, ZODB and BTrees before the script does anything of its
own, which was more than half of the differential block's CPU (16 runs in a case of 8 per
half). Here one server process imports all of that once and forks a child per run: the
child takes the client's standard streams (passed over the socket), working directory,
environment and arguments, and executes the script as ``python SCRIPT ARGS`` would
(``runpy.run_path`` as ``__main__``, the script's directory first on ``sys.path``, its
exit code or a traceback and exit 1). Everything around it is as in any run: the
launcher's ``bash -c`` wrapper, ``launch.sh``, the exit file, the study's ZEO server; the
client, which ``launch.sh`` executes in place of ``python``, lives as long as the script
and exits with its code (killed by a signal, it passes the signal on: a child whose
client is gone is killed).

Protocol: the client connects to the server's unix socket and sends a line with the
length of what follows, its fds 0, 1 and 2 attached (SCM_RIGHTS), then its working
directory, the number of its arguments, the arguments (the script first) and its
environment (``NAME=value``), each NUL-terminated; the server answers ``pid N`` once
the child is forked, then ``exit N`` when it ended (``-N`` when killed by signal N),
each on a line.

``runclient SOCKET SCRIPT ARGS...`` is the client (tests/runclient.c, built with the
machine's C compiler: 1 ms of CPU), ``python -S -E runserver.py client SOCKET SCRIPT
ARGS...`` the same in Python where there is no compiler (20 ms);
``python runserver.py serve SOCKET`` the server.
Tests that are about runs themselves (their kill, liveness, Slurm) start real
interpreters: only the differential block, whose subject is the tracer, uses this.
"""

from __future__ import annotations

import array
import os
import signal
import socket
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

#: What a corpus run imports (measured: what is left for a child to import is nothing).
PRELOAD = ("BlackDynamite", "BlackDynamite.run_zeo", "BlackDynamite.base_zeo",
           "BlackDynamite.bdparser", "BlackDynamite.job", "BlackDynamite.constraints_zeo",
           "ZEO", "ZEO.ClientStorage", "ZODB", "BTrees", "psutil", "html.parser",
           "encodings.latin_1", "numpy", "collections", "motoko.workflow")

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)


# ---- the client -------------------------------------------------------------------------


def _answer(stream: object, word: str) -> int:
    line = stream.readline()  # type: ignore[attr-defined]
    name, _, number = line.decode().partition(" ")
    if name != word:
        raise SystemExit(f"runclient: the run server went away ({line!r})")
    return int(number)


def _pass_on(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:  # it has just ended: its exit code is on its way
        pass


def client(path: str, argv: list[str]) -> int:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    fields = [os.getcwd().encode(), str(len(argv)).encode(), *(a.encode() for a in argv),
              *(k + b"=" + v for k, v in os.environb.items())]
    payload = b"".join(f + b"\0" for f in fields)
    header = f"{len(payload)}\n".encode()
    sock.sendmsg([header], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                             array.array("i", [0, 1, 2]))])
    sock.sendall(payload)
    answers = sock.makefile("rb")
    pid = _answer(answers, "pid")
    for signum in FORWARDED:
        signal.signal(signum, lambda s, _f: _pass_on(pid, s))
    code = _answer(answers, "exit")
    if code < 0:  # as the interpreter itself would have ended
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


# ---- the server -------------------------------------------------------------------------


def _receive(conn: socket.socket) -> tuple[dict[str, object], list[int]] | None:
    """A client's request (cwd, argv, env) and its three fds; None if it hung up."""
    fds = array.array("i")
    data, ancillary, _flags, _addr = conn.recvmsg(64, socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    while b"\n" not in data:
        chunk = conn.recv(64)
        if not chunk:
            break
        data += chunk
    header, _, body = data.partition(b"\n")
    size = int(header) if header.isdigit() else -1
    while 0 <= len(body) < size:
        chunk = conn.recv(size - len(body))
        if not chunk:
            break
        body += chunk
    if size < 0 or len(body) != size or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return None
    fields = [f.decode("utf-8", "surrogateescape") for f in body.split(b"\0")[:-1]]
    count = int(fields[1])
    argv = fields[2:2 + count]
    env = dict(e.partition("=")[::2] for e in fields[2 + count:])
    return {"cwd": fields[0], "argv": argv, "env": env}, list(fds)


def _run(request: dict[str, object], fds: list[int]) -> int:
    """In the forked child: become ``python SCRIPT ARGS`` and run it."""
    import atexit
    import runpy
    import traceback

    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the process's own streams
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    os.chdir(str(request["cwd"]))
    os.environ.clear()
    os.environ.update(request["env"])  # type: ignore[arg-type]
    argv = list(request["argv"])  # type: ignore[call-overload]
    sys.argv = argv
    sys.path[0] = os.path.dirname(os.path.abspath(argv[0]))
    code = 0
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as end:
        if end.code is None:
            code = 0
        elif isinstance(end.code, int):
            code = end.code
        else:
            print(end.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()
    return code


def serve(path: str) -> None:
    import importlib
    import selectors

    from forkserver import fork  # beside this file, the script's directory

    for name in PRELOAD:
        importlib.import_module(name)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    print("ready", flush=True)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, ("listen", None))
    children: dict[int, tuple[socket.socket, int]] = {}  # pidfd -> (client, pid)
    runs, cpu = 0, 0.0  # said on stderr (the server's log) every 50 runs
    while True:
        for key, _ in selector.select():
            kind, value = key.data
            if kind == "listen":
                conn, _ = listener.accept()
                received = _receive(conn)
                if received is None:
                    conn.close()
                    continue
                request, fds = received

                def child(request: dict[str, object] = request, fds: list[int] = fds,
                          conn: socket.socket = conn) -> int:
                    selector.close()
                    listener.close()
                    conn.close()
                    for pidfd, (other, _pid) in children.items():
                        other.close()
                        os.close(pidfd)
                    return _run(request, fds)

                pid = fork(child)
                for fd in fds:
                    os.close(fd)
                conn.sendall(f"pid {pid}\n".encode())
                pidfd = os.pidfd_open(pid)
                children[pidfd] = (conn, pid)
                selector.register(pidfd, selectors.EVENT_READ, ("child", pidfd))
                selector.register(conn, selectors.EVENT_READ, ("client", pidfd))
            elif kind == "client":  # the client hung up before its child ended: kill it
                if value in children:
                    conn, pid = children[value]
                    selector.unregister(conn)
                    os.kill(pid, signal.SIGKILL)
            else:  # a child ended
                conn, pid = children.pop(value)
                selector.unregister(value)
                os.close(value)
                _, status, usage = os.wait4(pid, 0)
                runs += 1
                cpu += usage.ru_utime + usage.ru_stime
                if runs % 50 == 0:
                    print(f"{runs} runs, {cpu:.1f} s of CPU", file=sys.stderr, flush=True)
                try:
                    selector.unregister(conn)
                except KeyError:
                    pass
                try:
                    conn.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
                except OSError:
                    pass
                conn.close()


class RunServer:
    """A server process for a test session: :meth:`launch_line` is what ``launch.sh``
    runs instead of ``python``; :meth:`close` stops it."""

    def __init__(self, directory: Path, env: dict[str, str]) -> None:
        import shutil
        import subprocess

        directory.mkdir(parents=True, exist_ok=True)
        self.socket = str(directory / "runs.sock")
        self.log = directory / "runserver.err"
        with open(self.log, "w") as err:
            self.process = subprocess.Popen(
                [sys.executable, __file__, "serve", self.socket], env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, text=True)
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if ready.strip() != "ready":
            self.process.kill()
            self.process.wait()
            raise RuntimeError(f"the run server did not start: {self.log.read_text()}")

        self.client = f"{sys.executable} -S -E {__file__} client"
        compiler = shutil.which("cc") or shutil.which("gcc")
        if compiler is not None:
            built = directory / "runclient"
            source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runclient.c")
            done = subprocess.run([compiler, "-O2", "-Wall", "-o", str(built), source],
                                  capture_output=True, text=True, check=False)
            if done.returncode == 0:
                self.client = str(built)
            else:  # said, and the Python client does
                print(f"runclient.c did not build ({compiler}): {done.stderr}",
                      file=sys.stderr)

    def launch_line(self) -> str:
        return f"exec {self.client} {self.socket}"

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


if __name__ == "__main__":
    if sys.argv[1] == "client":
        sys.exit(client(sys.argv[2], sys.argv[3:]))
    serve(sys.argv[2])
