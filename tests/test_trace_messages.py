"""Refusals name the construct to change: the line a user edits and, in plain words, what
is wrong with it and what to write instead when there is a simple alternative. Each
differential case whose message named another line or cause, and variants of each
construct; what compiles is unchanged (the differential corpus checks the graphs)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from test_trace import line_of, traced

from motoko_airflow import graph as g
from motoko_airflow.trace import trace
from motoko_airflow.trace.instrument import loop_obstacle

CORPUS = Path(__file__).parent / "differential"


def case_graph(tmp_path: Path, name: str,
               edit: tuple[str, str, int] | None = None) -> g.Graph:
    """The case traced as ``motoko run`` and bench/coverage.py trace it; ``edit``: its
    orchestrator changed first (``str.replace``'s arguments)."""
    directory = tmp_path / name
    shutil.copytree(CORPUS / name, directory)
    if edit is not None:
        source = directory / "orchestrator.py"
        text = source.read_text()
        assert edit[0] in text, edit
        source.write_text(text.replace(*edit))
    params = json.loads((directory / "case.json").read_text())["params"]
    with contextlib.redirect_stderr(io.StringIO()):
        return trace(directory, fallback=True, values=params)


def reasons(graph: g.Graph) -> list[str]:
    return [n.reason for n in graph.nodes if isinstance(n, (g.FallbackNode, g.SegmentNode))]


def only_reason(graph: g.Graph) -> str:
    """What cut the graph, as bench/coverage.py prints it: its (first) fallback's
    reason, else its one segment's."""
    if graph.fallback is not None:
        return graph.fallback.reason
    (reason,) = reasons(graph)
    return reason


# ------------------------------------------------- a value that may raise, read by no step

def test_a_formatted_value_only_printed_is_checked_by_the_next_step(tmp_path: Path) -> None:
    """held5_dt_halving_order: the f"{p:.2f}" of line 25's print, per item of a list
    known at run time, stopped the path at line 27 (the next step); natively it may
    raise there (a value that is not a number). The join made of them is checked by the
    next step for every item, and it compiles whole."""
    graph = case_graph(tmp_path, "held5_dt_halving_order")
    assert not reasons(graph), reasons(graph)
    step = next(n for n in graph.nodes if isinstance(n, g.CreateTaskNode)
                and n.task_manager == "lin")
    assert "format(p, '.2f')" in str(step.when), step.when


FORMATTED = {
    "join_log": '''
!import asyncio
!import math
xs = [params["inputs"][0] / 3 ** k for k in range(4)]
results = await asyncio.gather(*(workflow.mult.createTask(x=x) for x in xs))
res = [runs[0][0].y for runs in results]
rates = [math.log(a / b, 3) for a, b in zip(res, res[1:])]
print("rates:", " ".join(f"{r:.3f}" for r in rates))
await workflow.add.createTask(x=xs[1])
''',
    "format_sqrt": '''
!import asyncio
!import math
xs = [params["inputs"][0] / 2 ** k for k in range(3)]
results = await asyncio.gather(*(workflow.mult.createTask(x=x) for x in xs))
res = [runs[0][0].y for runs in results]
gaps = [math.sqrt(a - b) for a, b in zip(res, res[1:])]
print("gaps:", ", ".join(format(gap, ".4g") for gap in gaps))
await workflow.add.createTask(x=xs[0])
''',
    "join_log2": '''
!import asyncio
!import math
xs = [params["inputs"][0] / 2 ** k for k in range(3)]
results = await asyncio.gather(*(workflow.mult.createTask(x=x) for x in xs))
res = [runs[0][0].y for runs in results]
orders = [math.log2(a / b) for a, b in zip(res, res[1:])]
print("orders:", ", ".join(f"{p:.2f}" for p in orders))
await workflow.add.createTask(x=xs[0])
''',
}


@pytest.mark.parametrize("name", sorted(FORMATTED))
def test_a_value_only_printed_is_checked_by_the_next_step(tmp_path: Path,
                                                          name: str) -> None:
    """Formatted per item of a list known at run time and printed joined: the join is a
    check of the next step (it raises where main raises, for any item)."""
    body = FORMATTED[name]
    graph = traced(tmp_path, body, fallback=True)
    assert not reasons(graph), reasons(graph)
    step = next(n for n in graph.nodes if isinstance(n, g.CreateTaskNode)
                and n.task_manager == "add")
    assert "'join'" in str(step.when) and "format(" in str(step.when), step.when


def test_printing_the_values_unformatted_compiles(tmp_path: Path) -> None:
    """The alternative the message gives."""
    body = FORMATTED["join_log2"].replace(
        'print("orders:", ", ".join(f"{p:.2f}" for p in orders))',
        'print("orders:", orders)')
    graph = traced(tmp_path, body, fallback=True)
    assert not reasons(graph), reasons(graph)


# ------------------------------------------------- a try whose except catches a run's error

def test_the_name_an_except_binds_is_not_carried_by_its_loop(tmp_path: Path) -> None:
    """held5_newton_starts: "it keeps err from one item to the next" named the error
    ``except NotConverged as err:`` binds and its body reads; the try (line 34) is
    what cannot be compiled, and the message names it. Traced with every param symbolic
    (``fix_params=False``; with the params' values, the capped loops are
    guarded iterations and it compiles whole)."""
    directory = tmp_path / "held5_newton_starts"
    shutil.copytree(CORPUS / "held5_newton_starts", directory)
    with contextlib.redirect_stderr(io.StringIO()):
        graph = trace(directory, fallback=True, fix_params=False)
    assert [n.kind for n in case_graph(tmp_path / "fixed", "held5_newton_starts").nodes
            ].count("create_task") == 14
    reason = only_reason(graph)
    assert "keeps err" not in reason
    # its except catches the module's own exception only: the try is traced, and what
    # cuts it is the capped loop's return (line 27)
    assert "a return inside it (line 27)" in reason


def test_a_loop_reading_the_name_its_except_binds_carries_nothing(tmp_path: Path) -> None:
    source = tmp_path / "loop.py"
    source.write_text('''async def main(workflow, xs):
    for x in xs:
        try:
            print(1 / x)
        except ZeroDivisionError as err:
            print("skipped:", err)
''')
    assert loop_obstacle(str(source), 2) is None
    # read before the try binds it: the previous item's error (or unbound)
    source = tmp_path / "loop_before.py"
    source.write_text('''async def main(workflow, xs):
    for x in xs:
        print(err)
        try:
            print(1 / x)
        except ZeroDivisionError as err:
            pass
''')
    assert "it keeps err from one item to the next" in (loop_obstacle(str(source), 2) or "")


CAUGHT = {
    "helper_raises": '''
!class Stuck(RuntimeError):
!    pass
!async def settle(workflow, x, tries=3):
!    for i in range(tries):
!        (run, job), = await workflow.mult.createTask(x=x)
!        if run.y > 1:
!            return run.y
!        x = run.y + 1
!    raise Stuck(f"no fixed point after {tries} tries")
found = []
for x0 in params["inputs"]:
    try:
        found.append(await settle(workflow, x0))
    except (Stuck, ArithmeticError) as err:  # not only the module's own: may catch
        print("skipped:", err)
await workflow.add.createTask(x=len(found))
''',
    "division": '''
found = []
for x0 in params["inputs"]:
    (run, job), = await workflow.mult.createTask(x=x0)
    try:
        found.append(1.0 / run.y)
    except ZeroDivisionError as err:
        print("zero:", err)
await workflow.norm.createTask(mult_ids=found)
''',
    "step_in_try": '''
found = []
for x0 in params["inputs"]:
    try:
        (run, job), = await workflow.mult.createTask(x=x0 * 2)
        found.append(run.y)
    except KeyError as missing:
        print("no output", missing)
await workflow.add.createTask(x=sum(found))
''',
}


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_a_caught_error_names_the_try(tmp_path: Path, name: str) -> None:
    (segment,) = [n for n in traced(tmp_path, CAUGHT[name], fallback=True).nodes
                  if isinstance(n, g.SegmentNode)]
    assert segment.line == line_of(tmp_path, "for x0 in")
    assert f"inside the try of line {line_of(tmp_path, 'try:')}, whose except may " \
        "catch its error" in segment.reason, segment.reason
    assert "from one item to the next" not in segment.reason


# ------------------------------------------------- a later statement binding the name again

def test_a_name_bound_again_later_is_named_with_the_line_to_change(
        tmp_path: Path) -> None:
    """held5_adaptive_sampling and rev_seg_later_loop_rebinds_run: "line 23 reads job,
    which the loop may leave unbound" named a loop binding job before it reads it. The
    tracer takes it for the earlier loop's job; the message says so, and that renaming
    the later variables is the way out."""
    # (its first loop printing what it stores: a loop that only fills the dict would
    # leave no run or job bound, and compiles)
    graph = case_graph(tmp_path, "held5_adaptive_sampling", (
        "        samples[job.x] = run.y\n",
        "        samples[job.x] = run.y\n        print(job.x)\n", 1))
    reason = only_reason(graph)
    assert "line 24 binds job and run again before reading them" in reason
    assert "give job and run other names at line 24" in reason
    reason = only_reason(case_graph(tmp_path, "rev_seg_later_loop_rebinds_run"))
    assert "line 26 binds run again before reading it" in reason
    assert "give run another name at line 26" in reason


TABLE = '''
table = {}
for run, job in await workflow.mult.createTask(x=params["inputs"]):
    table[job.x] = run.y
'''
REBOUND = {
    "unpacked": ('''
(run, job), = await workflow.add.createTask(x=float(len(table)))
await workflow.add.createTask(x=run.y + job.x)
''', "(run, job), =", "job and run"),
    "assigned_in_a_loop": ('''
for i in range(2):
    run = len(table) + i
    await workflow.add.createTask(x=float(run))
''', "run = len", "run"),
    "assigned_in_an_if": ('''
if table:
    job = max(table)
    await workflow.add.createTask(x=job)
''', "job = max", "job"),
}
RENAMED = {"unpacked": ("(run, job), =", "(r, j), ="), "assigned_in_a_loop":
           ("run = len", "r = len"), "assigned_in_an_if": ("job = max", "top = max")}


def test_a_name_bound_first_thing_in_a_later_loop_is_not_read_after(
        tmp_path: Path) -> None:
    """``run = len(table) + i`` at the top of a later loop's body binds run before any
    read of it: the loop filling table leaves nothing read after it, and compiles (a
    run-time fill) as written."""
    graph = traced(tmp_path, TABLE + REBOUND["assigned_in_a_loop"][0], fallback=True)
    assert not reasons(graph), reasons(graph)
    assert "dict_fill" in str(graph.nodes[-1])


@pytest.mark.parametrize("name", sorted(set(REBOUND) - {"assigned_in_a_loop"}))
def test_a_rebound_name_is_named_at_its_binding(tmp_path: Path, name: str) -> None:
    after, binding, names = REBOUND[name]
    reason = only_reason(traced(tmp_path, TABLE + after, fallback=True))
    line = line_of(tmp_path, binding)
    assert f"line {line} binds {names} again before reading" in reason, reason
    assert f"at line {line}" in reason


@pytest.mark.parametrize("name", sorted(REBOUND))
def test_renaming_the_later_variable_compiles(tmp_path: Path, name: str) -> None:
    """The alternative the message gives."""
    after = REBOUND[name][0]
    old, new = RENAMED[name]
    renamed = after.replace(old, new).replace("float(run)", "float(r)").replace(
        "x=job)", "x=top)").replace("run.y + job.x", "r.y + j.x")
    graph = traced(tmp_path, TABLE + renamed, fallback=True)
    assert not reasons(graph), reasons(graph)


def test_a_name_read_where_the_loop_may_leave_it_keeps_the_old_words(
        tmp_path: Path) -> None:
    """After a later loop over runs that may be empty, ``run`` may still be the first
    loop's: that is a read of what it left (named at the first line reading it)."""
    reason = only_reason(traced(tmp_path, TABLE + '''
for run, other in await workflow.add.createTask(x=sorted(table)):
    print(run.y, other.x)
await workflow.add.createTask(x=run.y)
''', fallback=True))
    assert f"line {line_of(tmp_path, 'print(run.y')} reads run, which the loop may " \
        "leave unbound" in reason, reason


# ------------------------------------------------- += on a value a segment passed on

def test_augmented_item_of_a_segments_counter_is_named_in_source_words(
        tmp_path: Path) -> None:
    """rev_trial_region_counter: the message showed the graph's expression
    (motoko_airflow.segments.value(runs of segment, 'seen')[...]) and said that top
    "may hold" seen; it shows the line's source and why the tracer cannot tell."""
    reason = only_reason(case_graph(tmp_path, "rev_trial_region_counter"))
    assert reason.startswith("orchestrator.py:26: `seen[str(round(r.y, 6))] += 1`: seen "
                             "comes from the statements of lines 22-24, run natively as "
                             "a segment"), reason
    assert "cannot tell whether the value += changes is a number or a list" in reason
    assert "motoko_airflow.segments" not in reason
    assert "top, also passed on by the statements of lines 22-24 (a segment), may be " \
        "or hold the same object" in reason


CONVERGE = '''
(start, job), = await workflow.mult.createTask(x=params["inputs"][0])
x, err = start.y, 1.0
hist = []
counts = {"steps": 0}
while err > 0.01:
    (run, job), = await workflow.mult.createTask(x=x)
    err = abs(run.y - x)
    x = run.y
    hist.append(err)
    counts["steps"] += 1
'''
AUGMENTED = {
    "number": ("x += 1", "await workflow.add.createTask(x=x)", "x",
               "if x is a number, write x = x + ..., which compiles"),
    "list": ("hist += [0.0]", "await workflow.add.createTask(x=float(len(hist)))",
             "hist", "if hist is a number"),
    "item": ('counts["steps"] += 1',
             'await workflow.add.createTask(x=float(counts["steps"]))', "counts",
             "x = x + ... makes a new one"),
}


@pytest.mark.parametrize("name", sorted(AUGMENTED))
def test_augmented_segment_value_is_named_in_source_words(
        tmp_path: Path, name: str) -> None:
    statement, step, variable, instead = AUGMENTED[name]
    graph = traced(tmp_path, CONVERGE + statement + "\n" + step + "\n", fallback=True)
    lines = (tmp_path / "orchestrator.py").read_text().splitlines()
    line = max(i for i, text in enumerate(lines, 1) if statement in text)  # not the loop's
    loop = line_of(tmp_path, "while err")
    (segment,) = [n for n in graph.nodes if isinstance(n, g.SegmentNode)
                  and n.line == line]
    assert f"`{statement}`: {variable} comes from the statements of lines {loop}-" \
        in segment.reason, segment.reason
    assert instead in segment.reason


def test_x_equals_x_plus_compiles_where_augmented_does_not(tmp_path: Path) -> None:
    """The alternative the message gives for a number."""
    graph = traced(tmp_path, CONVERGE + "x = x + 1\nawait workflow.add.createTask(x=x)\n",
                   fallback=True)
    assert [n.kind for n in graph.nodes] == ["create_task", "segment", "create_task"]


def test_an_item_of_a_counter_filled_by_tasks_is_named_in_source_words(
        tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!import asyncio
!from collections import Counter
!async def batch(workflow, xs, seen):
!    runs = await workflow.mult.createTask(x=xs)
!    for run, job in runs:
!        seen[str(round(run.y, 3))] += 1
!    return len(runs)
seen = Counter()
a = asyncio.create_task(batch(workflow, params["inputs"], seen))
b = asyncio.create_task(batch(workflow, [1.0, 2.0], seen))
n = await a + await b
(r, j), = await workflow.add.createTask(x=float(n))
seen[str(r.y)] += 1
await workflow.add.createTask(x=float(len(seen)))
''', fallback=True)
    node = graph.fallback
    assert node is not None and node.partial
    line, first = line_of(tmp_path, "seen[str(r.y)]"), line_of(tmp_path, "a = asyncio")
    assert node.reason.startswith(
        f"orchestrator.py:{line}: `seen[str(r.y)] += 1`: seen comes from the statements "
        f"of lines {first}-{first + 2}, run natively as a segment"), node.reason
    assert f"n, also passed on by the statements of lines {first}-{first + 2}" in \
        node.reason


# ------------------------------------ a test deciding what a later createTask loops over

def test_a_test_deciding_what_createtask_loops_over_is_a_fallback_point(
        tmp_path: Path) -> None:
    """atk_conv_len_shape: ``xs = valid if len(valid) > 2 else [1.0, 2.0]`` then a
    createTask per item of ``xs``. Its paths loop over a fan-in of the screening loop on
    one side and over constants on the other, which one DAG cannot show: ``motoko run``
    refused it ("call createTask once per branch") though Motoko runs it. The test is
    now the fallback point, named at its line with the reason."""
    graph = case_graph(tmp_path, "atk_conv_len_shape")
    kinds = [n.kind for n in graph.nodes]
    assert kinds == ["create_task", "fallback"], kinds
    assert graph.fallback is not None
    assert graph.fallback.lineno == line_of(
        CORPUS / "atk_conv_len_shape", "xs = valid if")
    assert "decides what a later createTask loops over" in graph.fallback.reason


def test_a_test_of_a_loop_item_deciding_what_createtask_loops_over_is_cut(
        tmp_path: Path) -> None:
    """atk_conv_param_list: ``enumerate(list(valid) + [1.0])`` after a loop that fills
    ``valid`` under a test of its item. Each path loops over another shape (a fan-in
    joined with a constant, or the constant alone): the merge cuts the test of the item,
    and the loop filling ``valid`` is then evaluated at run time by the step reading it
    (a block of main's statements): both steps compiled, no fallback."""
    graph = case_graph(tmp_path, "atk_conv_param_list")
    kinds = [n.kind for n in graph.nodes]
    assert "fallback" not in kinds and kinds.count("create_task") == 2, kinds
