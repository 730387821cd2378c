"""`motoko trace`, driven through a small argparse parser as the main CLI will."""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from motoko_airflow import graph as g
from motoko_airflow import trace_command

CORPUS = Path(__file__).parent / "orchestrators"


def motoko(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="motoko")
    subparsers = parser.add_subparsers(dest="command", required=True)
    trace_command.add_parser(subparsers)
    args = parser.parse_args(["trace", *map(str, argv)])
    return args.func(args)


@pytest.fixture
def workflow(tmp_path: Path) -> Path:
    target = tmp_path / "readme_routines"
    shutil.copytree(CORPUS / "readme_routines", target)
    return target


def test_help_describes_every_option(capsys):
    with pytest.raises(SystemExit):
        motoko("--help")
    out = capsys.readouterr().out
    for option in (
        "PATH",
        "--format",
        "-o",
        "--dag-id",
        "--fallback",
        "--check",
        "python,json,dot,mermaid",
        "examples:",
    ):
        assert option in out


def test_python_format_is_a_readable_dag_file(workflow, capsys):
    assert motoko(workflow) == 0
    text = capsys.readouterr().out
    assert text.startswith('"""Airflow DAG \'readme_routines\', emitted by `motoko trace`')
    assert "#   add: add.createTask(x=run.y) for run in runs of mult  (after mult)" in text
    assert "from motoko_airflow.render import dag_from_graph" in text
    assert text.rstrip().endswith(
        "dag = dag_from_graph(Graph.from_dict(GRAPH), dag_id='readme_routines')"
    )
    module = ast.parse(text)
    assign = next(
        n for n in module.body if isinstance(n, ast.Assign) and n.targets[0].id == "GRAPH"
    )
    embedded = g.Graph.from_dict(ast.literal_eval(assign.value))
    from motoko_airflow.trace import trace

    assert embedded == trace(workflow)


def test_json_format_round_trips(workflow, capsys):
    assert motoko(workflow / "motoko.yaml", "--format", "json") == 0
    graph = g.Graph.from_json(capsys.readouterr().out)
    assert [n.id for n in graph.nodes] == ["mult", "add", "norm"]


def test_what_main_prints_while_traced_goes_to_stderr(workflow, capsys):
    """Bug: a print() in main (a study's progress line) was written to stdout while it
    was traced, in front of the JSON graph, which no longer parsed."""
    source = workflow / "orchestrator.py"
    text = source.read_text()
    source.write_text(text.replace("async def main(workflow, **params):\n",
                                   "async def main(workflow, **params):\n"
                                   "    print('starting the study')\n", 1))
    assert "starting the study" in source.read_text()
    assert motoko(workflow / "motoko.yaml", "--format", "json") == 0
    out, err = capsys.readouterr()
    assert [n.id for n in g.Graph.from_json(out).nodes] == ["mult", "add", "norm"]
    assert "starting the study" in err


def test_what_main_prints_while_traced_is_shown_once_and_never_after_a_decision(
        workflow, capsys):
    """Bug: a bisection printing its bracket printed it once per path the trace explored
    (65 lines of values that never happen). After a decision on a run's output, a path
    is one of several the trace explores: nothing it prints is shown; before that, each
    line once."""
    (workflow / "orchestrator.py").write_text(textwrap.dedent("""\
        def populate_arg_parser(parser):
            parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2)


        async def main(workflow, **params):
            print("starting the study")
            mult_runs = await workflow.mult.createTask(x=params["inputs"])
            if mult_runs[0][0].y > 1:
                print("bracket high", 1.5)
                add_runs = await workflow.add.createTask(x=1.0)
            else:
                print("bracket low", 0.5)
                add_runs = await workflow.add.createTask(x=2.0)
            await workflow.norm.createTask(mult_ids=[run.id for run, job in add_runs])
        """))
    assert motoko(workflow / "motoko.yaml", "--format", "json") == 0
    out, err = capsys.readouterr()
    assert {n.id for n in g.Graph.from_json(out).nodes} >= {"mult", "norm"}
    assert err.count("starting the study") == 1
    assert "bracket" not in err


def test_dot_draws_mapped_tasks_and_sensors_differently(capsys):
    assert motoko(CORPUS / "sensor_between", "--format", "dot") == 0
    out = capsys.readouterr().out
    assert out.startswith('digraph "sensor_between" {')
    assert '"mult" [shape=box,' in out
    assert '"add" [shape=box3d, style="bold"' in out
    assert '"wait_mult" [shape=ellipse, style="dashed"' in out
    assert '"wait_mult" -> "add";' in out
    assert '"mult" -> "wait_mult" [style="dashed"];' in out


def test_mermaid_draws_mapped_tasks_sensors_and_actions_differently(capsys):
    assert motoko(CORPUS / "sensor_between", "-f", "mermaid") == 0
    out = capsys.readouterr().out
    assert out.startswith("flowchart LR\n")
    assert '    mult["mult<br/>mult.createTask"]' in out
    assert '    add[["add<br/>add.createTask<br/>for run in runs of wait_mult"]]' in out
    assert '    wait_mult(["wait_mult<br/>mult: state = FINISHED"])' in out
    assert "    wait_mult --> add" in out
    assert "    mult -.-> wait_mult" in out
    assert motoko(CORPUS / "event_driven", "-f", "mermaid") == 0
    assert 'action_init{{"action_init<br/>action init on mult"}}' in capsys.readouterr().out


def test_output_file_and_byte_identical_reruns(workflow, tmp_path, capsys):
    first, second = tmp_path / "dags" / "a.py", tmp_path / "dags" / "b.py"
    assert motoko(workflow, "-o", first) == 0
    assert motoko(workflow / "orchestrator.py", "--output", second) == 0
    assert capsys.readouterr().out == ""
    assert first.read_bytes() == second.read_bytes()
    # the file names its workflow relative to itself, so both can move together
    import os

    relative = os.path.relpath(workflow / "motoko.yaml", first.parent)
    assert f"'workflow': {relative!r}" in first.read_text()
    assert str(tmp_path) not in first.read_text()
    # ... and resolves it (no '..': the servers its tasks start are named canonically)
    assert ('GRAPH["workflow"] = str((Path(__file__).resolve().parent / GRAPH["workflow"])'
            '.resolve())') in first.read_text()


def test_output_file_follows_the_umask(workflow, tmp_path, capsys):
    """Regression: `motoko trace -o` wrote the DAG file with mode 0600 (mkstemp's), so a
    scheduler running as another user could not parse it."""
    import os
    import stat

    target = tmp_path / "dags" / "wf.py"
    previous = os.umask(0o022)
    try:
        assert motoko(workflow, "-o", target) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        os.umask(0o077)
        assert motoko(workflow, "-o", target) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    finally:
        os.umask(previous)


def test_dag_id_option(workflow, capsys):
    assert motoko(workflow, "--dag-id", "my.dag-1", "-f", "json") == 0
    assert json.loads(capsys.readouterr().out)["dag_id"] == "my.dag-1"
    assert motoko(workflow, "--dag-id", "bad id:") == 2
    assert "--dag-id 'bad id:' may only contain" in capsys.readouterr().err


def test_trace_error_is_one_line_with_exit_code(capsys):
    assert motoko(CORPUS / "error_user_exception") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.count("\n") == 1
    assert err.startswith("motoko trace: error: ")
    assert "orchestrator.py:7: main raised KeyError: 'missing' while being traced" in err


def test_fallback_prints_the_reason_and_emits_one_task(capsys):
    assert motoko(CORPUS / "error_workflow_vars", "--fallback", "-f", "json") == 0
    captured = capsys.readouterr()
    graph = g.Graph.from_json(captured.out)
    assert [n.kind for n in graph.nodes] == ["fallback"]
    assert "fallback: the whole orchestrator runs as one task" in captured.err
    assert "orchestrator.py:2: workflow.vars" in captured.err
    assert "--fallback" not in captured.err  # never suggested to a command using it


def test_a_segment_says_which_lines_run_natively_and_why(capsys):
    assert motoko(CORPUS / "partial_convergence_loop", "-f", "json") == 0
    captured = capsys.readouterr()
    graph = g.Graph.from_json(captured.out)
    assert [n.kind for n in graph.nodes] == ["create_task", "segment", "create_task"]
    err = captured.err
    assert "segment: task 'segment' runs main natively to the end of the statement of " \
        "line 4 and passes on x" in err
    assert "orchestrator.py:4: the loop of lines 4-8" in err
    assert "line 6:" in err and "run outputs" in err
    assert "--fallback" not in err


def test_config_error_exit_code(tmp_path, capsys):
    assert motoko(tmp_path) == 2
    assert "no motoko.yaml in this directory" in capsys.readouterr().err


def test_check_passes(workflow, capsys):
    assert motoko(workflow, "--check", "-f", "json") == 0
    captured = capsys.readouterr()
    assert "check passed (3 task(s))" in captured.err
    assert g.Graph.from_json(captured.out)


def test_check_fails_listing_every_problem(workflow, tmp_path, capsys):
    (workflow / "add" / "bd.yaml").write_text("study: add\njob:\n  z: float\n")
    (workflow / "mult" / "bd.yaml").write_text("study: mult\njob:\n  x: str\n")
    out = tmp_path / "dag.py"
    assert motoko(workflow, "--check", "-o", out) == 2
    err = capsys.readouterr().err.splitlines()
    assert any(
        "task 'add': job parameter 'x' is not declared" in line and "did you mean" not in line
        for line in err
    )
    assert any(
        "task 'mult': job parameter 'x' (str" in line
        and "param 'inputs' is array of number, not a str" in line
        for line in err
    )
    assert any("task 'add': job parameter(s) z have no value" in line for line in err)
    assert err[-1] == "motoko trace: check failed: 3 problem(s)"
    assert not out.exists()


def test_check_constant_types(capsys):
    graph = g.Graph(
        dag_id="d",
        workflow=str(CORPUS / "sequential_order" / "motoko.yaml"),
        orchestrator=g.CallableRef("orchestrator", "main"),
        nodes=(
            g.CreateTaskNode("mult", "mult", (("x", g.Const("1.0")),), lineno=2),
            g.CreateTaskNode("add", "add", (("x", g.ListExpr((g.Const(1), g.Const(2.5)))),)),
            g.CreateTaskNode("norm", "norm", (("mult_ids", g.Const(3)),)),
        ),
    )
    problems = trace_command.check_graph(graph)
    assert len(problems) == 2
    assert "task 'mult': job parameter 'x' (float" in problems[0]
    assert "'1.0' is a str, not a float" in problems[0]
    assert "3 is a int, not a list" in problems[1]


def test_no_coroutine_is_left_never_awaited(tmp_path):
    """Regression: tracing real_two_chains printed "RuntimeWarning: coroutine
    'mesh_chain' was never awaited" (a routine given to asyncio.create_task on a path
    the tracer abandoned before awaiting it was never closed)."""
    import subprocess
    import sys

    target = tmp_path / "real_two_chains"
    shutil.copytree(Path(__file__).parent / "differential" / "real_two_chains", target)
    done = subprocess.run([sys.executable, "-m", "motoko_airflow", "trace", str(target),
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["nodes"]
    assert "never awaited" not in done.stderr and "Warning" not in done.stderr, done.stderr
