"""What ``main`` does to the world while it is traced: files it reads, and side effects.

The tracer runs ``main``'s Python for real, so whatever ``main`` reads from disk at
trace time is compiled into the graph as it was then: a sweep read from
``sweep.json``, the file names a ``glob`` found. Natively, ``main`` reads them when the
study runs. Two rules keep the DAG equal to ``main``:

- A file (or directory listing) read by the workflow's code *before its first step*
  is recorded with a digest (``Graph.read_files``, with the workflow's own modules);
  the DAG refuses to load once one of them changed (:func:`motoko_airflow.read_files.check`, at
  DAG-parse time: "trace the workflow again"), so it never runs on stale contents.
- A read *after* a step (a run's script may have written the file since), and every
  side effect (a file written, moved or removed, a directory made, a process or a
  connection started), stops the path there: from that point ``main`` runs natively,
  when the DAG runs, not while it is traced.

Python's audit hooks (:func:`sys.addaudithook`) see these operations whatever library
performs them (``open``, ``pathlib``, ``numpy.loadtxt``, ``shutil``, ``subprocess``);
only those called from the workflow's own code count, never the import system's.
One hook per process, idle outside a trace.
"""

from __future__ import annotations

import contextlib
import os
import sys
import sysconfig
from pathlib import Path
from typing import Any

from motoko_airflow.read_files import combined, digest, kind, status
from motoko_airflow.trace import state
from motoko_airflow.trace.writes import path_written

__all__ = ["install", "watching_paths"]

# operations that change something outside main: a path meets one, main runs natively
# from there (the operation then happens when the DAG runs, as often as main does it)
_EFFECTS = {
    "os.remove": "removes a file", "os.rename": "moves a file",
    "os.mkdir": "makes a directory", "os.rmdir": "removes a directory",
    "os.truncate": "truncates a file", "os.chmod": "changes a file's mode",
    "os.chown": "changes a file's owner", "os.link": "links a file",
    "os.symlink": "links a file", "os.utime": "touches a file",
    "shutil.copyfile": "copies a file", "shutil.copytree": "copies a directory",
    "shutil.move": "moves a file", "shutil.rmtree": "removes a directory",
    "shutil.make_archive": "writes an archive", "shutil.unpack_archive": "unpacks an archive",
    "subprocess.Popen": "starts a process", "os.system": "starts a process",
    "os.exec": "replaces its process", "os.posix_spawn": "starts a process",
    "os.spawn": "starts a process", "os.fork": "forks", "os.forkpty": "forks",
    "os.kill": "signals a process", "os.killpg": "signals a process group",
    "socket.connect": "opens a connection", "socket.sendto": "sends on a socket",
    "sqlite3.connect": "opens a database", "os.putenv": "changes the environment",
    "os.unsetenv": "changes the environment", "os.chdir": "changes its directory",
}
_READS = {"open", "os.listdir", "os.scandir"}
_WATCHED = _READS | set(_EFFECTS)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_INSTALLED = [False]
_BUSY = [False]


def _library_roots() -> tuple[str, ...]:
    """Where Python and installed packages live (their own files are not main's input)."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             str(Path(__file__).resolve().parents[1])}  # this package, even editable
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            roots.add(sysconfig.get_paths()[key])
        except KeyError:
            pass
    return tuple(sorted({os.path.realpath(r) + os.sep for r in roots if r}))


_SYSTEM = ("/proc/", "/sys/", "/dev/")
#: read by main (not by an import): a fallback point (the host's state, random bytes)
_HOST_STATE = ("/proc/", "/sys/", "/dev/urandom", "/dev/random")
_SOURCES = (".py", ".pyc", ".pyi", ".pth")


def install() -> None:
    """The audit hook, once per process (hooks cannot be removed: idle unless tracing)."""
    if not _INSTALLED[0]:
        _INSTALLED[0] = True
        roots = _library_roots()
        sys.addaudithook(lambda event, args: _hook(event, args, roots))


@contextlib.contextmanager
def unwatched() -> Any:
    """The tracer's own reads (a study's bd.yaml, to know a job field's type): not
    main's."""
    busy, _BUSY[0] = _BUSY[0], True
    try:
        yield
    finally:
        _BUSY[0] = busy


def _hook(event: str, args: tuple[Any, ...], roots: tuple[str, ...]) -> None:
    if event not in _WATCHED or _BUSY[0]:
        return
    rec = state.active()
    caller = None if rec is None else _caller(rec)
    if caller is None or (caller == "import" and event not in _READS):
        return
    _BUSY[0] = True  # the digest's own reads are not main's
    try:
        _seen(rec, event, args, roots, caller)
    finally:
        _BUSY[0] = False


def _seen(rec: Any, event: str, args: tuple[Any, ...], roots: tuple[str, ...],
          caller: str) -> None:
    if event in _EFFECTS:
        raise rec.untraceable(
            f"main {_EFFECTS[event]} ({event}): the DAG's tasks would not do it")
    target = args[0] if args else None
    if target is None or isinstance(target, int):
        return  # a descriptor: its opening was seen
    path = os.fsdecode(target) if isinstance(target, (str, bytes)) else os.fspath(target)
    real = os.path.realpath(path)
    if event == "open":
        mode, flags = (args[1], args[2]) if len(args) >= 3 else (None, 0)
        writing = any(c in mode for c in "wax+") if isinstance(mode, str) else \
            bool((flags or 0) & _WRITE_FLAGS)
        if writing and caller == "import":
            return  # a module's top level runs on every import, natively too
        if writing:
            raise rec.untraceable(
                f"main writes {path}: the DAG's tasks would not write it")
    written = path_written(rec, real)
    if written is not None:
        raise rec.untraceable(
            f"main reads {path} after writing {written}, which a step writes when the "
            "DAG runs: while traced, it holds what it held before")
    if real.startswith(_HOST_STATE) and caller == "main":
        raise rec.untraceable(
            f"main reads {path}, the state of the host it runs on (or random bytes): the "
            "DAG could not give main's value")
    if real.startswith(roots) or real.startswith(_SYSTEM) or real.endswith(_SOURCES):
        return  # Python's source files (tracebacks read them): the workflow's own are
        # recorded whole, whoever reads them
    if rec.recorded:
        what = "reads" if event == "open" else "lists the directory"
        raise rec.untraceable(
            f"main {what} {path} after a step: a run may change it before main gets "
            "there, so the DAG cannot be compiled from what it holds now")
    # a file that is not there (main may catch the error) is recorded as absent: the
    # DAG refuses to load once it appears
    found = digest(real, listing=event != "open") or kind(real)
    rec.read_files[real] = combined(rec.read_files.get(real), found)


def _caller(rec: Any, depth: int = 3) -> str | None:
    """``"main"`` when the operation comes from the workflow's own code as ``main`` runs,
    ``"import"`` when from its modules' top level (run natively on every import, by
    the DAG's tasks too), None otherwise (the import system, the tracer)."""
    frame: Any = sys._getframe(depth)
    found = None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib") and found is None:
            return None
        if name in rec.instrumented:
            if frame.f_code.co_name == "<module>":
                return "import"
            found = "main"
        frame = frame.f_back
    return found


class _Environ(os._Environ):  # type: ignore[name-defined,misc]
    """``os.environ`` while ``main`` is traced (the same variables): the ones the
    workflow's code reads are recorded (``Graph.read_env``), as a value it compiles
    from. Setting one is a side effect (``os.putenv``, above)."""

    def __init__(self, real: Any) -> None:  # noqa: D107 - shares the real one's state
        vars(self).update(vars(real))

    def __getitem__(self, key: str) -> str:
        try:
            value: str = super().__getitem__(key)
        except KeyError:
            _read_env(key, None)
            raise
        _read_env(key, value)
        return value


def _read_env(key: str, value: str | None) -> None:
    rec = state.active()
    if rec is None or _BUSY[0] or not isinstance(key, str):
        return
    if _caller(rec, depth=3) is not None:
        rec.read_env.setdefault(key, value)


def recording_environ() -> Any:
    """Put the recording ``os.environ`` in place; returns the real one to put back."""
    real = os.environ
    os.environ = _Environ(real)  # noqa: B003 - the same variables, read through a recorder
    return real


# ---- questions about paths ------------------------------------------------------------
# ``os.path.exists(p)``, ``Path.is_file()``, ``os.stat(p).st_size``: no audit event, so
# the functions themselves are wrapped while a path is traced. Only a call made by the
# workflow's own code counts (the caller's frame), not the stat calls of the library
# functions main calls (``Path.resolve``'s, ``open``'s).

#: function -> what its answer depends on: ``kind`` (exists, file, directory, link) or
#: ``status`` (also the mode, size and modification time)
_PATH_QUESTIONS = {
    "exists": kind, "lexists": kind, "isfile": kind, "isdir": kind, "islink": kind,
    "ismount": status, "getsize": status, "getmtime": status, "getatime": status,
    "getctime": status, "samefile": status,
}
_OS_QUESTIONS = {"stat": status, "lstat": status, "access": status}
_PATHLIB_QUESTIONS = {
    "exists": kind, "is_file": kind, "is_dir": kind, "is_symlink": kind,
    "is_mount": status, "stat": status, "lstat": status, "samefile": status,
    "owner": status, "group": status,
}


def _asked(function: str, answer_of: Any, paths: tuple[Any, ...]) -> None:
    rec = state.active()
    if rec is None or _BUSY[0]:
        return
    frame: Any = sys._getframe(2)
    if frame.f_code.co_filename not in rec.instrumented:
        return  # a library's own question (Path.resolve's lstat, ...)
    _BUSY[0] = True
    try:
        for target in paths:
            if isinstance(target, int) or target is None:
                continue  # a descriptor: its opening was seen
            try:
                path = os.path.abspath(os.fsdecode(os.fspath(target)))
            except TypeError:
                continue  # not a path: the real function says so
            if path.startswith(_SYSTEM) or path.endswith(_SOURCES):
                continue
            written = path_written(rec, os.path.realpath(path))
            if written is not None:
                raise rec.untraceable(
                    f"main asks about {path} ({function}) after writing {written}, which "
                    "a step writes when the DAG runs: while traced, it is as it was before")
            if rec.recorded:
                raise rec.untraceable(
                    f"main asks about {path} ({function}) after a step: a run may create "
                    "or change it before main gets there, so the DAG cannot be compiled "
                    "from the answer it has now")
            rec.read_files[path] = combined(rec.read_files.get(path), answer_of(path))
    finally:
        _BUSY[0] = False


def _wrapped(real: Any, name: str, answer_of: Any, arity: int) -> Any:
    def question(*args: Any, **kwargs: Any) -> Any:
        _asked(name, answer_of, args[:arity])
        return real(*args, **kwargs)

    question.__wrapped__ = real  # type: ignore[attr-defined]
    question.__name__ = getattr(real, "__name__", name)
    question.__qualname__ = getattr(real, "__qualname__", name)
    question.__doc__ = getattr(real, "__doc__", None)
    return question


def watching_paths() -> Any:
    """Wrap the functions that ask about a path (``os.path.exists``, ``os.stat``,
    ``Path.is_file``, ...) while main is traced; returns what puts the real ones back.
    Asked before the first step, the answer's digest is recorded (``Graph.read_files``,
    checked when the DAG loads); after a step, main runs natively from there."""
    import pathlib
    import posixpath

    saved: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, names: dict[str, Any], arity: int, label: str) -> None:
        for name, answer_of in names.items():
            real = getattr(owner, name, None)
            if real is None:
                continue
            saved.append((owner, name, real))
            setattr(owner, name, _wrapped(real, f"{label}{name}", answer_of, arity))

    wrap(posixpath, _PATH_QUESTIONS, 2, "os.path.")
    wrap(os, _OS_QUESTIONS, 1, "os.")
    wrap(pathlib.Path, _PATHLIB_QUESTIONS, 2, "Path.")

    def restore() -> None:
        for owner, name, real in reversed(saved):
            setattr(owner, name, real)

    return restore
