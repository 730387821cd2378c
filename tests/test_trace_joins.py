"""Ifs merged at their join (motoko_airflow/trace/joins.py): the same graph as forking,
and only where nothing after the join can tell which branch ran."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from motoko_airflow import graph as g
from motoko_airflow.trace import instrument, trace

HEAD = '''\
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


'''

# small enough to fork (every decision a path): merging must give the very same graph
SAME_AS_FORKED = {
    "else_sides_in_a_loop": '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    y = runs[0][0].y
    for k in range(3):
        if y > k:
            await workflow.lin.createTask(x=k)
        else:
            await workflow.sq.createTask(x=k + 0.5)
    await workflow.lin.createTask(x=-1.0)
''',
    "nested_and_bound_in_branch": '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    if runs[0][0].y > 1:
        more = await workflow.lin.createTask(x=runs[0][0].y)
        if more[0][0].y > 5:
            await workflow.sq.createTask(x=more[0][0].y)
    elif params["x"] < 0:
        z = abs(params["x"]) * 2
        await workflow.lin.createTask(x=z)
    await workflow.sq.createTask(x=3.0)
''',
    "recursion": '''
async def refine(workflow, x, width, depth):
    runs = await workflow.sq.createTask(x=x)
    if depth < 2 and abs(runs[0][0].y - 2.0) > width:
        await refine(workflow, x - width / 2, width / 2, depth + 1)
        await refine(workflow, x + width / 2, width / 2, depth + 1)


async def main(workflow, **params):
    await refine(workflow, params["x"], 1.0, 0)
    await workflow.lin.createTask(x=0.0)
''',
    "item_tests_in_a_loop_over_runs": '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=[params["x"], 0.5, 3.0])
    for run, job in runs:
        if run.y > 1:
            await workflow.lin.createTask(x=run.y)
        else:
            await workflow.sq.createTask(x=job.x + 10)
        if job.x < 2:
            more = await workflow.sq.createTask(x=job.x + 20)
            if more[0][0].y > 410:
                await workflow.lin.createTask(x=more[0][0].y)
    await workflow.lin.createTask(x=sum([r.y for r, j in runs]))
''',
    "a_value_chosen_before": '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    t = 1.0 if params["x"] > 0 else 2.0
    if runs[0][0].y > t:
        await workflow.lin.createTask(x=t)
    await workflow.sq.createTask(x=t)
''',
}


def write(directory: Path, source: str) -> Path:
    for study in ("sq", "lin"):
        (directory / study).mkdir(parents=True)
        (directory / study / "bd.yaml").write_text(f"study: {study}\njob:\n  x: float\n")
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  sq:\n  lin:\norchestrator: orchestrator.main\n")
    (directory / "orchestrator.py").write_text(HEAD + textwrap.dedent(source).lstrip())
    return directory


def forked(directory: Path, monkeypatch: pytest.MonkeyPatch) -> g.Graph:
    with monkeypatch.context() as m:
        m.setattr(instrument, "joinable_ifs", lambda tree: {})
        instrument._compiled.cache_clear()
        try:
            return trace(directory)
        finally:
            instrument._compiled.cache_clear()


@pytest.mark.parametrize("name", sorted(SAME_AS_FORKED))
def test_merged_graph_is_the_forked_one(name: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    directory = write(tmp_path / name, SAME_AS_FORKED[name])
    merged = trace(directory)
    assert any(isinstance(n, g.CreateTaskNode) and n.when is not None for n in merged.nodes)
    assert merged.to_dict() == forked(directory, monkeypatch).to_dict()


def test_twenty_independent_tests_compile(tmp_path: Path) -> None:
    """More than the 16 decisions a path may hold, and 2**20 paths if they forked."""
    directory = write(tmp_path / "chain", '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    for k in range(20):
        if runs[0][0].y > k * 0.5:
            await workflow.lin.createTask(x=k)
    await workflow.sq.createTask(x=-1.0)
''')
    graph = trace(directory)
    steps = [n for n in graph.nodes if isinstance(n, g.CreateTaskNode)]
    assert len(graph.nodes) == len(steps) == 22
    assert [str(n.when) for n in steps[1:21]] == [
        f"(runs of sq[0][0].y > {k * 0.5})" for k in range(20)]
    assert steps[0].when is None and steps[-1].when is None


def joinable(source: str) -> list[int]:
    """The lines of the ifs of ``source`` that merge at their join."""
    tree = ast.parse(source)
    found = instrument.joinable_ifs(tree)
    return sorted(n.lineno for n in ast.walk(tree) if id(n) in found)


def test_only_ifs_nothing_after_can_tell_apart_merge() -> None:
    source = textwrap.dedent('''\
        made = []
        async def step(workflow, x):
            made.append(x)
            await workflow.lin.createTask(x=x)
        async def clean(workflow, x):
            r = await workflow.lin.createTask(x=x)
            if r[0][0].y > 1 or x > 2:  # forks: leaves the helper
                return
            await workflow.sq.createTask(x=r[0][0].y)
        async def main(workflow, **params):
            runs = await workflow.sq.createTask(x=params["x"])
            y = runs[0][0].y
            if y > 1:  # merges
                r = await workflow.lin.createTask(x=y)
                await workflow.sq.createTask(x=r[0][0].y)
            scale = 1.0
            if y > 2:  # forks: scale is read after the join
                scale = 10.0
            await workflow.sq.createTask(x=scale)
            n = 0
            for t in (1.0, 2.0):
                if y > t:  # forks: a counter
                    n += 1
            ids = [runs]
            if y > 3:  # forks: a list changed
                ids.append(runs)
            if y > 4:  # forks: a helper changing state
                await step(workflow, 1.0)
            if y > 5:  # merges: a helper of steps
                await clean(workflow, 1.0)
            if y > 6:  # merges
                pass
            for t in (1.0,):
                if y > t:  # forks: break
                    break
            if y > 7:  # forks: another call
                print(y)
            if y > 8:  # forks: q is read in a later iteration
                q = 1.0
            for t in (1.0,):
                if y > 9:  # forks: the same
                    await workflow.sq.createTask(x=q)
                    q = 2.0
        async def other(workflow, y):
            if y > 1:  # forks: s is read after the join
                s = await workflow.lin.createTask(x=y)
            if y > 2:  # merges (s unbound natively: checked when it runs)
                await workflow.sq.createTask(x=s)
    ''')
    expected = [i for i, line in enumerate(source.splitlines(), 1) if "# merges" in line]
    assert joinable(source) == expected


def test_a_branch_reading_user_objects_forks(tmp_path: Path) -> None:
    """A name the branch reads holds an object whose attribute runs user code: the if
    is an ordinary decision (both paths traced), not merged."""
    directory = write(tmp_path / "object", '''
class Settings:
    calls = 0

    @property
    def x(self):
        Settings.calls += 1
        return 1.0 + Settings.calls


async def main(workflow, **params):
    settings = Settings()
    runs = await workflow.sq.createTask(x=params["x"])
    if runs[0][0].y > 1:
        await workflow.lin.createTask(x=settings.x)
    await workflow.sq.createTask(x=settings.x)
''')
    graph = trace(directory)
    last = graph.nodes[-1]
    assert isinstance(last, g.CreateTaskNode)
    # natively the second read is 2.0 after the branch ran, 1.0... + 1 otherwise
    assert str(dict(last.job_params)["x"]) == "(3.0 if (runs of sq[0][0].y > 1) else 2.0)"


def test_item_tests_in_a_loop_over_runs_merge(tmp_path: Path) -> None:
    """An if on a loop item whose branches only make steps merges at its join too (each
    step mapped over the loop, filtered per item by its guard): 20 of them are one run
    of main, where forking them was more than the 16 decisions a path may hold."""
    tests = "\n".join(f"        if run.y > {k}:\n            await workflow.lin.createTask("
                      f"x=run.y + {k})" for k in range(20))
    directory = write(tmp_path / "items", f'''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=[params["x"], 3.0])
    for run, job in runs:
{tests}
    await workflow.sq.createTask(x=-1.0)
''')
    graph = trace(directory)
    lins = [n for n in graph.nodes if isinstance(n, g.CreateTaskNode)
            and n.task_manager == "lin"]
    assert len(lins) == 20 and graph.fallback is None
    assert [str(n.when) for n in lins] == [f"(run.y > {k})" for k in range(20)]
    assert all(n.foreach and str(n.foreach[0].over) == "runs of sq" for n in lins)
