"""Segments: a while of main's own body that makes steps and cannot be compiled runs
natively as one task, and the steps after it stay tasks reading its values. Trace,
encoding and evaluation only; the differential corpus (tests/differential/seg_*,
while_converge) runs them both ways."""

from __future__ import annotations

import ast
import asyncio
import collections
import json
from pathlib import Path

import pytest
from test_trace import line_of, shape, traced

from motoko_airflow import graph as g
from motoko_airflow.exceptions import MotokoError
from motoko_airflow.execution import PART, evaluate
from motoko_airflow.segments import _stopping_tree, _tasks_done, decode, encode, region_end

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
             "list": [[run, job]], "s": "x", "set": {(1, 2), 3}, "frozen": frozenset("ab"),
             "inf": float("-inf"), "tagged": {"motoko_set": [1]}}
    data = encode(value, made, "v")
    assert data["run"][PART] == "run" and PART not in data["pair"]
    back = decode(data)
    assert back["t"] == (1, 2) and back["keys"] == {1.0: "a"} and back["s"] == "x"
    assert back["pair"][0].y == 2.5 and back["pair"][1].x == 1.0
    assert back["run"].y == 2.5 and back["list"][0][1].x == 1.0
    assert back["set"] == {(1, 2), 3} and back["frozen"] == frozenset("ab")
    assert back["inf"] == float("-inf") and back["tagged"] == {"motoko_set": [1]}


def test_numpy_values_of_a_segment_are_given_back_as_they_were() -> None:
    """An output of a real study may be a numpy array, np.mean of outputs a numpy
    float: the later tasks get the same types and values (a segment's task failed)."""
    import numpy as np

    value = {"f": np.float64(0.1) / 3, "i": np.int64(-7), "b": np.bool_(True),
             "h": np.float32(1.1), "nan": np.float64("nan"),
             "a": np.array([[1.5, float("inf")], [0.2, -3.0]]), "e": np.zeros((0, 2)),
             "ai": np.arange(3, dtype=np.int32), "in": [(np.float64(2.5), 1)]}
    back = decode(json.loads(json.dumps(encode(value, {}, "v"))))
    for key in ("f", "i", "b", "h", "a", "e", "ai"):
        assert type(back[key]) is type(value[key]), key
        assert back[key].dtype == value[key].dtype, key
        assert np.array_equal(back[key], value[key]), key
    assert back["a"].shape == (2, 2) and back["e"].shape == (0, 2)
    assert np.isnan(back["nan"]) and type(back["nan"]) is np.float64
    assert back["in"] == [(2.5, 1)] and type(back["in"][0][0]) is np.float64


def test_counters_and_defaultdicts_of_a_segment_are_given_back_as_they_were() -> None:
    """A Counter or defaultdict a segment fills (replicas counted by a rounded output)
    comes back with its type, keys (tuples too), order and default factory."""
    import collections

    value = {"c": collections.Counter({1.5: 2, (1, 2): 1}),
             "d": collections.defaultdict(list, {"a": [1.0], 2: []}),
             "o": collections.OrderedDict([(2, "b"), (1, "a")]),
             "n": collections.defaultdict(None, {1: 2})}
    back = decode(json.loads(json.dumps(encode(value, {}, "v"))))
    for key, before in value.items():
        assert type(back[key]) is type(before), key
        assert list(back[key].items()) == list(before.items()), key
    assert back["d"].default_factory is list and back["n"].default_factory is None
    back["d"]["new"].append(3)  # still a defaultdict of lists
    assert back["d"]["new"] == [3]


def test_records_of_the_orchestrators_classes_come_back_as_their_class(
        tmp_path: Path) -> None:
    """A dataclass or NamedTuple of the orchestrator a segment passes on is written as its
    class and fields and made again by that class: equality, repr, hashing (frozen) and
    a NamedTuple's tuple comparisons are Python's; an int field stays an int."""
    source = tmp_path / "orchestrator.py"
    source.write_text(
        "from dataclasses import dataclass, field\n"
        "from typing import NamedTuple\n\n\n"
        "@dataclass(frozen=True)\nclass Point:\n    h: float\n    cells: int\n\n\n"
        "@dataclass(kw_only=True)\nclass Acc:\n"
        "    notes: list = field(default_factory=list)\n\n\n"
        "class Pt(NamedTuple):\n    xy: tuple\n    tag: str = 'p'\n")
    import importlib.util

    spec = importlib.util.spec_from_file_location("orchestrator", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made: dict[int, object] = {
        id(cls): ("motoko_segment_record", "orchestrator", cls.__qualname__, str(source))
        for cls in (module.Point, module.Pt, module.Acc)}
    value = {"p": module.Point(0.5, 2), "q": [module.Pt((1.0, 2), "x"), module.Pt((3.0, 4))],
             "a": module.Acc(notes=[(1, 2)])}
    data = json.loads(json.dumps(encode(value, made, "v")))
    back = decode(data)
    p = back["p"]
    assert type(p).__qualname__ == "Point" and repr(p) == repr(value["p"])
    assert type(p.cells) is int and hash(p) == hash(type(p)(0.5, 2))
    assert back["a"].notes == [(1, 2)]
    assert repr(back["a"]) == repr(value["a"])
    q = back["q"]
    assert q[0] == ((1.0, 2), "x") and q[1].tag == "p" and isinstance(q[0].xy, tuple)
    assert str(q) == str(value["q"])


def test_exceptions_a_segment_keeps_come_back_with_their_class_and_arguments(
        tmp_path: Path) -> None:
    """``gather(..., return_exceptions=True)`` keeps the routines' errors: a built-in
    exception or one of the orchestrator's classes is given back with its arguments
    (``isinstance``, ``str``, ``args`` after it as natively)."""
    source = tmp_path / "orchestrator.py"
    source.write_text("class TooBig(ValueError):\n    pass\n")
    import importlib.util

    spec = importlib.util.spec_from_file_location("orchestrator", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made: dict[int, object] = {
        id(module.TooBig): ("motoko_exception", "orchestrator", "TooBig", str(source))}
    value = [1.5, ZeroDivisionError("float division by zero"), module.TooBig("too big: 64"),
             KeyError((1, 2)), OSError(2, "gone")]
    back = decode(json.loads(json.dumps(encode(value, made, "v"))))
    assert back[0] == 1.5
    for before, after in zip(value[1:], back[1:], strict=True):
        assert type(after).__qualname__ == type(before).__qualname__
        assert after.args == before.args and str(after) == str(before)
    assert isinstance(back[2], ValueError) and back[4].errno == 2


def test_an_exception_holding_more_than_its_arguments_fails_loudly() -> None:
    error = ValueError("x")
    error.note = 3  # type: ignore[attr-defined]

    class Own(Exception):
        pass

    for value in (error, Own("not the orchestrator's")):
        with pytest.raises(MotokoError, match="segment variable v holds a"):
            encode(value, {}, "v")


@pytest.mark.parametrize("value", [object(), range(3), iter([1]), {1: object()},
                                   collections.defaultdict(lambda: 0),
                                   collections.namedtuple("P", "x")(1.0)])
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
                                                         "    bump(dict(n=0))")
     + "await workflow.add.createTask(x=x)\n", "it gives bump() (line"),
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
    # the while is none; main's statement calling the helper is (a plain statement)
    (segment,) = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
    assert segment.line == line_of(tmp_path, "x = await refine")
    assert graph.fallback is None


SETTLE = '''
!class Stuck(RuntimeError):
!    """No fixed point."""
!async def settle(workflow, x, tries=4):
!    for i in range(tries):
!        (run, job), = await workflow.mult.createTask(x=x)
!        if run.y > 1:
!            return run.y
!        x = run.y + 1
!    raise Stuck(f"no fixed point after {tries} tries")
(start, job), = await workflow.add.createTask(x=params["inputs"][0])
'''
TRY = SETTLE + '''
try:
    x = await settle(workflow, start.y)
except Stuck as err:
    print("stuck:", err)
    x = 0.0
await workflow.add.createTask(x=x)
'''


#: the try also catches a built-in exception (an operation on an output may raise
#: one): not traced, a segment
TRY_SEGMENT = TRY.replace("except Stuck as err:", "except (Stuck, ArithmeticError) as err:")


def test_a_try_catching_only_the_modules_own_exception_is_traced(tmp_path: Path) -> None:
    """Only the workflow's raise statements raise Stuck: the helper's capped loop unrolls
    into guarded iterations and the except's value is chosen by them, no segment."""
    graph = traced(tmp_path, TRY)
    assert graph.fallback is None
    assert not any(isinstance(n, g.SegmentNode) for n in graph.nodes), shape(graph)


@pytest.mark.parametrize("edit", [
    # Stuck is given to a call (a library could raise it)
    lambda b: b.replace('"""No fixed point."""\n', '"""No fixed point."""\n!KINDS = [Stuck]\n'),
    # the name bound again
    lambda b: b + "!Stuck = ValueError\n",
    # a lookup error: Python's own lookups catch those
    lambda b: b.replace("Stuck(RuntimeError)", "Stuck(KeyError)"),
    # a finally: it runs its steps whatever the body raises at run time
    lambda b: b.replace("    x = 0.0\n", "    x = 0.0\nfinally:\n    print('done')\n"),
    # a value made before the try by a run-time call of the module's function
    lambda b: "!def g(y):\n!    return {1.0: 2.0}.get(y, y)\n" + b.replace(
        "try:", "w = g(start.y)\ntry:").replace("x = 0.0", "x = w"),
])
def test_a_try_whose_except_may_catch_more_is_not_traced(tmp_path: Path,
                                                          edit: object) -> None:
    graph = traced(tmp_path, edit(TRY))  # type: ignore[operator]
    assert graph.fallback is not None or any(
        isinstance(n, g.SegmentNode) for n in graph.nodes), shape(graph)


def test_a_try_around_a_helper_of_the_module_runs_as_a_segment(tmp_path: Path) -> None:
    graph = traced(tmp_path, TRY_SEGMENT)
    assert graph.fallback is None
    node = segment_of(graph)
    assert node.names == ("x",) and "the try of lines" in node.reason
    assert shape(graph) == ["add", "segment", "add_2"]


def test_a_for_and_a_with_of_main_run_as_segments(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!import contextlib
(start, job), = await workflow.add.createTask(x=params["inputs"][0])
x = start.y
for i in range(100):
    (run, job), = await workflow.mult.createTask(x=x)
    if run.y > 1:
        break
    x = run.y + 1
with contextlib.suppress(ZeroDivisionError):
    while x > 0.5:
        (r, j), = await workflow.mult.createTask(x=x)
        x = 1 / r.y
await workflow.add.createTask(x=x)
''')
    assert graph.fallback is None
    kinds = [n.reason.split(": the ")[1].split(" of")[0] for n in graph.nodes
             if isinstance(n, g.SegmentNode)]
    assert kinds == ["loop", "with"], kinds


@pytest.mark.parametrize("change, why", [
    # a helper changing a module global
    (("!LOG = []\n", "!        LOG.append(x)\n"), "changes LOG, which is not a variable of"),
    # a helper changing a list it is given
    (("", "!        x.append(1)\n"), "changes its argument x in place"),
    (("", "!        x *= 2\n"), "changes its argument x in place"),
    # a mutable default value, shared by the calls
    (("", ""), "has a default value other than a constant"),
])
def test_a_helper_that_changes_objects_outside_it_is_refused(
        tmp_path: Path, change: tuple[str, str], why: str) -> None:
    top, line = change
    body = top + TRY_SEGMENT.replace("!        x = run.y + 1\n",
                                     line + "!        x = run.y + 1\n")
    if why.startswith("has a default"):
        body = body.replace("tries=4", "tries=[4][0], seen=[]")
    graph = traced(tmp_path, body)
    assert not any(isinstance(n, g.SegmentNode) for n in graph.nodes)
    node = graph.fallback
    assert node is not None and node.partial, shape(graph)
    assert "as a segment" in node.reason and why in node.reason, node.reason


@pytest.mark.parametrize("edit, why", [
    # an exception with state
    (lambda b: b.replace('"""No fixed point."""', 'def __init__(self, n):\n!        '
                         'self.n = n').replace('Stuck(f"no fixed point after {tries} '
                                               'tries")', "Stuck(tries)"),
     "it calls settle() (line"),
    # the exception used beyond printing it
    (lambda b: b.replace('print("stuck:", err)', "x = err"), "otherwise than to print it"),
    # a name only the except binds, read after it
    (lambda b: b.replace("    x = 0.0\n", "    x = 0.0\n    why = 1\n")
     + "await workflow.add.createTask(x=why)\n", "reads why, which the try may leave"),
    # an iterator kept for after it
    (lambda b: b.replace("    x = 0.0\n", "    x = 0.0\n    it = zip([1], [2])\n").replace(
        "try:", "it = None\ntry:") + "print(list(it))\n", "may be an iterator"),
    # a variable of main named as the module's function: main calls its own
    (lambda b: "!async def other(workflow, x):\n!    return 5.0\n" + b.replace(
        "try:", "settle = other if params['inputs'] else None\ntry:"),
     "a variable of main named as a function"),
    # the helper as a value
    (lambda b: b.replace("    x = 0.0\n", "    x = 0.0\n    f = settle\n"),
     "uses settle as a value"),
    # a context manager of the user's
    (lambda b: b.replace("try:\n    x = await settle(workflow, start.y)\nexcept (Stuck, "
                         "ArithmeticError) as err:\n    print(\"stuck:\", err)\n    x = 0.0\n",
                         "x = 0.0\nwith open('f') as f:\n    x = await settle(workflow, "
                         "start.y)\n"), "inside the with at line"),
])
def test_a_try_or_with_that_could_differ_from_main_is_refused(
        tmp_path: Path, edit: object, why: str) -> None:
    graph = traced(tmp_path, edit(TRY_SEGMENT))  # type: ignore[operator]
    assert not any(isinstance(n, g.SegmentNode) for n in graph.nodes)
    node = graph.fallback
    assert node is not None and node.partial, shape(graph)
    assert why in node.reason, node.reason
    assert "as a segment" in node.reason or why.startswith("inside the with")


def test_helpers_are_looked_into_to_a_depth(tmp_path: Path) -> None:
    chain = "".join(f"!def f{i}(x):\n!    return f{i + 1}(x)\n" for i in range(6))
    body = chain + "!def f6(x):\n!    return x\n" + TRY_SEGMENT.replace(
        "x = run.y + 1", "x = f0(run.y) + 1")
    graph = traced(tmp_path, body)
    node = graph.fallback
    assert node is not None and "nested deeper than" in node.reason, node.reason
    graph = traced(tmp_path, body.replace("return f3(x)", "return x"))
    assert graph.fallback is None and segment_of(graph).names == ("x",)


def test_the_name_an_except_binds_is_not_read_after_the_try(tmp_path: Path) -> None:
    """Python unbinds it at the end of the except: main may fail where the DAG would
    read the value from before."""
    from motoko_airflow.trace.segments import spots

    path = tmp_path / "o.py"
    path.write_text("async def main(workflow):\n    err = None\n    try:\n"
                    "        await workflow.a.createTask(x=1)\n    except ValueError as err:"
                    "\n        print(err)\n    print(err)\n")
    (spot,) = [s for s in spots(str(path)).values() if s.kind == "try"]
    assert spot.refusal is not None and "which its except of line 5 unbinds" in \
        spot.refusal


CHAIN = '''
!import asyncio
!
!
!async def chain(workflow, x):
!    runs = await workflow.mult.createTask(x=[x, x + 1.0])
!    more = await workflow.add.createTask(x=max(r.y for r, j in runs))
!    return [r.id for r, j in runs], max(r.y for r, j in more)
'''


def test_a_region_of_tasks_runs_as_one_segment_and_the_steps_after_it_are_tasks(
        tmp_path: Path) -> None:
    """Whether the other task's late step is made when one raises depends on timing:
    the statements from the tasks' making to the last reading them run natively."""
    graph = traced(tmp_path, CHAIN + '''
left = asyncio.create_task(chain(workflow, 1.0))
right = asyncio.create_task(chain(workflow, 2.0))
(ids_l, top_l), (ids_r, top_r) = await asyncio.gather(left, right)
await workflow.norm.createTask(mult_ids=ids_l + ids_r)
await workflow.add.createTask(x=max(top_l, top_r))
''')
    assert graph.fallback is None
    node = segment_of(graph)
    assert node.line == line_of(tmp_path, "left = ")
    assert node.names == ("ids_l", "ids_r", "top_l", "top_r")
    assert "tasks of asyncio.create_task" in node.reason
    assert shape(graph) == ["segment", "norm", "add"]


def test_tasks_a_caught_gather_may_leave_running_keep_the_region_out(
        tmp_path: Path) -> None:
    graph = traced(tmp_path, CHAIN + '''
tasks = [asyncio.create_task(chain(workflow, x)) for x in (1.0, 2.0)]
try:
    got = await asyncio.gather(*tasks)
except ValueError:
    got = []
await workflow.norm.createTask(mult_ids=[i for ids, top in got for i in ids])
''', fallback=True)
    assert not any(isinstance(n, g.SegmentNode) for n in graph.nodes)
    assert "an error of asyncio.gather may be caught there" in graph.fallback.reason


def test_a_task_handle_read_after_the_statements_keeps_them_out(tmp_path: Path) -> None:
    """A task cannot be passed on as JSON (nor is it done, natively, perhaps)."""
    from motoko_airflow.trace.segments import _tasks_refusal

    tree = ast.parse('''
for x in xs:
    t = asyncio.create_task(chain(workflow, x))
    r = await t
''')
    assert "binds t to what holds a task" in _tasks_refusal(tree.body[0], frozenset({"t"}))
    assert _tasks_refusal(tree.body[0], frozenset({"r"})) is None
    dropped = ast.parse("asyncio.create_task(chain(workflow, 1.0))").body[0]
    assert "keeps no handle" in _tasks_refusal(dropped, frozenset())
    kept = ast.parse("t = asyncio.create_task(chain(workflow, 1.0))").body[0]
    assert "never awaits" in _tasks_refusal(kept, frozenset())


def test_a_region_ends_at_the_last_statement_reading_what_holds_its_tasks() -> None:
    body = ast.parse('''
async def main(workflow, **params):
    ts = []
    for x in params["xs"]:
        ts.append(asyncio.create_task(f(workflow.mult, x)))
    a = 1
    got = await asyncio.gather(*ts)
    await workflow.norm.createTask(mult_ids=got)
    left = asyncio.create_task(workflow.mult.createTask(x=1.0))
    await workflow.add.createTask(x=2.0)
    await left
    await workflow.add.createTask(x=3.0)
''').body[0].body  # type: ignore[attr-defined]
    assert [region_end(body, i) for i in range(len(body))] == [0, 3, 2, 3, 4, 7, 6, 7, 8]


def test_the_segment_task_fails_where_a_task_it_made_still_runs() -> None:
    check = _tasks_done()

    async def main() -> None:
        check(None)
        done = asyncio.create_task(asyncio.sleep(0))
        await done
        check(7)  # every task made since has ended
        left = asyncio.create_task(asyncio.sleep(10))
        try:
            check(9)
        finally:
            left.cancel()

    with pytest.raises(MotokoError, match="line 9: a task made by asyncio.create_task"):
        asyncio.run(main())


def test_the_segment_task_stops_after_the_last_statement_of_the_region() -> None:
    source = '''
async def main(workflow, **params):
    t = asyncio.create_task(f())
    x = 1
    await t
    await workflow.add.createTask(x=x)
'''
    tree = _stopping_tree(source, "o.py", "main", 3, 4)
    text = ast.unparse(tree.body[0])
    assert text.index("__motoko_segment_tasks__(None)") < text.index("create_task")
    assert text.index("await t") < text.index("__motoko_segment_tasks__(3)") < \
        text.index("raise __motoko_segment_done__") < text.index("createTask")
