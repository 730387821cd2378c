"""A workflow's own modules (its directory's ``*.py`` and packages) in ``sys.modules``:
set aside while its ``main`` is traced or run natively in a process that imported them
before, so that ``main`` imports them afresh, as in a process of its own.

A module of the same top-level name imported from elsewhere (another workflow's helpers,
in a process that ran it) is set aside too: it would stand in for the workflow's own.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator
from pathlib import Path

__all__ = ["own_names", "put_back", "set_aside", "imported_afresh"]


def own_names(directory: str | Path) -> set[str]:
    """The top-level modules a workflow directory provides (``name.py``, ``name/``), but
    the standard library's and the project's, which a process has imported before any
    workflow (natively too)."""
    names = {p.stem for p in Path(directory).glob("*.py")} | {
        p.parent.name for p in Path(directory).glob("*/__init__.py")}
    return {n for n in names if n not in sys.stdlib_module_names
            and n.partition("_")[0] not in ("motoko", "airflow") and n != "BlackDynamite"}


def _is_own(name: str, module: types.ModuleType | None, prefix: str,
            names: set[str]) -> bool:
    return (getattr(module, "__file__", None) or "").startswith(prefix) or \
        name.partition(".")[0] in names


def set_aside(directory: str | Path) -> dict[str, types.ModuleType]:
    """Take the workflow's modules (and those of the same names from elsewhere) out of
    ``sys.modules``; returns them, for :func:`put_back`."""
    prefix = str(Path(directory).resolve()) + "/"
    names = own_names(directory)
    saved = {name: module for name, module in list(sys.modules.items())
             if _is_own(name, module, prefix, names)}
    for name in saved:
        del sys.modules[name]
    return saved


def put_back(directory: str | Path, saved: dict[str, types.ModuleType]) -> None:
    """Drop the workflow's modules imported since :func:`set_aside`, and put back those
    it took out."""
    prefix = str(Path(directory).resolve()) + "/"
    names = own_names(directory)
    for name, module in list(sys.modules.items()):
        if _is_own(name, module, prefix, names):
            del sys.modules[name]
    sys.modules.update(saved)


@contextlib.contextmanager
def imported_afresh(directory: str | Path) -> Iterator[None]:
    """The workflow's modules imported afresh within the block; those the process had
    are put back after."""
    saved = set_aside(directory)
    try:
        yield
    finally:
        put_back(directory, saved)
