"""The files a workflow's ``main`` read while it was traced, and the check that they
have not changed since (``Graph.read_files``; recorded by :mod:`.trace.effects`).

Runs at DAG-parse time: standard library only.
"""

from __future__ import annotations

import hashlib
import os
import stat
from typing import Any

__all__ = ["again", "check", "check_env", "combined", "digest", "kind", "stale", "status"]

_HASH_LIMIT = 256 * 2**20  # bigger files are known by size and modification time


def digest(path: str, listing: bool = False) -> str | None:
    """``file:<sha256>`` of a regular file's bytes (``size:<bytes>:<mtime_ns>`` past
    256 MiB), ``dir:<sha256>`` of a directory's sorted names; None for anything else."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if stat.S_ISDIR(info.st_mode) and listing:
        names = "\n".join(sorted(os.listdir(path)))
        return "dir:" + hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()
    if not stat.S_ISREG(info.st_mode) or listing:
        return None
    if info.st_size > _HASH_LIMIT:
        return f"size:{info.st_size}:{info.st_mtime_ns}"
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return "file:" + sha.hexdigest()


def kind(path: str) -> str:
    """``kind:<followed>/<not followed>`` of a path, each ``absent``, ``file``, ``dir``,
    ``link`` (not followed only) or ``other``: what ``os.path.exists``, ``isfile``,
    ``isdir``, ``islink`` and ``lexists`` answer from."""
    def of(stat_of: Any) -> str:
        try:
            mode = stat_of(path).st_mode
        except (OSError, ValueError):
            return "absent"
        for test, name in ((stat.S_ISREG, "file"), (stat.S_ISDIR, "dir"),
                           (stat.S_ISLNK, "link")):
            if test(mode):
                return name
        return "other"
    return f"kind:{of(os.stat)}/{of(os.lstat)}"


def status(path: str) -> str:
    """``stat:<mode>:<size>:<mtime_ns>`` of a path (followed), ``stat:absent`` if none:
    what ``os.stat``, ``os.path.getsize``/``getmtime`` and ``os.access`` answer from."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return "stat:absent"
    return f"stat:{info.st_mode}:{info.st_size}:{info.st_mtime_ns}"


def again(path: str, was: str) -> str | None:
    """``path``'s digest now, of the same kind as ``was`` (one part of a record)."""
    form = was.partition(":")[0]
    if form == "kind":
        return kind(path)
    if form == "stat":
        return status(path)
    return digest(path, listing=form == "dir")


def combined(was: str | None, part: str) -> str:
    """A path's record with one more part (``file:…|kind:…``: it was read and asked
    about)."""
    parts = set(was.split("|")) if was else set()
    if any(p.partition(":")[0] == part.partition(":")[0] for p in parts):
        return was or part  # the first answer of a kind is what main compiled from
    return "|".join(sorted(parts | {part}))


def stale(read_files: dict[str, str], directory: str) -> list[str]:
    """The recorded paths (relative ones: to the workflow ``directory``) whose digest is
    not what it was when ``main`` was traced."""
    return [path for path, was in read_files.items()
            if any(again(os.path.join(directory, path), part) != part
                   for part in was.split("|"))]


def check(read_files: dict[str, str], dag_id: str, workflow: str) -> None:
    """Refuse a DAG whose workflow (directory ``workflow``) read a file that has changed
    since the trace."""
    from motoko_airflow.exceptions import RenderError

    changed = stale(read_files, workflow)
    if changed:
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise RenderError(
            f"DAG {dag_id}: {changed[0]}{more} changed since the workflow was traced (main "
            "read it while it was traced, and the DAG's tasks were compiled from what it "
            f"held then); trace it again: motoko trace {workflow} -o <this DAG file>")


def check_env(read_env: dict[str, str | None], dag_id: str, workflow: str) -> None:
    """Refuse a DAG whose ``main`` read an environment variable that is different here
    (unset, set, or another value) from when it was traced."""
    from motoko_airflow.exceptions import RenderError

    for name, was in read_env.items():
        now = os.environ.get(name)
        if now != was:
            def said(value: str | None) -> str:
                return "unset" if value is None else repr(value)

            raise RenderError(
                f"DAG {dag_id}: the environment variable {name} is {said(now)} here but was "
                f"{said(was)} when the workflow was traced (main read it, and the DAG's "
                f"tasks were compiled from that value); set it as it was, or trace the "
                f"workflow again where it runs: motoko trace {workflow} -o <this DAG file>")
