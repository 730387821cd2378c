"""The tracer over the corpus in tests/orchestrators (one workflow directory per case).

A case with ``expected.json`` must trace to that golden graph; a case with
``expected_error.json`` must raise a TraceError at the line marked ``# TRACE-ERROR``; a
case with a line marked ``# FALLBACK-FROM`` compiles partly: a partial fallback task
whose reason names that line runs the rest of main.
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
    assert len(GOOD) >= 30
    assert len(BAD) >= 5
    assert len(PARTIAL) >= 3


PARTIAL = [c for c in GOOD if "# FALLBACK-FROM" in (CORPUS / c / "orchestrator.py").read_text()]


@pytest.mark.parametrize("case", PARTIAL)
def test_partial_fallback_names_the_obstacle(case):
    graph = trace(CORPUS / case)
    lines = (CORPUS / case / "orchestrator.py").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "# FALLBACK-FROM" in text)
    fallbacks = [n for n in graph.nodes if isinstance(n, g.FallbackNode)]
    assert len(fallbacks) == 1 and fallbacks[0].partial
    assert fallbacks[0].reason.startswith(f"orchestrator.py:{line}: ")
    assert "--fallback" not in fallbacks[0].reason
    assert not graph.is_fallback
    before = [n for n in graph.nodes if not isinstance(n, g.FallbackNode)]
    assert before and set(graph.upstream("orchestrator")) <= {n.id for n in before}


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
    assert mult == g.CreateTaskNode("mult", "mult", (("x", g.Param("inputs")),),
                                    event_name="run_mult", lineno=7)
    assert add.map_over == "mult"
    assert add.foreach == (g.Loop("run", g.Runs("mult")),)  # named after `for run, job`
    assert add.job_params == (("x", g.Attr(g.Item("run", "run"), "y")),)
    assert add.event_name == "run_add"
    assert norm.job_params == (("mult_ids", g.Collect(
        "run", g.Runs("add"), g.Attr(g.Item("run", "run"), "id"))),)
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
        "r", g.Runs("mult_2"), g.Attr(g.Item("r", "run"), "id")
    )


def test_expressions():
    graph = trace(CORPUS / "expressions")
    add = graph.node("add")
    assert str(add.job_params[0][1]) == (
        "((-(run.y ** 2) / run.job.x) - ((abs(run['y']) // 3) % 7))")
    assert add.run_params == (
        ("origin", g.Attr(g.Item("run", "run"), "id")),
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
    """Regression: a loop left by `break` stayed open, so every later createTask was
    silently mapped over its runs. A lone next(iter(runs)) would see one item where
    main sees one per run: the rest of main runs natively from there."""
    graph = trace(CORPUS / "loop_exit_closes_map")
    assert [(n.id, getattr(n, "map_over", None)) for n in graph.nodes] == [
        ("mult", None),
        ("add", None),
        ("orchestrator", None),
    ]
    assert graph.node("orchestrator").reason.startswith("orchestrator.py:12: ")


def test_loop_over_a_list_built_from_runs_maps():
    """Regression: `for run, job in created:` over a plain list built from runs did not
    map a createTask that ignores the run, and `[run.id]` inside it became a fan-in."""
    graph = trace(CORPUS / "map_over_built_list")
    norm, mult_2 = graph.node("norm"), graph.node("mult_2")
    assert norm.map_over == "add" and mult_2.map_over == "add"
    assert norm.job_params == (("mult_ids", g.ListExpr((g.Attr(g.Item("run", "run"), "id"),))),)
    assert mult_2.job_params == (("x", g.Const(1.0)),)


# ---------------------------------------------------------------- the second step


def test_branch_on_a_param_guards_both_sides():
    graph = trace(CORPUS / "branch_compare_param")
    mult, add, norm = graph.nodes
    test = g.BinOp(">", g.Param("n"), g.Const(2))
    assert mult.when == test
    assert add.when == g.UnaryOp("not", test)
    assert norm.when is None  # after the join: on every path
    assert set(graph.upstream("norm")) == {"mult", "add"}


def test_value_assigned_on_both_sides_is_a_run_time_choice():
    graph = trace(CORPUS / "branch_flag_reassigned")
    norm = graph.node("norm")
    (_, value), = norm.job_params
    assert isinstance(value, g.Cond)
    assert {n.id for n in graph.nodes} == {"mult", "add", "norm"}
    # `refine and x0 > 0`: the add side runs when either test fails
    assert graph.node("add").when == g.BinOp("or", g.UnaryOp("not", g.Param("refine")),
                                             g.UnaryOp("not", g.BinOp(">", g.Param("x0"),
                                                                      g.Const(0))))


def test_condition_on_a_loop_item_filters_the_mapped_task():
    graph = trace(CORPUS / "branch_on_output")
    add = graph.node("add")
    assert add.map_over == "mult"
    assert add.when == g.BinOp(">", g.Attr(g.Item("run", "run"), "y"), g.Const(3))


def test_condition_in_a_comprehension_is_a_where():
    norm = trace(CORPUS / "filter_in_comprehension").node("norm")
    (_, value), = norm.job_params
    assert value == g.Collect("r", g.Runs("mult"), g.Attr(g.Item("r", "run"), "id"),
                              g.BinOp(">", g.Attr(g.Item("r", "run"), "y"), g.Const(1)))


def test_loop_over_a_list_param_maps_over_it():
    mult = trace(CORPUS / "loop_over_param").node("mult")
    assert mult.foreach == (g.Loop("x", g.Param("inputs")),)
    assert mult.job_params == (("x", g.Item("x")),)


def test_enumerate_zip_and_nested_loops():
    add = trace(CORPUS / "enumerate_runs").node("add")
    assert add.foreach == (g.Loop("i", g.Call("enumerate", (g.Runs("mult"),))),)
    graph = trace(CORPUS / "zip_and_concat")
    assert graph.node("mult_2").foreach == (
        g.Loop("ra", g.Call("zip", (g.Runs("mult"), g.Runs("add")))),)
    norm = trace(CORPUS / "nested_loops_product").node("norm")
    assert [lp.over for lp in norm.foreach] == [g.Runs("mult"), g.Runs("add")]


def test_builtins_and_strings_become_expressions():
    add = trace(CORPUS / "sum_of_outputs").node("add")
    assert add.job_params[0][1] == g.Call("sum", (g.Collect(
        "r", g.Runs("mult"), g.Attr(g.Item("r", "run"), "y")),))
    assert trace(CORPUS / "len_of_runs").node("add").job_params[0][1] == g.Call(
        "len", (g.Runs("mult"),))
    add = trace(CORPUS / "fstring_of_output").node("add")
    label = dict(add.job_params)["label"]
    assert "format" in str(label) and "'from '" in str(label)


def test_concatenated_fan_ins():
    norm = trace(CORPUS / "zip_and_concat").node("norm")
    (_, value), = norm.job_params
    assert isinstance(value, g.BinOp) and value.op == "+"
    assert str(value).count("for r in runs of mult") == 1
    assert "max(" in str(value)


def test_convergence_loop_is_native_after_the_compiled_prefix():
    graph = trace(CORPUS / "partial_convergence_loop")
    assert [n.id for n in graph.nodes] == ["add", "orchestrator"]
    reason = graph.node("orchestrator").reason
    assert "the loop of lines 4-8" in reason and "run outputs" in reason


def test_runtime_evaluates_the_new_expressions():
    from motoko_airflow.execution import evaluate, holds, loop_items

    record = {"run_id": 7, "job_id": 3, "study": "mult", "state": "FINISHED",
              "run": {"y": 2.5}, "job": {"x": 1.5}}
    other = {**record, "run_id": 8, "run": {"y": 0.5}}
    records = {"mult": [record, other]}
    collected = g.Collect("m", g.Runs("mult"), g.Attr(g.Item("m", "run"), "id"),
                          g.BinOp(">", g.Attr(g.Item("m", "run"), "y"), g.Const(1)))
    assert evaluate(collected, {}, records) == [7]
    assert evaluate(g.Call("len", (g.Runs("mult"),)), {}, records) == 2
    assert evaluate(g.BinOp("+", g.Const("y="), g.Call("format", (
        g.Attr(g.Index(g.Index(g.Runs("mult"), g.Const(0)), g.Const(0)), "y"),
        g.Const(".2f")))), {}, records) == "y=2.50"
    assert evaluate(g.Cond(g.Param("f"), g.Const(1), g.Const(2)), {"f": False}, {}) == 2
    assert holds(g.BinOp("and", g.Param("a"), g.Param("b")), {"a": True, "b": 0}, {}) is False
    items = loop_items([g.Loop("e", g.Call("enumerate", (g.Runs("mult"),)))], {}, records)
    assert [i["e"][0] for i in items] == [0, 1]
    assert evaluate(g.Attr(g.Index(g.Index(g.Item("e"), g.Const(1)), g.Const(0)), "y"), {},
                    records, items[1]) == 0.5


def test_graph_of_an_older_version_asks_to_trace_again():
    data = trace(CORPUS / "single_create").to_dict()
    data["version"] = 1
    with pytest.raises(ValueError, match="re-run `motoko trace`"):
        g.Graph.from_dict(data)


def test_runs_made_inside_a_loop_are_the_current_items():
    """Regression: inside `for x in xs`, the runs a createTask just made stood for the
    runs of every x (runs[0] was always the first x's run)."""
    add = trace(CORPUS / "per_item_runs").node("add")
    (_, value), = add.job_params
    assert g.Runs("mult", ("x",)) in g.walk(value)


def test_each_iteration_of_an_unrolled_loop_is_its_own_step():
    """Regression: steps were matched across paths by how often their line had run, so a
    branch in an earlier iteration shifted every later one (a cycle)."""
    graph = trace(CORPUS / "unrolled_loop_with_output_branch")
    assert [n.id for n in graph.nodes] == ["mult", "add", "mult_2", "add_2", "mult_3", "add_3"]
    assert [n.when is not None for n in graph.nodes] == [False, True] * 3


def test_a_value_left_by_a_break_is_the_first_item():
    add = trace(CORPUS / "value_left_by_a_loop").node("add")
    (_, value), = add.job_params
    first = g.Attr(g.Index(g.Index(g.Runs("mult"), g.Const(0)), g.Const(0)), "y")
    assert value == g.BinOp("+", first, first)
    assert add.foreach == ()


def test_a_break_on_an_output_runs_natively():
    """A break decided by a run's output depends on the runs' order: no per-item filter
    can stand for it (the runs after the first big one must not be made)."""
    graph = trace(CORPUS / "partial_break_on_output")
    assert [n.id for n in graph.nodes] == ["mult", "orchestrator"]
    assert "a break (line 10) ends it after some items" in graph.node("orchestrator").reason
