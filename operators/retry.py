"""Which failures of a task a retry can cure.

Task managers and sensors are retried (``render.TASK_DEFAULTS``): their work is
idempotent, and a retry absorbs what fails a task without its runs failing (a lost
server, a killed worker, a FAILED run given a new attempt). But before that work a task
evaluates ``main``'s own code on its inputs (its guard, the checks of values no step
read, blocks of ``main``'s statements, job parameters): when that raises, every retry
evaluates the same code on the same inputs and raises again, after ``retry_delay``
each time. :class:`MainErrorsAreFinal` fails the task at once then, with ``main``'s own
exception unchanged (``motoko run`` shows ``<task> failed: KeyError: 'total'``), as a
``RaiseOperator`` (never retried) does; every other failure keeps the task's retries.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import RetryDecision, RetryPolicy

__all__ = ["MainErrorsAreFinal", "retry_token"]


def retry_token(context: Any) -> str:
    """One per DAG run and try, given to the runs a task makes: a FAILED run made by an
    earlier try (or DAG run) gets a new attempt; one made by this try is this try's
    failure."""
    return f"{context['run_id']}#{context['ti'].try_number}"


class MainErrorsAreFinal(RetryPolicy):
    """A task's retry policy: an error of ``main``'s own code
    (:func:`motoko_airflow.execution.of_main`) fails the task without retry; anything
    else follows the task's ``retries``."""

    def evaluate(self, exception: BaseException, try_number: int, max_tries: int,
                 context: Any = None) -> RetryDecision:
        from motoko_airflow.execution import of_main

        if of_main(exception):
            return RetryDecision.fail(
                reason="main's own code raised: a retry would raise the same error")
        return RetryDecision.default()

    def serialize(self) -> dict[str, Any]:
        return {}  # nothing to keep: no setting

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> MainErrorsAreFinal:
        return cls()
