"""A study server that does not answer for a while: waits ride it out for the
workflow's ``server_grace`` (no failure, so no task retry is spent), and end with one
line after it. Real ZEO servers on TCP, a client copy of the workflow without the
storage (a worker's view), and the real trigger run on an event loop.

The task-start side (a TaskManagerOperator's try starting while the server is down)
runs under a real scheduler in tests/test_two_hosts.py; an ActionOperator's first check
of its events, and a poking sensor's, are run here on the worker's copy.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import stop_everything, write_workflow
from motoko_airflow.cluster import serve_over_tcp

ORCHESTRATOR = """\
async def finish(runs, workflow, **params):
    workflow.finished = True


async def main(workflow, **params):
    await workflow.calc.createTask(x=[1.0])
    workflow.add_action("finish", task="calc", event="state = FINISHED", f=finish)
"""


@pytest.fixture
def stored_and_copy(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    """A created workflow served over TCP on 127.0.0.1 (with run 1 of ``calc``), and a
    copy of its files without the storage, as a worker has."""
    from motoko_airflow.workflow import Workflow

    directory = write_workflow(tmp_path / "stored", ORCHESTRATOR, {"calc": {}})
    serve_over_tcp(directory, "127.0.0.1")
    workflow = Workflow(directory)
    try:
        assert workflow.create(validated=True)
        (run, _job), = workflow.calc.bd.create_runs({"x": [1.0]}, run_name="o")
        assert int(run.id) == 1
        copy = tmp_path / "copy"
        shutil.copytree(directory, copy, ignore=shutil.ignore_patterns(".bd", "BD-*"))
        yield workflow, copy
    finally:
        workflow.close()
        stop_everything(directory)


def _with_grace(copy: Path, seconds: float) -> str:
    with open(copy / "motoko.yaml", "a") as config:
        config.write(f"server_grace: {seconds}\n")
    return str(copy)


async def _wait(trigger: Any) -> dict[str, Any]:
    async for event in trigger.run():
        return dict(event.payload)
    raise AssertionError("the trigger ended without an event")


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_wait_rides_out_an_outage_shorter_than_the_grace(
        stored_and_copy: tuple[Any, Path]) -> None:
    from motoko_airflow import execution
    from motoko_airflow.sensors.triggers import BlackDynamiteRunTrigger

    workflow, copy = stored_and_copy
    study = workflow.calc.bd
    trigger = BlackDynamiteRunTrigger(_with_grace(copy, 60), "calc", [1], poll_interval=0.2)
    warnings = _Warnings()

    async def scenario() -> dict[str, Any]:
        waiting = asyncio.ensure_future(_wait(trigger))
        await asyncio.sleep(1.0)  # it polls the server, which answers
        assert not waiting.done()
        study.stop_server()
        outage = time.monotonic()
        while not any("waiting up to 60 s" in m for m in warnings.messages):
            assert not waiting.done(), waiting.result()  # (it has met the outage)
            await asyncio.sleep(0.1)
        print(f"outage met after {time.monotonic() - outage:.1f} s")
        await asyncio.sleep(3.0)  # more polls, none of which ends the wait
        assert not waiting.done(), waiting.result()
        study.server.serve()
        study.set_state(1, "FINISHED")
        event = await asyncio.wait_for(waiting, 60)
        print(f"outage ridden out: {time.monotonic() - outage:.1f} s")
        return event

    logger = logging.getLogger("motoko_airflow.execution")
    logger.addHandler(warnings)
    try:
        event = asyncio.run(scenario())
    finally:
        logger.removeHandler(warnings)
        execution.close_studies()
    assert len([m for m in warnings.messages if "does not answer" in m]) == 1, warnings.messages
    assert event["status"] == "finished", event
    assert event["run_ids"] == [1]


def test_a_wait_ends_with_one_line_after_the_grace(
        stored_and_copy: tuple[Any, Path]) -> None:
    from motoko_airflow import execution
    from motoko_airflow.sensors.triggers import BlackDynamiteRunTrigger

    workflow, copy = stored_and_copy
    workflow.calc.bd.stop_server()
    trigger = BlackDynamiteRunTrigger(_with_grace(copy, 2), "calc", [1], poll_interval=0.2)
    try:
        event = asyncio.run(asyncio.wait_for(_wait(trigger), 120))
    finally:
        execution.close_studies()
    assert event["status"] == "lost", event
    message = event["message"]
    host = workflow.calc.bd.host
    assert message.startswith(f"study calc: the ZEO server at {host} did not answer for "), \
        message
    assert "(server_grace: 2 s in motoko.yaml): start it on the host that stores the " \
        "study ('motoko serve -w WORKFLOW')" in message and "\n" not in message, message


def test_a_poking_sensor_fails_with_one_line_after_the_grace(
        stored_and_copy: tuple[Any, Path]) -> None:
    """A ConstraintSensor's poke (not deferred) waits for the server as a task start
    does (the same ``execution.riding_out``); with the server gone for longer than the
    grace, the task fails at once (no retry) with the line."""
    from airflow.sdk.exceptions import AirflowFailException

    from motoko_airflow import execution
    from motoko_airflow.sensors.constraint import ConstraintSensor

    workflow, copy = stored_and_copy
    study = workflow.calc.bd
    sensor = ConstraintSensor(task_id="wait", workflow=_with_grace(copy, 1),
                              task_manager="calc", constraints=["state = FINISHED"],
                              run_name="o")
    study.stop_server()
    try:
        with pytest.raises(AirflowFailException) as failed:
            sensor.poke({"params": {}, "run_id": "manual__x"})  # type: ignore[arg-type]
    finally:
        execution.close_studies()
    message = str(failed.value)
    assert message.startswith(f"wait: study calc: the ZEO server at {study.host} did not "
                              "answer for "), message
    assert "(server_grace: 1 s in motoko.yaml)" in message and "\n" not in message


def _action_operator(copy: Path) -> Any:
    from motoko_airflow.operators import ActionOperator

    return ActionOperator(task_id="actions", workflow=str(copy), run_name="o",
                          poke_interval=0.2)


#: what ActionOperator reads of its task's context
_CONTEXT = {"params": {}, "run_id": "manual__x", "dag": type("Dag", (), {"dag_id": "o"}),
            "ti": type("TaskInstance", (), {"try_number": 1})}


def test_an_actions_task_start_rides_out_an_outage_shorter_than_the_grace(
        stored_and_copy: tuple[Any, Path]) -> None:
    """ActionOperator's first check of its events (a task start, deferrable or not)
    waits for a study server that does not answer, as a task manager's start does: the
    check that meets the outage neither fails nor spends a retry, and sees the run that
    finished meanwhile once the server is back."""
    import threading

    from motoko_airflow import execution

    workflow, copy = stored_and_copy
    study = workflow.calc.bd
    operator = _action_operator(Path(_with_grace(copy, 60)))
    assert not operator.poke(_CONTEXT).is_done  # run 1 is not FINISHED: idle
    study.stop_server()
    warnings = _Warnings()
    logger = logging.getLogger("motoko_airflow.execution")
    logger.addHandler(warnings)
    poked: list[Any] = []
    checking = threading.Thread(target=lambda: poked.append(operator.poke(_CONTEXT)))
    try:
        checking.start()
        deadline = time.monotonic() + 60
        while not any("waiting up to 60 s" in m for m in warnings.messages):
            assert checking.is_alive() and time.monotonic() < deadline, poked
            time.sleep(0.1)
        time.sleep(3.0)  # more attempts, none of which ends the check
        assert checking.is_alive(), poked
        study.server.serve()
        study.set_state(1, "FINISHED")
        checking.join(60)
    finally:
        logger.removeHandler(warnings)
        execution.close_studies()
    assert not checking.is_alive()
    (done,) = poked
    assert done.is_done and done.xcom_value == {"run_name": "o", "finished": True}, done
    assert len([m for m in warnings.messages if "does not answer" in m]) == 1, \
        warnings.messages


def test_an_actions_task_start_fails_with_one_line_after_the_grace(
        stored_and_copy: tuple[Any, Path]) -> None:
    """With the server gone for longer than the grace, the actions task fails at once
    (no retry: it would only wait again) with the line."""
    from airflow.sdk.exceptions import AirflowFailException

    from motoko_airflow import execution

    workflow, copy = stored_and_copy
    study = workflow.calc.bd
    operator = _action_operator(Path(_with_grace(copy, 1)))
    study.stop_server()
    try:
        with pytest.raises(AirflowFailException) as failed:
            operator.execute(_CONTEXT)
    finally:
        execution.close_studies()
    message = str(failed.value)
    assert message.startswith(f"actions: study calc: the ZEO server at {study.host} did "
                              "not answer for "), message
    assert "(server_grace: 1 s in motoko.yaml)" in message and "\n" not in message


def test_a_server_counts_as_running_only_when_it_greets(stored_and_copy: Any) -> None:
    """A TCP server is running when it greets like ZEO, not merely when a connection to
    its address is accepted: once the address is no longer this host's, whatever the
    route leads to may accept every connection (some networks do) and never answer.
    A silent listener on this host's own address holds the port: it counts."""
    import random
    import socket
    import threading

    from motoko_airflow.servers import greets

    workflow, _copy = stored_and_copy
    server = workflow.calc.bd.server
    assert server.status() == "running" and greets(server.tcp_address)
    # an address of the benchmarking range no interface here has: refused, unreachable,
    # dropped, or accepted by the network and left silent: not a server, in each case
    block = random.randrange(1 << 14)
    nowhere = f"198.19.{block >> 6}.{((block & 0x3F) << 2) + 2}"
    assert not greets((nowhere, server.tcp_address[1]))
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        assert greets(silent.getsockname())  # silent, on this host: the port is held
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def answer_junk() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

        junk = threading.Thread(target=answer_junk)
        junk.start()
        assert not greets(("127.0.0.1", port))  # a listener, but not ZEO
        junk.join()
    assert not greets(("127.0.0.1", port))  # refused
    assert server.stop() and server.status() == "stopped"
