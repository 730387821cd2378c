"""Blocks of main's statements: a statement that makes no step and cannot be traced on
stand-ins runs at run time, in the tasks that read what it binds. Trace and evaluation
only; the differential corpus (tests/differential/blk_*, real_*) runs them both ways."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from test_trace import shape, traced

from motoko_airflow import graph as g
from motoko_airflow.calls import block_function
from motoko_airflow.execution import evaluate


def record(run_id: int, x: float, y: float) -> dict:
    """A run record as the tasks read them from the study."""
    return {"study": "mult", "run_id": run_id, "job_id": run_id, "state": "FINISHED",
            "run": {"y": y}, "job": {"x": x}}


RECORDS = {"mult": [record(1, 1.0, 2.0), record(2, 2.0, 5.0), record(3, 1.0, 7.0)]}


def job_param(graph: g.Graph, node: str) -> g.Expr:
    ((_, value),) = graph.node(node).job_params
    return value


def test_a_grouping_loop_runs_as_a_block_with_mains_values(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from collections import defaultdict
runs = await workflow.mult.createTask(x=params["inputs"])
groups = defaultdict(list)
for run, job in runs:
    groups[job.x].append(run.y)
widest = max(groups, key=lambda x: max(groups[x]) - min(groups[x]))
await workflow.add.createTask(x=widest + float(len(groups)))
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]
    text = json.dumps(graph.to_dict())
    assert '"qualname": "<block>"' in text
    # what main computes natively on the same runs
    groups: dict[float, list[float]] = defaultdict(list)
    for r in RECORDS["mult"]:
        groups[r["job"]["x"]].append(r["run"]["y"])
    widest = max(groups, key=lambda x: max(groups[x]) - min(groups[x]))
    assert evaluate(job_param(graph, "add"), {"inputs": [1.0, 2.0]}, RECORDS) == \
        widest + float(len(groups)) == 3.0


def test_a_counter_over_runs_guards_the_next_step(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
big = 0
for run, job in runs:
    if run.y > 3:
        big += 1
if big >= 2:
    await workflow.add.createTask(x=float(big))
''')
    assert shape(graph) == ["mult", "add"]
    add = graph.node("add")
    assert add.when is not None
    assert evaluate(add.when, {}, RECORDS, plain=False) is True
    assert evaluate(job_param(graph, "add"), {}, RECORDS) == 2.0
    few = {"mult": RECORDS["mult"][:2]}
    assert evaluate(add.when, {}, few, plain=False) is False


@pytest.mark.parametrize("body, why", [
    # main declares the name global: a block would make it its own variable
    ('''
!TOTAL = 0.0
global TOTAL
runs = await workflow.mult.createTask(x=params["inputs"])
for run, job in runs:
    TOTAL = TOTAL + run.y
await workflow.add.createTask(x=TOTAL)
''', None),
    # it changes a list main did not make in this body (a param)
    ('''
runs = await workflow.mult.createTask(x=params["inputs"])
xs = params["inputs"]
for run, job in runs:
    xs.append(run.y)
await workflow.add.createTask(x=float(len(params["inputs"])))
''', "either: calls xs...append()"),
    # it reads a generator main goes on reading after it
    ('''
runs = await workflow.mult.createTask(x=params["inputs"])
target = [3.0]
ys = (run.y for run, job in runs)
closest = min(ys, key=lambda v: abs(v - target[0]))
await workflow.add.createTask(x=closest + float(len(list(ys))))
''', "iterator"),
])
def test_statements_that_cannot_be_blocks_stop_the_path(tmp_path: Path, body: str,
                                                        why: str | None) -> None:
    graph = traced(tmp_path, body)
    assert graph.fallback is not None and shape(graph)[0] == "mult", shape(graph)
    assert "<block>" not in json.dumps(graph.to_dict())
    if why is not None:
        assert why in graph.fallback.reason, graph.fallback.reason


def test_a_block_run_at_run_time_gives_its_variables(tmp_path: Path) -> None:
    """The statements made a function of their inputs: a variable they leave unbound (a
    loop over no item) is unbound when read, an iterator is refused (main would use it
    up once)."""
    import types

    source = tmp_path / "orchestrator.py"
    source.write_text(
        "async def main(workflow, **params):\n"
        "    for x in xs:\n"
        "        last = x\n"
        "    pairs = zip(xs, xs)\n")
    module = types.ModuleType("orchestrator_blocks")
    module.__file__ = str(source)
    loop = block_function(module, str(source), (2, 4), (2, 4))
    assert loop(xs=[1.0, 2.0])["last"] == 2.0
    with pytest.raises(UnboundLocalError, match="last is not bound"):
        loop(xs=[])["last"]
    assert loop(xs=[], last=-1.0)["last"] == -1.0  # bound before: kept
    both = block_function(module, str(source), (2, 4), (4, 4))
    with pytest.raises(TypeError, match="pairs is an iterator"):
        both(xs=[1.0])["pairs"]
    with pytest.raises(ValueError, match="re-run `motoko trace`"):
        block_function(module, str(source), (3, 8), (4, 4))(xs=[])


def test_a_comprehension_of_records_over_runs_is_given_to_a_block(tmp_path: Path) -> None:
    """A list of namedtuples built from runs in a comprehension (a loop traced once) and
    given to a block (``heapq.nsmallest`` with a key reading a variable of main): the
    block gets the list at run time, each record made again by its class (it stopped
    the path: "points holds an item of a loop traced once")."""
    graph = traced(tmp_path, '''
!import heapq
!from typing import NamedTuple
!class Point(NamedTuple):
!    x: float
!    y: float
runs = await workflow.mult.createTask(x=params["inputs"])
points = [Point(job.x, run.y) for run, job in runs]
goal = 4.0
best = heapq.nsmallest(2, points, key=lambda p: abs(p.y - goal))
await workflow.add.createTask(x=best[0].x + 10.0 * best[1].y)
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"], shape(graph)
    assert '"qualname": "<block>"' in json.dumps(graph.to_dict())
    # natively: y 2, 5, 7 -> |y - 4| 2, 1, 3: (2.0, 5.0) then (1.0, 2.0)
    assert evaluate(job_param(graph, "add"), {"inputs": [1.0, 2.0]}, RECORDS) == 22.0


def test_a_list_of_records_changed_after_the_block_stops_the_path(tmp_path: Path) -> None:
    """The block's result holds the list's records; a record of main's appended to the
    list afterwards is not in what the block saw: main's later read is not compiled from
    the block's values."""
    graph = traced(tmp_path, '''
!from typing import NamedTuple
!class Point(NamedTuple):
!    x: float
!    y: float
runs = await workflow.mult.createTask(x=params["inputs"])
points = [Point(job.x, run.y) for run, job in runs]
goal = 4.0
ranked = sorted(points, key=lambda p: abs(p.y - goal))
points.append(Point(0.0, 4.0))
await workflow.add.createTask(x=min(points, key=lambda p: abs(p.y - goal)).x)
''', fallback=True)
    assert graph.fallback is not None and shape(graph)[0] == "mult", shape(graph)


def test_a_module_list_filled_over_runs_is_a_block_value(tmp_path: Path) -> None:
    """A module-level list a loop over runs appends to (only main reaches it, by name):
    the block is given a copy and binds it, and the module's name holds the block's
    value (it stopped the path: "calls SEEN...append()")."""
    graph = traced(tmp_path, '''
!SEEN = []
runs = await workflow.mult.createTask(x=params["inputs"])
groups = {}
for run, job in runs:
    groups.setdefault(job.x, []).append(run.y)
    if run.y not in SEEN:
        SEEN.append(run.y)
await workflow.add.createTask(x=float(len(SEEN) + 10 * len(groups)))
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"], shape(graph)
    assert '"qualname": "<block>"' in json.dumps(graph.to_dict())
    assert evaluate(job_param(graph, "add"), {"inputs": [1.0, 2.0]}, RECORDS) == 23.0


@pytest.mark.parametrize("module, before, after, why", [
    # read by a helper of the module: a run-time call would import it afresh
    ("!def seen():\n!    return len(SEEN)", "", "x = float(seen())", "outside main"),
    # another name for the same list, read after the block
    ("", "alias = SEEN", "x = float(len(alias))", "another way"),
    # rebound by a function
    ("!def reset():\n!    global SEEN\n!    SEEN = []", "", "x = float(len(SEEN))",
     "may rebind"),
])
def test_a_module_list_others_reach_is_no_block_value(tmp_path: Path, module: str,
                                                      before: str, after: str,
                                                      why: str) -> None:
    lines = ["!SEEN = []", *module.splitlines(),
             'runs = await workflow.mult.createTask(x=params["inputs"])', before,
             "for run, job in runs:", "    if run.y not in SEEN:",
             "        SEEN.append(run.y)", after, "await workflow.add.createTask(x=x)"]
    graph = traced(tmp_path, "\n".join(line for line in lines if line), fallback=True)
    assert graph.fallback is not None and shape(graph)[0] == "mult", shape(graph)
    assert why in graph.fallback.reason, graph.fallback.reason
