"""The graph holds a tuple as a list: where Python would tell them apart, the trace
falls back at that line (motoko_airflow/trace/tuples.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_trace import fallback_line, traced

from motoko_airflow import graph as g
from motoko_airflow.trace import tuples

HEAD = '''
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [r.y for r, j in runs]
'''


def _steps(line: str) -> str:
    return line.replace("ADD(", "await workflow.add.createTask(").replace(
        "NORM(", "await workflow.norm.createTask(")


@pytest.mark.parametrize("line", [
    'for pair in zip(params["inputs"], ys):\n    ADD(x=float(len(str(pair))))',
    'for pair in enumerate(ys):\n    ADD(x=float(len(f"{pair}")))',
    'best = max(zip(ys, params["inputs"]))\nADD(x=float(best == [9.0, 3.0]))',
    'best = max(zip(ys, params["inputs"]))\nADD(x=float(len(best + [1.0])))',
    'best = max(zip(ys, params["inputs"]))\nNORM(mult_ids=best)',
    'idx = range(len(ys))\nADD(x=float(len(str(idx))))',
])
def test_what_would_tell_a_tuple_from_a_list_falls_back(tmp_path: Path, line: str) -> None:
    """Bug: each compiled, and the DAG's value was the list's (str() '[1.0, 1.0]' where
    main has '(1.0, 1.0)'; a tuple == a list True where main has False)."""
    graph = traced(tmp_path, HEAD + _steps(line))
    segments = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
    if segments:  # main's statement run natively (a segment): the tuple passes as one
        reason = segments[0].reason
        assert segments[0].line >= 4
    else:
        assert fallback_line(graph) >= 4
        reason = graph.fallback.reason
    assert "tuple" in reason or "range" in reason


@pytest.mark.parametrize("line", [
    'for name, y in zip(["a", "b"], ys):\n    ADD(x=float(len(f"{name}_{y}")))',
    'ADD(x=max(zip(ys, params["inputs"]))[1])',
    'ps = sorted([(r.y, j.x) for r, j in runs])\nADD(x=ps[0][1])',
    'for i, (run, job) in enumerate(runs):\n    ADD(x=float(len(f"{i}-{run.y}")))',
    'best = max(zip(ys, params["inputs"]))\nif best[0] > 4.0:\n    ADD(x=best[1])',
    'for r, j in runs:\n    t = (r.y, j.x)\n    ADD(x=float(len(str(t))))',
    'ps = sorted(zip(ys, params["inputs"]), reverse=True)\nADD(x=ps[0][1])',
    # a block of main's statements given ys (a fan-in) as its run-time value: the pair
    # is main's own tuple in the task that reads first[0]
    'first = sorted(zip(ys, params["inputs"]), key=lambda p: p[1])[0]\nADD(x=first[0])',
    # an item of a dict's .items() made at run time is its own tuple, tagged where it
    # crosses to the mapped step (tup_items runs it both ways)
    'for kv in {str(j.x): r.y for r, j in runs}.items():\n    ADD(x=float(len(str(kv))))',
])
def test_tuples_that_nothing_tells_from_lists_compile(tmp_path: Path, line: str) -> None:
    assert traced(tmp_path, HEAD + _steps(line)).fallback is None


@pytest.mark.parametrize("line", [
    'ps = sorted([(r.y, j.x) for r, j in runs])\nADD(x=float(len("%s" % (ps[0],))))',
    'ps = sorted([(r.y, j.x) for r, j in runs])\nADD(x=float(len("{}".format(ps[0]))))',
    'ps = sorted([((r.y, j.x), 1) for r, j in runs])\nADD(x=float(len(str(ps[0][0]))))',
])
def test_tuples_of_run_outputs_are_made_again_at_run_time(tmp_path: Path, line: str) -> None:
    """A tuple main builds from a run's output (``(r.y, j.x)``) is formatted as main's
    own: the display is made again (``tuple([...])``) where it is formatted, and the
    output is read as the run's script stored it (``run_record(exact=True)``); they fell
    back while outputs reached the tasks as JSON (a tuple output as a list)."""
    graph = traced(tmp_path, HEAD + _steps(line))
    assert graph.fallback is None
    (add,) = [n for n in graph.nodes if isinstance(n, g.CreateTaskNode) and n.id == "add"]
    made = [e for _, e in add.job_params for e in g.walk(e)
            if isinstance(e, g.Invoke) and isinstance(e.callee, g.Function)
            and (e.callee.module, e.callee.qualname) == ("builtins", "tuple")]
    assert made


def test_a_tuple_display_is_a_list_in_json() -> None:
    expr = g.TupleExpr((g.Const(1), g.Const(2)))
    assert g.expr_to_dict(expr) == g.expr_to_dict(g.ListExpr(expr.items))
    assert expr == g.ListExpr(expr.items) and hash(expr) == hash(g.ListExpr(expr.items))
    assert tuples.holds_tuple(tuples.shape(None, expr))
    assert not tuples.holds_tuple(tuples.shape(None, g.ListExpr(expr.items)))


def test_ordering_a_tuple_with_a_list_falls_back(tmp_path: Path) -> None:
    """Natively max((9.0, 3.0), [1.0, 2.0]) raises TypeError; two lists in the DAG do not."""
    graph = traced(tmp_path, HEAD + _steps(
        'best = max(zip(ys, params["inputs"]))\n'
        'ADD(x=max([best, [1.0, 2.0]])[0])'))
    assert fallback_line(graph) > 1 and "tuples and lists" in graph.fallback.reason


BLOCK = '''
async def main(workflow, **params):
    stats = {}
    for x, ys in groups.items():
FILL
'''


SECOND = g.Const(1)


def _block_item(tmp_path: Path, fill: str, module: str = "", index: g.Expr = SECOND,
                inputs: tuple[str, ...] = ("groups",)) -> tuples.Shape:
    """The shape of ``stats[k][index]``, ``stats`` bound by the block of ``BLOCK``."""
    source = module + BLOCK.replace("FILL", fill)
    path = tmp_path / str(abs(hash(source))) / "orchestrator.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source)
    first = 3 + module.count("\n")
    block = g.Function("orchestrator", "<block>", str(path), first, 4, end=(first + 1, 4))
    table = g.Index(g.Invoke(block, (), inputs, tuple(g.Const([]) for _ in inputs)),
                    g.Const("stats"))
    return tuples.shape(None, g.Index(g.Index(table, g.Param("k")), index))


def test_an_item_of_a_block_s_tuples_of_conversions_is_a_scalar(tmp_path: Path) -> None:
    """``stats[x] = (float(arr.mean()), float(arr.std()))`` filled by a block: ``x +
    stats[x][1]`` is a number plus a number, whatever ``x`` (held4_replica_numpy_best_two
    fell back: one side may be or hold a tuple)."""
    fill = "        stats[x] = (float(sum(ys)), len(ys) / 2, str(x) + '!', -int(x))"
    assert _block_item(tmp_path, fill) == tuples.SCALAR
    assert _block_item(tmp_path, fill, index=g.Const(-1)) == tuples.SCALAR


@pytest.mark.parametrize("fill", [
    "        stats[x] = (float(sum(ys)), (x, 1.0))",  # an item that is a tuple
    "        stats[x] = (float(sum(ys)), ys)",  # an item known at run time only
    "        stats[x] = (*[(x, 1.0)], 2.0)",  # unpacked into the display
    "        stats[x] = (1.0, 2.0) if ys else ((x, 1.0), 2.0)",  # a tuple on one path
    "        stats[x] = (1.0, 2.0)\n        stats[x] += ((x, 1.0),)",
    "        stats[x] = (1.0, 2.0)\n        stats.setdefault(-x, ((x, 1.0), 2.0))",
    "        alias = stats\n        alias[x] = ((x, 1.0), 2.0)",
    "        for stats[x] in [((x, 1.0), 2.0)]:\n            pass",
    "        stats[x], other = ((x, 1.0), 2.0), 0",
    "        stats[x] = t = (1.0, 2.0)",
    "        stats[x] = tuple(ys)",
    "        stats[x] = (1.0, 2.0)\n        put = lambda stats: stats.update(a=(1, 2))",
    "        stats = dict(stats)",
])
def test_a_block_s_dict_not_surely_of_scalar_tuples_is_not_known(tmp_path: Path,
                                                                  fill: str) -> None:
    assert _block_item(tmp_path, fill) != tuples.SCALAR


def test_a_block_s_conversions_named_by_the_module_or_main_are_not_known(
        tmp_path: Path) -> None:
    fill = "        stats[x] = (float(sum(ys)), float(x))"
    assert _block_item(tmp_path, fill, module="def float(v):\n    return (v, v)\n\n") \
        != tuples.SCALAR
    assert _block_item(tmp_path, fill, module="from numpy import *\n") != tuples.SCALAR
    # main's own float (the block's input) or stats given by main
    assert _block_item(tmp_path, fill, inputs=("groups", "float")) != tuples.SCALAR
    assert _block_item(tmp_path, fill, inputs=("groups", "stats")) != tuples.SCALAR


def test_a_slice_of_a_block_s_tuple_is_not_a_scalar(tmp_path: Path) -> None:
    fill = "        stats[x] = (float(sum(ys)), float(x))"
    half = g.Invoke(g.Function("builtins", "slice"), (g.Const(None), g.Const(1),
                                                      g.Const(None)))
    assert _block_item(tmp_path, fill, index=half) != tuples.SCALAR
    assert _block_item(tmp_path, fill, index=g.Param("i")) != tuples.SCALAR


# ---- run outputs at run time: what lets the tracer take them as main's own ----------


def _exact_record(**outputs: object) -> dict:
    from motoko_airflow import segments

    return {"study": "s", "run_id": 1, "job_id": 1, "state": "FINISHED", "job": {"x": 1.0},
            "run": {k: segments.encode(v, {}, k) for k, v in outputs.items()},
            segments.EXACT: True}


def test_an_exact_record_gives_outputs_back_as_the_script_stored_them() -> None:
    """Bug: a run's outputs reached the DAG's tasks as JSON: a dict keyed by ints had
    str keys (``run.hist.get(1, -1.0)`` was -1.0 in the DAG, 1.0 in main: other runs,
    fid_int_key_get), a set was left out (AttributeError), a numpy float was a float."""
    import json

    import numpy as np

    from motoko_airflow import execution

    stored = {"tup": (1.0, 2.0), "nest": [(1, 2), (3, 1.0)], "hist": {1: 1.0, 2: 2.0},
              "tags": {1, 2}, "f": np.float64(1.5), "none": None,
              "tagged": {"motoko_tuple": [1]}, "record_like": {"run_id": 1, "job_id": 2}}
    record = json.loads(json.dumps(_exact_record(**stored)))  # as XCom carries it
    run, _ = execution.Pair(record)
    for name, value in stored.items():
        got = getattr(run, name)
        assert type(got) is type(value) and got == value and repr(got) == repr(value)
    assert run.hist is run.hist  # one object per view, as natively


def test_a_loop_item_crosses_tasks_as_it_is() -> None:
    """A mapped step's items (``to_json``, then ``view`` in the task): tuples, sets,
    dicts keyed by numbers and numpy numbers come back the same."""
    import json

    import numpy as np

    from motoko_airflow import execution

    item = [(1.0, {2: {3}}), frozenset({4}), np.float64(2.5), {"motoko_set": [1]},
            {"run_id": 3}]
    again = execution.view(json.loads(json.dumps(execution.to_json(item))))
    assert again == item and [type(v) for v in again] == [type(v) for v in item]
    assert repr(again) == repr(item)


def test_a_loop_item_of_a_dict_kind_crosses_as_it_is_or_fails() -> None:
    """A Counter (or OrderedDict, defaultdict) item crossed tasks as a plain dict:
    ``str(c)`` was ``{'y': 1}`` in the DAG, ``Counter({'y': 1})`` in main
    (fid_mapped_counter_shown). Another subclass of a built-in container (a library's
    named tuple) fails the task rather than cross as its base."""
    import collections
    import json
    import os

    from motoko_airflow import execution
    from motoko_airflow.exceptions import MotokoError

    for item in (collections.Counter({"y": 1}), collections.OrderedDict([(2, (1, 2))]),
                 collections.defaultdict(list, {1: [2]})):
        again = execution.view(json.loads(json.dumps(execution.to_json(item))))
        assert type(again) is type(item) and repr(again) == repr(item)
    with pytest.raises(MotokoError, match="stat_result"):
        execution.to_json(os.stat("."))


def test_a_set_of_strings_output_fails_when_read() -> None:
    """Each process orders a set of strings its own way (salted hashes): a task cannot
    give main's order, so reading it fails the task (no silent other order)."""
    from motoko_airflow import execution
    from motoko_airflow.exceptions import MotokoError

    run, _ = execution.Pair(_exact_record(names={"a", "b"}, one={"a"}, y=1.0))
    assert run.one == {"a"} and run.y == 1.0
    with pytest.raises(MotokoError, match="salted"):
        run.names  # noqa: B018


def test_an_output_no_tag_holds_fails_when_read() -> None:
    from motoko_airflow import execution, segments
    from motoko_airflow.exceptions import MotokoError

    record = _exact_record(y=1.0)
    record["run"]["blob"] = {segments.OPAQUE: "bytes"}
    run, _ = execution.Pair(record)
    assert run.y == 1.0
    with pytest.raises(MotokoError, match="bytes"):
        run.blob  # noqa: B018


def test_a_named_tuple_of_the_workflow_crosses_tasks_as_itself(tmp_path: Path) -> None:
    """A named tuple a function of the workflow made (its class never met by the
    tracer) is a loop's item: it crosses as a record of its class, not as a plain tuple
    (``str(p)`` would be ``(1.0, 2)`` where main has ``Pt(y=1.0, n=2)``)."""
    import importlib.util
    import json
    import sys

    from motoko_airflow import execution

    path = tmp_path / "points_of_fid.py"
    path.write_text('from collections import namedtuple\nPt = namedtuple("Pt", "y n")\n')
    spec = importlib.util.spec_from_file_location("points_of_fid", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["points_of_fid"] = module
    try:
        spec.loader.exec_module(module)
        data = json.loads(json.dumps(execution.to_json([module.Pt(1.0, 2)])))
    finally:
        del sys.modules["points_of_fid"]
    assert repr(execution.view(data)) == "[Pt(y=1.0, n=2)]"
