"""The files a workflow's ``main`` read while it was traced, and the check that they
have not changed since (``Graph.read_files``; recorded by :mod:`.trace.effects`).

Runs at DAG-parse time: standard library only.
"""

from __future__ import annotations

import hashlib
import os
import stat

__all__ = ["check", "check_env", "digest", "stale"]

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


def stale(read_files: dict[str, str], directory: str) -> list[str]:
    """The recorded paths (relative ones: to the workflow ``directory``) whose digest is
    not what it was when ``main`` was traced."""
    return [path for path, was in read_files.items()
            if digest(os.path.join(directory, path), listing=was.startswith("dir:")) != was]


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
