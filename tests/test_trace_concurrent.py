"""Values that may raise in routines run concurrently (motoko_airflow/trace/concurrent.py):
checked where the DAG makes the same steps as ``main``, a fallback point at the
``gather`` (or the first ``create_task``) where which steps ``main`` makes depends on when
runs finish.

The end-to-end cases (both ways, main failing) are tests/differential/gather_raise_*."""

from __future__ import annotations

import textwrap
from pathlib import Path

from motoko_airflow import graph as g
from motoko_airflow.trace import trace

HEAD = '''\
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def recip(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    return 1.0 / (run.y - 3.0)


'''


def write(directory: Path, source: str) -> Path:
    for study in ("sq", "lin"):
        (directory / study).mkdir(parents=True)
        (directory / study / "bd.yaml").write_text(f"study: {study}\njob:\n  x: float\n")
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  sq:\n  lin:\norchestrator: orchestrator.main\n")
    (directory / "orchestrator.py").write_text(HEAD + textwrap.dedent(source).lstrip())
    return directory


def line_of(directory: Path, text: str) -> int:
    lines = (directory / "orchestrator.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def steps(graph: g.Graph) -> dict[str, g.CreateTaskNode]:
    return {n.id: n for n in graph.nodes if isinstance(n, g.CreateTaskNode)}


def fallback(graph: g.Graph) -> g.FallbackNode:
    (node,) = [n for n in graph.nodes if isinstance(n, g.FallbackNode)]
    return node


def test_a_value_after_the_last_step_of_routines_gathered_per_item_compiles(tmp_path):
    """Once refused as if the routines ran one item after the other (natively the first
    item raising stopped main before the next items' steps): gathered, every routine
    makes its step before any can raise."""
    graph = trace(write(tmp_path, '''
async def best(workflow, x):
    runs = await workflow.lin.createTask(x=[x, x + 1.0])
    return max(run.y for run, _ in runs)


async def main(workflow, **params):
    tops = await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
    await workflow.sq.createTask(x=sum(tops))
'''))
    found = steps(graph)
    assert set(found) == {"lin", "sq"}
    assert found["lin"].when is None and found["lin"].foreach
    # the step after the gather evaluates every item's max(): it fails as main does
    assert "function='max'" in repr(found["sq"].job_params)


def test_a_routines_value_is_no_check_of_another_routines_step(tmp_path):
    """Regression: the value the first routine computed after its step (1 / (y - 3))
    was a check of the second routine's step, which natively is made before the first
    can raise: the DAG made one step where main made two."""
    graph = trace(write(tmp_path, '''
async def main(workflow, **params):
    a, b = await asyncio.gather(recip(workflow, 1.0), recip(workflow, 2.0))
    await workflow.sq.createTask(x=a + b)
'''))
    found = steps(graph)
    assert found["lin"].when is None and found["lin_2"].when is None
    assert ("lin", "lin_2") not in {(e.source, e.target) for e in graph.edges}


def test_a_value_pending_before_a_gather_is_checked_by_every_routine(tmp_path):
    """Regression: a value no step read before the gather was checked by the first
    routine's step only: the DAG made the second routine's step, main none."""
    graph = trace(write(tmp_path, '''
async def square(workflow, x):
    await workflow.sq.createTask(x=x)


async def main(workflow, **params):
    (run, _), = await workflow.lin.createTask(x=1.0)
    ratio = 1.0 / (run.y - 3.0)
    await asyncio.gather(square(workflow, 1.0), square(workflow, 2.0))
    await workflow.sq.createTask(x=ratio)
'''))
    found = steps(graph)
    assert "/" in str(found["sq"].when) and "/" in str(found["sq_2"].when)


def test_a_step_after_the_raise_point_stops_the_path_at_the_gather(tmp_path):
    """Natively the other routines' step after the value is made or not depending on
    when their runs finish: none of the gather's steps is kept."""
    graph = trace(write(tmp_path, '''
async def twice(workflow, x):
    ratio = await recip(workflow, x)
    await workflow.sq.createTask(x=ratio)


async def main(workflow, **params):
    await workflow.sq.createTask(x=0.5)
    await asyncio.gather(twice(workflow, 1.0), twice(workflow, 2.0))
'''), fallback=True)
    assert set(steps(graph)) == {"sq"}
    node = fallback(graph)
    assert node.lineno == line_of(tmp_path, "await asyncio.gather")
    assert "after waiting for runs" in node.reason


def test_a_step_after_the_raise_point_per_item_stops_the_path_too(tmp_path):
    graph = trace(write(tmp_path, '''
async def best(workflow, x):
    runs = await workflow.lin.createTask(x=[x, x + 1.0])
    top = max(run.y for run, _ in runs)
    await workflow.sq.createTask(x=top)


async def main(workflow, **params):
    await workflow.sq.createTask(x=0.5)
    await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
'''), fallback=True)
    assert set(steps(graph)) == {"sq"}
    assert "after waiting for runs" in fallback(graph).reason


def test_a_value_raising_at_once_beside_a_chain_of_steps_stops_the_path(tmp_path):
    """Regression: natively the chain's second step is never made (main fails as soon
    as the other routine raises); the DAG made it."""
    graph = trace(write(tmp_path, '''
async def inverse(workflow, y):
    ratio = 1.0 / (y - 3.0)
    await workflow.sq.createTask(x=ratio)


async def chain(workflow, x):
    (run, _), = await workflow.sq.createTask(x=x)
    await workflow.sq.createTask(x=run.y + 100.0)


async def main(workflow, **params):
    (run, _), = await workflow.lin.createTask(x=1.0)
    await asyncio.gather(inverse(workflow, run.y), chain(workflow, 7.0))
'''), fallback=True)
    assert set(steps(graph)) == {"lin"}
    fallback(graph)


def test_gathers_of_gathers_with_no_step_after_a_wait_compile(tmp_path):
    """A routine's first step comes before any wait, whatever the routine before it in
    an inner gather did."""
    graph = trace(write(tmp_path, '''
async def pair(workflow, a, b):
    return await asyncio.gather(recip(workflow, a), recip(workflow, b))


async def main(workflow, **params):
    await asyncio.gather(pair(workflow, 1.0, 2.0), pair(workflow, 4.0, 5.0))
'''))
    found = steps(graph)
    assert len(found) == 4 and all(n.when is None for n in found.values())
    assert not graph.edges


def test_a_create_task_routines_value_is_no_check_of_the_next_tasks_step(tmp_path):
    """Regression: the first task's value was a check of the second task's step, which
    natively is made before main awaits the first: both run up to their wait."""
    graph = trace(write(tmp_path, '''
async def main(workflow, **params):
    await workflow.sq.createTask(x=0.5)
    first = asyncio.create_task(recip(workflow, 1.0))
    second = asyncio.create_task(recip(workflow, 2.0))
    await first
    await second
'''))
    found = steps(graph)
    assert set(found) == {"sq", "lin", "lin_2"}
    assert found["lin_2"].when is None


def test_a_step_traced_after_a_tasks_value_that_may_raise_stops_the_path(tmp_path):
    """A task awaited after the one that may raise is still running when main learns
    of the error: its step after a wait is made or not by timing."""
    graph = trace(write(tmp_path, '''
async def twice(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    await workflow.sq.createTask(x=run.y)


async def main(workflow, **params):
    await workflow.sq.createTask(x=0.5)
    first = asyncio.create_task(recip(workflow, 1.0))
    second = asyncio.create_task(twice(workflow, 2.0))
    await first
    await second
'''), fallback=True)
    assert set(steps(graph)) == {"sq"}
    node = fallback(graph)
    assert node.lineno == line_of(tmp_path, "first = asyncio.create_task")
    assert "create_task" in node.reason


def test_a_task_awaited_to_its_end_before_the_one_that_may_raise_compiles(tmp_path):
    """main awaits the chain to its end before it awaits the routine that may raise
    (whose error surfaces there): every step is made both ways."""
    graph = trace(write(tmp_path, '''
async def twice(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    await workflow.sq.createTask(x=run.y)


async def main(workflow, **params):
    chain = asyncio.create_task(twice(workflow, 2.0))
    ratio = asyncio.create_task(recip(workflow, 1.0))
    await chain
    await ratio
'''))
    assert len(steps(graph)) == 3


def test_a_value_that_may_raise_before_the_tasks_start_stops_the_path(tmp_path):
    """main raising before its next wait: the tasks it made never start natively. So
    the statements from the task's making to its await run natively as one segment
    (whether the task starts is main's own there), the step after it compiled."""
    graph = trace(write(tmp_path, '''
async def main(workflow, **params):
    (run, _), = await workflow.sq.createTask(x=0.5)
    task = asyncio.create_task(recip(workflow, 2.0))
    ratio = 1.0 / (run.y - 0.25)
    await task
    await workflow.sq.createTask(x=ratio)
'''), fallback=True)
    assert set(steps(graph)) == {"sq", "sq_2"}
    (segment,) = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
    assert segment.names == ("ratio",)
    assert not any(isinstance(n, g.FallbackNode) for n in graph.nodes)


def test_create_task_routines_with_no_value_that_may_raise_compile(tmp_path):
    graph = trace(write(tmp_path, '''
async def chain(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    await workflow.sq.createTask(x=run.y + 1.0)


async def main(workflow, **params):
    tasks = [asyncio.create_task(chain(workflow, x)) for x in (1.0, 2.0)]
    await asyncio.gather(*tasks)
    await workflow.sq.createTask(x=9.0)
'''))
    assert len(steps(graph)) == 5


def test_a_value_pending_where_a_task_is_made_is_checked_by_its_first_step(tmp_path):
    """Natively it raises before the task is made."""
    graph = trace(write(tmp_path, '''
async def main(workflow, **params):
    (run, _), = await workflow.lin.createTask(x=1.0)
    ratio = 1.0 / (run.y - 3.0)
    task = asyncio.create_task(recip(workflow, 2.0))
    await task
    await workflow.sq.createTask(x=ratio)
'''))
    assert "/" in str(steps(graph)["lin_2"].when)


def _second_weight(nargs: str, extra: str = ", required=True", index: int = 1) -> str:
    return f'''
    def populate_arg_parser(parser):
        parser.add_argument("--ws", type=float, nargs={nargs}{extra})


    async def weigh(workflow, ws, x):
        (run, _), = await workflow.sq.createTask(x=x)
        (other, _), = await workflow.lin.createTask(x=run.y * ws[{index}])
        return other.y


    async def main(workflow, **params):
        await asyncio.gather(weigh(workflow, params["ws"], 1.0),
                             weigh(workflow, params["ws"], 2.0))
    '''


def test_an_item_of_a_list_param_its_schema_guarantees_cannot_raise(tmp_path):
    """Once refused (the whole orchestrator): ``ws[1]`` after a step in routines gathered,
    of a param of ``nargs=2`` that argparse and the DAG's param schema both hold to two
    items. Symbolic params: the emitted DAG file's case."""
    for k, index in enumerate((1, 0, -2)):
        graph = trace(write(tmp_path / str(k), _second_weight("2", index=index)),
                      fix_params=False)
        assert not [n for n in graph.nodes if isinstance(n, g.FallbackNode)]
        assert len(steps(graph)) == 4


def test_an_item_of_a_list_param_that_may_be_missing_may_raise(tmp_path):
    """nargs='+' (one item may come), an index past nargs=2, and a param that may be
    None: each may raise after a routine's step, so which steps main makes depends on
    when runs finish: refused (no DAG makes them all)."""
    for k, (nargs, extra, index) in enumerate((
            ('"+"', ", required=True", 1), ("2", ", required=True", 2),
            ("2", ", required=True", -3), ("2", "", 0))):
        directory = write(tmp_path / str(k), _second_weight(nargs, extra, index))
        graph = trace(directory, fix_params=False, fallback=True)
        assert not steps(graph), (nargs, extra, index)
        assert "may raise" in fallback(graph).reason
