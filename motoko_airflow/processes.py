"""Processes the project starts (ZEO servers, launchers, orchestrators): found and
stopped by their pid, never by a name match."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["alive", "cmdline", "executable", "file_lock", "pid_from_file", "stop"]


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (``flock`` on ``path``, created with its
    folder if needed), held in the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def executable(name: str) -> str:
    """A command installed beside this interpreter (``runzeo``, ``zdaemon``,
    ``canYouDigIt``), else found on ``PATH``."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def cmdline(pid: int) -> list[str]:
    """The command line of a running process ([] if there is none)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def alive(pid: int) -> bool:
    """Whether a process runs; an exited one waiting to be reaped (a zombie) does not."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def pid_from_file(path: Path, *markers: str) -> int | None:
    """The pid written in ``path`` if that process runs and its command line holds every
    one of ``markers`` (so a recycled pid is never taken for ours)."""
    try:
        pid = int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    args = cmdline(pid)
    if not args or not alive(pid):
        return None
    return pid if all(any(m in a for a in args) for m in markers) else None


def stop(pid: int, timeout: float = 10.0, resend: float | None = None) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``timeout`` seconds; with
    ``resend``, SIGTERM again every ``resend`` seconds meanwhile (for a process that
    can lose one, see :meth:`motoko_airflow.servers.ZeoServer.stop`)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    now = time.monotonic()
    deadline = now + timeout
    again = None if resend is None else now + resend
    while alive(pid):
        now = time.monotonic()
        if now > deadline:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return
        if again is not None and resend is not None and now > again:
            again = now + resend
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                return
        time.sleep(0.01)
