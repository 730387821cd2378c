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
    # the callables of run-time calls are named by their files: the checkout's place
    directory = str(Path(data["workflow"]).parent)
    data = json.loads(json.dumps(data).replace(json.dumps(directory)[1:-1], "WORKFLOW"))
    data["workflow"] = PLACEHOLDER
    if "read_files" in data:  # what main read, by name (digests: tests/test_read_files.py)
        data["read_files"] = sorted(data["read_files"])
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


SEGMENT = [c for c in GOOD if "# SEGMENT" in (CORPUS / c / "orchestrator.py").read_text()]


@pytest.mark.parametrize("case", SEGMENT)
def test_a_segment_runs_one_statement_natively_and_the_steps_after_it_stay_tasks(case):
    graph = trace(CORPUS / case)
    lines = (CORPUS / case / "orchestrator.py").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "# SEGMENT" in text)
    assert graph.fallback is None
    (segment,) = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
    assert segment.line == line and segment.reason.startswith(f"orchestrator.py:{line}: ")
    ids = [n.id for n in graph.nodes]
    before = ids[:ids.index(segment.id)]
    assert before and set(graph.upstream(segment.id)) == set(before)
    after = ids[ids.index(segment.id) + 1:]
    assert all(segment.id in graph.upstream(n) for n in after)


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


DIFFERENTIAL = Path(__file__).parent / "differential"
_TRACE_ALONE = """
import json, sys
from motoko_airflow.trace import trace
case = json.loads(open(sys.argv[1] + "/case.json").read())
print(trace(sys.argv[1], values=case["params"], fallback=True).to_json())
"""


def test_a_trace_does_not_depend_on_what_the_process_did_before():
    """held_adaptive_gaps (a capped loop refining where outputs jump, its checks
    hundreds of terms long) traced alone in a fresh process and in this one after other
    orchestrators: the same graph. Its checks once depended on how memory had been used
    before (a size known by the id of a freed expression was taken for a new one's):
    three different DAGs, by what the process had traced and when it collected."""
    directory = DIFFERENTIAL / "held_adaptive_gaps"
    alone = subprocess.run([sys.executable, "-c", _TRACE_ALONE, str(directory)],
                           capture_output=True, text=True, check=True).stdout
    for before in ("flag_branch", "held7p_tuple_truth", "atk_conv_len_shape"):
        params = json.loads((DIFFERENTIAL / before / "case.json").read_text())["params"]
        trace(DIFFERENTIAL / before, values=params, fallback=True)
    params = json.loads((directory / "case.json").read_text())["params"]
    after = trace(directory, values=params, fallback=True)
    assert after.to_json().strip() == alone.strip()


def test_a_table_of_tree_sizes_keeps_the_expressions_it_knows():
    """A sizes table outliving an expression keeps it: a freed expression's id, given to
    a new one, would give the new one its size."""
    import weakref

    sizes: dict[int, tuple[g.Expr, int]] = {}
    expr = g.BinOp("+", g.Const(1), g.Param("x"))
    assert g.tree_size(expr) == 3 and g.tree_size(expr, sizes) == 3
    gone = weakref.ref(expr)
    del expr
    assert gone() is not None
    assert g.tree_size(gone(), sizes) == 3


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
    """Now a segment: the loop runs natively as one task, the step after it is one."""
    graph = trace(CORPUS / "partial_convergence_loop")
    assert [n.id for n in graph.nodes] == ["add", "segment", "norm"]
    reason = graph.node("segment").reason
    assert "the loop of lines 4-8" in reason and "run outputs" in reason
    assert graph.node("segment").names == ("x",)


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
    can stand for it (the runs after the first big one must not be made): the loop runs
    natively as one task (a segment), the step after it stays a task."""
    graph = trace(CORPUS / "partial_break_on_output")
    assert [n.id for n in graph.nodes] == ["mult", "segment", "mult_2"]
    assert "a break (line 10) ends it after some items" in graph.node("segment").reason


# ---------------------------------------------------------------- soundness (third step)
# Each test below is a bug where the DAG silently did other work than main; the tracer
# must now either compile it exactly or make that construct the fallback point.

INPUTS_PARSER = '''def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs="+")

'''


def traced(tmp_path: Path, body: str, files: dict[str, str] | None = None,
           fallback: bool = False, fix_params: bool = True) -> g.Graph:
    """Trace ``main``'s body (four spaces of indent added) in a workflow of the three
    studies mult(x), add(x), norm(mult_ids)."""
    for study, fields in {"mult": "x: float", "add": "x: float",
                          "norm": "mult_ids: list"}.items():
        (tmp_path / study).mkdir(exist_ok=True)
        (tmp_path / study / "bd.yaml").write_text(f"study: {study}\njob:\n  {fields}\n")
    (tmp_path / "motoko.yaml").write_text(
        "task_managers:\n  mult:\n  add:\n  norm:\norchestrator: orchestrator.main\n")
    lines = body.strip("\n").splitlines()
    top = [line for line in lines if line.startswith("!")]  # module-level lines
    main = [line for line in lines if not line.startswith("!")]
    source = (INPUTS_PARSER + "\n".join(line[1:] for line in top)
              + "\n\nasync def main(workflow, **params):\n"
              + "\n".join("    " + line for line in main) + "\n")
    (tmp_path / "orchestrator.py").write_text(source)
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text)
    return trace(tmp_path, fallback=fallback, fix_params=fix_params)


def add_is_cut(graph: g.Graph) -> bool:
    """The statement making ``add``'s ``x`` was cut: a fallback or segment node, or a
    block of main's statements (an invoke) in ``x``."""
    adds = [n for n in graph.nodes if isinstance(n, g.CreateTaskNode) and n.id == "add"]
    return any(not isinstance(n, g.CreateTaskNode) for n in graph.nodes) or any(
        isinstance(e, g.Invoke) for n in adds for e in g.walk(dict(n.job_params)["x"]))


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "orchestrator.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def shape(graph: g.Graph) -> list[str]:
    return [n.id for n in graph.nodes]


def fallback_line(graph: g.Graph) -> int:
    node = graph.fallback
    assert node is not None and node.partial, shape(graph)
    return int(node.reason.split(":")[1])


def test_the_stop_signal_is_not_an_exception():
    """Bug: Untraceable was a TraceError (an Exception): main's own `except Exception:`
    swallowed it and the trace went on, compiling the except side."""
    from motoko_airflow.trace.state import Untraceable

    assert not issubclass(Untraceable, Exception)
    assert issubclass(Untraceable, BaseException)


def test_except_exception_does_not_swallow_the_signal(tmp_path):
    """Bug: `try: n = math.floor(run.y) except Exception: n = 0` compiled n = 0. The
    try is now a block of main's statements: n is what it gives at run time."""
    graph = traced(tmp_path, '''
!import math
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
try:
    n = math.floor(run.y)
except Exception:
    n = 0
await workflow.add.createTask(x=n)
''')
    assert shape(graph) == ["mult", "add"]
    (_, n), = graph.node("add").job_params
    assert isinstance(n, g.Index) and isinstance(n.value, g.Invoke)
    assert n.value.callee.qualname == "<block>" and n.index == g.Const("n")


def test_a_swallowed_signal_still_cuts_the_path(tmp_path):
    """Bug: a bare `except:` around the stand-in's refusal let main go on: the steps
    after it were compiled as if the refused line had done nothing."""
    graph = traced(tmp_path, '''
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
try:
    table = {run.y: 1.0}
except BaseException:
    table = {}
await workflow.add.createTask(x=table.get(4.0, 0.0))
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert fallback_line(graph) == line_of(tmp_path, "table = {run.y")


def test_counter_in_a_mapped_loop_runs_as_a_block(tmp_path):
    """Bug (the issue's example): a counter incremented under `if run.y > 3` in a loop
    over runs was a plain int in the single traced iteration; `if too_big >= 2` was
    decided at trace time and the DAG had no follow-up task at all."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
too_big = 0
for run, job in runs:
    if run.y > 3:
        too_big += 1
if too_big >= 2:
    await workflow.add.createTask(x=float(too_big))
''')
    # the loop (with the counter made before it) runs at run time as a block of
    # main's statements: the follow-up step is guarded by its count
    assert shape(graph) == ["mult", "add"]
    add = next(n for n in graph.nodes if n.id == "add")
    assert "<block>" in json.dumps(g.expr_to_dict(add.when))


@pytest.mark.parametrize("body, line, words", [
    ('''
first = True
for run, job in runs:
    if first:
        await workflow.add.createTask(x=run.y)
        first = False
''', 9, "keeps first"),
    ('''
previous = 0.0
for run, job in runs:
    await workflow.add.createTask(x=run.y + previous)
    previous = run.y
''', 9, "keeps previous"),
    ('''
for x in params["inputs"]:
    await workflow.add.createTask(x=x)
    break
''', 8, "a break (line 10)"),
    ('''
acc = [0.0]
for run, job in runs:
    acc[0] += run.y
    await workflow.add.createTask(x=acc[0])
''', 9, "changes acc"),
    ('''
for x in params["inputs"]:
    made = await workflow.add.createTask(x=x)
await workflow.norm.createTask(mult_ids=[r.id for r, j in made])
''', 8, "made, assigned in it, is read after it"),
    ('''
makers = []
for x in params["inputs"]:
    makers.append(lambda: x)
for make in makers:
    await workflow.add.createTask(x=make())
''', 9, "keeps x"),
    ('''
for run, job in runs:
    if run.y > 3:
        return
    await workflow.add.createTask(x=run.y)
''', 8, "a return inside it"),
    ('''
for run, job in runs:
    await workflow.add.createTask(x=run.y)
else:
    await workflow.add.createTask(x=0.0)
''', 8, "else: block"),
])
def test_loop_carried_state_makes_the_loop_the_fallback_point(tmp_path, body, line, words):
    """Bugs: a loop traced once (mapped) carried a first-iteration flag, a previous
    item, a running total in a list, the last iteration's runs, interleaved ids, a late
    closure, a return or a break after a createTask: each compiled one iteration's
    view of it as if it were every iteration's."""
    graph = traced(tmp_path, 'runs = await workflow.mult.createTask(x=params["inputs"])'
                   + body)
    assert shape(graph)[0] == "mult" and shape(graph)[-1] == "orchestrator"
    assert fallback_line(graph) == line
    assert words in graph.fallback.reason


@pytest.mark.parametrize("body", ['''
for run, job in runs:
    pass
await workflow.add.createTask(x=run.y)
''', '''
ids = []
for run, job in runs:
    ids.extend([run.id, run.id])
await workflow.norm.createTask(mult_ids=ids)
''', '''
ids = []
for run, job in runs:
    ids.append(run.id)
    ids.append(run.id)
await workflow.norm.createTask(mult_ids=ids)
'''])
def test_loop_carried_state_of_a_loop_without_steps_runs_as_a_block(tmp_path, body):
    """A loop making no step, whose state (the last item, a list filled twice per item)
    is read after it, runs at run time as a block of main's statements (with the list
    it fills, made before it): the steps after it compile."""
    graph = traced(tmp_path, 'runs = await workflow.mult.createTask(x=params["inputs"])'
                   + body)
    assert graph.fallback is None and shape(graph)[0] == "mult"
    assert "<block>" in json.dumps(graph.to_dict())


def test_collectors_the_graph_models_still_compile(tmp_path):
    """The collector forms compile exactly: append of one element, += [e], += await
    createTask, extend(await ...), a break ending the first iteration of a loop that
    creates nothing."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
ys, ids, made, more = [], [], [], []
for run, job in runs:
    ys.append(run.y)
    ids += [run.id]
    if run.y > 1:
        made += await workflow.add.createTask(x=run.y)
    more.extend(await workflow.add.createTask(x=1.0))
for run, job in runs:
    first = run
    break
await workflow.norm.createTask(mult_ids=ids + [r.id for r, j in made])
await workflow.add.createTask(x=max(ys) + first.y + len(more))
''')
    assert graph.fallback is None
    assert shape(graph) == ["mult", "add", "add_2", "norm", "add_3"]


def test_constants_collected_in_a_loop_are_one_per_item(tmp_path):
    """Bug: `sum(1 for _ in runs)`, `ones.append(1)` and `[0 for ...]` held ONE
    constant (the loop body ran once): counts were 1 whatever the number of runs."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
ones = []
for run, job in runs:
    ones.append(1)
await workflow.add.createTask(x=sum(1 for _ in runs))
await workflow.add.createTask(x=sum(ones))
await workflow.add.createTask(x=len([0 for r, j in runs]))
''')
    assert graph.fallback is None
    one = g.Collect("run", g.Runs("mult"), g.Const(1))
    assert graph.node("add_2").job_params == (("x", g.Call("sum", (one,))),)
    for node in ("add", "add_3"):
        ((_, value),) = graph.node(node).job_params
        (collect,) = value.args
        assert isinstance(collect, g.Collect) and collect.over == g.Runs("mult")


@pytest.mark.parametrize("line_of_code", [
    "await workflow.add.createTask(x=float(len(set(ys))))",
    "await workflow.add.createTask(x=next(y for y in ys))",
    "await workflow.add.createTask(x=float(len(tuple(ys))))",
])
def test_python_reading_a_fan_in_list_stops_there(tmp_path, line_of_code):
    """Bugs: slices, indexing, set(), itertools.islice, next() of a generator, `if
    ys:`, a helper module's sum() and tuple() each answered for a list holding ONE
    element that stands for all the runs."""
    graph = traced(tmp_path, f'''
!import itertools
!import helpers
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
{line_of_code}
''', files={"helpers.py": "def count(values):\n    return sum(1 for _ in values)\n"})
    assert shape(graph) == ["mult", "orchestrator"]
    assert fallback_line(graph) == 10


def test_the_truth_of_a_fan_in_list_is_its_run_time_values(tmp_path):
    """``1.0 if ys else 0.0`` (``if tight:``) of a list built in a loop over runs tests
    the list the DAG makes at run time (Python's answer would be the one element
    standing for all the runs: always true)."""
    graph = traced(tmp_path, """
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs if r.y > 2]
await workflow.add.createTask(x=1.0 if ys else 0.0)
""")
    assert shape(graph) == ["mult", "add"]
    ((_, value),) = graph.node("add").job_params
    assert isinstance(value, g.Cond) and isinstance(value.test, g.Collect)
    assert value.test.where is not None and value.test.over == g.Runs("mult")


@pytest.mark.parametrize(("test", "function"), [
    ("any(r.y > 1 for r, j in runs)", "any"),
    ("all(abs(y) >= 1 and len(str(y)) > 2 for y in ys)", "all"),
    ("any(ys)", "any"),
    ("all([y > 1 for y in ys])", "all"),
])
def test_any_or_all_of_a_fan_in_is_a_call_in_the_graph(tmp_path, test, function):
    """any()/all() of a fan-in list, or of a generator over one that only reads,
    compares and calls pure built-ins by name: one call evaluated at run time, its
    truth a branch (it stopped the trace: Python iterated ONE element)."""
    graph = traced(tmp_path, f'''
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
await workflow.add.createTask(x=1.0 if {test} else 0.0)
''')
    assert graph.fallback is None, shape(graph)
    ((_, value),) = graph.node("add").job_params
    calls = [e for e in g.walk(value) if isinstance(e, g.Call) and e.function == function]
    assert calls and isinstance(calls[0].args[0], g.Collect), value


@pytest.mark.parametrize(("lines", "why"), [
    ("n = any(10.0 / y > 1 for y in ys)", "its items may raise"),
    ("seen = []\nn = any(seen.append(y) or y > 1 for y in ys)\nm = len(seen)",
     "calls or changes something"),
    ("last = 0.0\nn = any((last := y) > 1 for y in ys)", "calls or changes something"),
    ("n = all(check(y) for y in ys)", "calls or changes something"),
    ("n = any(sorted([y, 1.0], key=check)[0] > 1 for y in ys)", "calls or changes something"),
    ("gen = (y > 1 for y in ys)\nn = any(gen)\nm = list(gen)", "is read again"),
])
def test_any_or_all_of_a_generator_main_stops_early_stops_the_trace(tmp_path, lines, why):
    """Natively any()/all() stop at the first item that decides: a generator whose
    items may raise, that calls or binds something per item, or that is read again
    after, would differ from the graph's whole list: the trace stops there."""
    body = "\n".join([
        "!def check(y):\n!    print(y)\n!    return y > 1",
        "runs = await workflow.mult.createTask(x=params['inputs'])",
        "ys = []\nfor r, j in runs:\n    ys.append(r.y)", lines,
        "await workflow.add.createTask(x=1.0 if n else 0.0)"])
    graph = traced(tmp_path, body, fallback=True)
    # cut: the statement runs natively (a fallback or segment), or at run time as a
    # block of main's statements, where Python's any() stops where main's does
    assert add_is_cut(graph), shape(graph)
    stops = [n for n in graph.nodes if isinstance(n, (g.FallbackNode, g.SegmentNode))]
    assert not stops or why in stops[0].reason, [n.reason for n in stops]


@pytest.mark.parametrize(("value", "inputs"), [
    ("float((k & 3) + (k | 8) + (k ^ 5) + (k >> 1) + (1 << abs(k)) + ~k)", [-4.0, 2.0]),
    ("float((k > 0) | (k < -10)) + float((k > 0) ^ True) + float(-k & 0xFF)", [-4.0, 2.0]),
    ("float(((k ^ -1) >> 2) + (k << 3))", [7.0, 2.0]),
])
def test_bitwise_operators_compile_and_evaluate_as_python(tmp_path, value, inputs):
    """Bitwise operators of traced values are expressions evaluated at run time (they
    raised TypeError on a stand-in: partial fallback), giving Python's own answer."""
    from motoko_airflow.execution import evaluate

    graph = traced(tmp_path, f"""
k = int(params["inputs"][0])
await workflow.add.createTask(x={value})
""", fix_params=False)
    assert graph.fallback is None, shape(graph)
    ((_, expr),) = graph.node("add").job_params
    k = int(inputs[0])
    expected = eval(value, {"k": k})  # noqa: S307 - the test's own expressions
    again = g.Graph.from_dict(json.loads(graph.to_json())).node("add").job_params[0][1]
    assert evaluate(g.expr_to_dict(again), {"inputs": inputs}, {}) == expected


def test_a_fan_in_list_indexed_sliced_or_iterated_after_its_loop_compiles(tmp_path):
    """Indexing, slicing and iterating a list filled in a loop over runs read the fan-in
    at run time (they stopped the trace: Python would have answered for ONE element)."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
ys = []
for r, j in runs:
    ys.append(r.y)
await workflow.add.createTask(x=ys[-1])
await workflow.add.createTask(x=sum(ys[1:]))
for y in ys:
    await workflow.add.createTask(x=y * 2)
''')
    assert graph.fallback is None
    ys = g.Collect("r", g.Runs("mult"), g.Attr(g.Item("r", "run"), "y"))
    assert graph.node("add").job_params == (("x", g.Index(ys, g.Const(-1))),)
    (_, total), = graph.node("add_2").job_params
    assert isinstance(total, g.Call) and total.args[0].value == ys
    assert [lp.over for lp in graph.node("add_3").foreach] == [ys]
    assert _reads_a_fan_in(graph)


def _reads_a_fan_in(graph: g.Graph) -> bool:
    """A node indexes a fan-in, or is mapped over one."""
    for node in graph.nodes:
        if any(isinstance(lp.over, g.Collect) for lp in getattr(node, "foreach", ())):
            return True
        for _, value in getattr(node, "job_params", ()):
            if any(isinstance(e, g.Index) and isinstance(e.value, (g.Collect, g.BinOp))
                   for e in g.walk(value)):
                return True
    return False


@pytest.mark.parametrize("line_of_code", [
    "ys.append(1.0)\nfor y in ys:\n    if y > 1:\n        break\n    ys.append(y)\n"
    "await workflow.add.createTask(x=ys[-1])",
    "ys.sort()\nawait workflow.add.createTask(x=ys[0])",
    "del ys[0]\nawait workflow.add.createTask(x=ys[0])",
    "for y in ys:\n    ys.append(y + 1)\n    await workflow.add.createTask(x=y)",
])
def test_a_fan_in_list_changed_after_its_loop_stops_there(tmp_path, line_of_code):
    """A fan-in list changed in place, or grown while a loop goes over it, is not
    read as its run-time value (which would not see the change): main's statements
    run natively (a block, a segment or the fallback)."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
''' + line_of_code + "\n", fallback=True)
    assert not _reads_a_fan_in(graph)


def test_a_fan_in_list_of_a_tested_loop_is_read_filtered(tmp_path):
    """A list appended to under a test of the loop's item has a length only known at
    run time: reading it by position reads, at run time, the list of the items that
    passed the test (each path traced one way of the test; merged, the fan-in is
    filtered by it)."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
big = []
for r, j in runs:
    if r.y > 2:
        big.append(r.y)
await workflow.add.createTask(x=big[0])
''')
    add = next(n for n in graph.nodes if getattr(n, "task_manager", None) == "add")
    (_, x), = add.job_params
    assert isinstance(x, g.Index) and x.index == g.Const(0), x
    assert isinstance(x.value, g.Collect) and x.value.where is not None, x
    assert "'>'" in repr(x.value.where) and "Const(value=2)" in repr(x.value.where), x


def test_lists_filled_in_two_branches_of_a_loop_are_not_joined(tmp_path):
    """Two lists a loop fills in the two branches of a test of its item: each path
    traced the item one way, so there one list holds the loop's element and the other
    none, and merged, both ways would read as one list in the loop's order; natively
    the joined list is all of the first's elements, then the second's. Joining them
    stops the trace there (it made a wrong DAG: items numbered in the loop's order)."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
big, small = [], []
for r, j in runs:
    if r.y > 2:
        big.append(r.y)
    else:
        small.append(j.x)
await workflow.add.createTask(x=big + small)
''', fallback=True)
    fallback = [n for n in graph.nodes if n.kind == "fallback"]
    assert fallback and "joining two lists that a loop fills in different branches" \
        in fallback[0].reason, [n.kind for n in graph.nodes]
    assert not any(getattr(n, "task_manager", None) == "add" for n in graph.nodes)


@pytest.mark.parametrize("join", ["list(big) + list(small)", "list.__add__(big, small)"])
def test_copies_of_lists_filled_in_two_branches_are_not_merged_as_one(tmp_path, join):
    """The joins ``_not_interleaved`` cannot see (a copy loses the list's mark, the
    unbound ``list.__add__`` is not the list's own): merged at the join, each path's
    joined list is a fan-in of the loop (one list's element or the other's), which
    would read as one list in the loop's order. A loop that fills several lists has its
    fan-ins merged only where one side has none (``paths.Merger.fills_several``); else
    the loop runs at run time (a block) or main from there natively, never a fan-in
    whose element is the test's either side."""
    graph = traced(tmp_path, f'''
runs = await workflow.mult.createTask(x=params["inputs"])
big, small = [], []
for r, j in runs:
    if r.y > 2:
        big.append(r.y)
    else:
        small.append(j.x)
for i, v in enumerate({join}):
    await workflow.add.createTask(x=v + 10 * i)
''', fallback=True)
    merged = [e for n in graph.nodes for _, value in getattr(n, "job_params", ())
              for e in g.walk(value) if isinstance(e, g.Collect)
              and isinstance(e.element, g.Cond)]
    merged += [e for n in graph.nodes for lp in getattr(n, "foreach", ())
               for e in g.walk(lp.over) if isinstance(e, g.Collect)
               and isinstance(e.element, g.Cond)]
    assert not merged, merged
    assert any(getattr(n, "task_manager", None) == "add" or n.kind == "fallback"
               for n in graph.nodes), [n.kind for n in graph.nodes]


@pytest.mark.parametrize("line_of_code, words", [
    ("await workflow.add.createTask(x={4.0: 1.0}.get(run.y, 0.0))", "given a traced value"),
    ("await workflow.add.createTask(x=1.0 if run.y in {4.0} else 0.0)", "hashed"),
    ("await workflow.add.createTask(x=1.0 if isinstance(run.y, float) else 0.0)",
     "isinstance()"),
    ("await workflow.add.createTask(x=1.0 if run.y is job.x else 0.0)", "identity test"),
    ("await workflow.add.createTask(x=float(str(run.y).count('.')))", ".count()"),
    ("await workflow.add.createTask(x=1.0 if f'{run.y}' == '4.0' else 0.0)",
     "comparing a string"),
    ("await workflow.add.createTask(x=float(f'{run.y}'[0]))", "indexing"),
    ("await workflow.add.createTask(x=1.0 if type(run.y) is float else 0.0)", "type()"),
])
def test_stand_ins_never_let_python_answer(tmp_path, line_of_code, words):
    """Bugs: dict/set lookups with an output (stand-ins hashed by identity),
    isinstance/type/`is` of a stand-in, string methods, comparisons and indexing of a
    formatted output: Python answered at trace time, with the placeholder."""
    graph = traced(tmp_path, f'''
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
{line_of_code}
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert fallback_line(graph) == 8
    assert words in graph.fallback.reason


def test_is_none_forks_exactly(tmp_path):
    """`x is None` of a stand-in is compiled as a branch on an identity test (not
    answered False at trace time, nor `x == None`: a numpy array made at run time
    compares element by element)."""
    graph = traced(tmp_path, '''
!
!def populate_arg_parser(parser):
!    parser.add_argument("--start", type=float, default=None)
start = params["start"]
if start is None:
    start = 1.5
await workflow.add.createTask(x=start)
''')
    ((_, value),) = graph.node("add").job_params
    test = g.BinOp("is", g.Param("start"), g.Const(None))
    assert value == g.Cond(test, g.Const(1.5), g.Param("start"))


def test_formatted_values_compile_through_len_and_format(tmp_path):
    """len() of a formatted output was the length of the placeholder string."""
    graph = traced(tmp_path, '''
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
await workflow.add.createTask(x=float(len(f"{run.y:.3f}")))
''')
    ((_, value),) = graph.node("add").job_params
    assert "len(format(" in str(value)


def test_each_path_runs_on_a_fresh_import(tmp_path):
    """Bug: module-level state changed by main survived from one traced path to the
    next (the second path saw CALLS = 2 and compiled x = 2 on its side)."""
    graph = traced(tmp_path, '''
!CALLS = [0]
!def populate_arg_parser(parser):
!    parser.add_argument("--refine", action="store_true")
CALLS[0] += 1
if params["refine"]:
    await workflow.mult.createTask(x=1.0)
await workflow.add.createTask(x=float(CALLS[0]))
''')
    assert graph.node("add").job_params == (("x", g.Const(1.0)),)


def test_helper_modules_are_instrumented(tmp_path):
    """Bug: the traced built-ins existed only in the orchestrator module: a helper
    module's sum()/len() counted one item for all the runs."""
    graph = traced(tmp_path, '''
!import helpers
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=helpers.total(runs))
''', files={"helpers.py": "def total(runs):\n    return sum(r.y for r, j in runs)\n"})
    assert graph.fallback is None
    ((_, value),) = graph.node("add").job_params
    assert value == g.Call("sum", (g.Collect("r", g.Runs("mult"),
                                             g.Attr(g.Item("r", "run"), "y")),))


def test_a_helper_changing_outer_state_in_a_mapped_loop_falls_back(tmp_path):
    """Bug: a helper coroutine counting into a dict it was given, called in a loop over
    runs, counted once."""
    (tmp_path / "helpers.py").write_text(
        "async def note(state, run):\n    state['n'] += 1\n")
    graph = traced(tmp_path, '''
!import helpers
runs = await workflow.mult.createTask(x=params["inputs"])
state = {"n": 0}
for run, job in runs:
    await helpers.note(state, run)
await workflow.add.createTask(x=float(state["n"]))
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert fallback_line(graph) == line_of(tmp_path, "for run, job in runs:")
    assert "note() changes state" in graph.fallback.reason


def test_gather_branches_sharing_a_list_fall_back(tmp_path):
    """Bug: gathered routines were traced one after the other, so a list they append
    to around their awaits had another order than Motoko's interleaving gives."""
    graph = traced(tmp_path, '''
!import asyncio
!ORDER = []
!async def a(workflow):
!    await workflow.add.createTask(x=1.0)
!    ORDER.append(1.0)
!async def b(workflow):
!    ORDER.append(2.0)
!    await workflow.add.createTask(x=2.0)
await workflow.mult.createTask(x=0.5)
await asyncio.gather(a(workflow), b(workflow))
await workflow.add.createTask(x=ORDER[0])
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert "in a routine running concurrently" in graph.fallback.reason


def test_a_gathered_routine_never_started_is_closed(tmp_path):
    """Bug: a path stopped in the first routine of asyncio.gather left the second one
    never started, and Python warned "coroutine 'b' was never awaited"; so did a path
    stopped while making gather's arguments, for the routines made before."""
    import gc
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        traced(tmp_path, '''
!import asyncio
!async def a(workflow):
!    await asyncio.sleep(0)
!async def b(workflow):
!    await workflow.add.createTask(x=2.0)
await workflow.mult.createTask(x=0.5)
await asyncio.gather(a(workflow), b(workflow))
''')
        # stopped while making gather's second argument: the first routine is made
        traced(tmp_path, '''
!import asyncio
!async def c(workflow, x):
!    await workflow.add.createTask(x=x)
(run, job), = await workflow.mult.createTask(x=0.5)
await asyncio.gather(c(workflow, 1.0), c(workflow, {0.25: 2.0}[run.y]))
''')
        gc.collect()
    assert not [w for w in caught if "never awaited" in str(w.message)], \
        [str(w.message) for w in caught]


def test_the_collection_after_a_trace_leaves_the_freeze_as_it_was(tmp_path):
    """The trace freezes what was alive before it, so that its closing collection looks
    at its own objects only (a full one costs 0.1 s in a process that imported Airflow),
    and unfreezes them after; objects someone else froze stay frozen, and the garbage the
    trace made is collected."""
    import gc
    import weakref

    class Marker:
        pass

    assert gc.get_freeze_count() == 0
    traced(tmp_path, "await workflow.mult.createTask(x=0.5)\n")
    assert gc.get_freeze_count() == 0  # unfrozen after
    cycle = Marker()
    cycle.self = cycle  # type: ignore[attr-defined]
    gone = weakref.ref(cycle)
    del cycle
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        traced(tmp_path, "await workflow.mult.createTask(x=0.25)\n")
        # another's freeze is not undone (objects freed by reference counting leave
        # the frozen generation: the count may drop a little, never to nothing)
        assert gc.get_freeze_count() > frozen // 2
        assert gone() is not None  # ... nor collected by the trace
    finally:
        gc.unfreeze()
    gc.collect()
    assert gone() is None


def test_steps_after_finished_fall_back(tmp_path):
    """Bug: `workflow.finished = True` in the middle of main was ignored: the steps
    after it were compiled, while Motoko's loop ends main at its next wait."""
    graph = traced(tmp_path, '''
await workflow.mult.createTask(x=1.0)
workflow.finished = True
await workflow.add.createTask(x=2.0)
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert fallback_line(graph) == 9


def test_an_action_registered_on_one_branch_falls_back(tmp_path):
    """Bug: an action node has no guard, so an action registered under `if run.y > 3`
    was registered on every path."""
    graph = traced(tmp_path, '''
!async def more(workflow, **params):
!    workflow.finished = True
(run, job), = await workflow.mult.createTask(x=2.0)
if run.y > 3:
    workflow.add_action("more", task="mult", event="state = FINISHED", f=more)
''')
    assert shape(graph) == ["mult", "orchestrator"]


def test_a_task_manager_chosen_by_a_branch_is_two_steps(tmp_path):
    """Bug: `getattr(workflow, "add" if flag else "mult").createTask(...)` made one
    step at one place of main on both paths: merged, it took one side's task manager."""
    graph = traced(tmp_path, '''
!def populate_arg_parser(parser):
!    parser.add_argument("--flag", action="store_true")
manager = getattr(workflow, "add" if params["flag"] else "mult")
await manager.createTask(x=1.0)
''')
    assert {(n.task_manager, str(n.when)) for n in graph.nodes} == {
        ("add", "params['flag']"), ("mult", "not params['flag']")}


def test_a_generator_yielding_from_a_mapped_loop_falls_back(tmp_path):
    """Bug: `next(big(runs))` of a generator function whose loop over runs yields left
    that loop open: the next createTask was mapped over every run."""
    graph = traced(tmp_path, '''
!def big(runs):
!    for run, job in runs:
!        if run.y > 3:
!            yield run
runs = await workflow.mult.createTask(x=params["inputs"])
first = next(big(runs))
await workflow.add.createTask(x=first.y)
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert "it yields" in graph.fallback.reason


def test_a_library_function_given_a_traced_value_falls_back(tmp_path):
    """Bug: a function of another module than the workflow's runs uninstrumented:
    `x is None`, isinstance, dict lookups in it answered for the stand-in."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "outside.py").write_text("def pick(v):\n    return 1.0 if v is None else 2.0\n")
    sys.path.insert(0, str(site))
    try:
        graph = traced(tmp_path / "wf" if (tmp_path / "wf").mkdir() is None else tmp_path,
                       '''
!import outside
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
await workflow.add.createTask(x=outside.pick(run.y))
''')
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("outside", None)
    assert shape(graph) == ["mult", "orchestrator"]
    assert "not a module of the workflow" in graph.fallback.reason


def test_values_local_to_an_iteration_compile(tmp_path):
    """A value assigned on both sides of an if, or a list made afresh in each
    iteration, carries nothing from one item to the next: compiled, not a fallback."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
for r, j in runs:
    if r.y > 2:
        v = r.y
    else:
        v = 0.0
    parts = []
    parts.append(v)
    parts.append(v * 2)
    await workflow.add.createTask(x=sum(parts))
''')
    assert graph.fallback is None
    ((_, value),) = graph.node("add").job_params
    assert str(value) == "(sum([r.y, (r.y * 2)]) if (r.y > 2) else sum([0.0, 0.0]))"


def test_a_background_task_sharing_a_list_falls_back(tmp_path):
    """Bug: a routine started with asyncio.create_task runs concurrently with main
    natively, but was traced when awaited: a list both change got another order."""
    graph = traced(tmp_path, '''
!import asyncio
!ORDER = []
!async def side(workflow):
!    ORDER.append(1.0)
!    await workflow.add.createTask(x=1.0)
task = asyncio.create_task(side(workflow))
await workflow.mult.createTask(x=0.5)
ORDER.append(2.0)
await task
await workflow.add.createTask(x=ORDER[0])
''')
    assert "in a routine running concurrently" in graph.fallback.reason


def test_an_operation_in_a_try_that_may_swallow_its_error_falls_back(tmp_path):
    """Bug: `try: t = params["inputs"][1] except IndexError: t = 0.0` never raised at
    trace time: the except side was never traced, and the task failed at run time on a
    one-item list where main took 0.0."""
    graph = traced(tmp_path, '''
await workflow.mult.createTask(x=1.0)
try:
    t = params["inputs"][1]
except IndexError:
    t = 0.0
await workflow.add.createTask(x=t)
''')
    # the try runs at run time, as a block of main's statements, with the DAG run's list
    assert shape(graph) == ["mult", "add"]
    (_, t), = graph.node("add").job_params
    assert isinstance(t, g.Index) and t.value.callee.qualname == "<block>"
    graph = traced(tmp_path, '''
try:
    t = params["inputs"][0]
except IndexError:
    raise
await workflow.add.createTask(x=t)
''')
    assert graph.fallback is None


def test_augmented_assignment_of_a_list_param_falls_back(tmp_path):
    """Bug: `xs = params["inputs"]; xs += [5.0]` extends the params' own list natively
    (an alias); the stand-in made a new value and params["inputs"] stayed short."""
    graph = traced(tmp_path, '''
await workflow.mult.createTask(x=1.0)
xs = params["inputs"]
xs += [5.0]
await workflow.norm.createTask(mult_ids=params["inputs"])
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert "+= on a traced value" in graph.fallback.reason


def test_library_functions_changing_or_reading_a_list_fall_back(tmp_path):
    """Bugs: heapq.heappush(h, run.y) in a loop over runs pushed once; heapq reads a
    list by its insides, so a fan-in list given to it was one element."""
    graph = traced(tmp_path, '''
!import heapq
runs = await workflow.mult.createTask(x=params["inputs"])
h = []
for r, j in runs:
    heapq.heappush(h, r.y)
await workflow.add.createTask(x=heapq.heappop(h))
''')
    assert "changes h with a call" in graph.fallback.reason
    graph = traced(tmp_path, '''
!import heapq
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
await workflow.add.createTask(x=heapq.nsmallest(1, ys)[0])
''')
    # heapq.nsmallest changes nothing: the task calls it with the whole list
    assert shape(graph) == ["mult", "add"]
    assert str(graph.node("add").job_params[0][1]) == \
        "heapq.nsmallest(1, [r.y for r in runs of mult])[0]"


def test_a_global_assigned_in_a_mapped_loop_falls_back(tmp_path):
    """Bug: `global CURRENT` assigned in a loop over a list param and read by another
    function after it: that function saw the single traced item, not the last one."""
    graph = traced(tmp_path, '''
!CURRENT = 0.0
!async def go(workflow):
!    await workflow.add.createTask(x=CURRENT)
global CURRENT
await workflow.mult.createTask(x=1.0)
for x in params["inputs"]:
    CURRENT = x
await go(workflow)
''')
    assert "a global or nonlocal name" in graph.fallback.reason


def test_an_error_handler_registered_on_one_branch_falls_back(tmp_path):
    """Bug: fail-fast and the error handler are the whole DAG's: registered under a
    branch, they held on every branch."""
    graph = traced(tmp_path, '''
!def populate_arg_parser(parser):
!    parser.add_argument("--strict", action="store_true")
!async def report(runs, **params):
!    pass
await workflow.mult.createTask(x=1.0)
if params["strict"]:
    workflow.add_error_handler(f=report)
await workflow.add.createTask(x=1.0)
''', fix_params=False)
    assert "add_error_handler after a decision" in graph.fallback.reason


def test_a_format_spec_formatted_from_a_traced_value(tmp_path):
    """Bug: f"{run.y:.{digits}f}" kept the placeholder of digits in the spec."""
    graph = traced(tmp_path, '''
!def populate_arg_parser(parser):
!    parser.add_argument("--digits", type=int, default=2)
(run, job), = await workflow.mult.createTask(x=1.0)
await workflow.norm.createTask(mult_ids=[f"{run.y:.{params['digits']}f}"])
''')
    ((_, value),) = graph.node("norm").job_params
    assert "traced#" not in str(value)
    assert "params['digits']" in str(value)


def test_a_file_changed_at_the_same_path_is_read_again(tmp_path):
    """Hazard: what the tracer caches of a file (its loops, its instrumented code) was
    keyed by its name only: a file rewritten in place was traced with the old loops."""
    first = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
for r, j in runs:
    await workflow.add.createTask(x=r.y)
''')
    assert first.fallback is None
    second = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
n = 0
for r, j in runs:
    n += 1
    await workflow.add.createTask(x=r.y)
''')
    assert "keeps n" in second.fallback.reason


def test_len_of_a_fan_in_of_whole_runs(tmp_path):
    """Bug (loud): len([run for run, job in runs if ...]) compiled to a fan-in of whole
    runs, which the runtime refuses to evaluate: the DAG failed where main ran."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=float(len([r for r, j in runs if r.y > 2])))
''')
    ((_, value),) = graph.node("add").job_params
    (collect,) = value.args[0].args
    assert collect.element == g.Const(0)


def test_len_of_a_stand_in_is_not_an_exception(tmp_path):
    """Bug: reversed(runs) asked the stand-in for its len(), whose refusal was a
    TypeError: `except Exception: pass` around the loop ate it, and the DAG had none
    of the loop's steps."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
try:
    for run, job in reversed(runs):
        await workflow.add.createTask(x=run.y)
except Exception:
    pass
''')
    assert shape(graph) == ["mult", "orchestrator"]


def test_a_list_extended_with_itself(tmp_path):
    """Bug: `acc += acc` on a list of the workflow's code extended it with itself
    while reading it: the trace never ended."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
acc = []
for r, j in runs:
    acc.append(r.id)
acc += acc
await workflow.norm.createTask(mult_ids=acc)
''')
    ((_, value),) = graph.node("norm").job_params
    assert isinstance(value, g.BinOp) and value.left == value.right


# ---- params that shape the graph, guarded iterations --------------------------------

SHAPING_PARSER = '''\
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--sweep", default="sweep.json")
    parser.add_argument("--levels", type=int, default=2)
    parser.add_argument("--scale", type=float, default=2.0)


async def main(workflow, **params):
    await workflow.add.createTask(x=[x * params["scale"] for x in params["xs"]])
    with open(os.path.join(HERE, params["sweep"])) as f:
        values = json.load(f)
    for level in range(params["levels"]):
        (run, job), = await workflow.mult.createTask(x=values[level])
    await workflow.norm.createTask(mult_ids=[run.id, level])
'''


def shaping_workflow(tmp_path: Path) -> Path:
    traced(tmp_path, "await workflow.add.createTask(x=1.0)")  # the studies
    (tmp_path / "orchestrator.py").write_text(SHAPING_PARSER)
    (tmp_path / "sweep.json").write_text("[0.5, 1.5, 2.5]")
    return tmp_path


def test_params_main_needs_as_values_are_fixed_the_others_stay_params(tmp_path):
    """range(params["levels"]) used after the loop unrolls with the param's default,
    which the graph fixes; a param the DAG reads at run time (a comprehension over it, a
    factor, the file it names, read by a run-time call) stays a param."""
    graph = trace(shaping_workflow(tmp_path))
    assert graph.fixed == {"levels": 2}
    assert [n.id for n in graph.nodes] == ["add", "mult", "mult_2", "norm"]
    (_, x), = graph.node("mult_2").job_params
    assert g.Param("sweep") in g.walk(x) and str(x).startswith("json.load(")
    (_, xs), = graph.node("add").job_params
    assert g.Param("xs") in g.walk(xs) and g.Param("scale") in g.walk(xs)
    assert g.Graph.from_json(graph.to_json()) == graph


def test_params_are_traced_with_the_values_given(tmp_path):
    """motoko run traces with its command line's values: they are the fixed ones."""
    graph = trace(shaping_workflow(tmp_path), values={"levels": 3, "xs": [4.0]})
    assert graph.fixed == {"levels": 3}
    assert [n.id for n in graph.nodes] == ["add", "mult", "mult_2", "mult_3", "norm"]


def test_params_without_a_value_are_not_fixed(tmp_path):
    """Without fixing (or without a value for the param), the path fallback stays."""
    graph = trace(shaping_workflow(tmp_path), fix_params=False)
    assert graph.fixed == {}
    assert graph.fallback is not None and graph.fallback.partial


def test_a_bounded_loop_left_on_an_output_unrolls_into_guarded_iterations(tmp_path):
    """Each iteration is a step guarded by the tests before it; the value the loop
    leaves is the iteration's that ended it."""
    graph = traced(tmp_path, '''
x = 1.0
for it in range(3):
    (run, job), = await workflow.mult.createTask(x=x)
    if run.y < 0.5:
        break
    x = run.y / 2
await workflow.add.createTask(x=x)
''')
    assert [n.id for n in graph.nodes] == ["mult", "mult_2", "mult_3", "add"]
    assert graph.node("mult").when is None and graph.node("add").when is None
    assert str(graph.node("mult_3").when) == (
        "(not (runs of mult[0][0].y < 0.5) and not (runs of mult_2[0][0].y < 0.5))")
    (_, x), = graph.node("add").job_params
    assert isinstance(x, g.Cond) and "mult_3" in str(x)


def test_an_uncapped_loop_on_an_output_still_runs_natively(tmp_path):
    graph = traced(tmp_path, '''
await workflow.norm.createTask(mult_ids=[])
x = 1.0
while True:
    (run, job), = await workflow.mult.createTask(x=x)
    if run.y < 0.5:
        break
    x = run.y / 2
await workflow.add.createTask(x=x)
''')
    # as one task (a segment), the step after it compiled
    assert [n.id for n in graph.nodes] == ["norm", "segment", "add"]
    assert "guarded iterations" in graph.node("segment").reason


def test_a_missing_file_named_by_a_param_is_the_error(tmp_path):
    """Nothing compiles with the param symbolic nor with its value: the error is the
    one main meets with the value (the file is missing), not a stand-in's. With a step
    before the read, the file is read when the DAG runs (after that step, as main reads
    it: a run may write it), so every step compiles and the tasks reading the file fail
    where main fails."""
    workflow = shaping_workflow(tmp_path)
    graph = trace(workflow, values={"sweep": "missing.json"})
    assert graph.fixed == {"levels": 2}
    assert [n.id for n in graph.nodes] == ["add", "mult", "mult_2", "norm"]
    (_, x), = graph.node("mult").job_params
    assert g.Param("sweep") in g.walk(x) and str(x).startswith("json.load(")
    source = (workflow / "orchestrator.py").read_text()
    (workflow / "orchestrator.py").write_text(source.replace(
        '    await workflow.add.createTask(x=[x * params["scale"] for x in params["xs"]])\n',
        ""))
    with pytest.raises(TraceError, match="FileNotFoundError.*missing.json"):
        trace(workflow, values={"sweep": "missing.json"})


def test_a_helper_module_of_the_same_name_imported_from_elsewhere_does_not_stand_in(
        tmp_path: Path) -> None:
    """A process that ran another workflow has its ``stages`` module in sys.modules: the
    traced workflow imports its own ``stages`` (as a fresh process does natively), and
    the other one is back in sys.modules afterwards."""
    import sys
    import types

    other = types.ModuleType("stages")
    other.__file__ = str(tmp_path / "elsewhere" / "stages.py")
    other.step = lambda workflow, x: None  # type: ignore[attr-defined]  # makes nothing
    sys.modules["stages"] = other
    (tmp_path / "wf").mkdir()
    try:
        graph = traced(tmp_path / "wf", """
!import stages
await stages.step(workflow, 2.0)
""", files={"stages.py": "async def step(workflow, x):\n"
                           "    await workflow.mult.createTask(x=x)\n"})
        assert [n.id for n in graph.nodes] == ["mult"]
        assert sys.modules["stages"] is other
    finally:
        sys.modules.pop("stages", None)


def test_the_order_of_a_set_of_strings_is_refused_not_baked_in(tmp_path):
    """Bug: stages numbered in the iteration order of a set of strings were compiled in
    the trace's order; Python salts string hashes per process, so main natively (and
    every task) may number them otherwise. Each way of reading that order stops the path
    there; a set of numbers, or sorted() of the set, compiles."""
    ways = {
        "for": "for i, stage in enumerate(STAGES):\n"
               "    await workflow.add.createTask(x=float(i + len(stage)))",
        "comprehension": "xs = [float(len(s) + i) for i, s in enumerate(STAGES)]\n"
                         "await workflow.add.createTask(x=xs)",
        "list": "first = list(STAGES)[0]\nawait workflow.add.createTask(x=float(len(first)))",
        "join": "label = ','.join(STAGES)\n"
                "await workflow.add.createTask(x=float(label.index('solve')))",
        "next": "first = next(iter(STAGES))\n"
                "await workflow.add.createTask(x=float(len(first)))",
        "unpacked": "first, *rest = STAGES\n"
                    "await workflow.add.createTask(x=float(len(first)))",
        "starred": "names = [*STAGES]\nawait workflow.add.createTask(x=float(len(names[0])))",
        "tie": "shortest = min(STAGES, key=len)\n"
               "await workflow.add.createTask(x=float(ord(shortest[0])))",
    }
    for name, body in ways.items():
        directory = tmp_path / name
        directory.mkdir()
        graph = traced(directory, '!STAGES = {"mesh", "solve", "refine", "post", "plot"}\n'
                       'await workflow.mult.createTask(x=params["inputs"])\n' + body)
        assert shape(graph) == ["mult", "orchestrator"], name
        assert "iterating a set" in graph.fallback.reason, name
        assert fallback_line(graph) == line_of(directory, body.split("\n")[0]), name
    for name, stages in {"numbers": "{3, 1, 2}", "sorted": 'sorted({"b", "a", "c"})'}.items():
        directory = tmp_path / name
        directory.mkdir()
        graph = traced(directory, f'!STAGES = {stages}\n'
                       'for i, s in enumerate(STAGES):\n'
                       '    await workflow.add.createTask(x=float(i))')
        assert shape(graph) == ["add", "add_2", "add_3"], name


def test_a_tuple_compared_with_a_param_is_traced_with_its_value(tmp_path):
    """Bug: `params["grid"] == (1, 1)` compiled to a comparison of lists (the graph's
    values are JSON), true where main's list never equals a tuple. The symbolic trace
    stops there; traced with the value given, the param is fixed (a tuple default,
    which JSON cannot carry, is never fixed: the orchestrator is refused)."""
    from motoko_airflow.exceptions import TraceError
    from motoko_airflow.trace import trace

    for study, fields in {"mult": "x: float", "add": "x: float"}.items():
        (tmp_path / study).mkdir()
        (tmp_path / study / "bd.yaml").write_text(f"study: {study}\njob:\n  {fields}\n")
    (tmp_path / "motoko.yaml").write_text(
        "task_managers:\n  mult:\n  add:\norchestrator: orchestrator.main\n")
    (tmp_path / "orchestrator.py").write_text('''
def populate_arg_parser(parser):
    parser.add_argument("--grid", type=int, nargs=2, default=(1, 1))


async def main(workflow, **params):
    if params["grid"] == (1, 1):
        await workflow.mult.createTask(x=1.0)
    else:
        await workflow.add.createTask(x=float(params["grid"][0]))
''')
    with pytest.raises(TraceError, match=r"orchestrator\.py:7: comparing a traced value "
                       r"\(params\['grid'\]\) with a tuple"):
        trace(tmp_path)
    graph = trace(tmp_path, values={"grid": [1, 1]})
    assert shape(graph) == ["add"] and graph.fixed == {"grid": [1, 1]}


def test_a_param_with_a_tuple_default_compared_with_a_list_is_not_compiled(tmp_path):
    """Bug: `params["grid"] == [1, 1]` with `default=(1, 1)` compiled to a comparison of
    the DAG run's list (true), while main, the option not given, compares the tuple
    (false). The symbolic trace stops there; given a value, the param is fixed."""
    from motoko_airflow.exceptions import TraceError
    from motoko_airflow.trace import trace

    (tmp_path / "mult").mkdir()
    (tmp_path / "mult" / "bd.yaml").write_text("study: mult\njob:\n  x: float\n")
    (tmp_path / "motoko.yaml").write_text(
        "task_managers:\n  mult:\norchestrator: orchestrator.main\n")
    (tmp_path / "orchestrator.py").write_text('''
def populate_arg_parser(parser):
    parser.add_argument("--grid", type=int, nargs=2, default=(1, 1))


async def main(workflow, **params):
    x = 1.0 if params["grid"] == [1, 1] else 2.0
    await workflow.mult.createTask(x=x)
''')
    with pytest.raises(TraceError, match=r"orchestrator\.py:7: comparing params\['grid'\] "
                       r"\(populate_arg_parser gives grid a tuple default"):
        trace(tmp_path)
    graph = trace(tmp_path, values={"grid": [1, 1]})
    assert shape(graph) == ["mult"] and graph.fixed == {"grid": [1, 1]}


def test_main_run_natively_imports_the_workflows_own_modules_afresh(tmp_path: Path) -> None:
    """Verification and the fallback task run ``main`` in a process that may hold the
    workflow's helper modules in a changed state, or another workflow's module of the
    same name: within ``imported_afresh`` an import finds the workflow's own module, new;
    afterwards the process has the modules it had."""
    import importlib
    import sys
    import types

    from motoko_airflow.own_modules import imported_afresh

    workflow = tmp_path / "wf"
    workflow.mkdir()
    (workflow / "stages.py").write_text("CALLS = []\n")
    (workflow / "tables").mkdir()
    (workflow / "tables" / "__init__.py").write_text("ROWS = [1, 2]\n")
    other = types.ModuleType("stages")
    other.__file__ = str(tmp_path / "elsewhere" / "stages.py")
    other_sub = types.ModuleType("tables.extra")
    sys.modules["stages"], sys.modules["tables.extra"] = other, other_sub
    sys.path.insert(0, str(workflow))
    try:
        with imported_afresh(workflow):
            assert "stages" not in sys.modules and "tables.extra" not in sys.modules
            stages = importlib.import_module("stages")
            assert stages.__file__ == str(workflow / "stages.py")
            stages.CALLS.append("changed")
            assert importlib.import_module("tables").ROWS == [1, 2]
        assert sys.modules["stages"] is other and sys.modules["tables.extra"] is other_sub
        assert "tables" not in sys.modules  # imported within: dropped
        with imported_afresh(workflow):
            assert importlib.import_module("stages").CALLS == []  # its state is new
    finally:
        sys.path.remove(str(workflow))
        for name in ("stages", "tables", "tables.extra"):
            sys.modules.pop(name, None)


def test_getattr_with_a_default_on_an_output_is_not_compiled(tmp_path: Path) -> None:
    """A traced run answers every attribute, so ``getattr(run, "err", 0.0)`` compiled
    as ``run.err``: the task failed on a run without that output where main took the
    default. It is a fallback point; without a default it is the attribute."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
errs = [getattr(run, "err", 0.0) for run, job in runs]
await workflow.add.createTask(x=errs)
''')
    # the comprehension runs at run time, as a block of main's statements, on the runs
    assert graph.fallback is None and shape(graph) == ["mult", "add"]
    assert "<block>" in json.dumps(graph.to_dict())
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=[getattr(run, "y") for run, job in runs])
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]


def test_builtins_that_probe_a_value_are_not_answered_by_the_tracer(tmp_path: Path) -> None:
    """``callable``, ``dir`` and ``vars`` of a run or an output asked the tracer's own
    object (``callable(run.y)`` was True, ``len(dir(run))`` a constant): fallback points."""
    for probe in ("1.0 if callable(run.y) else 2.0", "float(len(dir(run)))",
                  "float(len(vars(run)))"):
        graph = traced(tmp_path, f'''
runs = await workflow.mult.createTask(x=params["inputs"])
run = runs[0][0]
v = {probe}
await workflow.add.createTask(x=[v])
''')
        if probe.startswith("1.0 if callable"):
            # asked at run time of the output's value, as a block of main's statements
            assert graph.fallback is None and shape(graph) == ["mult", "add"], probe
            continue
        # dir() and vars() of a run given at run time would not see BlackDynamite's run
        assert shape(graph) == ["mult", "orchestrator"], probe
        assert fallback_line(graph) == line_of(tmp_path, "v = "), probe


def test_a_dict_or_list_holding_a_formatted_output_is_not_answered_on_placeholders(
        tmp_path: Path) -> None:
    """A string formatted from an output is a placeholder while main is traced: a dict
    keyed by one, looked up with a constant (or a list of them searched, compared),
    answered on the placeholder (a missing key, another index): fallback points. Passed
    on as a value, it still compiles."""
    for use in ('v = by_label.get("y=2", 0.0)', 'v = 1.0 if "y=2" in by_label else 2.0',
                'v = float(labels.index("y=2"))', 'v = 1.0 if labels == ["y=2"] else 2.0',
                'v = by_label["y=2"]'):
        graph = traced(tmp_path, f'''
runs = await workflow.mult.createTask(x=params["inputs"])
labels = [f"y={{runs[0][0].y}}"]
by_label = {{labels[0]: 1.0}}
{use}
await workflow.add.createTask(x=[v])
''')
        if "by_label" not in use:
            # the list is given to a block of main's statements at run time, its
            # strings formatted from the output's value
            assert graph.fallback is None and shape(graph) == ["mult", "add"], use
            continue
        if graph.fallback is None:  # main's statement runs natively as a segment
            assert shape(graph) == ["mult", "segment", "add"], use
            (segment,) = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
            assert segment.line == line_of(tmp_path, use), use
            assert "formatted from a traced value" in segment.reason
            continue
        assert shape(graph) == ["mult", "orchestrator"], use
        assert fallback_line(graph) == line_of(tmp_path, use), use
        assert "formatted from a traced value" in graph.fallback.reason
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
notes = {"first": f"y={runs[0][0].y}"}
await workflow.add.createTask(x=[1.0], run_params={"note": notes["first"]})
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]


def test_an_expression_reusing_its_previous_values_stays_small_or_falls_back(
        tmp_path: Path) -> None:
    """``v = v * v + v`` reads v three times: written out, the expression triples each
    time (the graph holds trees). Shared in memory it is traced in linear time; a step
    whose values would exceed graph-size limits (state.MAX_TERMS terms) is a fallback
    point; a few rounds compile."""
    import time

    from motoko_airflow.trace.state import MAX_TERMS

    started = time.monotonic()
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
v = runs[0][0].y[0]
for _ in range(14):
    v = v * v + v
await workflow.add.createTask(x=[v])
''')
    took = time.monotonic() - started
    assert shape(graph) == ["mult", "orchestrator"]
    assert fallback_line(graph) == line_of(tmp_path, "await workflow.add")
    assert f"more than {MAX_TERMS:,}" in graph.fallback.reason
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
v = runs[0][0].y[0]
for _ in range(4):
    v = v * v + v
await workflow.add.createTask(x=[v])
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]
    (_, x), = graph.node("add").job_params
    assert 3 ** 4 < g.tree_size(x) < 3 ** 4 * 10  # the base, 6 terms, 81 times
    print(f"3^14 terms refused after {took:.2f} s")  # was minutes: walked as a tree


def test_too_many_paths_names_the_test_that_multiplies_them(tmp_path: Path) -> None:
    """More paths than a DAG holds: the refusal names the test made most often (the
    line to change), not the orchestrator's first line."""
    from motoko_airflow.exceptions import TraceError

    tests = "\n".join(f"t{k} = 1.0 if y > {k} else 0.0" for k in range(9))
    body = f'''
runs = await workflow.mult.createTask(x=params["inputs"])
y = runs[0][0].y[0]
{tests}
await workflow.add.createTask(x=[t0 + t1 + t2 + t3 + t4 + t5 + t6 + t7 + t8])
'''
    with pytest.raises(TraceError, match="more than 256 paths") as refused:
        traced(tmp_path, body)
    line = line_of(tmp_path, "t0 = 1.0 if")  # every path makes each test: the first
    assert f"orchestrator.py:{line}:" in str(refused.value)
    assert f"the test at orchestrator.py:{line} is made most often" in str(refused.value)


def test_logging_outputs_compiles_whatever_the_logging_configuration(tmp_path):
    """`logging.info("%.6f", run.y)` formatted a stand-in only where the process's
    logging emits INFO (a DAG file parsed by Airflow): the same orchestrator compiled
    whole in `motoko trace` and fell back there. No record is made while tracing."""
    import io
    import logging

    root = logging.getLogger()
    level, handler = root.level, logging.StreamHandler(io.StringIO())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        graph = traced(tmp_path, '''
!import logging
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
logging.info("y=%.6f", run.y)
await workflow.add.createTask(x=run.y)
''')
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert shape(graph) == ["mult", "add"]
    assert handler.stream.getvalue() == ""
    assert logging.root.manager.disable == logging.NOTSET


@pytest.mark.parametrize(("expression", "compiles"), [
    ('str(run.x)', True),
    ('repr(run.x)', True),
    ('f"{run.x}"', True),
    ('f"{run.x!s}-{run.x!r}"', True),
    ('f"{run.x:>8}"', True),  # a spec alone: format(x, ">8") at run time
    ('"{}".format(run.x)', True),
    ('"v=" + str(run.x)', True),
    ('f"{run.x!s:>8}"', False),  # the spec would pad the marker, not the text
    ('f"{run.x!a}"', False),
    ('ascii(run.x)', False),
    ('"%8s" % run.x', False),
    ('"%s" % run.x', False),  # a tuple output would be the % arguments
    ('"{!s:>8}".format(run.x)', False),
    ('"{!r}".format(run.x)', False),
    ('str(job)', False),  # BlackDynamite's text for its job object
    ('repr(run)', False),
])
def test_a_traced_values_text_compiles_only_where_python_passes_it_on_whole(
        tmp_path: Path, expression: str, compiles: bool) -> None:
    """Regression (six wrong DAGs): the marker standing for a value's text was padded,
    cut or escaped by Python itself, and the DAG held that instead of the text. Where
    it would be, the statement is cut: here it runs at run time as a block of main's
    statements (an invoke in the step's parameter), with Python's own text."""
    graph = traced(tmp_path, f"""
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
label = {expression}
await workflow.add.createTask(x=float(len(label)))
""", fallback=True)
    cut = add_is_cut(graph)
    assert cut is not compiles, (expression, shape(graph))


@pytest.mark.parametrize(("expression", "compiles"), [
    ('"%s" % str(run.x)', True),
    ('"%s|%s" % (str(run.x), run.x)', True),
    ('"%(a)s" % {"a": str(run.x)}', True),
    ('"{}".format(str(run.x))', True),
    ('"{a}-{b}".format(a=str(run.x), b=2)', True),
    ('format(str(run.x))', True),
    ('f"{str(run.x)}"', True),
    ('"%-14s" % str(run.x)', False),  # the width would pad the marker
    ('"%.3s" % str(run.x)', False),  # the precision would cut it
    ('"%*s" % (14, str(run.x))', False),
    ('"%r" % str(run.x)', False),  # the repr would escape it
    ('(str(run.x) + "-%d") % 3', False),  # the text's own % would be parsed
    ('f"{str(run.x):>14}"', False),
    ('f"{\'v=\' + str(run.x):>14}"', False),
    ('f"{str(run.x)!r}"', False),
    ('f"{[str(run.x)]}"', False),
    ('"{:>14}".format(f"{run.x}")', False),
    ('"{0[0]:>14}".format([str(run.x)])', False),
    ('"{a:>14}".format_map({"a": str(run.x)})', False),
    ('format(str(run.x), ">14")', False),
    ('format(2.5, "." + str(run.x) + "f")', False),  # a spec known at run time only
    ('str.ljust(str(run.x), 14)', False),
    ('repr(str(run.x))', False),
    ('str([str(run.x)])', False),
    ('"".join(map(format, [str(run.x)], [">14"]))', False),
    ('"".join(map(ascii, [run.x]))', False),
    ('(lambda f: f(14))(str(run.x).ljust)', False),
    ('__import__("operator").mod("%-14s", str(run.x))', False),
    ('__import__("operator").mod("%s", str(run.x))', True),
    # iterated or converted, it would give the marker's characters
    ('"".join(reversed(str(run.x)))', False),
    ('str(len(list(str(run.x))))', False),
    ('str(sum(1 for c in str(run.x)))', False),
    ('"".join(c for c in str(run.x))', False),
    ('str(bool(str(run.x)))', False),
    ('str(len(bytes(str(run.x), "utf8")))', False),
    ('"".join(dict.fromkeys(str(run.x)))', False),
    ('max(str(run.x)) + str(len(str(run.x)))', True),  # run-time calls
])
def test_a_string_holding_a_traced_values_text_is_formatted_only_whole(
        tmp_path: Path, expression: str, compiles: bool) -> None:
    """Regression (wrong DAGs fmt_marker_width_percent, fmt_marker_width_fstring): a
    width, a precision or an escape given to a string holding a traced value's text
    ('%-14s' % str(v), f'{str(v):>14}') padded, cut or escaped the marker standing for
    the text while tracing, and the DAG held that; iterated (fmt_marker_iterated,
    fmt_marker_reversed: len(list(s)), ''.join(reversed(s))) it gave the marker's
    characters. Where Python would change or read the marker, the statement is cut;
    where it passes it on whole, it compiles."""
    graph = traced(tmp_path, f"""
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
label = {expression}
await workflow.add.createTask(x=float(len(label)))
""", fallback=True)
    cut = add_is_cut(graph)
    assert cut is not compiles, (expression, shape(graph))
    assert not any("RecursionError" in getattr(n, "reason", "") or "main raised" in
                   getattr(n, "reason", "") for n in graph.nodes), expression


@pytest.mark.parametrize(("expression", "compiles"), [
    # its truth: the placeholder is never empty, the text may be
    ('"a" if str(run.x) else "bb"', False),
    ('str(run.x) or "none"', False),
    ('str(run.x) and "xyz"', False),
    ('"a" if not f"{run.x}" else "bb"', False),
    ('"a" if f"{run.x}{run.x}" else "bb"', False),
    ('"".join(s for s in [str(run.x), "a"] if s)', False),
    ('"a" if any([str(run.x)]) else "bb"', False),
    ('"a" if all(["b", str(run.x)]) else "bb"', False),
    ('"".join(filter(None, [str(run.x), "a"]))', False),
    ('"".join(filter(bool, [str(run.x), "a"]))', False),
    # other characters too: true whatever the text
    ('"a" if "v=" + str(run.x) else "bb"', True),
    ('"a" if f"x{run.x}" else "bb"', True),
    ('str(run.x) + ("a" or "b")', True),
    # a key: Python hashed the placeholder, equal texts may be two keys
    ('"a" * len({str(run.x), ""})', False),
    ('"a" * len({str(run.x): 1, "": 2})', False),
    ('"".join(sorted({str(run.x): 1, "b": 2}))', False),
    ('"a" * len(dict([(str(run.x), 1), ("", 2)]))', False),
    ('"".join(k for k in {str(run.x): 1, "b": 2})', False),
    ('"a" * sum(1 for _ in enumerate({str(run.x), "b"}))', False),
])
def test_the_truth_or_the_keys_of_a_traced_values_text_are_cut(
        tmp_path: Path, expression: str, compiles: bool) -> None:
    """Regression (wrong DAGs fmt_marker_truth, atk_truth_*): the truth of a string made
    only of traced values' texts (`if str(run.text):`, `s or 'none'`, any/all/filter)
    tested the marker standing for the text, never empty; a dict or set keyed by such
    strings hashed the markers, so `len({s, ''})` counted two keys where the run's
    empty text makes one. Those statements are cut."""
    graph = traced(tmp_path, f"""
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
label = {expression}
await workflow.add.createTask(x=float(len(label)))
""", fallback=True)
    cut = add_is_cut(graph)
    assert cut is not compiles, (expression, shape(graph))


@pytest.mark.parametrize("statements", [
    "if str(run.x):\n    n = 1\nelse:\n    n = 2",
    "s = str(run.x)\nn = 0\nwhile s and n < 3:\n    n += 1\n    s = s[1:]",
    "n = 1\ntry:\n    assert f'{run.x}'\nexcept AssertionError:\n    n = 2",
    "match 3:\n    case 3 if str(run.x):\n        n = 1\n    case _:\n        n = 2",
    "d = {'k': '%-14s'}\nd['k'] %= str(run.x)\nn = len(d['k'])",
    "o = __import__('types').SimpleNamespace(k='%-14s')\no.k %= str(run.x)\nn = len(o.k)",
    "d = [{'k': '%-14s'}]\nd[len([1]) - 1]['k'] %= str(run.x)\nn = len(d[0]['k'])",
])
def test_a_statement_testing_or_formatting_a_traced_values_text_is_cut(
        tmp_path: Path, statements: str) -> None:
    """Regression (wrong DAGs fmt_marker_truth, fmt_marker_augassign_item): an ``if``,
    a ``while``, an ``assert`` or a case guard testing a string made only of a traced
    value's text, and ``d['k'] %= s`` (an item or attribute as the target, as ``s %=``
    already was) padding the marker, are cut: they run with the value's text."""
    body = "\n".join(["(run, job), = await workflow.mult.createTask(x=params['inputs'][0])",
                      statements, "await workflow.add.createTask(x=float(n))"])
    graph = traced(tmp_path, body, fallback=True)
    cut = add_is_cut(graph)
    assert cut, (statements, shape(graph))


def test_a_string_with_more_than_a_traced_values_text_is_true_and_compiles(
        tmp_path: Path) -> None:
    """Its other characters make it true whatever the text: no cut."""
    graph = traced(tmp_path, """
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
n = 1 if f"x={run.x}" else 2
if not ("v" + str(run.x)):
    n = 3
await workflow.add.createTask(x=float(n))
""")
    assert all(isinstance(n, g.CreateTaskNode) for n in graph.nodes), shape(graph)


@pytest.mark.parametrize("expression", [
    '__import__("pathlib").Path(str(run.x)).name',
    '"/".join(__import__("pathlib").PurePosixPath(f"a/{run.x}").parts)',
    'str(__import__("fractions").Fraction(run.x))',
    'str(__import__("decimal").Decimal(str(run.x)))',
])
def test_a_library_class_given_a_traced_value_is_built_at_run_time_or_cut(
        tmp_path: Path, expression: str) -> None:
    """Regression (wrong DAG atk_lib_path_of_a_text): a library's class was called on
    the stand-ins unchecked: Path(str(run.text)).name was the placeholder, whose
    text is the whole path. Such a call is made at run time, or cut."""
    graph = traced(tmp_path, f"""
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
label = {expression}
await workflow.add.createTask(x=float(len(label)))
""", fallback=True)
    adds = [n for n in graph.nodes if isinstance(n, g.CreateTaskNode) and n.id == "add"]
    library = expression.split('"')[1]
    run_time = any(not isinstance(n, g.CreateTaskNode) for n in graph.nodes) or any(
        isinstance(e, g.Invoke) or library in str(e) for n in adds
        for e in g.walk(dict(n.job_params)["x"]))
    assert run_time, (expression, shape(graph))


def test_a_library_objects_method_given_a_traced_values_text_is_cut(tmp_path: Path) -> None:
    """Regression (wrong DAG atk_lib_compiled_pattern_sub): a library object's C method
    (a compiled pattern's .sub) ran on the placeholder standing for the text, where
    it found nothing to replace; such a call is made at run time, or cut."""
    graph = traced(tmp_path, """
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
pattern = __import__("re").compile("[0-9]")
label = pattern.sub("digit", str(run.x))
await workflow.add.createTask(x=float(len(label)))
""", fallback=True)
    adds = [n for n in graph.nodes if isinstance(n, g.CreateTaskNode) and n.id == "add"]
    run_time = any(not isinstance(n, g.CreateTaskNode) for n in graph.nodes) or any(
        isinstance(e, g.Invoke) or "sub" in str(e) for n in adds
        for e in g.walk(dict(n.job_params)["x"]))
    assert run_time, shape(graph)


@pytest.mark.parametrize("test", [
    "'' < str(run.x) < '~'",
    "str(run.x) == f'{run.x}' == '2.0'",
    "'1' in str(run.x) in ['1.0', '2.0']",
    "0 < len('ab') < 3 > len('~') < str(run.x) + '~'",
    "run.x is run.x is not None",
])
def test_a_chained_comparison_of_a_traced_values_text_or_identity_is_cut(
        tmp_path: Path, test: str) -> None:
    """Regression (wrong DAGs atk_chain_*): Python compares a chain (a < b < c) itself,
    so a string formatted from a traced value was compared as its placeholder
    ('' < s < '~' false for any text), and `is` tested the stand-in."""
    graph = traced(tmp_path, f"""
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
n = 1.0 if {test} else 2.0
await workflow.add.createTask(x=n)
""", fallback=True)
    cut = add_is_cut(graph)
    assert cut, (test, shape(graph))


@pytest.mark.parametrize("expression", [
    '__import__("operator").itemgetter(0)(str(run.x) + "#")',
    '__import__("functools").partial(str.replace)(str(run.x), ".", "")',
    '[__import__("operator").itemgetter(0)][0](str(run.x) + "#")',
])
def test_a_library_callable_object_given_a_traced_values_text_is_cut(
        tmp_path: Path, expression: str) -> None:
    """Regression (wrong DAGs atk_callobj_*): a library's callable object (an
    itemgetter, a partial of a C function), called on the result of a call or an item,
    ran on the placeholder standing for a text, which the DAG then held; such a call is
    made at run time, or cut."""
    graph = traced(tmp_path, f"""
(run, job), = await workflow.mult.createTask(x=params["inputs"][0])
label = {expression}
await workflow.add.createTask(x=float(len(label)))
""", fallback=True)
    cut = any(not isinstance(n, g.CreateTaskNode) for n in graph.nodes)
    assert cut, (expression, shape(graph))


@pytest.mark.parametrize("read, expected", [
    ("len(done)", "len("),
    ("sum([r[0][0].y for r in done])", "runs of mult for this x"),
])
def test_a_gather_of_create_tasks_made_per_item_gives_one_result_per_item(
        tmp_path: Path, read: str, expected: str) -> None:
    """Regression (wrong DAGs atk_gathered_*): ``gather(*[wf.mult.createTask(x=x) for x
    in xs])`` gave a list of one result (the mapped node's runs, all of them), so
    ``len()`` answered 1 at trace time and a loop over the results saw one item; they
    are one per item, read at run time."""
    graph = traced(tmp_path, f"""
done = await asyncio.gather(*[workflow.mult.createTask(x=x) for x in params["inputs"]])
await workflow.add.createTask(x=float({read}))
""".replace("done = await asyncio", "done = await __import__('asyncio')"), fix_params=False)
    assert shape(graph) == ["mult", "add"], graph.nodes[-1]
    x = dict(graph.nodes[1].job_params)["x"]
    assert expected in str(x) and "params['inputs']" in str(x), str(x)


def test_a_sort_of_a_fan_in_nothing_else_holds_is_made_at_run_time(tmp_path: Path) -> None:
    """``ys.sort(key=..., reverse=True)`` of a list a loop over runs built: ``ys`` bound
    again to ``sorted(ys, key=..., reverse=True)`` at run time; kept under a second name,
    the list sorts itself (a stop: a block or a cut)."""
    body = """
runs = await workflow.mult.createTask(x=params["inputs"])
ys = []
for run, job in runs:
    ys.append(run.y)
{alias}ys.sort(key=lambda y: -y, reverse=True)
await workflow.add.createTask(x=ys[0])
"""
    graph = traced(tmp_path, body.format(alias=""), fix_params=False)
    assert shape(graph) == ["mult", "add"]
    x = dict(graph.nodes[1].job_params)["x"]
    assert isinstance(x, g.Index) and isinstance(x.value, g.Invoke) and \
        x.value.callee.qualname == "sorted" and x.value.keywords == ("key", "reverse"), x
    aliased = traced(tmp_path, body.format(alias="kept = ys\n"), fix_params=False,
                     fallback=True)
    assert not any(isinstance(e, g.Invoke) and e.callee.qualname == "sorted"
                   for n in aliased.nodes if isinstance(n, g.CreateTaskNode)
                   for _, v in n.job_params for e in g.walk(v)), shape(aliased)


def test_str_methods_at_run_time_are_pythons_on_plain_values_only():
    """``calls.method`` calls a str method on a str as Python does; on another plain
    value (a number) it raises Python's AttributeError, as main would; on any other
    object (a path, whose ``replace`` renames a file) it refuses."""
    from motoko_airflow import calls

    assert calls.method("OMEGA", "lower") == "omega"
    assert calls.method("a-b-c", "split", "-") == ["a", "b", "c"]
    assert calls.method("OMEGA", "startswith", "OM") is True
    with pytest.raises(AttributeError, match="'float' object has no attribute 'upper'"):
        calls.method(2.0, "upper")
    with pytest.raises(ValueError, match="not a method a graph may call on a PosixPath"):
        calls.method(Path("/tmp/x"), "replace", "/tmp/y")


def test_a_long_trace_says_it_goes_on(monkeypatch, capsys):
    """A trace taking longer than MOTOKO_TRACE_PROGRESS_SECONDS (10 s by default) says
    on stderr, every as many seconds, that it goes on and how many runs of main it
    made (a silent minute looked hung); the thread saying it ends with the trace."""
    import threading

    monkeypatch.setenv("MOTOKO_TRACE_PROGRESS_SECONDS", "0.2")
    directory = DIFFERENTIAL / "held7_newton_gather"  # about a second, 200+ runs of main
    params = json.loads((directory / "case.json").read_text())["params"]
    trace(directory, values=params, fallback=True)
    said = capsys.readouterr().err
    assert "motoko: still tracing main after " in said, said
    assert " runs of main so far" in said
    assert not [t for t in threading.enumerate() if t.name == "trace-progress"]
