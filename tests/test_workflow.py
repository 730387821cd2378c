"""The Motoko API (Workflow, TaskManager, actions, vars) on real studies."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import write_workflow
from motoko_airflow.exceptions import ConstraintError, MotokoError, RunFailedError
from motoko_airflow.workflow import WorkflowAborted

COEFFICIENTS = (0.342, -2.31)


def routine_norm(inputs: list[float]) -> float:
    """What the routine example computes."""
    return math.sqrt(sum((a * x + 0.56) ** 2 for x in inputs for a in COEFFICIENTS))


def test_routine_example_inline(workflows) -> None:
    wf = workflows("routine")
    wf.run_name = "t"
    wf.launch_inline()
    wf.execute(inputs=[2.1, 3.2])
    (norm, job), = wf.norm.select("state = FINISHED")
    assert norm.y == pytest.approx(routine_norm([2.1, 3.2]), rel=1e-12)
    assert job.add_ids == [1, 2, 3, 4]  # a list-typed parameter is not expanded
    assert len(wf.add.select()) == 4
    assert [r["event_name"] for r, _ in wf.mult.select()] == ["run_mult", "run_mult"]


def test_routine_example_with_launcher_daemons(workflows) -> None:
    from motoko_airflow.launcher import launcher_pid

    wf = workflows("routine")
    wf.start_launcher_daemons()
    assert all(launcher_pid(tm.bd) for tm in wf.task_managers.values())
    wf.run_name = "daemons"
    wf.execute(inputs=[1.5])
    (norm, _), = wf.norm.select()
    assert norm.y == pytest.approx(routine_norm([1.5]))
    assert wf.stop_launcher_daemons() == ["mult", "add", "norm"]
    assert not any(launcher_pid(tm.bd) for tm in wf.task_managers.values())


def test_a_second_execute_with_the_same_run_name_reuses_runs(workflows) -> None:
    wf = workflows("routine")
    wf.run_name = "again"
    wf.launch_inline()
    wf.execute(inputs=[2.0])
    wf.execute(inputs=[2.0])
    assert [len(tm.select()) for tm in wf.task_managers.values()] == [1, 2, 1]


def test_event_example_bisection(workflows) -> None:
    wf = workflows("events")
    wf.run_name = "t"
    wf.launch_inline()
    wf.execute(bracket=[1.0, 2.0], tolerance=1e-3)
    assert wf.finished
    assert wf.vars.root == pytest.approx(1.5213797, abs=1e-3)
    assert wf.f is wf.evaluate  # an alias
    assert {r["state"] for r, _ in wf.evaluate.select()} == {"FORWARDED"}


def test_event_example_error_handler_stops_the_workflow(workflows) -> None:
    wf = workflows("events")
    wf.run_name = "t"
    wf.launch_inline()
    with pytest.raises(WorkflowAborted, match=r"'state = FAILED' held on evaluate run\(s\) 1"):
        wf.execute(bracket=[-200.0, 2.0], tolerance=1e-3)
    assert "root" not in wf.vars


def failing_workflow(tmp_path: Path, orchestrator: str, **extra: str) -> Path:
    crash = ("import BlackDynamite as BD\nrun, job = BD.getRunFromScript()\nrun.start()\n"
             "raise RuntimeError('boom in doIt')\n")
    return write_workflow(tmp_path / "wf", orchestrator, {
        "good": {}, "bad": {"doit": crash}}, **extra)


def test_awaiting_a_failed_run_raises_with_its_output(workflows, tmp_path) -> None:
    directory = failing_workflow(tmp_path, """
        async def main(workflow, **params):
            await workflow.bad.createTask(x=1.0)
    """)
    wf = workflows(directory)
    wf.run_name = "t"
    wf.launch_inline()
    with pytest.raises(RunFailedError) as info:
        wf.execute()
    assert info.value.run_ids == [1]
    assert "boom in doIt" in str(info.value)


def test_exception_in_main_propagates(workflows, tmp_path) -> None:
    directory = failing_workflow(tmp_path, """
        async def main(workflow, **params):
            await workflow.good.createTask(x=1.0)
            raise ValueError("orchestrator bug")
    """)
    wf = workflows(directory)
    wf.run_name = "t"
    wf.launch_inline()
    with pytest.raises(ValueError, match="orchestrator bug"):
        wf.execute()


def test_async_error_handler_is_awaited(workflows, tmp_path) -> None:
    directory = failing_workflow(tmp_path, """
        async def report(runs, workflow, **params):
            workflow.vars.reported = [r.id for r, j in runs]

        async def main(workflow, **params):
            workflow.add_error_handler(f=report)
            workflow.bad.createTask(x=[1.0, 2.0])
    """)
    wf = workflows(directory)
    wf.run_name = "t"
    wf.launch_inline()
    with pytest.raises(WorkflowAborted):
        wf.execute()
    assert wf.vars.reported in ([1], [2], [1, 2])


def test_every_event_form(workflows, tmp_path) -> None:
    directory = write_workflow(tmp_path / "wf", """
        from motoko.workflow import event

        calls = []

        def log(name):
            async def record(workflow, runs=None, **params):
                ids = None if runs is None else [r.id for r, j in runs]
                calls.append((name, ids, params.get("params")))
                workflow.vars.calls = calls
            return record

        @event
        async def finish(workflow, **params):
            workflow.finished = True

        def started(workflow, task_manager):
            return len(workflow.a.select()) > 0

        async def main(workflow, **params):
            workflow.a.createTask(x=[1.0, 2.0])
            workflow.add_action("constraint", task="a", event="state = FINISHED",
                                f=log("constraint"))
            workflow.add_action("list", task="a", event=["runs.id < 2", "state = FINISHED"],
                                f=log("list"))
            workflow.add_action("run_filter", task="a",
                                event=lambda run, job: job.x > 1.5 and run.state == "FINISHED",
                                f=log("run_filter"))
            workflow.add_action("wf_filter", event=started, f=log("wf_filter"),
                                get_params=lambda: {"n": 7})
            workflow.add_action("no_param", event=lambda: True, f=log("no_param"))
            workflow.add_action("done", event=lambda: any(
                c[0] == "constraint" and c[1] == [1, 2] for c in calls), f=finish)
    """, {"a": {}, "b": {}})
    wf = workflows(directory)
    wf.run_name = "t"
    wf.launch_inline()
    wf.execute()
    calls = wf.vars.calls
    names = [c[0] for c in calls]
    # boolean events fire once per check even with task="__all__" (2 studies)
    first_check = names[: names.index("no_param") + 1]
    assert first_check.count("wf_filter") <= 1 and first_check.count("no_param") == 1
    by_name = {}
    for name, ids, params in calls:
        by_name.setdefault(name, []).append((ids, params))
    assert [1, 2] in [ids for ids, _ in by_name["constraint"]]
    assert all(ids == [1] for ids, _ in by_name["list"])
    assert all(ids == [2] for ids, _ in by_name["run_filter"])  # the matching runs
    assert by_name["wf_filter"][0] == (None, {"n": 7})
    assert by_name["no_param"][0][0] is None


def test_unknown_event_forms_and_bad_constraints_fail_at_registration(workflows) -> None:
    wf = workflows("routine", create=False)
    with pytest.raises(MotokoError, match="unknown event"):
        wf.add_action("x", event=lambda a, b, c: True, f=print)
    with pytest.raises(MotokoError, match="f must be a function"):
        wf.add_action("x", event="state = FINISHED", f=None)
    with pytest.raises(ConstraintError, match="one condition per string"):
        wf.add_action("x", task="mult", event="state = FINISHED and x > 1", f=print)
    with pytest.raises(MotokoError, match="unknown task manager 'mul'"):
        wf.add_action("x", task="mul", event="state = FINISHED", f=print)


def test_selections(workflows) -> None:
    wf = workflows("routine")
    wf.run_name = "sel"
    created = wf.mult.createTask(x=[1.0, 2.0, 3.0])
    assert isinstance(created, list) and len(created) == 3
    constraints = ["state = CREATED"]
    selection = wf.mult.select(constraints)
    assert constraints == ["state = CREATED"]  # not mutated (Motoko appended run_name)
    assert len(selection) == 3 and bool(selection)
    assert [r.id for r, _ in selection] == [1, 2, 3]
    assert selection[0][0].id == 1
    assert [r.id for r, _ in selection()] == [1, 2, 3]
    wf.mult.bd.set_state(2, "FINISHED")
    assert wf.mult.select("state = FINISHED").all("state = FINISHED")()
    assert wf.mult.select().all("state = FINISHED")() is False
    # all(...) holds when every selected run satisfies one same constraint set
    assert wf.mult.select("jobs.x > 1.5").all(["state = FINISHED"], "state = CREATED")() \
        is False
    assert wf.mult.select("jobs.x > 2.5").all(["state = FINISHED"], "state = CREATED")()
    both = wf.mult.select("state = FINISHED") & wf.mult.select("runs.id = 3")
    assert [r.id for r, _ in both()] == [2, 3]
    assert (wf.mult.select("state = FINISHED") & wf.add.select())() is False
    other = wf.mult.select()
    wf.run_name = "other"
    assert len(other) == 0  # scoped by the workflow's current run name


def test_awaiting_selections(workflows) -> None:
    import asyncio

    wf = workflows("routine")
    wf.run_name = "await"
    wf.launch_inline()

    async def scenario():
        created = wf.mult.createTask(x=[1.0, 2.0])
        for _ in range(400):
            wf._tick_inline()
            if len(wf.mult.select("state = FINISHED")) == 2:
                break
            await asyncio.sleep(0.05)
        first = await wf.mult.select("state = FINISHED")
        every = await wf.mult.select().all("state = FINISHED")
        done = await created
        return first, every, done

    first, every, done = asyncio.run(scenario())
    assert len(first) == 2 and len(every) == 2 and [r.id for r, _ in done] == [1, 2]


def test_create_task_needs_a_run_name(workflows) -> None:
    wf = workflows("routine")
    with pytest.raises(MotokoError, match="workflow.run_name is not set"):
        wf.mult.createTask(x=1.0)


def test_get_runs_resolves_references(workflows) -> None:
    wf = workflows("routine")
    wf.run_name = "t"
    wf.mult.createTask(x=[1.0, 2.0])
    wf.add.createTask(x=3.0)
    runs = wf.get_runs(["mult.2", "add.1", "mult.1"])
    assert {k: [r.id for r in v] for k, v in runs.items()} == {"mult": [2, 1], "add": [1]}
    with pytest.raises(MotokoError, match="is not a run reference"):
        wf.get_runs(["mult"])


def test_vars_from_several_processes(workflows) -> None:
    wf = workflows("routine", create=False)
    script = textwrap.dedent(f"""
        import sys
        from motoko_airflow.workflow import Workflow
        wf = Workflow({wf.directory!r})
        for i in range(20):
            setattr(wf.vars, f"p{{sys.argv[1]}}_{{i}}", i)
    """)
    processes = [subprocess.Popen([sys.executable, "-c", script, str(n)]) for n in range(4)]
    assert [p.wait(timeout=60) for p in processes] == [0, 0, 0, 0]
    values = wf.vars.as_dict()
    assert len(values) == 80 and values["p3_19"] == 19
    del wf.vars.p0_0
    assert "p0_0" not in wf.vars
    with pytest.raises(AttributeError, match="has no 'nothing'"):
        _ = wf.vars.nothing


def test_create_asks_before_dropping_data(workflows) -> None:
    wf = workflows("routine")
    wf.run_name = "keep"
    wf.mult.createTask(x=1.0)
    assert wf.create() is False  # no terminal: the answer is the default, no
    assert len(wf.mult.select()) == 1
    assert wf.create(validated=True) is True
    assert len(wf.mult.select()) == 0


def test_gather_of_created_tasks(workflows, tmp_path) -> None:
    directory = write_workflow(tmp_path / "wf", """
        import asyncio

        async def main(workflow, **params):
            a, b = await asyncio.gather(workflow.a.createTask(x=[1.0, 2.0]),
                                        workflow.b.createTask(x=3.0))
            await workflow.a.createTask(x=sum(r.y for r, j in a) + b[0][0].y)
    """, {"a": {}, "b": {}})
    wf = workflows(directory)
    wf.run_name = "g"
    wf.launch_inline()
    wf.execute()
    assert sorted(j.x for _, j in wf.a.select()) == [1.0, 2.0, 14.0]


def test_a_study_served_over_tcp(workflows, tmp_path) -> None:
    """host: zeo://127.0.0.1:PORT in motoko.yaml: the study's server listens on TCP."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    directory = tmp_path / "tcp"
    import shutil

    from conftest import EXAMPLES

    shutil.copytree(EXAMPLES / "routine", directory)
    config = (directory / "motoko.yaml").read_text().replace(
        "  add:\n", f"  add:\n    host: zeo://127.0.0.1:{port}\n")
    (directory / "motoko.yaml").write_text(config)
    wf = workflows(directory)
    assert wf.add.bd.tcp_address == ("127.0.0.1", port)
    assert wf.add.bd.server_status() == "running"
    assert not wf.add.bd.zeo_socket.exists()
    wf.run_name = "tcp"
    wf.launch_inline()
    wf.execute(inputs=[2.0])
    (norm, _), = wf.norm.select()
    assert norm.y == pytest.approx(routine_norm([2.0]))
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # the server really listens on TCP


def test_vars_belong_to_their_run_name(workflows) -> None:
    wf = workflows("routine", create=False)
    wf.vars.shared = 1
    wf.run_name = "one"
    wf.vars.x = "first"
    wf.run_name = "two"
    assert "x" not in wf.vars and "shared" not in wf.vars
    wf.vars.x = "second"
    wf.run_name = "one"
    assert wf.vars.x == "first"
    wf.run_name = None
    assert wf.vars.shared == 1
