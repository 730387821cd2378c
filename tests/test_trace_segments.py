"""Segments: a while of main's own body that makes steps and cannot be compiled runs
natively as one task, and the steps after it stay tasks reading its values. Trace,
encoding and evaluation only; the differential corpus (tests/differential/seg_*,
while_converge) runs them both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_trace import line_of, shape, traced

from motoko_airflow import graph as g
from motoko_airflow.execution import PART, evaluate
from motoko_airflow.segments import decode, encode

NEWTON = '''
(start, job), = await workflow.mult.createTask(x=params["inputs"][0])
x, err = start.y, 1.0
while err > 0.01:
    (run, job), = await workflow.mult.createTask(x=x)
    err = abs(run.y - x)
    x = run.y
'''


def segment_of(graph: g.Graph) -> g.SegmentNode:
    (node,) = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
    return node


def test_an_uncapped_while_runs_as_a_segment_and_the_steps_after_it_are_tasks(
        tmp_path: Path) -> None:
    graph = traced(tmp_path, NEWTON + '''
await workflow.add.createTask(x=x + 1)
if x > 3:
    await workflow.add.createTask(x=x)
for r, j in await workflow.mult.createTask(x=[x, err]):
    await workflow.add.createTask(x=r.y)
''')
    assert graph.fallback is None
    node = segment_of(graph)
    assert shape(graph)[:2] == ["mult", "segment"]
    assert node.names == ("err", "x")  # run and job are not read after the loop
    assert "runs natively as one task (a segment)" in node.reason
    assert node.line == line_of(tmp_path, "while err") and node.column == 4
    # every step after it follows it; the one before it precedes it
    for later in shape(graph)[2:]:
        assert "segment" in graph.upstream(later) or any(
            "segment" in graph.upstream(u) for u in graph.upstream(later)), later
    assert graph.upstream("segment") == ["mult"]
    # the steps read its value from the task's result
    records = {"segment": [{"values": {"x": 4.0}}]}
    (_, value), = graph.node("add").job_params
    assert evaluate(value, {}, records) == 5.0
    branch = graph.node("add_2")
    assert branch.when is not None and evaluate(branch.when, {}, records, plain=False)
    assert g.Graph.from_dict(graph.to_dict()) == graph


def test_the_segments_values_are_given_back_as_main_had_them() -> None:
    class Obj:  # a BlackDynamite run or job: its id and its entries
        def __init__(self, id: int, **entries: object) -> None:
            self.id, self.entries = id, entries

    run, job = Obj(3, state="FINISHED", y=2.5), Obj(4, x=1.0)
    made = {id(run): ("mult", run, job, "run"), id(job): ("mult", run, job, "job")}
    value = {"pair": (run, job), "run": run, "t": (1, 2), "keys": {1.0: "a"},
             "list": [[run, job]], "s": "x"}
    data = encode(value, made, "v")
    assert data["run"][PART] == "run" and PART not in data["pair"]
    back = decode(data)
    assert back["t"] == (1, 2) and back["keys"] == {1.0: "a"} and back["s"] == "x"
    assert back["pair"][0].y == 2.5 and back["pair"][1].x == 1.0
    assert back["run"].y == 2.5 and back["list"][0][1].x == 1.0


@pytest.mark.parametrize("value", [{1, 2}, float("nan"), object()])
def test_a_value_json_cannot_hold_fails_loudly(value: object) -> None:
    from motoko_airflow.exceptions import MotokoError

    with pytest.raises(MotokoError, match="segment variable v"):
        encode(value, {}, "v")


@pytest.mark.parametrize("body, why", [
    # another name holds the list the loop changes
    (NEWTON.replace("x, err = start.y, 1.0", "x, err = start.y, 1.0\nhist = []\nseen = hist")
     .replace("    x = run.y", "    x = run.y\n    hist.append(x)")
     + "await workflow.add.createTask(x=len(seen))\n",
     "whose object seen holds too"),
    # a helper called in it may change what it is given
    ("!def bump(d):\n!    d['n'] = 1\n" + NEWTON.replace("    x = run.y", "    x = run.y\n"
                                                         "    bump({})")
     + "await workflow.add.createTask(x=x)\n", "it calls bump()"),
    # read after it, a name it may leave unbound
    (NEWTON.replace("    x = run.y", "    x = run.y\n    last = x")
     + "await workflow.add.createTask(x=last)\n", "reads last, which the loop may leave"),
    # an object of the user's: its methods may change what the code after it reads
    ("!class Log:\n!    def __init__(self):\n!        self.n = 0\n!    def count(self, x):\n"
     "!        self.n += 1\n!        return self.n\n"
     + "log = Log()\n" + NEWTON.replace("    x = run.y", "    x = run.y\n    log.count(x)")
     + "await workflow.add.createTask(x=log.n)\n", "it reads log, which holds a Log"),
    # a function made before it reads a variable it binds (a closure)
    ("def show():\n    return x\n" + NEWTON + "await workflow.add.createTask(x=show())\n",
     "it binds x, which a function of main reads"),
    # a name main declares global
    ("!N = 0\nglobal N\n" + NEWTON.replace("    x = run.y", "    x = run.y\n    N = 1")
     + "await workflow.add.createTask(x=x)\n", "global"),
])
def test_a_segment_that_could_differ_from_main_is_refused(
        tmp_path: Path, body: str, why: str) -> None:
    graph = traced(tmp_path, body)
    assert not any(isinstance(n, g.SegmentNode) for n in graph.nodes)
    node = graph.fallback
    assert node is not None and node.partial, shape(graph)
    if why != "global":
        assert "as a segment" in node.reason and why in node.reason, node.reason


def test_a_while_inside_a_loop_or_a_helper_is_no_segment(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!async def refine(workflow, x):
!    err = 1.0
!    while err > 0.01:
!        (run, job), = await workflow.mult.createTask(x=x)
!        err = abs(run.y - x)
!        x = run.y
!    return x
(start, job), = await workflow.mult.createTask(x=params["inputs"][0])
x = await refine(workflow, start.y)
await workflow.add.createTask(x=x)
''')
    assert not any(isinstance(n, g.SegmentNode) for n in graph.nodes)
    assert graph.fallback is not None and graph.fallback.partial
