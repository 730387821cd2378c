"""Every compiled DAG run is checked against ``main`` (motoko_airflow/verification.py).

The checks are made to fail: DAGs rendered from deliberately broken graphs of the
routine example (a step left out, a step fed other values) run on real Airflow and real
studies, and their verification task must fail naming the first ``createTask`` that
differed, make the missing runs (the studies end with ``main``'s results) and list the
runs ``main`` does not ask for. The native replay is also checked on its own.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES, ROOT, stop_everything, write_workflow

ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
INPUTS = [2.1, 3.2]
COEFFICIENTS = (0.342, -2.31)
NORM_Y = math.sqrt(sum((a * x + 0.56) ** 2 for x in INPUTS for a in COEFFICIENTS))


@pytest.fixture
def routine(tmp_path: Path):
    directory = tmp_path / "routine"
    shutil.copytree(EXAMPLES / "routine", directory)
    try:
        yield directory
    finally:
        stop_everything(directory)


def runs_of(directory: Path, run_name: str) -> dict[str, list[tuple]]:
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        return {name: sorted((r["state"], {k: v for k, v in j.entries.items() if k != "id"}
                              .__repr__(), getattr(r, "y", None))
                             for r, j in tm.bd.select(run_name=run_name))
                for name, tm in wf.task_managers.items()}
    finally:
        wf.close()


SCRIPT = """
import dataclasses, json, sys
from pathlib import Path
from motoko_airflow import embedded

embedded.prepare(Path(sys.argv[1]))
from motoko_airflow import graph as g
from motoko_airflow.render import VERIFY_TASK_ID, dag_from_graph
from motoko_airflow.trace import trace

workflow = sys.argv[2]
graph = trace(workflow)
without_norm = dataclasses.replace(
    graph, nodes=tuple(n for n in graph.nodes if n.id != "norm"),
    edges=tuple(e for e in graph.edges if "norm" not in (e.source, e.target)))
mult = graph.node("mult")
other_inputs = dataclasses.replace(graph, nodes=tuple(
    dataclasses.replace(n, job_params=(("x", g.ListExpr((g.Const(2.1), g.Const(9.0)))),))
    if n.id == "mult"
    else n for n in graph.nodes))
out = {}
for name, variant in (("right", graph), ("without_norm", without_norm),
                      ("other_inputs", other_inputs),
                      ("fail_fast_right", dataclasses.replace(graph, fail_fast=True)),
                      ("fail_fast_without_norm",
                       dataclasses.replace(without_norm, fail_fast=True))):
    dag = dag_from_graph(variant, dag_id=name, mode="reschedule", poke_interval=0.2,
                         timeout=120)
    result = embedded.run_dag(dag, {"inputs": %r, "run_name": name})
    try:
        report = result.xcom(VERIFY_TASK_ID, -1, key="verification")
    except KeyError:
        report = None
    out[name] = {"state": result.state, "report": report,
                 "failures": {f.task_id: f.error for f in result.failures},
                 "upstream": sorted(dag.get_task(VERIFY_TASK_ID).upstream_task_ids)}
print("RESULT " + json.dumps(out))
"""


def test_a_wrong_dag_run_fails_its_verification_and_ends_with_mains_runs(
        routine: Path, tmp_path: Path) -> None:
    assert subprocess.run([sys.executable, "-m", "motoko_airflow", "create", str(routine)],
                          env=ENV, capture_output=True).returncode == 0
    done = subprocess.run([sys.executable, "-c", SCRIPT % (INPUTS,), str(tmp_path / "af"),
                           str(routine)], env=ENV, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    found = json.loads(done.stdout.split("RESULT ", 1)[1].splitlines()[0])

    right = found["right"]
    assert right["state"] == "success", right
    assert right["report"]["ok"] and right["report"]["runs"] == 7, right["report"]
    assert right["upstream"] == ["norm"]  # the last task, after every leaf

    # norm left out: the verification makes it (main's result) and fails, naming it
    without = found["without_norm"]
    assert without["state"] == "failed"
    assert list(without["failures"]) == ["verify_main"], without["failures"]
    report = without["report"]
    assert not report["ok"] and len(report["missing"]["norm"]) == 1, report
    assert report["extra"] == {}
    error = without["failures"]["verify_main"]
    assert "orchestrator.py:" in error and "norm.createTask" in error, error
    assert "first difference" in error
    runs = runs_of(routine, "without_norm")
    assert [(state, y) for state, _, y in runs["norm"]] == [
        ("FINISHED", pytest.approx(NORM_Y, rel=1e-9))]

    # mult fed other values: mult's runs for 3.2 are missing, the ones for 9.0 extra
    other = found["other_inputs"]
    assert other["state"] == "failed"
    report = other["report"]
    assert not report["ok"], report
    assert len(report["missing"]["mult"]) == 1, report
    assert len(report["extra"]["mult"]) == 1, report
    error = other["failures"]["verify_main"]
    assert "mult.createTask" in error and "'x': 3.2" in error, error
    assert "extra: mult: 1 run(s) main does not ask for: run" in error
    assert "'x': 9.0" in error
    # a fail-fast DAG (an error handler): the verification is a teardown that fails the
    # DAG run (Airflow's fail-fast skips the tasks after a failure, and a DAG run whose
    # only leaf is skipped would count as a success)
    assert found["fail_fast_right"]["state"] == "success", found["fail_fast_right"]
    assert found["fail_fast_right"]["report"]["ok"]
    broken = found["fail_fast_without_norm"]
    assert broken["state"] == "failed", broken
    assert len(broken["report"]["missing"]["norm"]) == 1, broken["report"]
    # the studies hold main's runs (and the extra ones, listed)
    runs = runs_of(routine, "other_inputs")
    assert {state for state, _, _ in runs["norm"]} == {"FINISHED"}
    norm_ys = sorted(y for _, _, y in runs["norm"])
    assert pytest.approx(NORM_Y, rel=1e-9) in norm_ys  # main's norm, made by the replay


def test_the_replay_alone_finds_extra_and_missing_runs(routine: Path) -> None:
    """Natively: after main ran, verify is ok; a run main does not ask for is extra; a
    run main asks for that was removed is made again and reported missing."""
    from motoko_airflow.verification import verify
    from motoko_airflow.workflow import Workflow

    wf = Workflow(routine)
    try:
        assert wf.create(validated=True)
        wf.run_name = "native"
        wf.launch_inline()
        wf.execute(inputs=INPUTS)
    finally:
        wf.close()
    params = {"inputs": INPUTS, "run_name": "native"}
    report = verify(routine, "native", params, poll_interval=0.05)
    assert report.ok, report.text()
    assert report.runs_asked() == 7 and len(report.calls) == 4  # mult, add x2, norm
    assert "verified: main asks for 7 run(s)" in report.text()

    wf = Workflow(routine)
    try:
        wf.run_name = "native"
        wf.launch_inline()
        (extra, _), = wf.mult.createTask(x=5.0)
    finally:
        wf.close()
    report = verify(routine, "native", params, poll_interval=0.05)
    assert not report.ok
    assert [r["run_id"] for r in report.extra["mult"]] == [extra.id]
    assert report.missing == {}
    assert f"extra: mult: 1 run(s) main does not ask for: run {extra.id} {{'x': 5.0}}" \
        in report.text()


def test_verification_is_left_out_where_nothing_is_compiled_or_when_switched_off(
        routine: Path, tmp_path: Path) -> None:
    events = write_workflow(tmp_path / "events", """
        async def main(workflow, **params):
            while not workflow.vars.get("done", False):  # a polling loop: not compiled
                await workflow.calc.createTask(x=1.0)
                workflow.vars.done = True
    """, {"calc": {}})
    off = tmp_path / "off"
    shutil.copytree(routine, off)
    (off / "motoko.yaml").write_text((off / "motoko.yaml").read_text() + "verify: false\n")
    bad = tmp_path / "bad"
    shutil.copytree(routine, bad)
    (bad / "motoko.yaml").write_text((bad / "motoko.yaml").read_text() + "verify: 1\n")
    code = textwrap.dedent(f"""
        import json, os, tempfile
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp()
        from motoko_airflow.exceptions import ConfigError
        from motoko_airflow.render import workflow_dag
        out = {{name: sorted(workflow_dag(path, dag_id=name, fallback=True).task_ids)
               for name, path in (("routine", {str(routine)!r}), ("off", {str(off)!r}),
                                  ("events", {str(EXAMPLES / "events")!r}),
                                  ("native", {str(events)!r}))}}
        try:
            workflow_dag({str(bad)!r})
        except ConfigError as exc:
            out["bad"] = str(exc)
        print(json.dumps(out))
    """)
    done = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-5000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["routine"] == ["add", "add__items", "mult", "norm", "verify_main"]
    assert found["off"] == ["add", "add__items", "mult", "norm"]
    assert found["events"] == ["actions"]  # nothing of main creates runs
    assert "verify_main" not in found["native"], found["native"]
    assert "verify" in found["bad"] and "true or false" in found["bad"], found["bad"]


def test_a_fail_fast_dag_that_stops_at_a_failure_is_failed_not_verified(
        tmp_path: Path) -> None:
    """Its verification runs after the failure (a teardown), verifies nothing, and fails
    the DAG run, whose other tasks Airflow's fail-fast skipped."""
    crash = "raise SystemExit('crash')\n"
    directory = write_workflow(tmp_path / "ff", """
        async def main(workflow, **params):
            workflow.add_error_handler()
            await workflow.bad.createTask(x=1.0)
            await workflow.calc.createTask(x=2.0)
    """, {"bad": {"doit": crash}, "calc": {}})
    try:
        done = subprocess.run([sys.executable, "-m", "motoko_airflow", "run", str(directory),
                               "-n", "ff"], env=ENV, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
        assert "verify_main failed" in done.stderr + done.stdout
        assert "not verified: the DAG run stopped at a failure" in done.stderr + done.stdout
        runs = runs_of(directory, "ff")
        assert runs["calc"] == []  # nothing made after the failure, not even by a replay
    finally:
        stop_everything(directory)


def test_a_replay_stopped_at_a_selection_passes_only_where_actions_explain_it() -> None:
    """The replay stops where main awaits a selection the DAG run's runs no longer hold.
    Actions move runs on (to a state the selection excludes), so with actions the
    check says how far it verified; without them nothing could have, and the steps
    after that line would go unchecked: the verification fails, saying so."""
    from motoko_airflow.verification import Report

    moved = Report("sweep", [], {}, stopped_at="orchestrator.py:12", actions=True)
    assert moved.ok
    assert moved.text().startswith("verified up to orchestrator.py:12, where main awaits")
    unexplained = Report("sweep", [], {}, stopped_at="orchestrator.py:12")
    assert not unexplained.ok
    assert ("stopped at orchestrator.py:12: main awaits a selection that the DAG run's "
            "runs do not hold, and the workflow has no action") in unexplained.text()
    assert unexplained.as_json()["ok"] is False


def test_the_replay_compares_the_files_the_dags_steps_wrote(tmp_path: Path) -> None:
    """A file a step of the DAG wrote is written aside by the replay and compared: the
    same text passes; another text fails the report, naming the file and the first line
    that differs, and leaves main's text. A file no step wrote is main's to write."""
    from motoko_airflow.verification import verify
    from motoko_airflow.workflow import Workflow

    directory = write_workflow(tmp_path / "writes", """
        from pathlib import Path

        HERE = Path(__file__).resolve().parent


        async def main(workflow, **params):
            (run, job), = await workflow.calc.createTask(x=3.0)
            with open(HERE / "result.txt", "w") as f:
                f.write(f"x={job.x}\\n")
                f.write(f"y={run.y}\\n")
            (HERE / "native.txt").write_text("native\\n")
    """, {"calc": {}})
    try:
        wf = Workflow(directory)
        try:
            assert wf.create(validated=True)
            wf.run_name = "native"
            wf.launch_inline()
            wf.execute()
        finally:
            wf.close()
        result = directory / "result.txt"
        assert result.read_text() == "x=3.0\ny=9.0\n"
        written = ["result.txt"]

        report = verify(directory, "native", {"run_name": "native"}, poll_interval=0.05,
                        written=written)
        assert report.ok, report.text()
        assert report.files == []

        result.write_text("x=3.0\ny=8.0\n")  # what a wrong step would have written
        (directory / "native.txt").unlink()
        report = verify(directory, "native", {"run_name": "native"}, poll_interval=0.05,
                        written=written)
        assert not report.ok
        assert len(report.files) == 1 and str(result) in report.files[0], report.files
        assert "from line 2: main 'y=9.0\\n', the DAG 'y=8.0\\n'" in report.files[0]
        assert "made the runs main asks for" in report.text()
        assert "made other runs" not in report.text()
        assert report.as_json()["files"] == report.files
        assert result.read_text() == "x=3.0\ny=9.0\n"  # main's text again
        assert (directory / "native.txt").read_text() == "native\n"  # main's own write

        result.unlink()  # the DAG run never wrote it
        report = verify(directory, "native", {"run_name": "native"}, poll_interval=0.05,
                        written=written)
        assert not report.ok and "main writes it, the DAG run did not" in report.files[0]
        assert result.read_text() == "x=3.0\ny=9.0\n"
    finally:
        stop_everything(directory)
