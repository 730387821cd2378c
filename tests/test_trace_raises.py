"""A raise of main on a branch (motoko_airflow/trace/raises.py): a node that fails the DAG
run where nothing can catch the error, a fallback point everywhere else.

The end-to-end cases (the DAG run fails with main's error, as the native run does) are
tests/differential/raise_output_message, raise_sheltered and real_retry_unstable."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from motoko_airflow import graph as g
from motoko_airflow.exceptions import TraceError
from motoko_airflow.execution import evaluate, main_error
from motoko_airflow.trace import trace

HEAD = '''\
import asyncio
import contextlib


class StudyError(Exception):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


'''


def write(directory: Path, source: str) -> Path:
    for study in ("sq", "lin"):
        (directory / study).mkdir(parents=True)
        (directory / study / "bd.yaml").write_text(f"study: {study}\njob:\n  x: float\n")
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  sq:\n  lin:\norchestrator: orchestrator.main\n")
    (directory / "orchestrator.py").write_text(HEAD + textwrap.dedent(source).lstrip())
    return directory


def raises_of(graph: g.Graph) -> list[g.RaiseNode]:
    return [n for n in graph.nodes if isinstance(n, g.RaiseNode)]


def record(node: str, y: float, x: float) -> dict:
    return {"run_id": 1, "state": "FINISHED", "run": {"y": y}, "job": {"job_id": 1, "x": x}}


def test_a_raise_on_a_branch_ends_that_path(tmp_path):
    graph = trace(write(tmp_path, '''
async def helper(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > 3:
        await workflow.lin.createTask(x=run.y)
        raise StudyError(f"y={run.y:.1f} from x={job.x}")
    return run.y


async def main(workflow, **params):
    y = await helper(workflow, params["x"])
    await workflow.lin.createTask(x=y + 1)
'''))
    assert not any(isinstance(n, g.FallbackNode) for n in graph.nodes)
    (node,) = raises_of(graph)
    assert node.error == "orchestrator.StudyError"
    assert node.when is not None and "runs of sq" in str(node.when)
    assert set(graph.upstream(node.id)) == {"sq", "lin"}  # after the step of its branch
    after = next(n for n in graph.nodes if isinstance(n, g.CreateTaskNode)
                 and n.id != "lin" and n.task_manager == "lin")
    # the step after the helper exists only where the raise did not happen
    assert str(after.when).startswith("not ")
    assert g.Graph.from_json(graph.to_json()) == graph
    # the message is evaluated at run time from the run's outputs, as natively
    records = {"sq": [record("sq", 4.0, 2.0)]}
    assert evaluate(node.message, {"x": 2.0}, records, plain=False) == "y=4.0 from x=2.0"
    assert evaluate(node.when, {"x": 2.0}, records, plain=False)
    assert not evaluate(node.when, {"x": 2.0}, {"sq": [record("sq", 1.0, 1.0)]},
                        plain=False)


def test_messages(tmp_path):
    graph = trace(write(tmp_path, '''
async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y > 3:
        raise RuntimeError(run.y)
    if run.y < -1:
        raise ValueError
    if run.y == 0:
        raise KeyError("no y")
    await workflow.lin.createTask(x=run.y)
'''))
    found = {n.error: n.message for n in raises_of(graph)}
    assert set(found) == {"RuntimeError", "ValueError", "KeyError"}
    records = {"sq": [record("sq", 4.0, 2.0)]}
    assert evaluate(found["RuntimeError"], {}, records, plain=False) == "4.0"
    assert found["ValueError"] == g.Const("")
    assert found["KeyError"] == g.Const("'no y'")  # str() of a KeyError, as Python's


# each raise may be caught, or followed by steps, natively: a fallback point, with why
SHELTERED = {
    "try_except": ('''
async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y > 3:
        try:
            raise StudyError("big")
        except StudyError:
            pass
    await workflow.lin.createTask(x=1.0)
''', None),
    "finally_in_caller": ('''
async def check(big):
    if big:
        raise StudyError("big")


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    big = run.y > 3  # an operation on it inside the try would stop the trace there
    try:
        await check(big)
    finally:
        await workflow.lin.createTask(x=1.0)
''', "a try around it may catch it"),
    "with": ('''
async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    with contextlib.suppress(StudyError):
        if run.y > 3:
            raise StudyError("big")
    await workflow.lin.createTask(x=1.0)
''', None),
    "gather": ('''
async def one(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > 3:
        raise StudyError("big")


async def main(workflow, **params):
    await asyncio.gather(one(workflow, params["x"]), workflow.lin.createTask(x=1.0))
''', "asyncio.gather"),
    "loop_over_runs": ('''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=[1.0, params["x"]])
    for run, job in runs:
        if run.y > 3:
            raise StudyError("big")
    await workflow.lin.createTask(x=1.0)
''', "loop over a traced list"),
    "attribute_error": ('''
async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y > 3:
        raise AttributeError("big")
    await workflow.lin.createTask(x=1.0)
''', "Python itself may catch"),
    "actions": ('''
async def on_finished(runs=None, workflow=None, **kwargs):
    pass


async def main(workflow, **params):
    workflow.add_action("watch", task="sq", event="state = FINISHED", f=on_finished)
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y > 3:
        raise StudyError("big")
    await workflow.lin.createTask(x=1.0)
''', "actions are registered"),
    "dunder": ('''
class Report:
    def __init__(self, y):
        self.y = y

    def __str__(self):
        if self.y > 3:
            raise StudyError("big")
        return "ok"


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    print(str(Report(run.y)))
    await workflow.lin.createTask(x=1.0)
''', "which Python calls itself"),
}


@pytest.mark.parametrize("name", sorted(SHELTERED))
def test_a_raise_that_may_be_caught_is_not_compiled(tmp_path, name):
    source, why = SHELTERED[name]
    graph = trace(write(tmp_path, source))
    assert not raises_of(graph)
    fallbacks = [n for n in graph.nodes if isinstance(n, g.FallbackNode)]
    if why is None:  # caught while traced, as natively: the path goes on
        assert any(isinstance(n, g.CreateTaskNode) and n.task_manager == "lin"
                   for n in graph.nodes)
        return
    (fallback,) = fallbacks
    assert "main raises StudyError: big" in fallback.reason \
        or "main raises AttributeError: big" in fallback.reason \
        or "loop" in fallback.reason, fallback.reason
    assert "not compiled: " in fallback.reason and why in fallback.reason, fallback.reason


def test_a_raise_on_every_path_is_a_mistake(tmp_path):
    with pytest.raises(TraceError, match="main raised StudyError: always"):
        trace(write(tmp_path, '''
async def main(workflow, **params):
    await workflow.sq.createTask(x=params["x"])
    raise StudyError("always")
'''), fix_params=False)


def test_the_exception_a_task_fails_with():
    error = main_error("RuntimeError", 4.0)
    assert type(error) is RuntimeError and str(error) == "4.0"
    custom = main_error("orchestrator.StudyError", "y=4")
    assert type(custom).__name__ == "StudyError" and type(custom).__module__ == "orchestrator"
    assert isinstance(custom, Exception) and str(custom) == "y=4"
    # str() of a KeyError quotes its argument: main's text is kept as it was
    key = main_error("KeyError", "'no y'")
    assert isinstance(key, KeyError) and str(key) == "'no y'"
    assert type(key).__name__ == "KeyError"
    odd = main_error("UnicodeDecodeError", "bad byte")
    assert type(odd).__name__ == "UnicodeDecodeError" and str(odd) == "bad byte"
    # a name of builtins that is no exception is not taken for one
    assert type(main_error("len", "x")).__name__ == "len"


def test_a_statement_that_raises_is_never_a_run_time_block(tmp_path):
    """A run-time block runs only in the tasks that read what it binds: a raise inside
    one would not fail the DAG run where main fails. A raise compiled as a node does not
    make its statement a block either (the path ends there, as natively)."""
    graph = trace(write(tmp_path / "a", '''
async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if str(run.y).startswith("-"):
        raise StudyError("negative")
    await workflow.lin.createTask(x=1.0)
'''))
    assert graph.fallback is not None and graph.fallback.lineno == 15
    assert not any(getattr(n, "task_manager", "") == "lin" for n in graph.nodes)
    graph = trace(write(tmp_path / "b", '''
async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y < 0:
        raise StudyError("negative")
    await workflow.lin.createTask(x=1.0)
'''))
    (node,) = raises_of(graph)
    lin = next(n for n in graph.nodes if getattr(n, "task_manager", "") == "lin")
    assert str(lin.when) == f"not {node.when}"
    # a loop grouping runs is a block, unless it may raise: then it runs natively
    source = '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=[1.0, params["x"]])
    groups = {}
    for run, job in runs:
        CHECK
        groups.setdefault(job.x, []).append(run.y)
    await workflow.lin.createTask(x=groups[1.0][0])
'''
    block = trace(write(tmp_path / "c", source.replace("CHECK", "pass")))
    assert block.fallback is None
    checked = trace(write(tmp_path / "d", source.replace(
        "CHECK", 'if run.y < 0:\n            raise StudyError("negative")')))
    assert checked.fallback is not None and not raises_of(checked)
    assert not any(getattr(n, "task_manager", "") == "lin" for n in checked.nodes)
