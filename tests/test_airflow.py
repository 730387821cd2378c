"""The Airflow side: rendering, operators, sensors, triggers, `motoko run`, on real
Airflow (dag.test in a subprocess with its own AIRFLOW_HOME) and real studies."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, EXAMPLES, ROOT, stop_everything, write_workflow

ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
COEFFICIENTS = (0.342, -2.31)


def routine_norm(inputs: list[float]) -> float:
    return math.sqrt(sum((a * x + 0.56) ** 2 for x in inputs for a in COEFFICIENTS))


@pytest.fixture
def example(tmp_path: Path):
    made: list[Path] = []

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(EXAMPLES / name, target)
        made.append(target)
        return target

    yield copy
    for directory in made:
        stop_everything(directory)


def motoko(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "motoko_airflow", *args], env=ENV,
                          capture_output=True, text=True, timeout=timeout)


def python(code: str, timeout: float = 600) -> dict:
    """Run a script in a fresh interpreter; it prints one JSON line last."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=ENV,
                            capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def outputs(directory: Path, study: str, run_name: str | None = None) -> list[tuple]:
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        pairs = wf.task_manager(study).bd.select(run_name=run_name, current_only=False)
        return [(r.id, r["state"], getattr(r, "y", None), j.id) for r, j in pairs]
    finally:
        wf.kill()


# ---- parse time ---------------------------------------------------------------------


def test_dags_folder_imports_without_errors_or_heavy_modules() -> None:
    found = python(f"""
        import json, os, sys, tempfile
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp()
        os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
        from airflow.dag_processing.dagbag import DagBag
        bag = DagBag(dag_folder={str(ROOT / "dags")!r})
        heavy = [m for m in ("BlackDynamite", "numpy", "pandas", "ZODB") if m in sys.modules]
        print(json.dumps({{"errors": bag.import_errors, "dags": sorted(bag.dag_ids),
                          "heavy": heavy,
                          "tasks": {{d: sorted(bag.dags[d].task_ids) for d in bag.dag_ids}}}}))
    """)
    assert found["errors"] == {}
    assert found["dags"] == ["events", "events_workflow_dag", "routine", "routine_by_hand",
                             "routine_workflow_dag"]
    assert found["heavy"] == []
    assert found["tasks"]["routine"] == ["add", "add__items", "mult", "norm", "verify_main"]
    assert found["tasks"]["events"] == ["actions"]


def test_traced_dag_files_are_in_sync_with_the_tracer(tmp_path: Path) -> None:
    """dags/*_traced.py are what `motoko trace` emits today (same relative layout)."""
    for name in ("routine", "events"):
        shutil.copytree(EXAMPLES / name, tmp_path / "examples" / name)
        fresh = tmp_path / "dags" / f"{name}_traced.py"
        result = motoko("trace", str(tmp_path / "examples" / name), "-o", str(fresh))
        assert result.returncode == 0, result.stderr
        committed = ROOT / "dags" / f"{name}_traced.py"
        assert fresh.read_text() == committed.read_text(), (
            f"dags/{name}_traced.py is stale: run "
            f"'motoko trace examples/{name} -o dags/{name}_traced.py'")


def test_task_managers_and_sensors_retry_by_default(example, tmp_path: Path) -> None:
    """2 retries, 5 s apart, on task managers and sensors (their work is idempotent),
    under the DAG's own default_args and motoko.yaml; none in a fail-fast DAG, and none
    on the actions task (user callbacks)."""
    events = write_workflow(tmp_path / "sensed", """
        async def report(runs, workflow, **params):
            pass

        async def main(workflow, **params):
            await workflow.calc.createTask(x=1.0)
            await workflow.calc.select("state = FINISHED")
            workflow.add_action("report", task="calc", event="state = FAILED", f=report)
    """, {"calc": {}})
    routine = example("routine")
    (routine / "motoko.yaml").write_text((routine / "motoko.yaml").read_text().replace(
        "  norm:\n", "  norm:\n    airflow: {retries: 0}\n"))
    found = python(f"""
        import datetime, json, os, tempfile
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp()
        from motoko_airflow.graph import Graph
        from motoko_airflow.render import dag_from_graph, workflow_dag
        from motoko_airflow.trace import trace

        def settings(dag):
            return {{t.task_id: [t.retries, t.retry_delay.total_seconds()]
                    for t in dag.tasks if not t.task_id.endswith("__items")
                    and t.task_id != "verify_main"}}

        routine = workflow_dag({str(routine)!r}, dag_id="r")
        mapped = routine.get_task("add").partial_kwargs
        delayed = workflow_dag({str(routine)!r}, dag_id="d", default_args={{
            "retry_delay": datetime.timedelta(seconds=1)}})
        graph = trace({str(routine)!r})
        fail_fast = dag_from_graph(Graph(**{{**graph.__dict__, "fail_fast": True}}))
        print(json.dumps({{
            "routine": {{**settings(routine), "add": [mapped["retries"],
                                                      mapped["retry_delay"].total_seconds()]}},
            "delayed": delayed.get_task("mult").retry_delay.total_seconds(),
            "verify": routine.get_task("verify_main").retries,
            "fail_fast": fail_fast.get_task("mult").retries,
            "events": settings(workflow_dag({str(events)!r}, dag_id="e")),
        }}))
    """)
    assert found["routine"] == {"mult": [2, 5.0], "add": [2, 5.0], "norm": [0, 5.0]}
    assert found["delayed"] == 1.0
    assert found["verify"] == 0  # replays the user's main: not retried
    assert found["fail_fast"] == 0
    assert found["events"].pop("actions")[0] == 0
    assert len(found["events"]) == 2  # the task manager and the sensor
    assert all(v == [2, 5.0] for v in found["events"].values()), found["events"]


def test_rendered_dag_shape_params_and_settings(example) -> None:
    directory = example("routine")
    (directory / "motoko.yaml").write_text(
        (directory / "motoko.yaml").read_text()
        + "airflow: {retries: 2, retry_delay: 5, pool: hpc, poke_interval: 7}\n")
    text = (directory / "motoko.yaml").read_text().replace(
        "  add:\n", "  add:\n    airflow: {retries: 4, timeout: 60, defer_after: 3}\n")
    (directory / "motoko.yaml").write_text(text)
    found = python(f"""
        import json, os, sys, tempfile
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp()
        from motoko_airflow.render import workflow_dag
        dag = workflow_dag({str(directory)!r}, dag_id="shape")
        tasks = {{t.task_id: t for t in dag.tasks}}
        explicit = workflow_dag({str(directory)!r}, dag_id="explicit", mode="reschedule",
                                deferrable=False, poke_interval=1, timeout=9,
                                wait_slice=2)
        mult2 = explicit.get_task("mult")
        add = tasks["add"]
        print(json.dumps({{
            "upstream": {{k: sorted(t.upstream_task_ids) for k, t in tasks.items()}},
            "types": {{k: type(t).__name__ for k, t in tasks.items()}},
            "params": {{k: dag.params.get_param(k).schema for k in dag.params}},
            "mult": [tasks["mult"].retries, tasks["mult"].retry_delay.total_seconds(),
                     tasks["mult"].pool, tasks["mult"].deferrable],
            "add": [add.partial_kwargs["retries"], add.partial_kwargs["timeout"]],
            "add_reads": add.partial_kwargs["upstream"],
            "poke": [tasks["mult"].poke_interval, mult2.poke_interval, mult2.timeout,
                     mult2.mode, mult2.deferrable],
            "waits": [tasks["mult"].defer_after, add.partial_kwargs["defer_after"],
                      tasks["mult"].wait_slice, mult2.wait_slice],
            "heavy": [m for m in ("BlackDynamite", "numpy", "pandas") if m in sys.modules],
        }}))
    """)
    # add's items carry mult's runs: its instances read no upstream records themselves
    # (each would render and store all of them: quadratic in the width)
    assert found["upstream"] == {"mult": [], "add__items": ["mult"], "add": ["add__items"],
                                 "norm": ["add"], "verify_main": ["norm"]}
    assert found["add_reads"] == {}
    assert found["types"]["verify_main"] == "VerifyOperator"
    assert found["types"]["add"] == "MappedOperator"
    assert found["params"]["inputs"]["type"] == "array"
    assert found["params"]["inputs"]["minItems"] == 1
    assert found["mult"] == [2, 5.0, "hpc", True]
    assert found["add"] == [4, 60]
    assert found["poke"] == [7, 1, 9, "reschedule", False]  # explicit arguments win
    # defer_after from motoko.yaml (add only: mult waits the default 5 s); wait slices
    # only where asked for (motoko run)
    assert found["waits"] == [5.0, 3, 0.0, 2.0]
    assert found["heavy"] == []


def test_a_waiting_task_checks_often_and_spaces_out_slow_checks() -> None:
    import time

    from operators.guard import CHECK_SHARE, checked

    def counting(cost: float, finished_after: int | None = None):
        calls: list[float] = []

        def check() -> int:
            calls.append(time.monotonic())
            time.sleep(cost)
            return len(calls)
        return calls, check, (lambda n: finished_after is not None and n >= finished_after)

    calls, check, done = counting(0.0, finished_after=5)
    assert checked(0, check, done, 5.0, 0.02) == 5  # stops when done
    assert len(calls) == 5

    calls, check, done = counting(0.0)
    began = time.monotonic()
    assert checked(0, check, done, 0.3, 0.05) == len(calls)  # the last result
    assert 0.25 <= time.monotonic() - began <= 0.3 + 0.2 and 3 <= len(calls) <= 6

    calls, check, done = counting(0.05)  # slow checks: at most CHECK_SHARE of the wait
    checked(0, check, done, 1.2, 0.01)
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert gaps and min(gaps) >= 0.05 / CHECK_SHARE * 0.9
    made = len(calls)
    assert checked(7, check, lambda n: True, 5.0, 0.01) == 7  # done at once: no check
    assert len(calls) == made


def test_triggers_serialize_round_trip() -> None:
    found = python("""
        import json
        from airflow.sdk._shared.module_loading import import_string
        from motoko_airflow.sensors import BlackDynamiteRunTrigger, ConstraintTrigger
        out = []
        for trigger in (BlackDynamiteRunTrigger("/w/motoko.yaml", "mult", [3, 4], 1.5),
                        ConstraintTrigger("/w/motoko.yaml", [{"task_manager": "mult",
                                          "constraints": ["state = FINISHED"], "all_of": []}],
                                          "run1", 2)):
            path, kwargs = trigger.serialize()
            again = import_string(path)(**json.loads(json.dumps(kwargs)))
            out.append([path, kwargs, again.serialize() == (path, kwargs)])
        try:
            BlackDynamiteRunTrigger("/w", "mult", [])
            error = ""
        except ValueError as exc:
            error = str(exc)
        from itertools import islice
        from motoko_airflow.sensors.triggers import _pauses
        pauses = [list(islice(_pauses(p), 7)) for p in (2.0, 0.1)]
        print(json.dumps({"triggers": out, "error": error, "pauses": pauses}))
    """)
    (run_path, run_kwargs, run_same), (c_path, c_kwargs, c_same) = found["triggers"]
    assert run_path == "motoko_airflow.sensors.triggers.BlackDynamiteRunTrigger"
    assert run_kwargs == {"workflow": "/w/motoko.yaml", "task_manager": "mult",
                          "run_ids": [3, 4], "poll_interval": 1.5}
    assert c_path == "motoko_airflow.sensors.triggers.ConstraintTrigger"
    assert c_kwargs["run_name"] == "run1" and c_kwargs["poll_interval"] == 2.0
    assert run_same and c_same
    assert "at least one run id" in found["error"]
    # polls soon after the deferral, then less and less often, up to poll_interval
    assert found["pauses"] == [[0.25, 0.375, 0.5625, 0.84375, 1.265625, 1.8984375, 2.0],
                               [0.1] * 7]


# ---- execution ----------------------------------------------------------------------


def test_motoko_run_routine_gives_the_native_numbers(example) -> None:
    directory = example("routine")
    result = motoko("run", str(directory), "--run_name", "air", "--inputs", "2.1", "3.2")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "succeeded" in result.stdout
    summary = {line.split()[0]: line.split() for line in result.stdout.splitlines()
               if line.split() and line.split()[0] in ("mult", "add", "norm")}
    assert summary["add"][1:5] == ["2", "success", "4", "4"]  # 2 instances, 4 runs
    assert summary["mult"][1:3] == ["success", "2"]
    (run_id, state, y, _), = outputs(directory, "norm", "air")
    assert state == "FINISHED"
    assert y == pytest.approx(routine_norm([2.1, 3.2]), rel=1e-12)
    assert [s for _, s, _, _ in outputs(directory, "add", "air")] == ["FINISHED"] * 4


def test_motoko_run_again_with_the_same_run_name_reuses_runs(example) -> None:
    directory = example("routine")
    first = motoko("run", str(directory), "-n", "same", "-q", "--inputs", "1.0")
    assert first.returncode == 0, first.stderr[-3000:]
    second = motoko("run", str(directory), "-n", "same", "-q", "--inputs", "1.0")
    assert second.returncode == 0, second.stderr[-3000:]
    assert [len(outputs(directory, s, "same")) for s in ("mult", "add", "norm")] == [1, 2, 1]


def test_motoko_run_events_example(example) -> None:
    directory = example("events")
    result = motoko("run", str(directory), "-n", "bis", "--tolerance", "0.01")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    wf.run_name = "bis"  # vars belong to their run name
    assert wf.vars.root == pytest.approx(1.5213797, abs=0.01)


def test_motoko_run_bad_params_are_explained(example) -> None:
    directory = example("routine")
    result = motoko("run", str(directory))
    assert result.returncode == 2
    assert "--inputs" in result.stderr and "required" in result.stderr


def test_deferrable_dag_under_dag_test(example, tmp_path: Path) -> None:
    """Deferral, trigger serialization and execute_complete, through dag.test."""
    directory = example("routine")
    found = python(f"""
        import json
        from pathlib import Path
        from motoko_airflow import embedded
        home = Path({str(tmp_path / "home")!r})
        embedded.configure(home)
        embedded.ensure_database(home)
        from motoko_airflow.render import workflow_dag
        from motoko_airflow.execution import close_studies
        from motoko_airflow.workflow import Workflow
        Workflow({str(directory)!r}).create(validated=True)
        # defer as soon as the runs are launched (the default first waits 5 s in the task)
        dag = workflow_dag({str(directory)!r}, dag_id="deferred", poke_interval=0.5,
                           default_args={{"defer_after": 0}})
        kinds = sorted({{str(t.deferrable) for t in dag.tasks if hasattr(t, "deferrable")}})
        result = embedded.run_dag(dag, {{"inputs": [1.5], "run_name": "deferred"}})
        norm = result.xcom("norm")
        close_studies()
        print(json.dumps({{"state": result.state, "kinds": kinds, "norm": norm,
                          "log": result.log_tail,
                          "inline": result.log_path.read_text().count(
                              "[DAG TEST] running trigger in line")}}))
    """)
    assert found["state"] == "success", found["log"]
    assert found["kinds"] == ["True"]
    assert found["inline"] == 3, found  # mult, add (one instance: one mult run), norm
    (record,) = found["norm"]
    assert record["state"] == "FINISHED" and record["study"] == "norm"
    assert record["run"]["y"] == pytest.approx(routine_norm([1.5]))
    assert record["job"]["add_ids"] == [1, 2]


FLAKY_DOIT = """\
from pathlib import Path
from typing import Any
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
marker = Path(run.workflow).parent / "failed-once"
if not marker.exists():
    marker.write_text("x")
    raise RuntimeError("first attempt fails on purpose")
run.y = job.x * 2
run.finish()
"""


def flaky_workflow(tmp_path: Path, airflow: str) -> Path:
    return write_workflow(tmp_path / "flaky", """
        def populate_arg_parser(parser):
            parser.add_argument("--x", type=float, default=1.0)

        async def main(workflow, **params):
            await workflow.calc.createTask(x=params["x"])
    """, {"calc": {"doit": FLAKY_DOIT}}, extra_yaml=airflow)


def test_a_failed_run_is_retried_by_airflow(tmp_path: Path) -> None:
    directory = flaky_workflow(tmp_path, "airflow: {retries: 1, retry_delay: 1}\n")
    try:
        result = motoko("run", str(directory), "-n", "retry", "--x", "3")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        runs = outputs(directory, "calc", "retry")
        assert sorted(s for _, s, _, _ in runs) == ["FAILED", "FINISHED"]
        assert len({job for _, _, _, job in runs}) == 1  # one job, two attempts
        assert [y for _, s, y, _ in runs if s == "FINISHED"] == [6.0]
    finally:
        stop_everything(directory)


def test_by_default_a_failed_run_is_retried(tmp_path: Path) -> None:
    """Task managers default to 2 retries (idempotent: a retry gives a FAILED run one
    new attempt and reuses the rest)."""
    directory = flaky_workflow(tmp_path, "airflow: {retry_delay: 0}\n")
    try:
        result = motoko("run", str(directory), "-n", "default", "--x", "2")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        runs = outputs(directory, "calc", "default")
        assert sorted(s for _, s, _, _ in runs) == ["FAILED", "FINISHED"]
    finally:
        stop_everything(directory)


def test_without_retries_the_dag_run_fails_and_names_the_run(tmp_path: Path) -> None:
    directory = flaky_workflow(tmp_path, "airflow: {retries: 0}\n")
    try:
        result = motoko("run", str(directory), "-n", "noretry")
        assert result.returncode == 1
        assert "run(s) 1 FAILED" in result.stderr
        assert "first attempt fails on purpose" in result.stderr
        assert [s for _, s, _, _ in outputs(directory, "calc", "noretry")] == ["FAILED"]
    finally:
        stop_everything(directory)


def test_an_error_of_mains_own_code_is_final_and_a_failed_run_is_retried(
        tmp_path: Path) -> None:
    """Task managers are retried (2 retries by default), for what a retry can cure: here
    the run of ``calc`` FAILED on its first attempt and its task's second try succeeds.
    But ``ratio`` (main's own code on the run's output: a division by zero, which no
    step reads) fails the next task on every try alike: it fails on its first, with
    main's own exception, and no retry delay is spent on it (before: two more tries,
    ``retry_delay`` apart)."""
    directory = write_workflow(tmp_path / "final", """
        def populate_arg_parser(parser):
            parser.add_argument("--x", type=float, default=1.0)

        async def main(workflow, **params):
            [(run, job)] = await workflow.calc.createTask(x=params["x"])
            ratio = job.x / (run.y - 2 * job.x)
            await workflow.calc.createTask(x=job.x + 1.0)
    """, {"calc": {"doit": FLAKY_DOIT}}, extra_yaml="airflow: {retry_delay: 1}\n")
    try:
        found = python(f"""
            import json
            from pathlib import Path
            from motoko_airflow import embedded
            embedded.prepare(Path({str(tmp_path / "home")!r}))
            from motoko_airflow.render import workflow_dag
            from motoko_airflow.execution import close_studies
            from motoko_airflow.workflow import Workflow
            Workflow({str(directory)!r}).create(validated=True)
            dag = workflow_dag({str(directory)!r}, dag_id="final")
            retries = {{t.task_id: t.retries for t in dag.tasks}}
            result = embedded.run_dag(dag, {{"x": 2.0, "run_name": "final"}})
            close_studies()
            print(json.dumps({{"state": result.state, "failures": result.failures,
                              "retries": retries, "tries": {{
                                  t.task_id: [t.state, t.try_number]
                                  for t in result.task_states}}}}))
        """)
        assert found["retries"] == {"calc": 2, "calc_2": 2, "verify_main": 0}, found
        assert found["state"] == "failed", found
        assert found["tries"]["calc"] == ["success", 2], found  # the failed run: retried
        assert found["tries"]["calc_2"] == ["failed", 1], found  # main's error: final
        [(task_id, _, error, tail)] = found["failures"]
        assert (task_id, error) == ("calc_2", "ZeroDivisionError: float division by zero")
        assert "Retry policy decision" in tail, tail
        runs = outputs(directory, "calc", "final")
        assert sorted((s, y) for _, s, y, _ in runs) == [("FAILED", None), ("FINISHED", 4.0)]
    finally:
        stop_everything(directory)


def test_by_default_a_deferrable_task_manager_waits_for_short_runs_in_the_task(
        tmp_path: Path) -> None:
    """Deferrable (as under a scheduler), a task manager first waits up to 5 s for its
    runs in the task (defer_after's default): a run that fails meanwhile fails the task
    with its id and output, one that finishes succeeds it; neither defers."""
    directory = flaky_workflow(tmp_path, "airflow: {retries: 0}\n")
    try:
        found = python(f"""
            import json
            from pathlib import Path
            from motoko_airflow import embedded
            home = Path({str(tmp_path / "home")!r})
            embedded.prepare(home)
            from motoko_airflow.render import workflow_dag
            from motoko_airflow.execution import close_studies
            from motoko_airflow.workflow import Workflow
            Workflow({str(directory)!r}).create(validated=True)
            dag = workflow_dag({str(directory)!r}, dag_id="waits")
            out = {{"defer_after": dag.get_task("calc").defer_after}}
            for name in ("first", "second"):  # the first attempt fails (FLAKY_DOIT)
                result = embedded.run_dag(dag, {{"x": 2.0, "run_name": name}})
                out[name] = {{
                    "state": result.state, "failures": result.failures,
                    "xcom": result.xcom("calc") if result.state == "success" else None,
                    "inline": result.log_path.read_text().count(
                        "[DAG TEST] running trigger in line")}}
            close_studies()
            print(json.dumps(out))
        """)
        assert found["defer_after"] == 5.0
        first, second = found["first"], found["second"]
        assert first["state"] == "failed" and first["inline"] == 0, first
        [(task_id, _, error, tail)] = first["failures"]
        assert task_id == "calc" and "1" in error and "FAILED" in error, error
        assert "first attempt fails on purpose" in tail
        assert second["state"] == "success" and second["inline"] == 0, second
        [record] = second["xcom"]
        assert record["state"] == "FINISHED" and record["run"]["y"] == 4.0
    finally:
        stop_everything(directory)


def test_error_handler_makes_the_dag_fail_fast(tmp_path: Path) -> None:
    crash = "raise SystemExit('crash')\n"
    slow = ("import time\nimport BlackDynamite as BD\nrun, job = BD.getRunFromScript()\n"
            "run.start()\ntime.sleep(8)\nrun.finish()\n")
    directory = write_workflow(tmp_path / "ff", """
        import asyncio

        async def report(runs, workflow, **params):
            workflow.vars.reported = [r.id for r, j in runs]

        async def main(workflow, **params):
            workflow.add_error_handler(f=report)
            await asyncio.gather(workflow.bad.createTask(x=1.0), workflow.slow.createTask(x=1.0))
    """, {"bad": {"doit": crash}, "slow": {"doit": slow}})
    try:
        result = motoko("run", str(directory), "-n", "ff", timeout=120)
        assert result.returncode == 1
        assert "failed" in result.stderr.lower()
        summary = result.stdout
        assert "bad" in summary and "failed" in summary
        from motoko_airflow.workflow import Workflow

        wf = Workflow(directory)
        wf.run_name = "ff"
        assert wf.vars.reported == [1]  # the handler ran, with the runs
    finally:
        stop_everything(directory)


def test_a_sweep_wider_than_max_map_length_still_runs(example) -> None:
    """Airflow caps map instances at [core] max_map_length; wider sweeps are batched."""
    directory = example("routine")
    inputs = ["1", "2", "3", "4", "5"]
    result = subprocess.run(
        [sys.executable, "-m", "motoko_airflow", "run", str(directory), "-n", "wide",
         "--inputs", *inputs],
        env={**ENV, "AIRFLOW__CORE__MAX_MAP_LENGTH": "2"}, capture_output=True, text=True,
        timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = {line.split()[0]: line.split() for line in result.stdout.splitlines()
               if line.split() and line.split()[0] in ("mult", "add", "norm")}
    assert summary["add"][1:5] == ["2", "success", "10", "10"]  # 2 batches, all 10 runs
    (_, state, y, _), = outputs(directory, "norm", "wide")
    assert state == "FINISHED"
    assert y == pytest.approx(routine_norm([1.0, 2.0, 3.0, 4.0, 5.0]), rel=1e-12)


def test_a_stuck_run_ends_in_a_timeout_not_a_hang(tmp_path: Path) -> None:
    stuck = ("import time\nimport BlackDynamite as BD\nrun, job = BD.getRunFromScript()\n"
             "run.start()\nprint('working...', flush=True)\ntime.sleep(600)\nrun.finish()\n")
    directory = write_workflow(tmp_path / "stuck", """
        async def main(workflow, **params):
            await workflow.calc.createTask(x=1.0)
    """, {"calc": {"doit": stuck}})
    try:
        result = motoko("run", str(directory), "-n", "stuck", "--timeout", "4", timeout=300)
        assert result.returncode == 1
        assert "Sensor has timed out" in result.stderr
        assert "Runs of calc not FINISHED: [1]" in result.stderr
        assert "working..." in result.stderr  # the run's output tail
        assert "stopped the runs of calc still executing" in result.stderr
        from motoko_airflow.blackdynamite import Study

        study = Study(directory / "calc")
        try:
            from motoko_airflow.launcher import stop_runs

            assert stop_runs(study) == []  # nothing left executing
            assert study.states([1]) == {1: "FAILED"}  # and it is not left pending
        finally:
            study.stop_server()
    finally:
        stop_everything(directory)


def test_a_branch_on_an_output_is_an_airflow_branch(tmp_path: Path) -> None:
    """An `if` on a run's output compiles: the untaken side is skipped, the join runs."""
    directory = write_workflow(tmp_path / "branchy", """
        def populate_arg_parser(parser):
            parser.add_argument("--x", type=float, default=3.0)


        async def main(workflow, **params):
            (run, job), = await workflow.calc.createTask(x=params["x"])
            if run.y > 5:
                await workflow.calc.createTask(x=run.y)
            else:
                await workflow.calc.createTask(x=-run.y)
            await workflow.calc.createTask(x=0.5)
    """, {"calc": {}})
    try:
        big = motoko("run", str(directory), "-n", "big", "--x", "3")
        assert big.returncode == 0, big.stdout[-3000:] + big.stderr[-3000:]
        assert "skipped" in big.stdout  # the else side
        assert sorted(y for _, _, y, _ in outputs(directory, "calc", "big")) == [0.25, 9.0, 81.0]
        small = motoko("run", str(directory), "-n", "small", "--x", "2")
        assert small.returncode == 0, small.stdout[-3000:] + small.stderr[-3000:]
        assert sorted(y for _, _, y, _ in outputs(directory, "calc", "small")) == [
            0.25, 4.0, 16.0]
    finally:
        stop_everything(directory)


RELATIVE_PATHS = """
    import json

    def populate_arg_parser(parser):
        parser.add_argument("--sweep", default="sweep.json")

    async def main(workflow, **params):
        with open("settings.json") as f:  # read while main is traced
            shift = json.load(f)["shift"]
        with open(params["sweep"]) as f:  # a param's path: opened by the task
            xs = json.load(f)["xs"]
        runs = await workflow.calc.createTask(x=[x + shift for x in xs])
        await workflow.calc.createTask(x=sum(run.y for run, job in runs))
"""


def relative_paths_workflow(tmp_path: Path) -> Path:
    directory = write_workflow(tmp_path / "relative", RELATIVE_PATHS, {"calc": {}})
    (directory / "settings.json").write_text('{"shift": 0.5}')
    (directory / "sweep.json").write_text('{"xs": [1.0, 2.0]}')
    (directory / "other.json").write_text('{"xs": [3.0]}')
    return directory


def test_main_opens_relative_paths_in_its_workflow_directory_under_dag_test(
        tmp_path: Path) -> None:
    """Motoko's commands run in the workflow directory, so orchestrators open files
    next to them by relative paths. A DAG parsed and run elsewhere (a scheduler's
    worker) traces main there and runs its tasks there: this test's DAG is built and
    run from the project's root."""
    directory = relative_paths_workflow(tmp_path)
    try:
        found = python(f"""
            import json, os
            from pathlib import Path
            from motoko_airflow import embedded
            home = Path({str(tmp_path / "home")!r})
            embedded.configure(home)
            embedded.ensure_database(home)
            from motoko_airflow.render import workflow_dag
            from motoko_airflow.execution import close_studies
            from motoko_airflow.workflow import Workflow
            Workflow({str(directory)!r}).create(validated=True)
            before = os.getcwd()
            dag = workflow_dag({str(directory)!r}, dag_id="relative")
            traced_in = os.getcwd()
            result = embedded.run_dag(dag, {{"run_name": "rel"}})
            close_studies()
            print(json.dumps({{"state": result.state, "log": result.log_tail,
                              "before": before, "traced_in": traced_in}}))
        """)
        assert found["state"] == "success", found["log"]
        assert found["before"] == found["traced_in"] != str(directory)
        assert sorted(y for _, _, y, _ in outputs(directory, "calc", "rel")) == \
            [2.25, 6.25, 8.5 ** 2]
    finally:
        stop_everything(directory)


def test_every_task_of_a_dag_knows_its_workflow_directory(example) -> None:
    """Each task changes to the workflow directory before it runs (``pre_execute``): an
    operator the renderer made without its workflow would run main's expressions
    wherever its worker happens to be."""
    corpus = ROOT / "tests" / "differential"
    directories = [str(example("events")), str(ROOT / "tests" / "orchestrators" / "sensor_all")
                   ] + [str(corpus / name) for name in (
                       "held_bisection_yaml", "calls_json_sweep", "seg_bisection",
                       "atk_lb_list_held_by_list")]
    found = python(f"""
        import json
        from motoko_airflow.render import workflow_dag
        from motoko_airflow.operators.guard import InWorkflowDirectory
        kinds, missing = set(), []
        for directory in {directories!r}:
            dag = workflow_dag(directory, fallback=True)
            for task in dag.tasks:
                mapped = hasattr(task, "partial_kwargs")  # made for each item at run time
                kind = task.operator_class if mapped else type(task)
                workflow = task.partial_kwargs.get("workflow") if mapped else task.workflow
                kinds.add(kind.__name__)
                if not issubclass(kind, InWorkflowDirectory) or not workflow:
                    missing.append(task.task_id)
        print(json.dumps({{"kinds": sorted(kinds), "missing": missing}}))
    """)
    assert not found["missing"], found
    assert {"ActionOperator", "ConstraintSensor", "ItemsOperator", "OrchestratorOperator",
            "RaiseOperator", "SegmentOperator", "TaskManagerOperator",
            "VerifyOperator"} <= \
        set(found["kinds"]), found


def test_motoko_run_from_elsewhere_runs_main_in_its_workflow_directory(
        tmp_path: Path) -> None:
    """A relative path given in main's own options is relative to the workflow
    directory too, as under Motoko."""
    directory = relative_paths_workflow(tmp_path)
    assert Path.cwd() != directory
    try:
        result = motoko("run", str(directory), "-n", "other", "--sweep", "other.json")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert sorted(y for _, _, y, _ in outputs(directory, "calc", "other")) == \
            [3.5 ** 2, 3.5 ** 4]
    finally:
        stop_everything(directory)


def test_an_untraceable_orchestrator_is_rejected_or_runs_whole_with_fallback(
        tmp_path: Path) -> None:
    directory = write_workflow(tmp_path / "stateful", """
        async def main(workflow, **params):
            workflow.vars.seen = True
            (run, job), = await workflow.calc.createTask(x=3.0)
            if run.y > 5:
                await workflow.calc.createTask(x=run.y)
    """, {"calc": {}})
    try:
        rejected = motoko("run", str(directory), "-n", "no")
        assert rejected.returncode == 2
        assert "orchestrator.py:3: workflow.vars" in rejected.stderr
        assert "--fallback" in rejected.stderr
        result = motoko("run", str(directory), "-n", "fb", "--fallback")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "running the orchestrator as one task" in result.stderr
        assert "--fallback" not in result.stderr
        assert sorted(y for _, _, y, _ in outputs(directory, "calc", "fb")) == [9.0, 81.0]
    finally:
        stop_everything(directory)


def test_partial_fallback_reuses_the_compiled_steps_runs(tmp_path: Path) -> None:
    """The compiled prefix runs as tasks; the rest of main, natively, finds its runs."""
    directory = write_workflow(tmp_path / "converge", """
        async def main(workflow, **params):
            await workflow.calc.createTask(x=0.5)
            x = 0.9
            while True:
                (run, job), = await workflow.calc.createTask(x=x)
                if run.y < 0.5:
                    break
                x = run.y
    """, {"calc": {}})
    try:
        result = motoko("run", str(directory), "-n", "part")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "partly traceable" in result.stderr
        runs = outputs(directory, "calc", "part")
        # 0.5 (compiled, reused by the native rest), then 0.9, 0.81, 0.6561, 0.43...
        assert sorted(round(y, 6) for _, _, y, _ in runs) == sorted(
            round(v, 6) for v in (0.25, 0.81, 0.6561, 0.43046721))
        assert all(state == "FINISHED" for _, state, _, _ in runs)
    finally:
        stop_everything(directory)


SLOW_SQUARE = ("import time\nimport BlackDynamite as BD\nrun, job = BD.getRunFromScript()\n"
               "run.start()\ntime.sleep(2)\nrun.y = job.x * job.x\nrun.finish()\n")


def test_action_operator_defers_on_constraint_events(tmp_path: Path) -> None:
    """Actions whose events are all constraint selections wait in a trigger."""
    directory = write_workflow(tmp_path / "acts", """
        async def forward(runs, workflow, **params):
            for run, job in runs:
                run.state = "FORWARDED"
                workflow.b.createTask(x=run.y)

        async def finish(runs, workflow, **params):
            workflow.finished = True

        async def main(workflow, **params):
            await workflow.a.createTask(x=[1.0, 2.0])
            workflow.add_action("forward", task="a", event="state = FINISHED", f=forward)
            workflow.add_action("finish", task="b", event=["state = FINISHED", "jobs.x > 3"],
                                f=finish)
    """, {"a": {}, "b": {"doit": SLOW_SQUARE}})
    try:
        found = python(f"""
            import json
            from pathlib import Path
            from motoko_airflow import embedded
            home = Path({str(tmp_path / "home")!r})
            embedded.configure(home)
            embedded.ensure_database(home)
            from motoko_airflow.execution import close_studies
            from motoko_airflow.render import workflow_dag
            from motoko_airflow.workflow import Workflow
            Workflow({str(directory)!r}).create(validated=True)
            dag = workflow_dag({str(directory)!r}, dag_id="acts", poke_interval=0.5)
            result = embedded.run_dag(dag, {{"run_name": "acts"}})
            close_studies()
            log = result.log_path.read_text()
            print(json.dumps({{"state": result.state, "tail": result.log_tail,
                              "deferred": "deferring until one of 2 selection(s)" in log}}))
        """)
        assert found["state"] == "success", found["tail"]
        assert found["deferred"]
        assert sorted(s for _, s, _, _ in outputs(directory, "a", "acts")) == ["FORWARDED"] * 2
        assert sorted(y for _, _, y, _ in outputs(directory, "b", "acts")) == [1.0, 16.0]
        # the DAG is recorded on the runs its task made (a) and its actions made (b)
        from motoko_airflow.workflow import Workflow

        wf = Workflow(directory)
        try:
            for name in ("a", "b"):
                runs = wf.task_manager(name).bd.select(run_name="acts", current_only=False)
                assert {r.entries.get("dag_id") for r, _ in runs} == {"acts"}, name
        finally:
            wf.close()
    finally:
        stop_everything(directory)


def test_a_deferrable_sensor_waits_in_the_task_before_it_defers(tmp_path: Path) -> None:
    """Deferrable (as under a scheduler), a ConstraintSensor checks its selection in the
    task for up to ``defer_after`` seconds, as a task manager does: a selection that
    holds meanwhile (a run FINISHED 1 s in) returns its records with no deferral; one
    that does not holds defers at once with ``defer_after: 0``, and after the wait
    otherwise."""
    import threading
    import time

    from airflow.sdk.exceptions import TaskDeferred

    from motoko_airflow import execution
    from motoko_airflow.sensors.constraint import ConstraintSensor
    from motoko_airflow.sensors.triggers import ConstraintTrigger
    from motoko_airflow.workflow import Workflow

    directory = write_workflow(tmp_path / "wf", "async def main(workflow, **params):\n"
                               "    await workflow.calc.createTask(x=[1.0])\n",
                               {"calc": {}})
    workflow = Workflow(directory)
    context = {"params": {}, "run_id": "manual__x"}
    try:
        assert workflow.create(validated=True)
        study = workflow.calc.bd
        (run, _job), = study.create_runs({"x": [1.0]}, run_name="o")

        def sensor(defer_after: float) -> Any:
            return ConstraintSensor(task_id="wait", workflow=str(directory),
                                    task_manager="calc", constraints=["state = FINISHED"],
                                    run_name="o", deferrable=True, poke_interval=0.5,
                                    defer_after=defer_after)

        assert sensor(None).defer_after == 5.0  # type: ignore[arg-type]
        began = time.monotonic()
        with pytest.raises(TaskDeferred) as deferred:
            sensor(0).execute(context)
        assert time.monotonic() - began < 1.0
        assert isinstance(deferred.value.trigger, ConstraintTrigger)
        began = time.monotonic()
        with pytest.raises(TaskDeferred):
            sensor(0.6).execute(context)
        assert 0.4 <= time.monotonic() - began < 3.0  # it waited first
        finish = threading.Timer(1.0, lambda: study.set_state(int(run.id), "FINISHED"))
        finish.start()
        began = time.monotonic()
        try:
            records = sensor(5).execute(context)
        finally:
            finish.join()
        assert 0.8 <= time.monotonic() - began < 4.5
        assert [r["run"]["id"] for r in records] == [int(run.id)]
        assert records[0]["state"] == "FINISHED"
    finally:
        execution.close_studies()
        workflow.close()
        stop_everything(directory)


def test_only_errors_of_mains_own_code_are_final(monkeypatch: pytest.MonkeyPatch) -> None:
    """The retry policy of task managers, items and sensors (operators/retry.py): an
    error raised evaluating main's own code fails the task at once; an OSError met there
    (a file or a connection of the moment) and every other failure of a task (a FAILED
    run, a lost server, the same exceptions raised elsewhere) keep its retries."""
    from airflow.sdk import RetryAction

    from motoko_airflow import execution
    from motoko_airflow import graph as g
    from motoko_airflow.exceptions import RunFailedError, ServerUnreachable
    from motoko_airflow.operators.retry import MainErrorsAreFinal
    from motoko_airflow.operators.task_manager import ItemsOperator, TaskManagerOperator
    from motoko_airflow.sensors.constraint import ConstraintSensor

    policy = MainErrorsAreFinal()

    def decision(exc: BaseException) -> RetryAction:
        return policy.evaluate(exc, try_number=1, max_tries=2).action

    raised: list[BaseException] = []
    for expr, error in [
            (g.Index(g.DictExpr(("y",), (g.Const(1.0),)), g.Const("total")), KeyError),
            (g.BinOp("/", g.Param("x"), g.Const(0.0)), ZeroDivisionError),
            (g.Call("format", (g.Param("x"), g.Const("d"))), ValueError)]:
        with pytest.raises(error) as caught:
            execution.holds(expr, {"x": 2.0}, {})
        raised.append(caught.value)
    assert [decision(exc) for exc in raised] == [RetryAction.FAIL] * 3

    def unreadable(*args: Any) -> Any:
        raise FileNotFoundError("out.txt")

    monkeypatch.setitem(execution._FUNCTIONS, "len", unreadable)
    with pytest.raises(FileNotFoundError) as caught:
        execution.evaluate(g.Call("len", (g.Param("x"),)), {"x": [1.0]}, {})
    assert decision(caught.value) is RetryAction.DEFAULT
    for other in (RunFailedError("calc", [1], "boom"), ServerUnreachable("no answer", "calc"),
                  KeyError("total"), ZeroDivisionError("float division by zero")):
        assert decision(other) is RetryAction.DEFAULT, other
    assert MainErrorsAreFinal.deserialize(policy.serialize()).evaluate(
        raised[0], 1, 2).action is RetryAction.FAIL

    tasks = [TaskManagerOperator(task_id="calc", workflow="w", task_manager="calc"),
             ItemsOperator(task_id="calc__items", loops=[]),
             ConstraintSensor(task_id="wait", workflow="w", task_manager="calc")]
    assert all(isinstance(t.retry_policy, MainErrorsAreFinal) for t in tasks)
