"""The signals that stop ``motoko run``: SIGINT, SIGTERM and SIGHUP, handled alike.

The first one raises :class:`Stopped` (a ``KeyboardInterrupt``) in the main thread, so
the command stops its executing runs, marks them FAILED, stops what it owns, prints its
summary and exits ``128 + signal`` (130, 143, 129). A second signal exits at once.

``dag.test()`` runs Airflow's task runner in this process, and the task runner takes
SIGTERM for itself at every task (to call the operator's ``on_kill``, which ignores
the signal otherwise): while :func:`stopping_on_signals` is active, handlers for these
signals set by anyone else are not installed.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

__all__ = ["SIGNALS", "Stopped", "redelivered", "stopping_on_signals"]

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; ``exit_code`` is the shell's ``128 + signal``."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@dataclass
class _Stops:
    received: int | None = None  # the first stop signal
    armed: bool = False  # inside redelivered()
    redelivering: bool = False


_active: _Stops | None = None


def _handler(signum: int, frame: FrameType | None) -> None:
    stops = _active
    if stops is None:
        return
    if stops.redelivering:  # raised again by redelivered()'s watcher
        stops.redelivering = False
        if stops.armed and stops.received is not None:
            raise Stopped(stops.received)
        return
    if stops.received is not None:
        os._exit(128 + signum)
    stops.received = signum
    raise Stopped(signum)


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Within the block, the first stop signal raises :class:`Stopped`; the second
    exits the process at once. Outside the main thread, nothing changes."""
    global _active
    if threading.current_thread() is not threading.main_thread() or _active is not None:
        yield
        return
    install: Callable[..., Any] = signal.signal
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}

    def others_kept_out(signum: int, action: Any) -> Any:
        if signum in SIGNALS:
            return signal.getsignal(signum)
        return install(signum, action)

    _active = _Stops()
    for signum in SIGNALS:
        install(signum, _handler)
    signal.signal = others_kept_out  # type: ignore[assignment]
    try:
        yield
    finally:
        signal.signal = install  # type: ignore[assignment]
        for signum, action in previous.items():
            if action is not None:  # None: set outside Python, cannot be put back
                install(signum, action)
        _active = None


@contextlib.contextmanager
def redelivered(interval: float = 0.2) -> Iterator[None]:
    """Within the block, a stop signal that was caught and not re-raised is raised
    again (every ``interval`` s) until it leaves the block: Airflow's task runner
    catches every exception of a task, ``KeyboardInterrupt`` included, so under
    ``dag.test()`` a signal arriving during a task only failed that task."""
    stops = _active
    if stops is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(interval):
            if stops.received is not None and stops.armed and not stops.redelivering:
                stops.redelivering = True
                _thread.interrupt_main(signal.SIGINT)

    watcher = threading.Thread(target=watch, name="stop-redelivery", daemon=True)
    stops.armed = True
    watcher.start()
    try:
        yield
    finally:
        stops.armed = False
        done.set()
        watcher.join()
