"""The tracer's run-time calls (library functions, key functions and helpers called by
the task that needs their value), parallel chains started with asyncio.create_task,
and where refusals point. Trace only: the differential corpus runs them both ways."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from test_trace import fallback_line, line_of, shape, traced

from motoko_airflow import graph as g


def edges(graph: g.Graph) -> set[tuple[str, str]]:
    return {(e.source, e.target) for e in graph.edges}


def test_two_chains_started_with_create_task_stay_parallel(tmp_path: Path) -> None:
    """Bug: two chains started with asyncio.create_task and awaited later became
    sequential in the DAG (the second chain's first step followed the first's last)."""
    graph = traced(tmp_path, '''
!import asyncio
!async def chain(workflow, x):
!    runs = await workflow.mult.createTask(x=x)
!    return await workflow.add.createTask(x=[r.y for r, j in runs])
first = asyncio.create_task(chain(workflow, 1.0))
second = asyncio.create_task(chain(workflow, 2.0))
await workflow.mult.createTask(x=3.0)
await first
await second
await workflow.norm.createTask(mult_ids=[0])
''')
    assert graph.fallback is None
    # main's own step is traced first, then each chain when it is awaited
    assert shape(graph) == ["mult", "mult_2", "add", "mult_3", "add_2", "norm"]
    assert edges(graph) == {("mult_2", "add"), ("mult_3", "add_2"), ("mult", "norm"),
                            ("add", "norm"), ("add_2", "norm")}


def test_a_task_created_after_a_step_follows_it(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!import asyncio
!async def chain(workflow, x):
!    await workflow.add.createTask(x=x)
await workflow.mult.createTask(x=3.0)
task = asyncio.ensure_future(chain(workflow, 1.0))
await task
await task
''')
    assert edges(graph) == {("mult", "add")}


def test_library_calls_on_outputs_are_run_time_calls(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!import math
!import statistics
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
if statistics.pstdev(ys) > 1.0:
    await workflow.add.createTask(x=math.sqrt(statistics.fmean(ys)))
''')
    assert graph.fallback is None
    add = graph.node("add")
    assert str(add.job_params[0][1]) == \
        "math.sqrt(statistics.fmean([r.y for r in runs of mult]))"
    assert str(add.when) == "(statistics.pstdev([r.y for r in runs of mult]) > 1.0)"
    # the graph stays data: a JSON round trip gives it back
    assert g.Graph.from_json(graph.to_json()) == graph
    assert '"kind": "invoke"' in graph.to_json()


def test_key_functions_are_named_by_module_and_position(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!def by_y(pair):
!    return pair[0].y
runs = await workflow.mult.createTask(x=params["inputs"])
best = sorted(runs, key=lambda p: -p[0].y)[:2]
for r, j in best:
    await workflow.add.createTask(x=max(runs, key=by_y)[0].y + r.y)
''')
    assert graph.fallback is None
    (loop,) = graph.node("add").foreach
    data = json.loads(graph.to_json())
    over = data["nodes"][1]["foreach"][0]["over"]
    key = over["value"]["values"][0]
    assert key["kind"] == "function" and key["qualname"] == "<lambda>"
    assert key["line"] == line_of(tmp_path, "key=lambda")
    assert str(loop.over).startswith("builtins.sorted(runs of mult, key=orchestrator.")
    assert "key=orchestrator.by_y" in str(graph.node("add").job_params[0][1])


def test_a_key_function_reading_mains_variables_is_given_their_values(
        tmp_path: Path) -> None:
    """A key function reading main's variables (a closure) was refused ("reads variables
    of the function around it"): it is now the run-time call closed(function, names,
    values), given the values they hold when sorted calls it (here a param, then a
    constant main binds after making the function). A list it reads is refused."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
target = float(params["inputs"][0])
def score(pair):
    return abs(pair[0].y - target)
best = sorted(runs, key=score)[0]
target = 100.0
worst = min(runs, key=lambda p: -abs(p[0].y - target))
await workflow.add.createTask(x=[best[1].x, worst[1].x])
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]
    text = str(graph.node("add").job_params[0][1])
    assert text.count("motoko_airflow.calls.closed(") == 2, text
    assert "['target'], [float(params['inputs'][0])])" in text, text
    assert "['target'], [100.0])" in text, text

    (tmp_path / "listed").mkdir()
    listed = traced(tmp_path / "listed", '''
runs = await workflow.mult.createTask(x=params["inputs"])
weights = [1.0, 2.0]
best = sorted(runs, key=lambda p: p[0].y * weights[0])[0]
await workflow.add.createTask(x=best[1].x)
print(best, weights)
''')
    assert "motoko_airflow.calls.closed" not in json.dumps(listed.to_dict())


def test_closed_makes_the_function_again_with_the_values() -> None:
    """The run-time side: the function made again reads the values given, in its own
    copy of the module's namespace (the module is left as it was)."""
    from motoko_airflow.calls import closed

    namespace = {"offset": -1.0}
    exec("def key(v, scale=2.0):\n    return (v - offset) * scale", namespace)  # noqa: S102
    made = closed(namespace["key"], ["offset"], [3.0])
    assert made(5.0) == 4.0 and namespace["key"](5.0) == 12.0
    assert namespace["offset"] == -1.0 and made.__defaults__ == (2.0,)


def test_a_dict_keyed_by_numbers_is_given_as_pythons_own_dict(tmp_path: Path) -> None:
    """A plain dict keyed by numbers (JSON keys are strings only) could not be given to
    a block or a run-time call ("owner holds a dict, which a DAG cannot give it at run
    time"): it is given as dict([[key, value], ...]), its keys' types and order kept.
    Keyed by tuples, it still cannot."""
    graph = traced(tmp_path, '''
!from collections import defaultdict
owner = {1.0: "steel", 2: "wood", None: "none"}
runs = await workflow.mult.createTask(x=params["inputs"])
groups = defaultdict(list)
for run, job in runs:
    groups[owner.get(job.x)].append(run.y)
await workflow.add.createTask(x=float(len(groups)))
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]
    text = str(graph.node("add").job_params[0][1])
    assert "owner=builtins.dict([[1.0, 'steel'], [2, 'wood'], [None, 'none']])" in text, text

    (tmp_path / "tuples").mkdir()
    keyed = traced(tmp_path / "tuples", '''
!from collections import defaultdict
owner = {(1.0, 0): "steel"}
runs = await workflow.mult.createTask(x=params["inputs"])
groups = defaultdict(list)
for run, job in runs:
    groups[owner.get((job.x, 0))].append(run.y)
await workflow.add.createTask(x=float(len(groups)))
''')
    assert keyed.fallback is not None


def test_a_fan_in_shown_as_text_and_an_itemgetter_key_compile(tmp_path: Path) -> None:
    """str() or an f-string of a list built over runs was a stop ("reading a list built
    in a loop (__str__)"), and key=operator.itemgetter(...) had no name to be called
    by: the text is made at run time from the list's run-time value, and the key is
    itemgetter made again from its items (calls.item_getter)."""
    graph = traced(tmp_path, '''
!from operator import itemgetter
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [run.y for run, job in runs]
pairs = sorted([(run.y, job.x) for run, job in runs], key=itemgetter(1), reverse=True)
await workflow.add.createTask(x=float(len(str(ys)) + len(f"{ys}")) + pairs[0][1])
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]
    text = str(graph.node("add").job_params[0][1])
    assert "motoko_airflow.calls.item_getter(1)" in text, text
    assert text.count("str([run.y for run in runs of mult])") == 2, text


def test_a_container_a_run_time_call_keeps_is_not_changed_behind_its_back(
        tmp_path: Path) -> None:
    """Wrong DAGs (verify_main failed them): ChainMap(owner, ...) given a dict of main
    that main then changed in place, and zip(names, ys) whose list main changed before
    iterating it (as a segment), kept the values they were given; natively both see the
    change. A call that may keep a plain dict or list of main is refused, and a
    statement changing what a run-time call was given is no segment."""
    chained = traced(tmp_path, '''
!from collections import ChainMap
owner = {1.0: "steel"}
runs = await workflow.mult.createTask(x=params["inputs"])
view = ChainMap(owner, {"n": len([r.y for r, j in runs])})
owner[1.0] = "gold"
await workflow.add.createTask(x=float(len(view[1.0] + str(view["n"]))))
''')
    assert "collections.ChainMap at run time given a dict of main" in chained.fallback.reason

    (tmp_path / "zipped").mkdir()
    zipped = traced(tmp_path / "zipped", '''
names = ["a", "b", "c"]
runs = await workflow.mult.createTask(x=params["inputs"])
pairs = zip(names, [r.y for r, j in runs])
names[0] = "z"
await workflow.add.createTask(x=float(len([n + str(y) for n, y in pairs])))
''')
    assert not [n for n in zipped.nodes if isinstance(n, g.SegmentNode)]
    assert "which a call made at run time was given" in zipped.fallback.reason


def test_a_helper_whose_loop_carries_a_value_is_called_at_run_time(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!def total(values):
!    out = 0.0
!    for v in values:
!        out += v
!    return out
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=total([r.y for r, j in runs]))
''')
    assert graph.fallback is None
    ((_, value),) = graph.node("add").job_params
    assert str(value) == "orchestrator.total([r.y for r in runs of mult])"


def test_calls_that_are_not_deterministic_or_change_state_fall_back(tmp_path: Path) -> None:
    cases = {
        "random": ('!import random\n!def noisy(values):\n!    out = 0.0\n'
                   '!    for v in values:\n!        out += v * random.random()\n'
                   '!    return out\n', "noisy"),
        "clock": ('!import time\n!def stamped(values):\n!    out = time.time()\n'
                  '!    for v in values:\n!        out += v\n!    return out\n', "stamped"),
        "global": ('!SEEN = []\n!def seen(values):\n!    out = 0.0\n'
                   '!    for v in values:\n!        out += v + len(SEEN)\n'
                   '!    return out\n', "seen"),
        "mutates": ('!def drain(values):\n!    out = 0.0\n!    while values:\n'
                    '!        out += values.pop()\n!    return out\n', "drain"),
    }
    for name, (helpers, function) in cases.items():
        directory = tmp_path / name
        directory.mkdir()
        graph = traced(directory, helpers + f'''
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x={function}([r.y for r, j in runs]))
''')
        assert shape(graph) == ["mult", "orchestrator"], name
    graph = traced(tmp_path, '''
!import numpy as np
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=float(np.random.rand()) + runs[0][0].y)
''')
    assert shape(graph) == ["mult", "orchestrator"]


def test_tracing_with_run_time_calls_imports_no_numpy(tmp_path: Path) -> None:
    """A graph naming numpy.linspace is data: loading it imports nothing heavy."""
    graph = traced(tmp_path, '''
!import numpy as np
grid = np.linspace(0.0, 1.0, params["inputs"][0])
for x in grid:
    await workflow.add.createTask(x=float(x))
''')
    assert graph.fallback is None
    text = graph.to_json()
    code = ("import sys, json; from motoko_airflow.graph import Graph; "
            f"Graph.from_json({text!r}); "
            "assert 'numpy' not in sys.modules, 'numpy imported'")
    import subprocess
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_random_draw_at_import_is_refused_not_baked_in(tmp_path: Path) -> None:
    """Bug: a value drawn when the orchestrator is imported was traced as a constant,
    while every native run (and every task importing it again) draws another."""
    import pytest

    from motoko_airflow.exceptions import TraceError

    body = '''
!import random
!OFFSET = random.random()
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=runs[0][0].y + OFFSET)
'''
    with pytest.raises(TraceError, match=r"orchestrator\.py:\d+: importing the "
                       r"orchestrator: random\.random\(\) gives another value"):
        traced(tmp_path, body)
    assert traced(tmp_path, body, fallback=True).is_fallback


def test_library_and_helper_calls_once_refused_now_compile(tmp_path: Path) -> None:
    """A helper module's sum() over a fan-in list stopped the trace (Python would have
    answered for one element); it is now called by the task with all the runs. A list
    of the runs themselves (``list(itertools.islice(runs, 2))``) is no graph value (its
    elements would be runs: every DAG run failed there): it falls back."""
    graph = traced(tmp_path, '''
!import helpers
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
await workflow.add.createTask(x=float(helpers.count(ys)))
''', files={"helpers.py": "def count(values):\n    return sum(1 for _ in values)\n"})
    assert graph.fallback is None
    (_, x), = graph.node("add").job_params
    # the helper is the workflow's own: its generator goes over the fan-in at run time
    assert str(x) == "float(sum([1 for _ in [r.y for r in runs of mult]]))"
    (tmp_path / "runs").mkdir()
    graph = traced(tmp_path / "runs", '''
!import itertools
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.norm.createTask(mult_ids=list(itertools.islice(runs, 2)))
''', fallback=True)
    assert [n.kind for n in graph.nodes] == ["create_task", "fallback"]
    assert "list() of runs or jobs (itertools.islice(runs of mult, 2))" in \
        graph.nodes[1].reason


def test_a_try_around_a_call_of_a_collected_list_is_a_block(tmp_path: Path) -> None:
    """Whether fmean raises (no runs) decides the except side: the whole ``try`` runs at
    run time as a block of main's statements, given the list a loop traced once
    collected (its run-time value), so it raises or not there as in main."""
    graph = traced(tmp_path, '''
!import statistics
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
try:
    m = statistics.fmean(ys)
except statistics.StatisticsError:
    m = 0.0
await workflow.add.createTask(x=m)
''')
    assert graph.fallback is None, shape(graph)
    assert "<block>" in json.dumps(graph.to_dict()), shape(graph)


def test_what_a_run_time_call_would_hide_falls_back(tmp_path: Path) -> None:
    """Attacks on run-time calls: each would make the DAG differ from main."""
    bodies = {
        # the helper changes main's list through a second name
        "alias": '''
!def total(xs):
!    ys = xs
!    ys.append(0.5)
!    out = 0.0
!    for v in ys:
!        out += v
!    return out
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
await workflow.add.createTask(x=total(ys))
await workflow.norm.createTask(mult_ids=ys)
''',
        # a constant of the module that main changes: a fresh import has the old one
        "rebound": '''
!SCALE = 1.0
!def scaled(xs):
!    out = 0.0
!    for v in xs:
!        out += v * SCALE
!    return out
global SCALE
SCALE = 2.0
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=scaled([r.y for r, j in runs]))
''',
        # an iterator given to sum() is used up: list() of it is empty natively
        "iterator": '''
!import itertools
runs = await workflow.mult.createTask(x=params["inputs"])
both = itertools.chain([r.y for r, j in runs], [1.0])
await workflow.add.createTask(x=sum(both))
await workflow.norm.createTask(mult_ids=list(both))
''',
        # a method of a run: a run given at run time is a record, not BlackDynamite's
        "run_method": '''
!def sizes(runs):
!    out = 0.0
!    for r, j in runs:
!        out += len(r.getQuantity("energy"))
!    return out
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=sizes(runs))
''',
        # a function main replaces: a fresh import has the old one
        "replaced": '''
!def weight(v):
!    return 1.0
!def total(xs):
!    out = 0.0
!    for v in xs:
!        out += weight(v) * v
!    return out
global weight
weight = abs
runs = await workflow.mult.createTask(x=params["inputs"])
await workflow.add.createTask(x=total([r.y for r, j in runs]))
''',
    }
    for name, body in bodies.items():
        directory = tmp_path / name
        directory.mkdir()
        graph = traced(directory, body)
        assert graph.fallback is not None and graph.fallback.partial, (name, shape(graph))
        assert shape(graph)[0] == "mult", name
    # made by main's own statements, not a call made later: the statements run at run
    # time as a block, with main's values at that point
    blocks = {
        # a key lambda reading a local of main that changes after it
        "closure_key": '''
target = params["inputs"][0]
runs = await workflow.mult.createTask(x=params["inputs"])
closest = min(runs, key=lambda p: abs(p[0].y - target))
target = 0.0
await workflow.add.createTask(x=closest[0].y + target)
''',
        # a dict made at run time, changed in place
        "setitem": '''
runs = await workflow.mult.createTask(x=params["inputs"])
by_x = {j.x: r.y for r, j in runs}
by_x[0.0] = 1.0
await workflow.add.createTask(x=float(len(by_x)))
''',
    }
    for name, body in blocks.items():
        directory = tmp_path / f"block_{name}"
        directory.mkdir()
        graph = traced(directory, body)
        assert graph.fallback is None, (name, graph.fallback.reason)
        assert "<block>" in json.dumps(graph.to_dict()), name


def test_a_numpy_array_as_a_job_parameter_is_refused_at_run_time() -> None:
    import pytest

    from motoko_airflow.exceptions import MotokoError
    from motoko_airflow.execution import evaluate

    grid = g.Invoke(g.Function("numpy", "linspace"), (g.Const(0.0), g.Const(1.0),
                                                       g.Param("n")))
    with pytest.raises(MotokoError, match="a numpy array cannot be a job parameter"):
        evaluate(grid, {"n": 3}, {})
    as_floats = g.Collect("v", grid, g.Call("float", (g.Item("v"),)))
    assert evaluate(as_floats, {"n": 3}, {}) == [0.0, 0.5, 1.0]
    assert evaluate(g.Index(grid, g.Const(1)), {"n": 3}, {}) == 0.5
    # a library function a graph may not call is refused when the graph is evaluated
    with pytest.raises(ValueError, match="not a function a graph may call"):
        evaluate(g.Invoke(g.Function("os", "system"), (g.Const("true"),)), {}, {})


def test_a_refusal_points_at_the_dict_comprehension(tmp_path: Path) -> None:
    """Bug: a dict comprehension over runs was refused at a print(len(...)) of it lines
    below; it is compiled (keyed by a field, or at run time as a block)."""
    body = '''
runs = await workflow.mult.createTask(x=params["inputs"])
by_run = {r: j.x for r, j in runs}
a = 1
b = 2
print(len(by_run))
await workflow.add.createTask(x=1.0)
'''
    # a dict keyed by whole runs is made at run time by a block of main's statements
    # (only printed: no step needs it)
    graph = traced(tmp_path, body)
    assert graph.fallback is None and shape(graph) == ["mult", "add"]
    graph = traced(tmp_path, body.replace("{r: j.x", "{j.x: r.y"))
    assert graph.fallback is None


def test_run_time_calls_find_each_workflow_its_own_helper_module(tmp_path: Path) -> None:
    """Bug: a run-time call left workflow A's ``helpers`` in sys.modules, and workflow
    B's orchestrator, run in the same process, imported A's instead of its own."""
    from motoko_airflow.execution import evaluate

    files = {}
    for name, factor in (("a", 2), ("b", 3)):
        directory = tmp_path / name
        directory.mkdir()
        (directory / "helpers.py").write_text(f"def scaled(v):\n    return v * {factor}\n")
        (directory / "orchestrator.py").write_text(
            "from helpers import scaled\n\n\ndef twice(v):\n    return scaled(v) + scaled(v)\n")
        files[name] = str(directory / "orchestrator.py")
    try:
        call_a = g.Invoke(g.Function("helpers", "scaled", str(tmp_path / "a" / "helpers.py")),
                          (g.Const(1.0),))
        assert evaluate(call_a, {}, {}) == 2.0
        call_b = g.Invoke(g.Function("orchestrator", "twice", files["b"]), (g.Const(1.0),))
        assert evaluate(call_b, {}, {}) == 6.0
    finally:
        for module in ("helpers", "orchestrator"):
            sys.modules.pop(module, None)
        for name in ("a", "b"):
            if str(tmp_path / name) in sys.path:
                sys.path.remove(str(tmp_path / name))


def test_the_host_and_a_salted_hash_are_not_compiled(tmp_path: Path) -> None:
    """A value of the host main runs on (its CPUs, its name, its load) or of the process
    (a str's hash, salted per process) is what main reads natively where and when it
    runs: the tracer's answer would be baked into the DAG, so the call is a fallback
    point; a hash of numbers is the same everywhere and compiles."""
    for call, named in (("os.cpu_count()", "cpu_count"),
                        ("len(socket.gethostname())", "gethostname"),
                        ("platform.node().count('a')", "platform.node"),
                        ("os.getloadavg()[0]", "getloadavg"),
                        ('hash("mult") % 7', "builtins.hash"),
                        ("hash(('a', 1)) % 7", "builtins.hash")):
        graph = traced(tmp_path, f'''
!import os, platform, socket
runs = await workflow.mult.createTask(x=params["inputs"])
n = {call}
await workflow.add.createTask(x=[run.y * n for run, job in runs])
''')
        assert shape(graph) == ["mult", "orchestrator"], call
        assert fallback_line(graph) == line_of(tmp_path, "n = "), call
        assert named in graph.fallback.reason and "every host" in graph.fallback.reason
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
n = hash((3, 2.5)) % 7
await workflow.add.createTask(x=[run.y * n for run, job in runs])
''')
    assert graph.fallback is None and shape(graph) == ["mult", "add"]


def test_a_dict_of_outputs_sorted_by_its_keys_compiles(tmp_path: Path) -> None:
    """Bug: sorted(d), len(d), min(d) of a dict keyed by constants holding outputs were
    refused as "a traced value (key) used as a dict key or set member" (at a later
    d[key]) or "sorted() of objects holding traced values" (real_pipeline_stages,
    real_mesh_richardson): Python reads only the keys, which are plain."""
    graph = traced(tmp_path, '''
values = {}
for level in range(3):
    (run, job), = await workflow.mult.createTask(x=level + 1.0)
    values[level] = run.y
history = {"b-second": values[2], "a-first": values[0]}
for key in sorted(history):
    await workflow.add.createTask(x=history[key])
last = max(values)
await workflow.add.createTask(x=values[last] + len(values) + min(values))
''')
    assert graph.fallback is None, graph.fallback.reason
    adds = [n for n in graph.nodes if isinstance(n, g.CreateTaskNode)
            and n.task_manager == "add"]
    assert [str(dict(n.job_params)["x"]) for n in adds] == [
        "runs of mult[0][0].y", "runs of mult_3[0][0].y",
        "((runs of mult_3[0][0].y + 3) + 0)"]


def test_a_refusal_names_what_holds_the_traced_values(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
(run, job), = await workflow.mult.createTask(x=1.0)
pairs = [{1: run.y}]
print(sorted(pairs))
await workflow.add.createTask(x=2.0)
''')
    # (len(pairs) is Python's count: one element); the print runs natively as a
    # segment, the step after it compiled
    (segment,) = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
    assert segment.line == line_of(tmp_path, "print(sorted(pairs))")
    assert "sorted() is given traced values inside a dict keyed by int (1)" in \
        segment.reason


def test_a_refusal_of_a_loop_item_as_a_key_names_its_loop(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
await workflow.add.createTask(x=2.0)
for x in params["inputs"]:
    seen = {x}
    await workflow.mult.createTask(x=x)
''', fix_params=False)
    line = line_of(tmp_path, "for x in")
    assert f"a traced value (x, the item of the loop over params['inputs'] at line " \
           f"{line},) used as a dict key" in graph.fallback.reason, graph.fallback.reason


def test_namedtuples_of_outputs_are_given_to_run_time_calls_as_namedtuples(
        tmp_path: Path) -> None:
    """Bug: namedtuples of outputs collected over runs and given to ``min(key=)`` or
    ``sorted`` compiled as run-time calls over lists: the key lambda's ``lv.h``, and a
    later ``lv.h`` of the result, failed at run time where ``main`` succeeds. They were
    refused; now the task makes them again by their class (tests/test_trace_records.py)."""
    graph = traced(tmp_path, '''
!from collections import namedtuple
!Level = namedtuple("Level", ["y", "x"])
runs = await workflow.mult.createTask(x=params["inputs"])
levels = [Level(run.y, job.x) for run, job in runs]
best = min(levels, key=lambda lv: lv.x)
await workflow.add.createTask(x=best.y)
''')
    assert shape(graph) == ["mult", "add"]
    (_, x), = graph.node("add").job_params  # type: ignore[union-attr]
    made = [e for e in g.walk(x) if isinstance(e, g.Invoke)
            and isinstance(e.callee, g.Function) and e.callee.qualname == "Level"]
    assert made and made[0].callee.file is not None  # type: ignore[union-attr]


def test_len_of_a_list_main_appends_to_is_counted(tmp_path: Path) -> None:
    """``len(history)`` of a list appended outside loops over runs, holding outputs, is
    Python's count; a list collected into by a loop over runs keeps a run-time len."""
    graph = traced(tmp_path, '''
(run, job), = await workflow.mult.createTask(x=1.0)
history = [(run.y, job.x)]
history.append((run.y * 2, 2.0))
ys = [r.y for r, j in await workflow.mult.createTask(x=params["inputs"])]
await workflow.add.createTask(x=len(history) + len(ys))
''')
    x = dict(graph.nodes[-1].job_params)["x"]  # type: ignore[union-attr]
    assert isinstance(x, g.BinOp) and x.left == g.Const(2), x
    assert isinstance(x.right, g.Call) and x.right.function == "len", x


def test_dict_of_zip_is_a_run_time_call(tmp_path: Path) -> None:
    """``dict(zip(hs, outputs))`` is called at run time (equal keys collapse there as
    natively)."""
    graph = traced(tmp_path, '''
(r1, j1), = await workflow.mult.createTask(x=1.0)
(r2, j2), = await workflow.mult.createTask(x=2.0)
hs = [params["inputs"][0] / 1, params["inputs"][0] / 2]
u = dict(zip(hs, [r1.y, r2.y]))
await workflow.add.createTask(x=u[hs[1]])
''')
    assert shape(graph) == ["mult", "mult_2", "add"]
    x = dict(graph.nodes[2].job_params)["x"]  # type: ignore[union-attr]
    assert any(isinstance(e, g.Invoke) and e.callee == g.Function("builtins", "dict")
               for e in g.walk(x)), x


def test_a_lookup_by_a_tuple_stops_the_path(tmp_path: Path) -> None:
    """Bug: a dict keyed by tuples (made at run time by a block, or by ``dict(zip(...))``)
    was looked up by a list at run time (the DAG holds a tuple as a list) and failed
    there; a numpy array's ``grid[i, j]`` picked rows."""
    graph = traced(tmp_path, '''
(r1, j1), = await workflow.mult.createTask(x=1.0)
pairs = dict(zip([(j1.x, 1), (j1.x, 2)], [r1.y, r1.y * 2]))
await workflow.add.createTask(x=pairs[(j1.x, 1)])
''')
    assert shape(graph) == ["mult", "orchestrator"]
    assert "with a tuple" in graph.fallback.reason  # type: ignore[union-attr]


def test_dict_fill_is_pythons_own_dict() -> None:
    """The run-time fill of a dict keeps Python's semantics: equal keys (1, 1.0, True)
    collide and keep their first key, setdefault keeps the first value, update takes a
    dict or its pairs."""
    from motoko_airflow.calls import dict_fill

    filled = dict_fill([[1, "a"]], "set", [[1.0, "b"], [True, "c"], [2.5, "d"]])
    assert filled == {1: "c", 2.5: "d"} and type(next(iter(filled))) is int
    assert dict_fill({}, "setdefault", [[1, "a"], [1.0, "b"]]) == {1: "a"}
    assert dict_fill([[1, "a"]], "update", {1.0: "b", 2: "c"}) == {1: "b", 2: "c"}
    assert dict_fill([], "update", [[3, "x"]]) == {3: "x"}


def test_a_loop_filling_a_dict_of_main_is_a_run_time_fill(tmp_path: Path) -> None:
    """A loop over runs whose body only stores into a dict of main binds the dict to a
    run-time dict_fill; with another name for the dict taken before it, the fill is
    refused and the loop runs at run time as a block of main's statements (Python's
    own loop: the other name sees the dict filled)."""
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
keys = {}
for run, job in runs:
    keys[int(run.y)] = job.x
await workflow.add.createTask(x=len(keys))
''')
    assert graph.fallback is None
    (add,) = [n for n in graph.nodes if n.id == "add"]
    assert "dict_fill" in str(add)
    graph = traced(tmp_path, '''
runs = await workflow.mult.createTask(x=params["inputs"])
keys = {}
same = keys
for run, job in runs:
    keys[int(run.y)] = job.x
await workflow.add.createTask(x=len(same))
''', fallback=True)
    assert graph.fallback is None
    (add,) = [n for n in graph.nodes if n.id == "add"]
    assert "dict_fill" not in str(add) and "<block>" in str(add)
