"""Whether the process of a launched run is still alive.

When the launcher starts a run through the launch wrapper it leaves, next to the exit
file in the run directory, a record of the wrapper process (:data:`PROCESS_FILE`,
JSON): the host name, the boot id, the pid namespace, the wrapper's pid (the leader of
the run's session and process group) and its start time (``/proc/<pid>/stat`` field
22, clock ticks after boot), so a recycled pid is never taken for it.

Whoever polls the run reads it: a run still pending, with no exit file, whose record
says "this host, this boot, this pid namespace" and whose process is gone (no such
pid, or a zombie, with nothing left in its process group; or another process under
that pid) will never finish.
:func:`gone_process` is that check; ``Study.settle_exited`` acts on it.

Runs recorded on another host, before a reboot or in another pid namespace cannot be
checked from here and are left alone; so are runs without a record (launched by
BlackDynamite's own daemons or tools, or claimed but not started yet).
"""

from __future__ import annotations

import functools
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["EXIT_FILE", "PROCESS_FILE", "ProcessRecord", "boot_id", "gone_process",
           "group_running", "hostname", "pid_namespace", "running", "runs_executing"]

#: Where the launcher records the process of a run, in its run directory.
PROCESS_FILE = ".motoko-process"
#: Where the launch wrapper leaves the exit code of a run's script.
EXIT_FILE = ".motoko-exit"


@functools.cache
def hostname() -> str:
    """This host's name (as a record gives it)."""
    return socket.gethostname()


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


@functools.cache
def boot_id() -> str:
    """This boot of this host (start times compare only within one boot)."""
    return _read("/proc/sys/kernel/random/boot_id")


@functools.cache
def pid_namespace() -> str:
    """This process's pid namespace (pids compare only within one)."""
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""


def _fields(pid: int | str) -> list[str]:
    """``/proc/<pid>/stat`` from field 3 (state) on ([] if there is no such process).

    Never ``waitpid``: the launcher's own children must stay for ``Popen.poll``.
    """
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return text.rsplit(")", 1)[-1].split()  # the name (field 2) may hold spaces


def _stat(pid: int) -> tuple[str, int] | None:
    """``(state, start time)`` of a process (fields 3 and 22), or None."""
    fields = _fields(pid)
    try:
        return fields[0], int(fields[19])
    except (IndexError, ValueError):
        return None


def running(pid: int) -> bool:
    """Whether a process runs (a zombie does not), never reaping it."""
    fields = _fields(pid)
    return bool(fields) and fields[0] not in ("Z", "X")


def group_running(pgid: int) -> bool:
    """Whether a process of this process group still runs (zombies do not count)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _fields(entry.name)
            if len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X"):
                return True
    return False


@dataclass(frozen=True)
class ProcessRecord:
    """The process a run executes in, as the launcher recorded it."""

    host: str
    pid: int
    start_time: int
    boot_id: str
    pid_namespace: str = ""

    @classmethod
    def of(cls, pid: int) -> ProcessRecord | None:
        """The record of a process of this host (None if it has already been reaped)."""
        found = _stat(pid)
        if found is None:
            return None
        return cls(hostname(), int(pid), found[1], boot_id(), pid_namespace())

    def write(self, run_dir: Path) -> None:
        """Write it into ``run_dir`` atomically (readers never see half a record)."""
        self.write_file(run_dir / PROCESS_FILE)

    def write_file(self, path: Path) -> None:
        tmp = path.with_name(f"{path.name}.tmp")
        tmp.write_text(json.dumps(asdict(self)))
        os.replace(tmp, path)

    @classmethod
    def read(cls, run_dir: Path) -> ProcessRecord | None:
        """The record in ``run_dir``, or None (none, or not one of ours)."""
        return cls.read_file(run_dir / PROCESS_FILE)

    @classmethod
    def read_file(cls, path: Path) -> ProcessRecord | None:
        try:
            data = json.loads(path.read_text())
            return cls(str(data["host"]), int(data["pid"]), int(data["start_time"]),
                       str(data["boot_id"]), str(data.get("pid_namespace", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def checkable_here(self) -> bool:
        """Whether this process can tell if the recorded process lives: same host, same
        boot, same pid namespace."""
        return (self.host == hostname() and bool(self.boot_id)
                and self.boot_id == boot_id() and self.pid_namespace == pid_namespace())

    def alive(self) -> bool:
        """Whether the recorded process, or a process of its group, still runs.

        Its pid taken by another process means the whole group had ended (Linux never
        reuses a pid still naming a process group). A wrapper that has ended (gone, or a
        zombie nobody reaps) may have left ``launch.sh`` and ``doIt.py`` running in its
        group (only the wrapper was killed): those keep the run alive; /proc is scanned
        for them only then.
        """
        found = _stat(self.pid)
        if found is not None and found[1] != self.start_time:
            return False
        if found is not None and found[0] not in ("Z", "X"):
            return True
        return group_running(self.pid)

    def running(self) -> bool:
        """Whether the recorded process itself still runs (its group aside)."""
        found = _stat(self.pid)
        return found is not None and found[1] == self.start_time and found[0] not in ("Z", "X")

    def reason(self) -> str:
        return (f"process {self.pid} on host {self.host} ended without finishing the run "
                "or leaving an exit code (killed?)")


def gone_process(run_dir: Path) -> ProcessRecord | None:
    """The record of a run's process if it is provably gone without leaving an exit
    code, else None (an exit file, alive, no record, or recorded where this process
    cannot check it). The wrapper writes the exit file and then exits, so the exit file
    is looked for again after the process is found gone: a run that has just ended
    normally is never taken for a dead one."""
    if (run_dir / EXIT_FILE).exists():
        return None
    record = ProcessRecord.read(run_dir)
    if record is None or not record.checkable_here() or record.alive():
        return None
    return None if (run_dir / EXIT_FILE).exists() else record


def runs_executing(runs_dir: Path) -> bool:
    """Whether a run of a study (its runs directory) may still be executing: one with
    no exit file whose recorded process is alive or cannot be checked from here."""
    try:
        run_dirs = list(runs_dir.glob("run-*"))
    except OSError:
        return False
    for run_dir in run_dirs:
        if (run_dir / EXIT_FILE).exists():
            continue
        record = ProcessRecord.read(run_dir)
        if record is None or (record.host == hostname() and record.boot_id != boot_id()):
            continue  # none, or this host has rebooted since: not executing any more
        if not record.checkable_here() or record.alive():
            return True
    return False
