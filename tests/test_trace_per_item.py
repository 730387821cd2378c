"""Values made per item of a loop over a list param and used after it (a regression
suite): each item keeps its own runs, its own tests and its own results."""

from __future__ import annotations

from pathlib import Path

from motoko_airflow import graph as g
from motoko_airflow.trace import trace
from tests.conftest import write_workflow

STUDIES = {"newton": {"job": "x: float"}, "sq": {"job": "x: float"}}

ARGS = '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)

'''


def _sq_x(tmp_path: Path, source: str) -> g.Expr:
    graph = trace(write_workflow(tmp_path / "w", ARGS + source, STUDIES))
    assert "fallback" not in [n.kind for n in graph.nodes]
    sq = next(n for n in graph.nodes if isinstance(n, g.CreateTaskNode) and n.id == "sq")
    return dict(sq.job_params)["x"]


def _runs_outside_item(expr: g.Expr, loop: str) -> list[g.Runs]:
    """The runs of newton steps read for all items (not this item's) in ``expr``."""
    return [e for e in g.walk(expr) if isinstance(e, g.Runs) and e.node.startswith("newton")
            and loop not in e.scope]


def test_unpacked_run_collected_after_the_loop_is_each_items(tmp_path):
    """Bug: ``out.append(run.next)`` of ``(run, job), = await createTask(x=x0)`` in a loop
    over a list param became ``[runs(newton)[0][0].next for x0 in x0s]``: the first
    item's run for every item (the DAG's later step made other runs than main)."""
    x = _sq_x(tmp_path, '''
async def main(workflow, **params):
    roots = []
    for x0 in params["x0s"]:
        (run, job), = await workflow.newton.createTask(x=x0)
        roots.append(run.next)
    await workflow.sq.createTask(x=roots)
''')
    assert isinstance(x, g.Collect) and x.loop == "x0"
    assert not _runs_outside_item(x, "x0"), str(x)


def test_capped_loop_per_item_chooses_per_item(tmp_path):
    """Bug: a capped Newton loop in a helper called per item of a list param left a
    value chosen ONCE for all items, by a test of the first item's runs (``[...] if
    runs(newton['x0']).err < tol else ...`` outside the fan-in)."""
    x = _sq_x(tmp_path, '''
async def solve(workflow, x0, tol):
    x = x0
    for k in range(4):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            break
    return x


async def main(workflow, **params):
    roots = []
    for x0 in params["x0s"]:
        roots.append(await solve(workflow, x0, params["tol"]))
    await workflow.sq.createTask(x=roots)
''')
    assert isinstance(x, g.Collect) and x.loop == "x0", str(x)
    assert isinstance(x.element, g.Cond), str(x)
    assert not _runs_outside_item(x, "x0"), str(x)


def test_gather_results_are_one_per_item(tmp_path):
    """Bug: ``gather(*[f(wf, x0) for x0 in x0s])`` returning ``run.next`` (or a list of
    outputs) gave ONE result, read from the first item's run."""
    for returned, used in (("run.next", "[r * 2 for r in results]"),
                           ("[run.next, run.err]", "sum(results, [])")):
        x = _sq_x(tmp_path / returned[:4], f'''
async def one(workflow, x0):
    (run, job), = await workflow.newton.createTask(x=x0)
    return {returned}


async def main(workflow, **params):
    results = await asyncio.gather(*[one(workflow, x0) for x0 in params["x0s"]])
    await workflow.sq.createTask(x={used})
''')
        collects = [e for e in g.walk(x) if isinstance(e, g.Collect)]
        assert collects and all(c.loop == "x0" for c in collects), str(x)
        assert not _runs_outside_item(x, "x0"), str(x)
