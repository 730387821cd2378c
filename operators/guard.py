"""Guards: a task of a branch of ``main`` that is not taken does nothing.

A traced node carries ``when`` (a graph expression over the DAG params and upstream
run records, see :mod:`motoko_airflow.graph`). :func:`untaken` evaluates it at the
start of the task: when it is false the task is skipped (``AirflowSkipException``), or,
in a fail-fast DAG (where Airflow allows no trigger rule that tolerates skips), it
succeeds at once with no runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["DEFAULT_DEFER_AFTER", "InWorkflowDirectory", "WaitSlice", "checked",
           "defer_after_setting",
           "upstream_records", "untaken", "wait_in_worker"]

#: Seconds a deferrable task manager or sensor waits in the worker before it defers
#: (``defer_after``), unless configured: long enough for short runs to end without a
#: deferral round trip, short next to the runs a deferral is for
DEFAULT_DEFER_AFTER = 5.0
#: Seconds between the checks of a task waiting in the worker (a study read).
CHECK_EVERY = 0.2
#: The largest share of a wait its checks may take: a check slower than a tenth of the
#: pause before it (a study of many runs, a loaded server) spaces the next ones out.
CHECK_SHARE = 0.1


class InWorkflowDirectory:
    """Mixed into every operator of a workflow's DAG: its task runs in the workflow
    directory, where ``main`` runs (:func:`motoko_airflow.config.in_workflow_directory`),
    so a relative path of ``main``'s that the task opens or evaluates (``open("sweep.json")``
    at run time) names the same file as natively. Airflow calls ``pre_execute`` before
    ``execute``, and before a deferred task resumes, in the process that runs the task;
    under ``motoko run`` that process is already there."""

    workflow: str

    def pre_execute(self, context: Any) -> None:
        import os

        from motoko_airflow.config import find_config

        workflow = getattr(self, "workflow", "")
        if workflow:  # (an operator made by hand may name none)
            os.chdir(find_config(workflow).parent)


def defer_after_setting(task_id: str, value: float | None) -> float:
    """``defer_after`` of a task: ``value``, else ``[motoko] defer_after`` of the Airflow
    configuration, else :data:`DEFAULT_DEFER_AFTER`; a negative one is refused."""
    from airflow.sdk import conf

    seconds = float(conf.getfloat("motoko", "defer_after", fallback=DEFAULT_DEFER_AFTER)
                    if value is None else value)
    if seconds < 0:
        raise ValueError(f"{task_id}: defer_after must be >= 0 seconds, not {value!r}")
    return seconds


def wait_in_worker(result: Any, check: Any, done: Any, defer_after: float) -> Any:
    """``result`` (a first check's), or ``check()`` called every :data:`CHECK_EVERY` s
    until ``done`` of its result or ``defer_after`` seconds have passed; the last
    result. A deferrable task waits here before it defers."""
    return checked(result, check, done, defer_after, CHECK_EVERY)


def checked(result: Any, check: Any, done: Any, seconds: float, every: float) -> Any:
    """``result``, or ``check()`` called every ``every`` s (less often when a check takes
    more than :data:`CHECK_SHARE` of the time) until ``done`` of its result or
    ``seconds`` have passed; the last result."""
    import time

    deadline = time.monotonic() + seconds
    pause = every
    while not done(result) and time.monotonic() + pause <= deadline:
        time.sleep(pause)
        began = time.monotonic()
        result = check()
        pause = max(every, (time.monotonic() - began) * (1 / CHECK_SHARE - 1))
    return result


class Guarded:
    """Mixed into the operators of a node that has a branch guard and reads upstream
    runs (a fallback, a segment, a raise, a write): what the renderer's ``inputs``
    gives them is kept by :meth:`guarded`; :meth:`taken` reads the upstream runs."""

    when: Mapping[str, Any] | None
    upstream: dict[str, Any]
    mapped_upstreams: list[str]
    skip_untaken: bool

    def guarded(self, when: Mapping[str, Any] | None, upstream: Mapping[str, Any] | None,
                mapped_upstreams: Sequence[str], skip_untaken: bool) -> None:
        self.when = when
        self.upstream = dict(upstream or {})
        self.mapped_upstreams = list(mapped_upstreams)
        self.skip_untaken = skip_untaken

    def taken(self, context: Any) -> dict[str, list[dict[str, Any]]] | None:
        """The upstream nodes' run records, or None when the branch is not taken (or
        ``AirflowSkipException``: :func:`untaken`)."""
        records = upstream_records(self.upstream, self.mapped_upstreams)
        return None if untaken(self, context, self.when, records, self.skip_untaken) \
            else records


def upstream_records(upstream: Mapping[str, Any], mapped: Sequence[str]
                     ) -> dict[str, list[dict[str, Any]]]:
    """Run records of upstream nodes from their XComs (None for a skipped one: no runs)."""
    from motoko_airflow.execution import flatten_records

    return {node: flatten_records(value, node in mapped) for node, value in upstream.items()}


def untaken(task: Any, context: Any, when: Mapping[str, Any] | None,
            records: Mapping[str, Any], skip: bool = True) -> bool:
    """True when the task's branch is not taken (then the caller returns no runs);
    raises ``AirflowSkipException`` instead when ``skip``."""
    from motoko_airflow.execution import holds

    if when is None or holds(when, dict(context["params"]), records):
        return False
    message = f"{task.task_id}: not on this DAG run's branch of main (when: false)"
    if skip:
        from airflow.sdk.exceptions import AirflowSkipException

        raise AirflowSkipException(message)
    task.log.info("%s; nothing to do", message)
    return True


#: Task instance states of another task instance that could run while one waits.
_BUSY = frozenset({"scheduled", "queued", "running", "restarting", "up_for_reschedule",
                   "up_for_retry", "deferred", "awaiting_input"})


def _alone(context: Any) -> bool:
    """Whether no other task instance of this DAG run is running or could run now."""
    ti = context["ti"]
    try:
        states = ti.get_task_states(dag_id=ti.dag_id, run_ids=[ti.run_id])
    except Exception:  # noqa: BLE001 - not known: behave as if others could run
        return False
    me = ti.task_id if ti.map_index is None or ti.map_index < 0 \
        else f"{ti.task_id}_{ti.map_index}"
    return not any(str(getattr(state, "value", state)) in _BUSY
                   for key, state in (states.get(ti.run_id) or {}).items() if key != me)


class WaitSlice:
    """Mixed into a sensor: with ``wait_slice`` > 0 in ``mode="reschedule"``, a poke that
    is not its try's first keeps checking, every ``poke_interval`` seconds, for up to
    ``wait_slice`` seconds, and the task is then rescheduled to run again at once.

    For ``motoko run``: ``dag.test()`` runs one task instance at a time, so a waiting
    task must give the loop back (reschedule) for its mapped siblings to launch their
    runs. The first poke of a try launches and returns at once, unless no other task
    instance of the DAG run could run meanwhile (none scheduled, waiting for a
    reschedule or a retry: one Execution-API request tells); later ones wait for the
    runs here, where a check costs a study read, instead of one task start (about ten
    Execution-API requests, ≈ 0.2 s of CPU) per check and ``dag.test()``'s 1 s sleeps.
    A finished run is seen within ``poke_interval`` (longer when a check takes more than
    :data:`CHECK_SHARE` of it); a task waiting meanwhile for other
    runs holds the loop at most ``wait_slice`` seconds. ``timeout`` is checked after
    each poke, as without it. Off (0) by default: a real scheduler needs none of this.
    """

    wait_slice: float = 0.0
    reschedule: bool
    poke_interval: float

    def _may_wait(self, context: Any) -> bool:
        """Whether this poke may wait for its condition: not the try's first poke, or
        the only task instance of the DAG run that could run now."""
        if not (self.wait_slice > 0 and self.reschedule):
            return False
        return context.get("task_reschedule_count", 0) > 0 or _alone(context)

    def _wait(self, result: Any, check: Any, done: Any, context: Any) -> Any:
        """``result`` (a first check's), or, when it is not ``done(result)`` and this
        poke may wait, ``check()`` called every ``poke_interval`` s until ``done`` or the
        slice has passed; the last result."""
        if done(result) or not self._may_wait(context):
            return result
        return checked(result, check, done, self.wait_slice, self.poke_interval)

    def _get_next_poke_interval(self, started_at: Any, run_duration: Any,
                                poke_count: int) -> float:
        if self.wait_slice > 0 and self.reschedule:
            return 0.0  # the poke itself waited: run again as soon as the loop can
        return super()._get_next_poke_interval(  # type: ignore[misc]
            started_at, run_duration, poke_count)
