"""The tracer over the corpus in tests/orchestrators (one workflow directory per case).

A case with ``expected.json`` must trace to that golden graph; a case with
``expected_error.json`` must raise a TraceError at the line marked ``# TRACE-ERROR``.
Set MOTOKO_UPDATE_GOLDEN=1 to rewrite the golden graphs (then review the diff).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from motoko_airflow import graph as g
from motoko_airflow.exceptions import ConfigError, TraceError
from motoko_airflow.trace import trace

CORPUS = Path(__file__).parent / "orchestrators"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "motoko.yaml").is_file())
GOOD = [c for c in CASES if not (CORPUS / c / "expected_error.json").exists()]
BAD = [c for c in CASES if (CORPUS / c / "expected_error.json").exists()]
UPDATE = os.environ.get("MOTOKO_UPDATE_GOLDEN") == "1"
PLACEHOLDER = "<workflow>/motoko.yaml"


def portable(graph: g.Graph) -> dict:
    data = graph.to_dict()
    assert data["workflow"].endswith("motoko.yaml")
    data["workflow"] = PLACEHOLDER
    return data


def marked_line(case: str) -> int:
    lines = (CORPUS / case / "orchestrator.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if "# TRACE-ERROR" in line)


def test_corpus_is_large_enough():
    assert len(GOOD) >= 20
    assert len(BAD) >= 10


@pytest.mark.parametrize("case", GOOD)
def test_golden_graph(case):
    graph = trace(CORPUS / case)
    golden = CORPUS / case / "expected.json"
    text = json.dumps(portable(graph), indent=2) + "\n"
    if UPDATE:
        golden.write_text(text)
    assert golden.exists(), f"no golden for {case}; run with MOTOKO_UPDATE_GOLDEN=1"
    assert json.loads(golden.read_text()) == portable(graph)


@pytest.mark.parametrize("case", GOOD)
def test_deterministic_and_round_trip(case):
    first, second = trace(CORPUS / case), trace(CORPUS / case / "orchestrator.py")
    assert first == second
    assert first.to_json() == second.to_json()
    assert g.Graph.from_json(first.to_json()) == first
    assert g.Graph.from_json(first.to_json()).to_json() == first.to_json()
    assert g.Graph.from_dict(first.to_dict()) == first


@pytest.mark.parametrize("case", GOOD)
def test_graph_is_well_formed(case):
    graph = trace(CORPUS / case / "motoko.yaml")
    ids = [n.id for n in graph.nodes]
    assert len(ids) == len(set(ids))
    position = {node_id: i for i, node_id in enumerate(ids)}
    for edge in graph.edges:
        # nodes are listed in a topological order
        assert position[edge.source] < position[edge.target], edge
    for node in graph.nodes:
        if isinstance(node, g.CreateTaskNode):
            assert node.task_manager in graph.task_managers
            if node.map_over:
                assert g.Edge(node.map_over, node.id, "data") in graph.edges


@pytest.mark.parametrize("case", BAD)
def test_trace_error(case):
    expected = json.loads((CORPUS / case / "expected_error.json").read_text())
    with pytest.raises(TraceError) as info:
        trace(CORPUS / case)
    err = info.value
    assert Path(err.filename).name == "orchestrator.py"
    assert Path(err.filename).parent.name == case
    assert err.lineno == marked_line(case)
    assert expected["message"] in str(err)
    assert str(err).startswith(f"{err.filename}:{err.lineno}: ")


@pytest.mark.parametrize("case", BAD)
def test_fallback_graph(case):
    graph = trace(CORPUS / case, fallback=True)
    (node,) = graph.nodes
    assert isinstance(node, g.FallbackNode)
    assert node.id == "orchestrator"
    assert node.reason.startswith(f"orchestrator.py:{marked_line(case)}: ")
    assert graph.edges == ()
    assert "run_name" in graph.params
    assert g.Graph.from_json(graph.to_json()) == graph


def test_readme_routines_semantics():
    graph = trace(CORPUS / "readme_routines")
    mult, add, norm = graph.nodes
    assert mult == g.CreateTaskNode("mult", "mult", (("x", g.Param("inputs")),), lineno=7)
    assert add.map_over == "mult"
    assert add.job_params == (("x", g.Attr(g.Item("mult", "run"), "y")),)
    assert norm.job_params == (("mult_ids", g.Collect("add", g.Attr(g.Item("add", "run"), "id"))),)
    assert graph.edges == (g.Edge("mult", "add", "data"), g.Edge("add", "norm", "data"))
    assert graph.params["inputs"]["minItems"] == 2


def test_gather_makes_parallel_branches_joined_after():
    graph = trace(CORPUS / "gather_create_calls")
    assert [n.id for n in graph.nodes] == ["mult", "add", "add_2", "norm"]
    assert set(graph.edges) == {
        g.Edge("mult", "add"),
        g.Edge("mult", "add_2"),
        g.Edge("add", "norm"),
        g.Edge("add_2", "norm"),
    }


def test_sequential_awaits_are_ordering_edges():
    graph = trace(CORPUS / "sequential_order")
    assert graph.edges == (g.Edge("mult", "add", "order"), g.Edge("add", "norm", "order"))


def test_unawaited_calls_are_parallel():
    graph = trace(CORPUS / "unawaited_parallel")
    assert set(graph.edges) == {g.Edge("mult", "norm"), g.Edge("add", "norm")}


def test_sensors_any_all_and():
    (_, sensor, _) = trace(CORPUS / "sensor_all").nodes
    assert sensor == g.SensorNode(
        "wait_mult",
        (g.Condition("mult", ("runs.id < 3",), (("state = FINISHED",), ("state = FORWARDED",))),),
        lineno=3,
    )
    sensor = trace(CORPUS / "sensor_and").node("wait_mult_add")
    assert isinstance(sensor, g.SensorNode)
    assert [c.task_manager for c in sensor.conditions] == ["mult", "add"]


def test_aliases_are_resolved():
    graph = trace(CORPUS / "aliases")
    assert [getattr(n, "task_manager", None) for n in graph.nodes[:2]] == ["mult", "add"]
    assert graph.aliases == {"multiply": "mult", "plus": "add"}
    assert graph.nodes[2].task == "add"


def test_error_handler_sets_fail_fast():
    graph = trace(CORPUS / "with_error_handler")
    assert graph.fail_fast
    assert graph.error_handler == g.ErrorHandler(
        ("state = FAILED",),
        None,
        g.CallableRef("orchestrator", "report", "orchestrator.py", 6, True, False),
    )


def test_event_driven_actions():
    graph = trace(CORPUS / "event_driven")
    actions = [n for n in graph.nodes if isinstance(n, g.ActionNode)]
    assert [a.event_name for a in actions] == [
        "init",
        "mult_finished",
        "need_norm",
        "norm_finished",
        "finish",
    ]
    assert [a.index for a in actions] == [0, 1, 2, 3, 4]
    assert actions[0].event_callable.qualname == "mult_count"
    assert actions[0].callback.event_decorated
    assert actions[1].event_constraints == ("runs.id < 3", "state = FINISHED")
    assert actions[2].event_callable.qualname == "main.<locals>.ready_for_norm"
    assert not actions[2].event_callable.importable
    assert actions[3].callback.qualname == "main.<locals>.<lambda>"
    assert graph.fail_fast


def test_constant_loops_are_unrolled():
    graph = trace(CORPUS / "constant_loop_unrolled")
    assert [n.id for n in graph.nodes] == ["mult", "mult_2", "mult_3", "add", "add_2"]
    assert [n.job_params[0][1] for n in graph.nodes] == [
        g.Const(1.0),
        g.Const(2.0),
        g.Const(3.0),
        g.Const(0.0),
        g.Const(1.0),
    ]


def test_chained_maps():
    graph = trace(CORPUS / "chained_maps")
    assert [(n.id, n.map_over) for n in graph.nodes] == [
        ("mult", None),
        ("add", "mult"),
        ("mult_2", "add"),
        ("norm", None),
    ]
    assert graph.nodes[3].job_params[0][1] == g.Collect(
        "mult_2", g.Attr(g.Item("mult_2", "run"), "id")
    )


def test_expressions():
    graph = trace(CORPUS / "expressions")
    add = graph.node("add")
    assert str(add.job_params[0][1]) == ("((-(run.y ** 2) / job.x) - ((abs(run['y']) // 3) % 7))")
    assert add.run_params == (
        ("origin", g.Attr(g.Item("mult", "run"), "id")),
        ("tag", g.Param("run_name")),
    )


def test_orchestrator_module_does_not_leak():
    before = set(sys.modules)
    trace(CORPUS / "event_driven")
    leaked = set(sys.modules) - before
    assert not any(
        "orchestrator" in m or m.startswith("motoko.") or m == "motoko" for m in leaked
    ), leaked
    assert asyncio.gather.__module__ == "asyncio.tasks"


def test_no_populate_arg_parser_gives_only_run_name():
    assert list(trace(CORPUS / "no_parser").params) == ["run_name"]


def test_config_errors_are_not_turned_into_fallback(tmp_path):
    with pytest.raises(ConfigError):
        trace(tmp_path, fallback=True)


def test_syntax_error_names_the_line(tmp_path):
    (tmp_path / "mult").mkdir()
    (tmp_path / "mult" / "bd.yaml").write_text("study: mult\njob:\n  x: float\n")
    (tmp_path / "motoko.yaml").write_text(
        "task_managers:\n  mult:\norchestrator: orchestrator.main\n"
    )
    (tmp_path / "orchestrator.py").write_text("async def main(workflow, **params):\n    x = (\n")
    with pytest.raises(TraceError) as info:
        trace(tmp_path)
    assert info.value.lineno == 2
    assert "syntax error" in str(info.value)


def test_importing_the_tracer_is_light():
    code = (
        "import sys\n"
        "import motoko_airflow.trace, motoko_airflow.graph, motoko_airflow.params\n"
        "import motoko_airflow.trace_command\n"
        "heavy = [m for m in ('BlackDynamite', 'numpy', 'pandas', 'airflow', 'motoko')\n"
        "         if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=root
    )
    assert out.stdout.strip() == ""


def test_tracing_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from motoko_airflow.trace import trace\n"
        f"trace({str(CORPUS / 'event_driven')!r})\n"
        "print(','.join(m for m in ('BlackDynamite', 'numpy', 'pandas', 'airflow')\n"
        "               if m in sys.modules))\n"
    )
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=root
    )
    assert out.stdout.strip() == ""


def test_sensor_comes_after_unawaited_creators():
    """Regression: a sensor on runs created by an un-awaited createTask had no upstream,
    so it would wait on a sibling (a deadlock under dag.test())."""
    graph = trace(CORPUS / "sensor_between")
    assert g.Edge("mult", "wait_mult", "order") in graph.edges
    graph = trace(CORPUS / "sensor_and")
    assert graph.upstream("wait_mult_add") == ["add", "mult"]


def test_break_and_next_close_the_loop():
    """Regression: a loop left by `break` (or a lone next()) stayed open, so every later
    createTask was silently mapped over its runs."""
    graph = trace(CORPUS / "loop_exit_closes_map")
    assert [(n.id, n.map_over) for n in graph.nodes] == [
        ("mult", None),
        ("add", None),
        ("add_2", None),
        ("add_3", "mult"),
        ("norm", None),
    ]


def test_loop_over_a_list_built_from_runs_maps():
    """Regression: `for run, job in created:` over a plain list built from runs did not
    map a createTask that ignores the run, and `[run.id]` inside it became a fan-in."""
    graph = trace(CORPUS / "map_over_built_list")
    norm, mult_2 = graph.node("norm"), graph.node("mult_2")
    assert norm.map_over == "add" and mult_2.map_over == "add"
    assert norm.job_params == (("mult_ids", g.ListExpr((g.Attr(g.Item("add", "run"), "id"),))),)
    assert mult_2.job_params == (("x", g.Const(1.0)),)
