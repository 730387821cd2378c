"""Write the differential corpus: tests/differential/<case>/ (run from anywhere).

    python tests/differential/make_cases.py

Each case is a Motoko workflow directory (motoko.yaml, orchestrator.py, case.json and
one folder per study it uses). The studies are shared, so they are written from the
STUDIES table below; the orchestrators are written one by one, as a scientist would.
The generated files are committed: the corpus is meant to be read. Re-running this
script rewrites them identically.

Conventions read by tests/test_differential.py:
- a job field ``<study>_ids`` (list) or ``<study>_id`` (int) holds run ids of ``<study>``;
- case.json: ``args`` (the orchestrator's command-line options for ``motoko run``),
  ``params`` (the same values as keyword arguments of ``Workflow.execute``),
  ``partial`` (the tracer is expected to fall back for one part of ``main``),
  ``segments`` (how many statements of ``main`` run natively as segments),
  ``fallback`` (nothing of ``main`` compiles: it runs natively as one task),
  ``idiom`` (what the case exercises), ``raises`` (when ``main`` fails: its exception
  as ``Name: message``, which both halves must end with), ``writes`` (the files its
  compiled write steps write, relative to the case: the Airflow half runs first, then
  the native one, and both leave the same bytes).
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent

LAUNCH = "#!/bin/bash\npython doIt.py\n"

# ---- studies: name -> (job fields, doIt.py) --------------------------------------------

FANIN_HEAD = '''\
import BlackDynamite as BD

from motoko.workflow import Workflow

run, job = BD.getRunFromScript()
run.start()
workflow = Workflow(run.workflow)
'''

STUDIES: dict[str, tuple[dict[str, str], str]] = {
    "sq": ({"x": "float"}, '''\
"""sq: y = x * x."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x * job.x
run.finish()
'''),
    "lin": ({"x": "float"}, '''\
"""lin: y = 2 x + 1."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = 2.0 * job.x + 1.0
run.finish()
'''),
    "step": ({"x": "float", "i": "int"}, '''\
"""step: y = x + 10 i (i is a position in a list of runs)."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x + 10.0 * job.i
run.finish()
'''),
    "mix": ({"a": "float", "b": "float"}, '''\
"""mix: y = a * b + a."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.a * job.b + job.a
run.finish()
'''),
    "count": ({"n": "int"}, '''\
"""count: y = 10 n."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = 10 * job.n
run.finish()
'''),
    "label": ({"name": "str"}, '''\
"""label: text = the name upper-cased, y = its length."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.text = job.name.upper()
run.y = len(job.name)
run.finish()
'''),
    "newton": ({"x": "float"}, '''\
"""newton: one Newton step towards sqrt(2): next = (x + 2 / x) / 2, err = |next - x|."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.next = (job.x + 2.0 / job.x) / 2.0
run.err = abs(run.next - job.x)
run.finish()
'''),
    "total": ({"sq_ids": "list"}, FANIN_HEAD + '''\
# total: y = the sum of the y of the sq runs named by the job, n = how many
sq_runs = workflow.get_runs(f"sq.{i}" for i in job.sq_ids)["sq"] if job.sq_ids else []
run.y = sum(r.y for r in sq_runs)
run.n = len(sq_runs)
run.finish()
'''),
    "pair": ({"x": "float"}, '''\
"""pair: bounds = (x, x + 1), a tuple; y = x."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.bounds = (job.x, job.x + 1.0)
run.y = job.x
run.finish()
'''),
    "follow": ({"sq_id": "int", "x": "float"}, FANIN_HEAD + '''\
# follow: y = the y of the sq run named by the job, plus x
(sq_run,) = workflow.get_runs([f"sq.{job.sq_id}"])["sq"]
run.y = sq_run.y + job.x
run.finish()
'''),
    "interval": ({"x": "float"}, '''\
"""interval: b = (x, 2 x), a tuple output."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.b = (job.x, 2.0 * job.x)
run.finish()
'''),
    "mesh": ({"h": "float"}, '''\
"""mesh: a discretisation of size h: u = 1 + h^2 / 2 + h^3 / 10 (exact value 1),
cells = 1 / h."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.u = 1.0 + 0.5 * job.h ** 2 + 0.1 * job.h ** 3
run.cells = int(round(1.0 / job.h))
run.finish()
'''),
    "replica": ({"x": "float", "seed": "int"}, '''\
"""replica: one noisy replica of configuration x: y = x (1 + (r - 6) / 100), r in 0..12
a deterministic draw from the seed and x."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
r = (job.seed * 7919 + int(round(job.x * 10))) % 13
run.y = job.x * (1.0 + (r - 6) / 100.0)
run.finish()
'''),
    "gap": ({"x": "float"}, '''\
"""gap: y = x, or None where x > 10 (an output that is missing in effect)."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = None if job.x > 10.0 else job.x
run.finish()
'''),
    "solve": ({"dt": "float"}, '''\
"""solve: a time integration with step dt: stable (ok = 1) when dt <= 0.25, res = dt^2."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.ok = 1 if job.dt <= 0.25 else 0
run.res = job.dt * job.dt
run.finish()
'''),
    "store": ({"x": "float"}, '''\
"""store: outputs JSON would change: a tuple, tuples in a list, a dict keyed by ints, a
set, a numpy float, a Counter and None."""

import collections

import BlackDynamite as BD
import numpy as np

run, job = BD.getRunFromScript()
run.start()
run.tup = (job.x, 2.0 * job.x)
run.nest = [(1, 2), (3, job.x)]
run.hist = {1: job.x, 2: 2.0 * job.x}
run.tags = {1, 2, int(job.x)}
run.f = np.float64(job.x)
run.none = None
run.counts = collections.Counter({"b": int(job.x), "a": 2})
run.y = job.x
run.finish()
'''),
}

# ---- cases ----------------------------------------------------------------------------

CASES: dict[str, dict] = {}


def case(name: str, studies: list[str], args: list[str], params: dict, idiom: str,
         source: str, partial: bool = False, files: dict[str, str] | None = None,
         raises: str | None = None, segments: int = 0, fallback: bool = False,
         writes: list[str] | None = None) -> None:
    """One case; ``files``: more modules of the workflow directory (helpers);
    ``raises``: the ``Name: message`` of the exception ``main`` fails with;
    ``fallback``: nothing of ``main`` compiles (one task runs it natively);
    ``writes``: files ``main`` writes (relative to the workflow directory), compared
    byte for byte both ways (the Airflow half runs first)."""
    CASES[name] = {"studies": studies, "source": textwrap.dedent(source).lstrip(),
                   "files": {k: textwrap.dedent(v).lstrip() for k, v in (files or {}).items()},
                   "case": {"args": args, "params": params, "partial": partial,
                            "idiom": idiom, **({"raises": raises} if raises else {}),
                            **({"segments": segments} if segments else {}),
                            **({"fallback": True} if fallback else {}),
                            **({"writes": writes} if writes else {})}}


XS = '''\
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")
'''

case("flag_branch", ["sq", "lin"], ["--refine", "--xs", "1", "2"],
     {"refine": True, "xs": [1.0, 2.0]},
     "if on a store_true flag, a createTask on each side", '''
def populate_arg_parser(parser):
    parser.add_argument("--refine", action="store_true", help="square instead of line")
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    if params["refine"]:
        await workflow.sq.createTask(x=params["xs"])
    else:
        await workflow.lin.createTask(x=params["xs"])
''')

case("compare_param", ["sq", "lin"], ["--n", "2", "--x", "1.5"], {"n": 2, "x": 1.5},
     "if on a comparison of an int param (the else side taken), then common code", '''
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--x", type=float, default=1.0)


async def main(workflow, **params):
    if params["n"] > 2:
        await workflow.sq.createTask(x=params["x"])
    else:
        await workflow.lin.createTask(x=params["x"])
    await workflow.sq.createTask(x=params["x"] + 1.0)
''')

case("bool_ops", ["sq", "lin", "count"], ["--a", "--n", "2"],
     {"a": True, "b": False, "n": 2},
     "and / or / not over params in three ifs", '''
def populate_arg_parser(parser):
    parser.add_argument("--a", action="store_true")
    parser.add_argument("--b", action="store_true")
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    if params["a"] and not params["b"]:
        await workflow.sq.createTask(x=3.0)
    if params["b"] or params["n"] > 1:
        await workflow.lin.createTask(x=float(params["n"]))
    if not params["a"] or params["b"]:
        await workflow.count.createTask(n=params["n"])
''')

case("reassign_in_branch", ["sq", "total"], ["--fine", "--xs", "1", "2", "3", "--x0", "5"],
     {"fine": True, "xs": [1.0, 2.0, 3.0], "x0": 5.0},
     "runs assigned in both sides of an if, then a fan-in of them", '''
def populate_arg_parser(parser):
    parser.add_argument("--fine", action="store_true")
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--x0", type=float, default=1.0)


async def main(workflow, **params):
    if params["fine"]:
        runs = await workflow.sq.createTask(x=params["xs"])
    else:
        runs = await workflow.sq.createTask(x=params["x0"])
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
''')

case("step_variable", ["sq", "lin"], ["--fine", "--x0", "2"], {"fine": True, "x0": 2.0},
     "a variable given a default, reassigned inside an if, used after it", '''
def populate_arg_parser(parser):
    parser.add_argument("--fine", action="store_true")
    parser.add_argument("--x0", type=float, default=0.0)


async def main(workflow, **params):
    step = 1.0
    if params["fine"]:
        step = 0.25
    await workflow.sq.createTask(x=params["x0"] + step)
    await workflow.lin.createTask(x=step)
''')

case("ifexp_param", ["lin", "sq"], ["--x", "2.5"], {"x": 2.5, "positive": False},
     "conditional expressions (x if c else y) as job parameters", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--positive", action="store_true")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x"] if params["positive"] else -params["x"])
    await workflow.sq.createTask(x=1.0 if params["x"] > 2 else 0.0)
''')

case("output_branch_loop", ["sq", "follow"], ["--xs", "1", "2", "3", "--threshold", "3"],
     {"xs": [1.0, 2.0, 3.0], "threshold": 3.0},
     "if on a run output inside for run, job in runs: a follow-up only for some runs", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--threshold", type=float, default=3.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > params["threshold"]:
            await workflow.follow.createTask(sq_id=run.id, x=run.y)
''')

case("one_run_branch", ["sq", "lin"], ["--x", "2.5"], {"x": 2.5},
     "(run, job), = await createTask(...), then if on run.y", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y > 3:
        await workflow.lin.createTask(x=run.y)
    else:
        await workflow.sq.createTask(x=run.y + 1)
''')

case("first_run_branch", ["lin", "sq"], ["--xs", "0.5", "2"], {"xs": [0.5, 2.0]},
     "run, job = runs[0], then if/else on its output (the else side taken)", XS + '''

async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    run, job = runs[0]
    if run.y > 3:
        await workflow.sq.createTask(x=run.y)
    else:
        await workflow.lin.createTask(x=run.y * 10)
''')

case("loop_accumulate", ["sq", "total"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "for x in params list: out += await createTask(x=x), then a fan-in of out", XS + '''

async def main(workflow, **params):
    out = []
    for x in params["xs"]:
        out += await workflow.sq.createTask(x=x)
    await workflow.total.createTask(sq_ids=[run.id for run, job in out])
''')

case("nested_loops_list", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a list of outputs built by two nested loops, the inner one over constants", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shifted = []
    for run, job in runs:
        for k in (0.0, 0.5):
            shifted.append(run.y + k)
    await workflow.lin.createTask(x=shifted)
''')

case("gather_comprehension", ["sq", "total"], ["--xs", "4", "1", "2"],
     {"xs": [4.0, 1.0, 2.0]},
     "asyncio.gather(*[createTask(x=x) for x in xs]) then a nested-comprehension fan-in", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    results = await asyncio.gather(*[workflow.sq.createTask(x=x) for x in params["xs"]])
    await workflow.total.createTask(
        sq_ids=[run.id for runs in results for run, job in runs])
''')

case("comprehension_values", ["lin"], ["--xs", "1", "2", "3", "--scale", "0.5"],
     {"xs": [1.0, 2.0, 3.0], "scale": 0.5},
     "a list comprehension over a param as the values of one createTask (one job each)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    await workflow.lin.createTask(x=[x * params["scale"] for x in params["xs"]])
''')

case("enumerate_runs", ["sq", "step"], ["--xs", "3", "1", "2"], {"xs": [3.0, 1.0, 2.0]},
     "for i, (run, job) in enumerate(runs): i as a job parameter", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for i, (run, job) in enumerate(runs):
        await workflow.step.createTask(x=run.y, i=i)
''')

case("zip_runs", ["sq", "lin", "mix"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "for (ra, ja), (rb, jb) in zip(a_runs, b_runs): combine ra.y and rb.y", XS + '''

async def main(workflow, **params):
    a_runs = await workflow.sq.createTask(x=params["xs"])
    b_runs = await workflow.lin.createTask(x=params["xs"])
    for (ra, ja), (rb, jb) in zip(a_runs, b_runs):
        await workflow.mix.createTask(a=ra.y, b=rb.y)
''')

case("cartesian_runs", ["sq", "lin", "mix"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "nested loops over two run lists: one createTask per pair", XS + '''

async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    lines = await workflow.lin.createTask(x=params["xs"])
    for ra, ja in squares:
        for rb, jb in lines:
            await workflow.mix.createTask(a=ra.y, b=rb.y)
''')

case("concat_fanin", ["sq", "total"], ["--xs", "1", "2", "--ys", "5"],
     {"xs": [1.0, 2.0], "ys": [5.0]},
     "fan-ins of concatenated id lists, one through a variable, one inline", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ys", type=float, nargs="+", required=True)


async def main(workflow, **params):
    a = await workflow.sq.createTask(x=params["xs"])
    b = await workflow.sq.createTask(x=params["ys"])
    ids = [run.id for run, job in a]
    ids = ids + [run.id for run, job in b]
    await workflow.total.createTask(sq_ids=ids)
    await workflow.total.createTask(sq_ids=[r.id for r, j in b] + [r.id for r, j in a])
''')

case("len_and_sum", ["sq", "count", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "len(runs) and sum(r.y for r, j in runs) as job parameters", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=len(runs))
    await workflow.lin.createTask(x=sum(run.y for run, job in runs))
''')

case("builtins_of_outputs", ["lin", "mix", "sq"], ["--xs", "-3", "0.5", "2"],
     {"xs": [-3.0, 0.5, 2.0]},
     "min / max / sorted / round / abs of run outputs as job parameters", XS + '''

async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    await workflow.mix.createTask(a=min(ys), b=max(ys))
    await workflow.mix.createTask(a=round(sum(ys) / 3, 3), b=abs(min(ys)))
    await workflow.sq.createTask(x=sorted(ys)[1])
''')

case("strings", ["sq", "label"], ["--x", "1.5", "--n", "7"], {"x": 1.5, "n": 7},
     "f-string, str() and '{:.3f}'.format() of outputs and params as a str job field", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    await workflow.label.createTask(name=f"y={run.y}")
    await workflow.label.createTask(name=str(params["n"]))
    await workflow.label.createTask(name="{:.3f}".format(run.y))
    await workflow.label.createTask(name=f"n{params['n']}-x{params['x']:.2f}")
''')

case("dict_unpack", ["lin", "sq"], ["--x0", "0.75"], {"x0": 0.75},
     "**dict unpacking into createTask, literal and built from an output", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(**{"x": params["x0"]})
    options = {"x": run.y}
    await workflow.sq.createTask(**options)
''')

case("while_converge", ["sq", "newton", "lin"], ["--x0", "1", "--tol", "0.01"],
     {"x0": 1.0, "tol": 0.01},
     "while True whose exit depends on an output (Newton for sqrt 2, 3 iterations)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    (start, job), = await workflow.sq.createTask(x=params["x0"])
    x = start.y
    while True:
        runs = await workflow.newton.createTask(x=x)
        (run, job), = runs
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=run.next)
''', segments=1)

BISECT = '''\
def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.05)
'''

case("seg_bisection", ["sq", "lin"], ["--target", "2", "--tol", "0.05"],
     {"target": 2.0, "tol": 0.05},
     "an uncapped while bisection with a residual test on an output, then steps reading "
     "its result: the loop runs as one task (a segment), the steps after it are "
     "compiled (a branch on its result, a sweep over it)", BISECT + '''

async def main(workflow, **params):
    lo, hi, err = 0.0, 2.0, 1.0
    while err > params["tol"]:
        mid = (lo + hi) / 2
        (run, job), = await workflow.sq.createTask(x=mid)
        err = abs(run.y - params["target"])
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
    (fin, _), = await workflow.lin.createTask(x=(lo + hi) / 2)
    if fin.y > 3.8:
        await workflow.sq.createTask(x=fin.y)
    else:
        await workflow.lin.createTask(x=hi)
    for r, j in await workflow.sq.createTask(x=[lo, hi]):
        await workflow.lin.createTask(x=r.y)
''', segments=1)

case("seg_runs_value", ["newton", "sq", "lin"], ["--x0", "1", "--tol", "0.01"],
     {"x0": 1.0, "tol": 0.01},
     "a segment whose values are runs: the last Newton runs, mapped over after it", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    x = params["x0"]
    while True:
        runs = await workflow.newton.createTask(x=[x, x + 1])
        run, job = runs[0]
        if run.err < params["tol"]:
            break
        x = run.next
    for r, j in runs:
        await workflow.sq.createTask(x=r.next)
    await workflow.lin.createTask(x=job.x + len(runs))
''', segments=1)

case("seg_global", ["sq", "lin"], ["--target", "2", "--tol", "0.05"],
     {"target": 2.0, "tol": 0.05},
     "a segment reading a module's global (a dict of settings) and counting its "
     "iterations", BISECT + '''
SETTINGS = {"split": 0.5}


async def main(workflow, **params):
    lo, hi, steps, err = 0.0, 2.0, 0, 1.0
    while err > params["tol"]:
        mid = lo + SETTINGS["split"] * (hi - lo)
        (run, job), = await workflow.sq.createTask(x=mid)
        err = abs(run.y - params["target"])
        steps += 1
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
    await workflow.lin.createTask(x=steps)
''', segments=1)

case("seg_alias_list", ["newton", "lin"], ["--x0", "1", "--tol", "0.01"],
     {"x0": 1.0, "tol": 0.01},
     "attack on segments: the loop appends to a list another variable holds, read "
     "after it (not a segment: the rest of main runs natively)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    history = []
    seen = history
    x = params["x0"]
    while True:
        (run, job), = await workflow.newton.createTask(x=x)
        history.append(run.next)
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=len(seen))
''', partial=True)

case("seg_own_list", ["newton", "lin"], ["--x0", "1", "--tol", "0.01"],
     {"x0": 1.0, "tol": 0.01},
     "a segment appending to a list of main's that nothing else holds, read after it",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    history = []
    x = params["x0"]
    while True:
        (run, job), = await workflow.newton.createTask(x=x)
        history.append(run.next)
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=len(history) + history[-1])
''', segments=1)

case("seg_in_loop", ["newton", "lin"], ["--xs", "1", "3", "--tol", "0.01"],
     {"xs": [1.0, 3.0], "tol": 0.01},
     "attack on segments: the uncapped while is inside a loop over a param (not a "
     "segment: the rest of main runs natively)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["xs"])
    for x in params["xs"]:
        while True:
            (run, job), = await workflow.newton.createTask(x=x)
            if run.err < params["tol"]:
                break
            x = run.next
    await workflow.lin.createTask(x=x)
''', partial=True)

case("seg_unbound_read", ["sq", "lin"], ["--target", "2", "--tol", "0.05"],
     {"target": 2.0, "tol": 0.05},
     "attack on segments: after the loop main reads a variable the loop may leave "
     "unbound (not a segment: the rest of main runs natively)", BISECT + '''

async def main(workflow, **params):
    await workflow.lin.createTask(x=params["target"])
    lo, hi, err = 0.0, 2.0, 1.0
    while err > params["tol"]:
        mid = (lo + hi) / 2
        (run, job), = await workflow.sq.createTask(x=mid)
        err = abs(run.y - params["target"])
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
    await workflow.lin.createTask(x=mid)
''', partial=True)

# ---- segments: try, for and with statements, the workflow's own functions -------------

STABLE = '''\
class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)
'''
STABLE_ARGS = (["--dt", "1.0", "--tries", "4"], {"dt": 1.0, "tries": 4, "fallback_dt": 0.01})
GIVE_UP_ARGS = (["--dt", "1.0", "--tries", "2"], {"dt": 1.0, "tries": 2, "fallback_dt": 0.01})

case("seg_try_helpers", ["solve", "lin", "sq"], *STABLE_ARGS,
     "a try around a helper coroutine of the module (a for loop with a return, a local "
     "list it fills, a plain helper function it calls, a custom exception), with "
     "except/else/finally: the try runs as one task (a segment), the steps after it are "
     "compiled", STABLE + '''

def halved(dt):
    return dt * 0.5


async def stable_dt(workflow, dt, tries):
    tried = []
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        tried.append(dt)
        if run.ok:
            return dt, run.res, tried
        dt = halved(dt)
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    note = "none"
    try:
        dt, res, tried = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        print("giving up:", err)
        dt, res, tried = params["fallback_dt"], None, []
    else:
        note = f"stable after {len(tried)}"
    finally:
        print("tried", params["tries"])
    print(note)
    await workflow.lin.createTask(x=[dt, len(tried)])
    if res is not None:
        await workflow.sq.createTask(x=res * 1000)
''', segments=1)

case("seg_try_gives_up", ["solve", "lin", "sq"], *GIVE_UP_ARGS,
     "the helper of a try segment gives up (its custom exception is caught): the steps "
     "after it read the except's values", STABLE + '''

async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        print("giving up:", err)
        dt, res = params["fallback_dt"], None
    await workflow.lin.createTask(x=dt)
    if res is not None:
        await workflow.sq.createTask(x=res * 1000)
    else:
        await workflow.sq.createTask(x=dt)
''')

case("seg_try_uncaught", ["solve", "lin", "sq"], *GIVE_UP_ARGS,
     "the helper of a try segment raises an exception its except does not catch: main "
     "fails there, and no step after it is made", STABLE + '''

class StepError(RuntimeError):
    """The solver gave up."""


async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise StepError(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except ValueError:
        dt, res = params["fallback_dt"], None
    await workflow.sq.createTask(x=dt)
    print("residual", res)
''', segments=1, raises="StepError: no stable step after 2 tries (last dt=0.25)")

case("seg_try_finally_step", ["solve", "lin", "sq"], *GIVE_UP_ARGS,
     "a try segment whose finally makes a step (it runs in the segment's task)",
     STABLE + '''

async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable:
        dt, res = params["fallback_dt"], None
    finally:
        await workflow.lin.createTask(x=params["dt"] + 1)
    await workflow.sq.createTask(x=dt)
    print("residual", res)
''', segments=1)

case("seg_with_suppress", ["solve", "lin", "sq"], *GIVE_UP_ARGS,
     "a with contextlib.suppress around an uncapped while that raises a custom "
     "exception when it gives up, its variables bound before it: the with runs as one "
     "task (a segment)", "import contextlib\n\n\n" + STABLE + '''


async def main(workflow, **params):
    dt, res = params["dt"], None
    with contextlib.suppress(Unstable):
        while True:
            (run, job), = await workflow.solve.createTask(dt=dt)
            if run.ok:
                res = run.res
                break
            dt = run.res * 0.5
            if dt < 0.3:
                raise Unstable(f"too small: {dt}")
    await workflow.lin.createTask(x=dt)
    await workflow.sq.createTask(x=dt if res is None else res)
''', segments=1)

case("seg_for_break_continue", ["solve", "lin", "sq"],
     ["--dts", "1", "0.5", "0.2", "0.1"], {"dts": [1.0, 0.5, 0.2, 0.1]},
     "a for loop over a list param with a try around a division by an output, continue "
     "and break, calling a plain helper: the loop runs as one task (a segment), the "
     "steps after it are compiled", '''
def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


def cost(dt, res):
    table = {"dt": dt}
    table["res"] = res
    return table["dt"] + table["res"]


async def main(workflow, **params):
    best, tried = -1.0, 0
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        tried += 1
        try:
            ratio = 1.0 / run.ok
        except ZeroDivisionError:
            continue
        best = cost(dt, run.res) * ratio
        break
    await workflow.lin.createTask(x=best)
    await workflow.sq.createTask(x=tried)
''')

case("seg_values_unusual", ["solve", "lin", "sq"],
     ["--dts", "1", "0.5", "0.2", "0.1"], {"dts": [1.0, 0.5, 0.2, 0.1]},
     "a for segment whose values are a set, a dict keyed by tuples, an infinite float "
     "and a (run, job) pair: passed on as main had them", '''
def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    seen = set()
    table = {}
    worst = float("inf")
    last = None
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        seen.add(run.ok)
        key = (dt, run.ok)
        table[key] = run.res
        last = (run, job)
    await workflow.lin.createTask(x=len(seen) + len(table))
    for (d, ok), res in sorted(table.items()):
        await workflow.sq.createTask(x=d + ok + res)
    if worst > 1e300:
        await workflow.lin.createTask(x=last[0].res + last[1].dt)
''', segments=1)

# attacks on segments: each must be refused (the rest of main runs natively) or equal

case("seg_helper_changes_global", ["solve", "lin", "sq"], *STABLE_ARGS,
     "attack on segments: the helper called in the try appends to a module global that "
     "main reads after it (not a segment: the rest of main runs natively)", STABLE + '''
HISTORY = []


async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        HISTORY.append(dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable:
        dt, res = params["fallback_dt"], None
    await workflow.sq.createTask(x=len(HISTORY) + dt)
    print("residual", res)
''')

case("seg_helper_changes_shared_argument", ["solve", "lin", "sq"], *STABLE_ARGS,
     "attack on segments: the helper called in the try appends to the list it is given, "
     "which another variable of main holds, read after it (not a segment)", STABLE + '''

async def stable_dt(workflow, dt, tries, log):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        log.append(dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    log = []
    seen = log
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"], log)
    except Unstable:
        dt, res = params["fallback_dt"], None
    await workflow.sq.createTask(x=len(seen) + dt)
    print("residual", res)
''')

case("seg_helper_imul_argument", ["solve", "lin", "sq"], *STABLE_ARGS,
     "attack on segments: the helper repeats the list it is given in place (xs *= 2), "
     "which main reads after it (a segment: the call counts as main changing the "
     "list)", STABLE + '''

async def stable_dt(workflow, dts, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dts[-1])
        if run.ok:
            return dts[-1], run.res
        dts *= 2
        dts[-1] = dts[-1] * 0.5
    raise Unstable(f"no stable step after {tries} tries")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    dts = [params["dt"]]
    try:
        dt, res = await stable_dt(workflow, dts, params["tries"])
    except Unstable:
        dt, res = params["fallback_dt"], None
    await workflow.sq.createTask(x=len(dts) + dt)
    print("residual", res)
''')

case("seg_exception_with_state", ["solve", "lin", "sq"], *GIVE_UP_ARGS,
     "attack on segments: the exception class keeps the last step as state, read in the "
     "except (not a segment)", '''
class Unstable(RuntimeError):
    def __init__(self, dt):
        super().__init__(f"unstable down to {dt}")
        self.dt = dt


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)


async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(dt)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        dt, res = err.dt, None
    await workflow.sq.createTask(x=dt)
    print("residual", res)
''', partial=True)

case("seg_except_binds_one_path", ["solve", "lin", "sq"], *GIVE_UP_ARGS,
     "attack on segments: only the except binds a variable main reads after the try "
     "(not a segment: the rest of main runs natively)", STABLE + '''

async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["dt"])
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        reason = str(err)
        dt, res = params["fallback_dt"], None
    await workflow.sq.createTask(x=dt)
    if res is None:
        await workflow.lin.createTask(x=len(reason))
''', partial=True)

case("seg_for_target_unbound", ["solve", "lin", "sq"],
     ["--dts", "1", "0.5", "0.2"], {"dts": [1.0, 0.5, 0.2]},
     "attack on segments: after a for segment main reads its loop variable, which an "
     "empty list would leave unbound (not a segment)", '''
def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        break
    await workflow.sq.createTask(x=dt)
''')

case("seg_values_iterator", ["solve", "lin", "sq"],
     ["--dts", "1", "0.5", "0.2"], {"dts": [1.0, 0.5, 0.2]},
     "attack on segments: the for segment binds a zip iterator main walks after it (it "
     "cannot be passed on as JSON: not a segment)", '''
def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    pairs = None
    oks = []
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        oks.append(run.res)
        pairs = zip(params["dts"], oks)
    for dt, res in pairs:
        await workflow.sq.createTask(x=dt + res)
''', partial=True)

case("seg_values_numpy", ["solve", "lin", "sq"],
     ["--dts", "1", "0.5", "0.2"], {"dts": [1.0, 0.5, 0.2]},
     "attack on segments: the for segment keeps a numpy float (not a segment: it calls "
     "numpy, whose values cannot all be passed on as JSON)", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=len(params["dts"]))
    scale = 1.0
    for dt in params["dts"]:
        (run, job), = await workflow.solve.createTask(dt=dt)
        try:
            1.0 / run.ok
        except ZeroDivisionError:
            continue
        scale = np.float64(run.res) * 2
    await workflow.sq.createTask(x=float(scale))
''')

case("seg_values_run_object_shared", ["solve", "lin", "sq"], *GIVE_UP_ARGS,
     "a try segment whose helper returns the (run, job) pair of its last step, read "
     "after it, and a module-level table the helper only reads", STABLE + '''
FACTORS = {"halve": 0.5}


async def stable(workflow, dt, tries):
    for attempt in range(tries):
        pair = (await workflow.solve.createTask(dt=dt))[0]
        if pair[0].ok:
            return pair
        dt = dt * FACTORS["halve"]
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    last = None
    try:
        last = await stable(workflow, params["dt"], params["tries"] + 2)
    except Unstable as err:
        print(f"gave up: {err}")
    run, job = last
    await workflow.lin.createTask(x=job.dt)
    await workflow.sq.createTask(x=run.res)
''', partial=True)

case("branch_in_loop", ["sq", "lin"], ["--xs", "1", "2", "3", "4", "--cut", "2.5"],
     {"xs": [1.0, 2.0, 3.0, 4.0], "cut": 2.5},
     "an if on a param value inside a loop over a list param", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=0.0)


async def main(workflow, **params):
    for x in params["xs"]:
        if x > params["cut"]:
            await workflow.sq.createTask(x=x)
        else:
            await workflow.lin.createTask(x=x)
''')

case("loop_in_branch", ["sq", "lin"], ["--sweep", "--xs", "1", "2", "3"],
     {"sweep": True, "xs": [1.0, 2.0, 3.0]},
     "a loop over a list param inside an if on a flag", '''
def populate_arg_parser(parser):
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    if params["sweep"]:
        for x in params["xs"]:
            await workflow.sq.createTask(x=x)
            await workflow.lin.createTask(x=x)
    else:
        await workflow.sq.createTask(x=params["xs"][0])
''')

case("output_branch_then_fanin", ["sq", "follow", "total"],
     ["--xs", "1", "2", "3", "--threshold", "2"], {"xs": [1.0, 2.0, 3.0], "threshold": 2.0},
     "an if on each run's output (follow-up for some), then a fan-in over all runs", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--threshold", type=float, default=0.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > params["threshold"]:
            await workflow.follow.createTask(sq_id=run.id, x=1.0)
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
''')

case("routine_helpers", ["sq", "step", "total"],
     ["--xs", "1", "3", "2", "--threshold", "3"], {"xs": [1.0, 3.0, 2.0], "threshold": 3.0},
     "async helper routines holding a loop, enumerate, an output branch and a fan-in", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--threshold", type=float, default=0.0)


async def run_squares(workflow, xs):
    out = []
    for x in xs:
        out += await workflow.sq.createTask(x=x)
    return out


async def run_steps(workflow, runs, threshold):
    for i, (run, job) in enumerate(runs):
        if run.y > threshold:
            await workflow.step.createTask(x=run.y, i=i)


async def run_total(workflow, runs):
    return await workflow.total.createTask(sq_ids=[run.id for run, job in runs])


async def main(workflow, **params):
    squares = await run_squares(workflow, params["xs"])
    await run_steps(workflow, squares, params["threshold"])
    await run_total(workflow, squares)
''')

case("flag_off_loop_fanin", ["sq", "lin", "total"], ["--xs", "2", "4"],
     {"xs": [2.0, 4.0], "refine": False},
     "an absent store_true flag: the else side holds a loop and a fan-in", '''
def populate_arg_parser(parser):
    parser.add_argument("--refine", action="store_true")
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    if params["refine"]:
        await workflow.lin.createTask(x=params["xs"])
    else:
        runs = []
        for x in params["xs"]:
            runs += await workflow.sq.createTask(x=x / 2)
        await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
''')

case("output_select_loop_fanin", ["sq", "lin", "total"],
     ["--xs", "1", "2", "3", "--cut", "2"], {"xs": [1.0, 2.0, 3.0], "cut": 2.0},
     "a list grown by a branch on outputs inside a loop, then its fan-in and len", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=0.0)


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    kept = []
    for run, job in runs:
        if run.y > params["cut"] * 2:
            kept += await workflow.sq.createTask(x=run.y)
    await workflow.total.createTask(sq_ids=[r.id for r, j in kept])
    await workflow.lin.createTask(x=float(len(kept)) + 0.5)
''')


case("per_item_runs", ["sq", "lin", "mix"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "inside a loop over a param, the runs just created are this item's", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        await workflow.lin.createTask(x=run.y + x)
        runs = await workflow.lin.createTask(x=[x, x + 10])
        for r, j in runs:
            await workflow.mix.createTask(a=r.y, b=x)
''')

case("range_len_positions", ["sq", "step", "label"], ["--xs", "2", "1.5"],
     {"xs": [2.0, 1.5]},
     "range(len(runs)) and runs[i], with %-formatting of outputs into a string", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for i in range(len(runs)):
        run, job = runs[i]
        await workflow.step.createTask(x=run.y, i=i)
        await workflow.label.createTask(name="%s/%s" % (i, run.y))
''')


case("gather_routines_per_item", ["sq", "lin", "total"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "asyncio.gather of one helper coroutine per input, each a chain of steps", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    (run, job), = await workflow.lin.createTask(x=x)
    return await workflow.sq.createTask(x=[run.y, run.y + x])


async def main(workflow, **params):
    results = await asyncio.gather(*[chain(workflow, x) for x in params["xs"]])
    await workflow.total.createTask(sq_ids=[r.id for runs in results for r, j in runs])
''')

case("unrolled_output_branch", ["sq", "lin"], ["--x0", "0.5"], {"x0": 0.5},
     "a loop over a constant range with an if on each iteration's output", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=0.5)


async def main(workflow, **params):
    x = params["x0"]
    for i in range(3):
        (run, job), = await workflow.sq.createTask(x=x + i)
        if run.y > 2:
            await workflow.lin.createTask(x=run.y)
        x = run.y / 4
''')

case("early_return", ["sq", "lin"], ["--x", "3"], {"x": 3.0, "more": False},
     "return early from main when a flag is off", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)
    parser.add_argument("--more", action="store_true")


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if not params["more"] and run.y > 5:
        return
    await workflow.lin.createTask(x=run.y)
''')


case("handler_filter_none", ["sq", "follow", "total"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "an error handler (fail-fast DAG) and an if on outputs no run passes, then a fan-in",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def report(runs, **params):
    print("failed:", [r.id for r, j in runs])


async def main(workflow, **params):
    workflow.add_error_handler(f=report)
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > 100:
            await workflow.follow.createTask(sq_id=run.id, x=run.y)
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
    workflow.finished = True  # the handler is an action: the native loop waits for this
''')


case("break_on_output", ["sq", "lin"], ["--xs", "1", "2", "3", "0.5"],
     {"xs": [1.0, 2.0, 3.0, 0.5]},
     "a for loop over runs left by a break on an output (partial: natively from it)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > 3:
            break
        await workflow.lin.createTask(x=run.y)
    await workflow.lin.createTask(x=-1.0)
''', segments=1)

case("first_run_after_break", ["sq", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "the first run taken with a break, and an output summed up after", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        first = run
        break
    await workflow.lin.createTask(x=first.y - sum(r.y for r, j in runs))
''')


# ---- adversarial cases: each tries to make the tracer compile other work than main ----
# (a case marked partial must fall back for the rest of main at the construct it tests;
# the others must compile exactly)

case("adv_counter_threshold", ["lin", "sq"], ["--xs", "1", "2", "3", "4"],
     {"xs": [1.0, 2.0, 3.0, 4.0]},
     "a counter incremented under a test of each run's output, tested after the loop",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    too_big = 0
    for run, job in runs:
        if run.y > 4:
            too_big += 1
    if too_big >= 2:
        await workflow.sq.createTask(x=float(too_big))
''')

case("adv_first_flag", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a first-iteration flag: only the first run gets a follow-up", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    first = True
    for run, job in runs:
        if first:
            await workflow.lin.createTask(x=run.y)
            first = False
''', partial=True)

case("adv_previous_item", ["sq", "mix"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "the previous item kept in a variable: pairs of neighbours", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    previous = None
    for run, job in runs:
        if previous is not None:
            await workflow.mix.createTask(a=previous, b=run.y)
        previous = run.y
''', partial=True)

case("adv_break_after_create", ["lin", "sq"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a break right after the createTask of a loop over a list param", XS + '''

async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    for x in params["xs"]:
        await workflow.sq.createTask(x=x)
        break
''')

case("adv_running_total_in_list", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a running total kept in a one-element list, passed on at each item", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    acc = [0.0]
    for run, job in runs:
        acc[0] += run.y
        await workflow.lin.createTask(x=acc[0])
''', partial=True)

case("adv_last_runs_after_loop", ["lin", "sq", "total"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "the runs of the last iteration used after the loop", XS + '''

async def main(workflow, **params):
    await workflow.lin.createTask(x=params["xs"])
    for x in params["xs"]:
        runs = await workflow.sq.createTask(x=x)
    await workflow.total.createTask(sq_ids=[r.id for r, j in runs])
''')

case("adv_count_with_generator", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "sum(1 for _ in runs) and len of a list of constants built by a comprehension",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=sum(1 for _ in runs))
    await workflow.count.createTask(n=len([0 for run, job in runs]))
''')

case("adv_append_constant", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a list of constants appended in a loop over runs, summed after it", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ones = []
    for run, job in runs:
        ones.append(1)
    await workflow.count.createTask(n=sum(ones))
''')

case("adv_helper_module_count", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a helper module of the workflow counting outputs with its own sum()",
     "from stats import count_above\n\n\n" + XS + '''


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    await workflow.count.createTask(n=count_above(ys, 2.0))
''', files={"stats.py": '''
"""Helpers of the study."""


def count_above(values, threshold):
    return sum(1 for v in values if v > threshold)
'''})

case("adv_slice_outputs", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a slice of a list of outputs (all but the first)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    await workflow.lin.createTask(x=sum(ys[1:]))
''')

case("adv_sorted_set_outputs", ["sq", "lin"], ["--xs", "1", "-1", "2"],
     {"xs": [1.0, -1.0, 2.0]},
     "sorted(set(...)) of outputs, one follow-up per distinct value", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    distinct = sorted(set(run.y for run, job in runs))
    for y in distinct:
        await workflow.lin.createTask(x=y)
''')

case("adv_islice_runs", ["sq", "total"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "list(itertools.islice(runs, 2)): the first two runs", '''
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    first_two = list(itertools.islice(runs, 2))
    await workflow.total.createTask(sq_ids=[r.id for r, j in first_two])
''')

case("adv_extend_interleaved", ["sq", "total"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "ids of two run lists interleaved with extend([a, b]) in a zip loop", XS + '''

async def main(workflow, **params):
    small = await workflow.sq.createTask(x=params["xs"])
    big = await workflow.sq.createTask(x=[x + 10 for x in params["xs"]])
    ids = []
    for (ra, ja), (rb, jb) in zip(small, big):
        ids.extend([ra.id, rb.id])
    await workflow.total.createTask(sq_ids=ids)
''')

case("adv_next_generator", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "next(r for r, j in runs if ...): the first run past a threshold", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = next(run for run, job in runs if run.y > 3)
    await workflow.lin.createTask(x=big.y)
''', partial=True)

case("adv_late_closure", ["lin", "sq"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "coroutines defined in a loop reading the loop variable late, gathered after it", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    steps = []
    for x in params["xs"]:
        async def step():
            await workflow.sq.createTask(x=x)
        steps.append(step())
    await asyncio.gather(*steps)
''')

case("adv_lambda_late", ["lin", "sq"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "lambdas made in a loop, called after it (they all see the last item)", XS + '''

async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    makers = []
    for x in params["xs"]:
        makers.append(lambda: x * 2)
    for make in makers:
        await workflow.sq.createTask(x=make())
''')

case("adv_dict_lookup_output", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "a dict looked up with a run output", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


SCALE = {1.0: 10.0, 4.0: 20.0}


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    await workflow.lin.createTask(x=SCALE.get(run.y, 0.0))
''', partial=True)

case("adv_set_membership", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "if run.y in {1.0, 4.0}: a set looked up with an output", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y in {1.0, 4.0}:
        await workflow.lin.createTask(x=run.y)
''', partial=True)

case("adv_is_none_param", ["lin", "sq"], ["--x", "3"], {"x": 3.0, "start": None},
     "params['start'] is None on an optional param (absent): a default chosen", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--start", type=float, default=None)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x"])
    start = params["start"]
    if start is None:
        start = 1.5
    await workflow.sq.createTask(x=start)
''')

case("adv_is_not_none_output", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "an identity test of an output with None (is not None)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y is not None:
        await workflow.lin.createTask(x=run.y)
    else:
        await workflow.sq.createTask(x=0.0)
''')

case("adv_isinstance_output", ["count", "sq"], ["--n", "2"], {"n": 2},
     "isinstance(run.y, int) on an output", '''
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.count.createTask(n=params["n"])
    if isinstance(run.y, int):
        await workflow.sq.createTask(x=1.0 * run.y)
''', partial=True)

case("adv_str_method_output", ["sq", "label"], ["--x", "1.5"], {"x": 1.5},
     "a string method on a formatted output (str(run.y).replace)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    await workflow.label.createTask(name=str(run.y).replace(".", "p"))
''', partial=True)

case("adv_except_swallows", ["sq", "count"], ["--x", "2"], {"x": 2.0},
     "the orchestrator's own try/except Exception around math.floor(output) (a block of "
     "main's statements: the try runs at run time)", '''
import math


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    try:
        n = math.floor(run.y)
    except Exception:
        n = 0
    await workflow.count.createTask(n=n)
''')

case("adv_len_of_formatted", ["sq", "count"], ["--x", "1.5"], {"x": 1.5},
     "len() of a formatted output (a format spec)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    await workflow.count.createTask(n=len(f"{run.y:.3f}"))
''')

case("adv_str_compare", ["sq", "lin"], ["--xs", "2", "3"], {"xs": [2.0, 3.0]},
     "a formatted job field compared with a string inside a loop over runs", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if str(job.x) == "2.0":
            await workflow.lin.createTask(x=run.y)
''', partial=True)

case("adv_getattr_task_manager", ["sq", "lin"], ["--x", "2"], {"x": 2.0, "cube": False},
     "a task manager chosen by a flag with getattr (the else side taken)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--cube", action="store_true")


async def main(workflow, **params):
    manager = getattr(workflow, "sq" if params["cube"] else "lin")
    await manager.createTask(x=params["x"])
''')

case("adv_guard_anything_made", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "if made: (whether a filtered loop created anything)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    made = []
    for run, job in runs:
        if run.y > 5:
            made += await workflow.lin.createTask(x=run.y)
    if made:
        await workflow.count.createTask(n=1)
''')

case("adv_guard_len_made", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "len() of a filtered comprehension after a filtered loop (compiled)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    made = []
    for run, job in runs:
        if run.y > 5:
            made += await workflow.lin.createTask(x=run.y)
    await workflow.count.createTask(n=len([run for run, job in runs if run.y > 5]))
''')

case("adv_module_state", ["sq", "lin"], ["--x", "2"], {"x": 2.0, "refine": False},
     "module-level state changed by main, on a branchy main (each path starts afresh)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--refine", action="store_true")


CALLS = [0]


async def main(workflow, **params):
    CALLS[0] += 1
    if params["refine"]:
        await workflow.lin.createTask(x=params["x"])
    await workflow.sq.createTask(x=float(CALLS[0]))
''')

case("adv_gather_shared_list", ["sq", "label"], [], {},
     "two gathered routines appending to one list around their awaits", '''
import asyncio

ORDER = []


async def slow(workflow):
    await workflow.sq.createTask(x=1.0)
    ORDER.append("a")


async def quick(workflow):
    ORDER.append("b")
    await workflow.sq.createTask(x=2.0)


async def main(workflow, **params):
    await workflow.sq.createTask(x=0.5)
    await asyncio.gather(slow(workflow), quick(workflow))
    await workflow.label.createTask(name="".join(ORDER))
''', partial=True)

case("adv_helper_mutates_state", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a helper coroutine counting into a dict it is given, called in a loop over runs",
     XS + '''

async def note(state, run):
    if run.y > 3:
        state["big"] += 1


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    state = {"big": 0}
    for run, job in runs:
        await note(state, run)
    if state["big"] >= 1:
        await workflow.lin.createTask(x=float(state["big"]))
''', segments=1)

case("adv_walrus_comprehension", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "an assignment expression in a comprehension: the last output after it", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [last := run.y for run, job in runs]
    await workflow.lin.createTask(x=last + len(ys))
''')

case("adv_position_counter", ["sq", "step"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "a position counted by hand (i += 1) instead of enumerate", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    i = 0
    for run, job in runs:
        await workflow.step.createTask(x=run.y, i=i)
        i += 1
''', partial=True)

case("adv_best_so_far", ["sq", "lin"], ["--xs", "1", "3", "2"], {"xs": [1.0, 3.0, 2.0]},
     "the best output so far, kept across iterations, used after the loop", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = 0.0
    for run, job in runs:
        if run.y > best:
            best = run.y
    await workflow.lin.createTask(x=best)
''')

case("adv_dict_accumulate", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict filled in a loop over runs, its values summed after it", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_id = {}
    for run, job in runs:
        by_id[f"run{job.x}"] = run.y
    await workflow.lin.createTask(x=sum(by_id.values()))
''')

case("adv_any_output", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "any(... for run, job in runs) as a condition", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if any(run.y > 5 for run, job in runs):
        await workflow.lin.createTask(x=1.0)
''')

case("adv_counter_param_loop", ["sq", "count"], ["--xs", "1", "2", "3", "--cut", "1.5"],
     {"xs": [1.0, 2.0, 3.0], "cut": 1.5},
     "a counter in a loop over a list param, under a test of the item", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=0.0)


async def main(workflow, **params):
    await workflow.sq.createTask(x=params["xs"])
    n = 0
    for x in params["xs"]:
        if x > params["cut"]:
            n += 1
    await workflow.count.createTask(n=n)
''')

case("adv_except_key_error", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "try: table[run.y] except KeyError: a default (a dict keyed by outputs)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


TABLE = {4.0: 7.0}


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    try:
        value = TABLE[run.y]
    except KeyError:
        value = 0.0
    await workflow.lin.createTask(x=value)
''', partial=True)

case("adv_helper_loop_return", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a helper module's loop returning at the first big output",
     "from checks import any_big\n\n\n" + XS + '''


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if any_big(runs, 5.0):
        await workflow.lin.createTask(x=1.0)
''', files={"checks.py": '''
"""Checks on runs."""


def any_big(runs, threshold):
    for run, job in runs:
        if run.y > threshold:
            return True
    return False
'''})

case("adv_join_outputs", ["sq", "label"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "'-'.join(str(r.y) for r, j in runs) as a name", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.label.createTask(name="-".join(str(run.y) for run, job in runs))
''')

case("adv_len_of_names", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "len() of a list of formatted outputs (compiled)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    names = [f"y={run.y}" for run, job in runs]
    await workflow.count.createTask(n=len(names))
''')

case("adv_duplicate_items_fanin", ["sq", "total"], ["--xs", "1", "1", "2"],
     {"xs": [1.0, 1.0, 2.0]},
     "a list param with a repeated value: one createTask per item, then a fan-in", XS + '''

async def main(workflow, **params):
    out = []
    for x in params["xs"]:
        out += await workflow.sq.createTask(x=x)
    await workflow.total.createTask(sq_ids=[r.id for r, j in out])
''')

case("adv_tuple_output", ["pair", "label", "lin"], ["--x", "1.5"], {"x": 1.5},
     "an output stored as a tuple, formatted and indexed downstream", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    await workflow.label.createTask(name=str(run.bounds))
    await workflow.lin.createTask(x=run.bounds[1])
''')

case("adv_combo_flag_counter_helper", ["sq", "lin", "count"],
     ["--xs", "1", "2", "3", "--refine"], {"xs": [1.0, 2.0, 3.0], "refine": True},
     "combination: a flag branch, a mapped loop, then a counter in a helper loop", XS + '''
    parser.add_argument("--refine", action="store_true")


def count_big(runs):
    n = 0
    for run, job in runs:
        if run.y > 2:
            n += 1
    return n


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if params["refine"]:
        for run, job in runs:
            await workflow.lin.createTask(x=run.y)
    await workflow.count.createTask(n=count_big(runs))
''')

case("adv_combo_except_in_loop", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "combination: try/except Exception inside a loop over runs around a set lookup",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = {4.0}
    for run, job in runs:
        try:
            known = run.y in seen
        except Exception:
            known = False
        if not known:
            await workflow.lin.createTask(x=run.y)
''', partial=True)

case("adv_combo_enumerate_break", ["sq", "step", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "combination: enumerate with a break at a position after a createTask", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for i, (run, job) in enumerate(runs):
        await workflow.step.createTask(x=run.y, i=i)
        if i >= 1:
            break
    await workflow.lin.createTask(x=1.0)
''', segments=1)

# ---- run-time calls: library functions, key functions and helpers called by the task
# that needs their value (written like studies: several idioms each)

case("calls_replica_statistics", ["sq", "lin", "count"], ["--xs", "1", "2", "4"],
     {"xs": [1.0, 2.0, 4.0]},
     "statistics.fmean/pstdev over replicas, a branch on the spread, a helper stage "
     "per mesh level", '''
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="one replica per value")


async def stage(workflow, level, base):
    """One mesh level: a refinement run whose size halves with the level."""
    runs = await workflow.lin.createTask(x=base / 2 ** level)
    return runs


async def main(workflow, **params):
    replicas = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in replicas]
    mean = statistics.fmean(ys)
    spread = statistics.pstdev(ys)
    print(f"mean {mean:.3f}, spread {spread:.3f}")
    if spread > 3.0:
        await workflow.count.createTask(n=len(ys))
    for level in range(3):
        await stage(workflow, level, mean)
    await workflow.lin.createTask(x=round(spread, 6))
''')

case("calls_best_k_refined", ["sq", "lin", "follow"],
     ["--xs", "3", "-1", "2", "0.5", "--k", "2"], {"xs": [3.0, -1.0, 2.0, 0.5], "k": 2},
     "the best k runs by sorted(key=lambda), the lowest by min(key=a function), "
     "refined; a reverse sort indexed", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=2, help="how many runs to refine")


def by_output(pair):
    run, job = pair
    return run.y


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = sorted(runs, key=lambda pair: pair[0].y)[:params["k"]]
    for run, job in best:
        await workflow.lin.createTask(x=run.y + 0.25)
    lowest_run, lowest_job = min(runs, key=by_output)
    await workflow.follow.createTask(sq_id=lowest_run.id, x=lowest_job.x)
    largest = sorted(runs, key=by_output, reverse=True)[0]
    await workflow.follow.createTask(sq_id=largest[0].id, x=100.0)
''')

case("calls_grid_and_helpers", ["sq", "lin", "mix"],
     ["--lo", "0", "--hi", "1", "--n", "3", "--bs", "1", "2"],
     {"lo": 0.0, "hi": 1.0, "n": 3, "bs": [1.0, 2.0]},
     "a numpy grid sized by a param, itertools.product of two params, a helper module "
     "whose loop carries a value (called at run time), math on outputs", '''
import itertools
import math

import numpy as np
from postprocess import damped


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=1.0)
    parser.add_argument("--n", type=int, default=5, help="grid points")
    parser.add_argument("--bs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], params["n"])
    runs = await workflow.sq.createTask(x=[float(x) for x in grid])
    for a, b in itertools.product([1.0, 3.0], params["bs"]):
        await workflow.mix.createTask(a=a, b=b)
    ys = [run.y for run, job in runs]
    for value in damped(ys, 0.5):
        await workflow.lin.createTask(x=value)
    await workflow.lin.createTask(x=math.sqrt(sum(ys)) + float(np.mean(grid)))
''', files={"postprocess.py": '''
"""Post-processing of a study's outputs."""


def damped(values, factor):
    """Each value times factor to the power of its position: a running product."""
    weight = 1.0
    out = []
    for value in values:
        out.append(value * weight)
        weight = weight * factor
    return out
'''})

case("calls_json_sweep", ["sq", "lin"], ["--settings", "sweep.json"],
     {"settings": "sweep.json"},
     "a sweep read with json.load from a file named by a param; values from the file",
     '''
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--settings", default="sweep.json", help="the sweep file")


async def main(workflow, **params):
    with open(os.path.join(HERE, params["settings"])) as f:
        sweep = json.load(f)
    runs = await workflow.sq.createTask(x=sweep["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y * sweep["scale"])
''', files={"sweep.json": '{"xs": [1.0, 2.5], "scale": 0.5}\n'})

# adversarial: what must not be called again at run time

case("adv_call_mutates_argument", ["sq", "lin"], ["--xs", "2", "1"], {"xs": [2.0, 1.0]},
     "a helper that sorts its argument in place; main reads the list after it", XS + '''

def middle(values):
    values.sort()
    return values[len(values) // 2]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    await workflow.lin.createTask(x=middle(ys))
    for y in ys:
        await workflow.lin.createTask(x=y + 100)
''', segments=1)

case("adv_call_iterator_twice", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "itertools.chain of outputs read twice (empty the second time)", '''
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    both = itertools.chain([run.y for run, job in runs], [0.5])
    await workflow.lin.createTask(x=list(both))
    await workflow.lin.createTask(x=[v + 1 for v in both])
''', partial=True)

case("calls_dict_by_field_parallel_chains", ["sq", "lin", "count"],
     ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "outputs in a dict keyed by a job field (looked up, counted, iterated), two "
     "refinement chains started with asyncio.create_task and awaited later", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def refine(workflow, x, steps):
    """A chain: each step starts from the previous step's output."""
    for _ in range(steps):
        (run, job), = await workflow.lin.createTask(x=x)
        x = run.y / 4
    return x


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    big = {job.x: run.y for run, job in runs if run.y > 3}
    print(len(by_x), "outputs")
    first = asyncio.create_task(refine(workflow, by_x[params["xs"][0]], 2))
    second = asyncio.create_task(refine(workflow, by_x[params["xs"][-1]] + 0.5, 2))
    ends = [await first, await second]
    await workflow.count.createTask(n=len(big) * 10 + len(by_x))
    for x in by_x:
        await workflow.lin.createTask(x=x + sum(ends))
''', segments=1)

case("adv_call_results_in_dataclass", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "results kept in dataclass objects, one per run, counted after the loop", '''
from dataclasses import dataclass


@dataclass
class Result:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    results = [Result(job.x, run.y) for run, job in runs]
    await workflow.count.createTask(n=len(results))
''')


# ---- studies written as a scientist would: several idioms each -------------------------
# params shape the graph (traced with their values, fixed in the DAG), loops end on a
# data-dependent test within a cap (guarded iterations)

case("study_sweep_file_levels", ["sq", "lin", "mix", "step"],
     ["--sweep", "sweep.json", "--levels", "3", "--stages", "lin", "sq", "--dts", "0.5",
      "0.25", "1.0"],
     {"sweep": "sweep.json", "levels": 3, "stages": ["lin", "sq"], "dts": [0.5, 0.25, 1.0]},
     "study: a sweep read from a JSON file named by a param, mesh levels from a param "
     "used after the loop, stages chosen by name from a param, sorted time steps", '''
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.json", help="the sweep, a JSON file")
    parser.add_argument("--levels", type=int, default=2, help="mesh levels")
    parser.add_argument("--stages", nargs="+", default=["lin"], help="post-processing")
    parser.add_argument("--dts", type=float, nargs="+", default=[0.5, 0.25])


async def main(workflow, **params):
    with open(os.path.join(HERE, params["sweep"])) as f:
        sweep = json.load(f)
    runs = await workflow.sq.createTask(x=sweep["xs"])
    finest = None
    for level in range(params["levels"]):
        h = 1.0 / 2 ** level
        (finest, job), = await workflow.mix.createTask(a=h, b=float(level))
    for i, dt in enumerate(sorted(params["dts"], reverse=True)):
        await workflow.step.createTask(x=dt * finest.y, i=i)
    for name in params["stages"]:
        task_manager = getattr(workflow, name)
        await task_manager.createTask(x=[run.y for run, job in runs])
''', files={"sweep.json": '{"xs": [1.0, 2.0, 3.0], "note": "read by main"}\n'})

case("study_convergence_capped", ["sq", "newton", "lin", "count"],
     ["--x0", "1", "--tol", "0.001", "--maxit", "8"], {"x0": 1.0, "tol": 0.001, "maxit": 8},
     "study: Newton iterations capped by a param, history kept, the iteration count and "
     "the converged value used after the loop", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    (start, job), = await workflow.sq.createTask(x=params["x0"])
    x = start.y
    history = []
    iterations = 0
    for it in range(params["maxit"]):
        (run, job), = await workflow.newton.createTask(x=x)
        history.append(run.err)
        iterations = it + 1
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.count.createTask(n=iterations)
    await workflow.lin.createTask(x=[run.next] + history)
''')

case("study_bisection_capped", ["sq", "lin"],
     ["--target", "5", "--lo", "0", "--hi", "4", "--steps", "4"],
     {"target": 5.0, "lo": 0.0, "hi": 4.0, "steps": 4},
     "study: a bisection for sq(x) = target with at most a few steps and an early exit",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--steps", type=int, default=3)


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    for step in range(params["steps"]):
        mid = (lo + hi) / 2
        (run, job), = await workflow.sq.createTask(x=mid)
        if abs(run.y - params["target"]) < 0.3:
            break
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
    await workflow.lin.createTask(x=(lo + hi) / 2)
''')

case("study_while_capped_pipeline", ["newton", "lin", "sq", "mix"],
     ["--x0", "3", "--stages", "lin", "sq", "--cap", "5"],
     {"x0": 3.0, "stages": ["lin", "sq"], "cap": 5},
     "study: a while loop with an output test and an iteration cap, then a pipeline of "
     "stages from a param, each fed the previous stage's output", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=3.0)
    parser.add_argument("--stages", nargs="+", default=["lin"])
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    x, err, it = params["x0"], 1.0, 0
    while err > 1e-2 and it < params["cap"]:
        (run, job), = await workflow.newton.createTask(x=x)
        x, err, it = run.next, run.err, it + 1
    value = x
    for stage in params["stages"]:
        (run, job), = await getattr(workflow, stage).createTask(x=value)
        value = run.y
    await workflow.mix.createTask(a=value, b=float(it))
''')

case("adv_fixed_param_mutated", ["sq", "lin"], ["--xs", "1", "2", "--n", "2"],
     {"xs": [1.0, 2.0], "n": 2},
     "adversarial: a list param changed in place by main, and a range over a param whose "
     "item is used after the loop (each path of the trace must see the param as given)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0])
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    xs = params["xs"]
    await workflow.sq.createTask(x=list(xs))
    xs.append(10.0)
    for i in range(params["n"]):
        (run, job), = await workflow.lin.createTask(x=xs[i] + i)
    if run.y > 4:
        xs.append(run.y)
    await workflow.sq.createTask(x=xs)
''')


# what main reads and does on disk: read when it would be, done when it would be

case("adv_file_read_after_a_step", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a threshold read from a file after a step (a run could have written it)", '''
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


''' + XS + '''


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(os.path.join(HERE, "threshold.json")) as f:
        limit = json.load(f)["limit"]
    await workflow.lin.createTask(x=[run.y for run, job in runs if run.y > limit])
''', files={"threshold.json": '{"limit": 3.0}\n'})

case("adv_marker_file_between_steps", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a marker file written between two steps (done when the DAG runs, not at trace)",
     '''
import os

HERE = os.path.dirname(os.path.abspath(__file__))


''' + XS + '''


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(os.path.join(HERE, "stage1.done"), "w") as f:
        f.write("sq done\\n")
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
''', writes=["stage1.done"])


# a list filtered by a test of each item, then a decision on it after the loop

NS = '''\
def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)
'''

case("adv_filtered_count_decides", ["count", "lin", "sq"], ["--ns", "1", "2", "3", "4"],
     {"ns": [1, 2, 3, 4]},
     "a comprehension with a condition, its length deciding a step", NS + '''

async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    big = [run for run, job in runs if run.y >= 20]
    if len(big) >= 2:
        await workflow.lin.createTask(x=float(len(big)))
    await workflow.sq.createTask(x=1.0)
''')

case("adv_filtered_none_pass", ["count", "lin", "sq"], ["--ns", "1", "1"],
     {"ns": [1, 1]},
     "a comprehension with a condition no item passes, its length deciding a step", NS + '''

async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    big = [run.y for run, job in runs if run.y >= 20]
    if not big or len(big) < len(runs):
        await workflow.sq.createTask(x=float(len(big)))
    else:
        await workflow.lin.createTask(x=2.0)
''')

case("adv_filtered_then_iterated", ["count", "lin", "sq"], ["--ns", "1", "2", "3"],
     {"ns": [1, 2, 3]},
     "the runs kept by a condition, iterated after the comprehension", NS + '''

async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    big = [run for run, job in runs if run.y >= 20]
    for run in big:
        await workflow.lin.createTask(x=float(run.y))
    await workflow.sq.createTask(x=1.0)
''')

case("adv_filtered_and_whole_lists", ["count", "lin", "sq"], ["--ns", "1", "2", "3", "4"],
     {"ns": [1, 2, 3, 4]},
     "a filtered list and the whole list of the same runs, both deciding a step", NS + '''

async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    kept = [r for r, j in runs if r.y >= 20]
    every = [run for run, job in runs]
    if len(kept) > 0 and len(every) > 3:
        await workflow.lin.createTask(x=float(len(kept)))
    if len(kept) == len(every):
        await workflow.lin.createTask(x=100.0)
    await workflow.sq.createTask(x=1.0)
''')

case("adv_filtered_same_variable", ["count", "lin", "sq"], ["--ns", "1", "2", "3", "4"],
     {"ns": [1, 2, 3, 4]},
     "two comprehensions with the same variable, one filtered, deciding a step", NS + '''

async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    kept = [run for run, job in runs if run.y >= 20]
    every = [run for run, job in runs]
    if len(kept) > 0 and len(every) > 3:
        await workflow.lin.createTask(x=1.0)
    await workflow.sq.createTask(x=1.0)
''')

case("study_filter_branch_labels", ["count", "lin", "sq", "label"],
     ["--ns", "1", "2", "3", "4"], {"ns": [1, 2, 3, 4]},
     "a filtered count choosing a branch, then labels and a total over all runs (a "
     "second loop over the same runs with the same variable; the branch merges at its "
     "join, guarded by the filtered count)",
     NS + '''

async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    big = [run for run, job in runs if run.y >= 20]
    n_big = len(big)
    if n_big >= 5:
        await workflow.lin.createTask(x=float(n_big))
    else:
        await workflow.sq.createTask(x=float(n_big))
    labels = await workflow.label.createTask(name=[f"c{job.n}" for run, job in runs])
    await workflow.count.createTask(n=sum(run.y for run, job in labels))
''')


# written to break the tracer (run-time calls, effects, filtered lists)

case("atk_numpy_grid_times_two", ["sq"], ["--lo", "0", "--hi", "1"], {"lo": 0.0, "hi": 1.0},
     "a numpy grid of params (a run-time call) multiplied by 2 (elementwise: an array, "
     "not a list repeated)", """
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=1.0)


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], 3)
    await workflow.sq.createTask(x=[float(v) for v in grid * 2])
""")


case("atk_helper_iadd_argument", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a helper extending the list of outputs it is given with +=, main reading the list "
     "after", XS + """

def extend(values):
    values += [100.0]
    return len(values)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    extend(ys)
    await workflow.lin.createTask(x=ys)
""")


case("atk_chdir_after_last_step", ["sq", "label"], ["--xs", "1", "--out", "results"],
     {"xs": [1.0], "out": "results"},
     "an output directory made absolute (os.path.abspath of a param, a run-time call) "
     "and an os.chdir at the end of main: not done while tracing (it would move the "
     "directory of the process the DAG's tasks run in), main runs natively from it", """
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--out", default="results", help="where the plots go")


async def main(workflow, **params):
    await workflow.sq.createTask(x=params["xs"])
    await workflow.label.createTask(name=os.path.abspath(params["out"]))
    os.chdir(HERE)  # post-processing reads the studies from here
""", partial=True)


case("atk_filter_in_gathered_routines", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "one filtered comprehension in a routine gathered twice with two thresholds, its "
     "length deciding a step", """
import asyncio


""" + XS + """

async def refine(workflow, runs, t):
    kept = [run for run, job in runs if run.y > t]
    if len(kept) >= 2:
        await workflow.lin.createTask(x=[r.y + t for r in kept])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await asyncio.gather(refine(workflow, runs, 2.0), refine(workflow, runs, 5.0))
""")

case("atk_filter_per_threshold", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "one filtered comprehension inside a loop over constant thresholds, its length "
     "deciding a step per threshold", XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for t in (2.0, 5.0):
        kept = [run for run, job in runs if run.y > t]
        if len(kept) >= 2:
            await workflow.lin.createTask(x=t)
""")


case("atk_printoptions_after_last_step", ["label"], ["--hi", "1"], {"hi": 1.0},
     "a numpy grid formatted by a run-time call (np.array2string), and "
     "np.set_printoptions at the end of main (numpy keeps them per context: the trace's "
     "do not reach the DAG's tasks)", """
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--hi", type=float, default=1.0)


async def main(workflow, **params):
    grid = np.linspace(0.0, params["hi"], 4)
    await workflow.label.createTask(name=np.array2string(grid))
    np.set_printoptions(precision=3)  # the summary printed afterwards stays short
""")


# ---- written to break the tracer (second round): each family's found case, then
# variants a narrow fix would miss ---------------------------------------------------

# A lambda or nested def called at run time is made again in its module, where its
# default values would be evaluated anew: the graph keeps main's values.

case("atk_lambda_default_shadow", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a key lambda whose default (c=center) names a local of main that shadows a "
     "module-level name", """
center = 0.0  # the module's default centre


""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    center = 5.0
    closest = min(runs, key=lambda pair, c=center: abs(pair[0].y - c))
    await workflow.lin.createTask(x=closest[0].y)
""")

case("atk_lambda_default_loop", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "key lambdas made in a loop with the c=c idiom (the default names the loop "
     "variable, which the module does not have)", """
""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for c in (0.0, 5.0):
        closest = min(runs, key=lambda pair, c=c: abs(pair[0].y - c))
        await workflow.lin.createTask(x=closest[0].y)
""")

case("atk_def_default_shadow", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a nested def used as a sort key, its default naming a local of main that shadows "
     "the module's constant", """
TARGET = 0.0  # where the ranking starts by default


""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    TARGET = 8.0

    def distance(pair, target=TARGET):
        return abs(pair[0].y - target)

    ranked = sorted(runs, key=distance)
    await workflow.lin.createTask(x=[ranked[0][0].y, ranked[1][0].y])
""")

case("atk_kwonly_default_loop", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "max() with a key lambda whose keyword-only default is the target of a loop over "
     "targets", """
""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for target in [1.0, 9.0]:
        best = max(runs, key=lambda pair, *, t=target: -abs(pair[0].y - t))
        await workflow.lin.createTask(x=best[1].x + target)
""")

case("atk_select_all_then_wrong_step", ["sq"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an awaited select().all(...), then a step made from a key lambda with a default "
     "naming a local (the replay of main stops at the select: later runs break it)", """
center = 0.0  # the module's default centre


""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.sq.select().all("x < 3")
    center = 5.0
    closest = min(runs, key=lambda pair, c=center: abs(pair[0].y - c))
    await workflow.sq.createTask(x=closest[1].x + 10.0)
""")

# A run-time call runs in a task that imports the workflow's modules afresh: what main
# changed in them first (a table, a constant set through the module's namespace, a
# memo kept in a mutable default) is not there. Such a call is the fallback point.

case("atk_helper_globals_configure", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a helper module configured by main through globals()[...] before a helper of it "
     "is called on outputs", "import scaling\n\n\n" + XS + """

async def main(workflow, **params):
    scaling.configure(3.0)
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=scaling.scaled_total([run.y for run, job in runs]))
""", partial=True, files={"scaling.py": """
\"\"\"Scaling of totals, configured once per study.\"\"\"

SCALE = 1.0


def configure(scale):
    globals()["SCALE"] = scale


def scaled_total(values):
    total = 0.0
    for v in values:
        total += v
    return SCALE * total
"""})

case("atk_helper_dict_of_module_set", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "main sets a helper module's constant through its __dict__, then calls a helper of "
     "it on outputs", "import offsets\n\n\n" + XS + """

async def main(workflow, **params):
    offsets.__dict__["OFFSET"] = 10.0
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=offsets.shifted_total([run.y for run, job in runs]))
""", partial=True, files={"offsets.py": """
\"\"\"Shifted totals.\"\"\"

OFFSET = 0.0


def shifted_total(values):
    total = OFFSET
    for v in values:
        total += v
    return total
"""})

case("atk_helper_setattr_computed", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "main sets a helper module's constant with setattr and a computed name, then a "
     "helper reads it through the module", "import gains\n\n\n" + XS + """

async def main(workflow, **params):
    for key, value in [("gain", 4.0)]:
        setattr(gains, key.upper(), value)
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=gains.gained_total([run.y for run, job in runs]))
""", partial=True, files={"gains.py": """
\"\"\"Totals with a gain.\"\"\"

import gains

GAIN = 1.0


def gained_total(values):
    total = 0.0
    for v in values:
        total += v
    return total * gains.GAIN
"""})

case("atk_helper_reads_settings_table", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a helper called on outputs reading a dict of another module of the workflow "
     "(study_settings.LIMITS) that main changes first", "import study_settings\nfrom study_stats "
     "import count_above\n\n\n" + XS + """

async def main(workflow, **params):
    study_settings.LIMITS["y"] = 3.0
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=float(count_above([run.y for run, job in runs])))
""", files={"study_settings.py": """
\"\"\"Settings of the study.\"\"\"

LIMITS = {"y": 0.5}
""", "study_stats.py": """
\"\"\"Helpers of the study.\"\"\"

import study_settings


def count_above(values):
    return sum(1 for v in values if v > study_settings.LIMITS["y"])
"""})

case("atk_helper_reads_appended_list", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "main appends a threshold to a list of a settings module; a helper called on "
     "outputs reads its last one", "import above\nimport thresholds\n\n\n" + XS + """

async def main(workflow, **params):
    thresholds.THRESHOLDS.append(2.0)
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=above.above_last([run.y for run, job in runs]))
""", partial=True, files={"thresholds.py": """
\"\"\"Settings of the study.\"\"\"

THRESHOLDS = [0.5]
""", "above.py": """
\"\"\"Helpers of the study.\"\"\"

import thresholds


def above_last(values):
    out = 0.0
    for v in values:
        if v > thresholds.THRESHOLDS[-1]:
            out += v
    return out
"""})

case("atk_memo_first_wins", ["sq", "lin", "count", "mix"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a helper keeping its first total in a dict of another module (reached through "
     "min([...])), called on two lists of outputs", "from memo import first_total\n\n\n"
     + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    mids = await workflow.lin.createTask(x=[run.y for run, job in runs])
    first = first_total([run.y for run, job in mids])
    second = first_total([run.y for run, job in runs])
    await workflow.mix.createTask(a=second, b=1.0)
    await workflow.count.createTask(n=int(first))
""", partial=True, files={"memo.py": """
\"\"\"Totals remembered across the study (the first one is the reference).\"\"\"

import store


def first_total(values):
    table = min([store.TOTALS], key=len)
    table.setdefault("first", sum(values))
    return table["first"]
""", "store.py": """
\"\"\"Shared tables of the study.\"\"\"

TOTALS = {}
"""})

case("atk_memo_mutable_default", ["sq", "lin", "mix"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a helper calling another whose dict default remembers the first total across "
     "calls", "from reference import reference_total\n\n\n" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    mids = await workflow.lin.createTask(x=[run.y for run, job in runs])
    first = reference_total([run.y for run, job in mids])
    second = reference_total([run.y for run, job in runs])
    await workflow.mix.createTask(a=first, b=second)
""", partial=True, files={"reference.py": """
\"\"\"Totals remembered across the study (the first one is the reference).\"\"\"


def _remember(total, memo={}):
    kept = min([memo], key=len)
    kept.setdefault("total", total)
    return kept["total"]


def reference_total(values):
    total = 0.0
    for v in values:
        total += v
    return _remember(total)
"""})

# x op= y changes a list in place natively (every other name for it sees the change):
# the graph rebinds, so it is refused where the value may be a list.

case("atk_iadd_result_alias", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "+= on the list sorted() returned, read through another name bound to it before",
     XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = sorted(run.y for run, job in runs)
    everything = ys
    ys += [100.0]
    await workflow.lin.createTask(x=everything)
""", partial=True)

case("atk_imul_alias", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "*= on the list sorted() returned, read through an alias",
     XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    grid = sorted([run.y for run, job in runs])
    kept = grid
    grid *= 2
    await workflow.lin.createTask(x=kept)
""", partial=True)

case("atk_iadd_sorted_concat_alias", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "+= on sorted outputs concatenated with a constant list, an alias of it passed on",
     XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = sorted([run.y for run, job in runs]) + [0.5]
    sent = points
    points += [9.0]
    await workflow.lin.createTask(x=sent)
""", partial=True)

case("atk_iadd_count_alias", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "+= on a count (a number: rebound, the alias keeps the old value) still compiles",
     XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    n = len([run for run, job in runs])
    before = n
    n += 10
    await workflow.lin.createTask(x=[float(before), float(n)])
""")

# __name__ is the module's name in a native run (the trace imports the orchestrator
# under another one).

case("atk_module_name_as_label", ["label"], [], {},
     "the orchestrator's __name__ as a job parameter", """
async def main(workflow, **params):
    await workflow.label.createTask(name=__name__)
""")

case("atk_module_name_formatted", ["label"], [], {},
     "__name__ formatted into labels in a loop, a helper module's __name__, and "
     "main.__module__", """
import naming


async def main(workflow, **params):
    for i in range(2):
        await workflow.label.createTask(name=f"{__name__}-{i}-{naming.tag()}")
    await workflow.label.createTask(name=main.__module__ + "." + main.__qualname__)
""", files={"naming.py": """
\"\"\"Labels of the study.\"\"\"


def tag():
    return __name__.upper()
"""})

# type() and isinstance() of lists the tracer makes (list(param), a fan-in): the
# traced built-ins stand for the real types.

case("atk_type_is_list", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "type(values) is list on a list made by list(param)", XS + """

async def main(workflow, **params):
    values = list(params["xs"])
    if type(values) is list:
        await workflow.sq.createTask(x=values)
    else:
        await workflow.lin.createTask(x=values)
""")

case("atk_isinstance_list", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "isinstance(values, list) on a list made by list(param)", XS + """

async def main(workflow, **params):
    values = list(params["xs"])
    if isinstance(values, list):
        await workflow.sq.createTask(x=values)
    else:
        await workflow.lin.createTask(x=values)
""")

case("atk_type_checks_mixed", ["sq", "lin", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "isinstance with a tuple of types on a fan-in, type(n) is int on a constant, "
     "type(...).__name__ as a label", XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    levels = 3
    if isinstance(ys, (list, tuple)) and type(levels) is int:
        await workflow.lin.createTask(x=ys)
    await workflow.label.createTask(name=type(ys).__name__ + type(levels).__name__)
""")

# A tuple compared with a traced value: the graph's values are JSON (a tuple would be a
# list), so the comparison is refused where the value is symbolic; motoko run then
# traces with the param's value, fixed.

case("atk_param_equals_tuple", ["sq", "lin"], ["--grid", "1", "1"], {"grid": [1, 1]},
     "a list param (nargs=2) compared with a tuple (never equal natively)", """
def populate_arg_parser(parser):
    parser.add_argument("--grid", type=int, nargs=2, default=[1, 1],
                        help="cells along x and y")


async def main(workflow, **params):
    if params["grid"] == (1, 1):
        await workflow.sq.createTask(x=1.0)
    else:
        await workflow.lin.createTask(x=float(params["grid"][0]))
""")


X = '''\
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)
'''

case("join_threshold_chain", ["sq", "lin"], ["--x", "1.5"], {"x": 1.5},
     "20 independent threshold tests of one output, each making a step: they merge at "
     "their join (one path, not 2**20; more than the 16 decisions a path may hold)",
     X + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    y = runs[0][0].y
    for k in range(20):
        if y > k * 0.5:
            await workflow.lin.createTask(x=k)
    await workflow.sq.createTask(x=-1.0)
""")

case("join_adaptive_recursion", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "an adaptive recursion: a helper refines around x while an output is off by more "
     "than the width, both halves, to depth 4 (31 possible steps, each test merged at "
     "its join)", X + """

async def refine(workflow, x, width, depth):
    runs = await workflow.sq.createTask(x=x)
    if depth < 4 and abs(runs[0][0].y - 2.0) > width:
        await refine(workflow, x - width / 2, width / 2, depth + 1)
        await refine(workflow, x + width / 2, width / 2, depth + 1)


async def main(workflow, **params):
    await refine(workflow, params["x"], 1.0, 0)
    await workflow.lin.createTask(x=params["x"])
""")

case("atk_join_binds_name_read_after", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "a branch binds a name read after the join: the branches are not merged",
     X + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    scale = 1.0
    if runs[0][0].y > 2:
        scale = 10.0
        await workflow.lin.createTask(x=scale)
    await workflow.sq.createTask(x=scale + 0.5)
""")

case("atk_join_extra_step_counted", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "a branch makes an extra step, kept in a list whose length is read after the join",
     X + """

async def main(workflow, **params):
    first = await workflow.sq.createTask(x=params["x"])
    made = [first]
    if first[0][0].y > 2:
        made.append(await workflow.lin.createTask(x=1.0))
    await workflow.lin.createTask(x=len(made) + 0.25)
""")

case("atk_join_counter_in_branch", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "a counter incremented in one branch of tests in a loop, read after it",
     X + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    n = 0
    for t in (1.0, 3.0, 9.0):
        if runs[0][0].y > t:
            n += 1
            await workflow.lin.createTask(x=t)
    await workflow.sq.createTask(x=n + 0.75)
""")

# ---- studies written apart from the tracer, several idioms each (mesh convergence,
# sweeps from files, grids, replicas, pipelines, searches, retries): results equal to
# main's, most with a partial fallback (tests/differential/held_back.py: two more)

case("real_mesh_richardson", ["mesh", "lin", "count"], ["--h0", "0.5", "--levels", "4"],
     {"h0": 0.5, "levels": 4},
     "study: mesh convergence, a helper stage per level (levels from a param), results "
     "in a dict keyed by level, Richardson's estimate from the last three outputs", '''
import math


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--levels", type=int, default=3, help="refinement levels (>= 3)")


async def solve_level(workflow, h):
    """One refinement level: its mesh run's value and cell count."""
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u, run.cells


async def main(workflow, **params):
    values = {}
    for level in range(params["levels"]):
        h = params["h0"] / 2 ** level
        values[level] = await solve_level(workflow, h)
    u1, u2, u3 = (values[k][0] for k in sorted(values)[-3:])
    order = math.log(abs(u1 - u2) / abs(u2 - u3)) / math.log(2.0)
    extrapolated = u3 + (u3 - u2) / (2.0 ** order - 1.0)
    print(f"observed order {order:.2f}, extrapolated value {extrapolated:.6f}")
    await workflow.lin.createTask(x=round(extrapolated, 9))
    cells = [c for u, c in values.values()]
    await workflow.count.createTask(n=sum(cells))
''')

case("real_sweep_yaml_groups", ["mix", "lin", "label"], ["--sweep", "sweep.yaml"],
     {"sweep": "sweep.yaml"},
     "study: a sweep read from a YAML file beside the orchestrator (pathlib, a param "
     "names it), the product expanded by BlackDynamite, outputs grouped with "
     "collections.defaultdict by a job field, groups in sorted order", '''
from collections import defaultdict
from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.yaml", help="the sweep (YAML)")


async def main(workflow, **params):
    spec = yaml.safe_load(Path(__file__).with_name(params["sweep"]).read_text())
    runs = await workflow.mix.createTask(a=spec["a"], b=spec["b"])
    by_a = defaultdict(list)
    for run, job in runs:
        by_a[job.a].append(run.y)
    for a, ys in sorted(by_a.items()):
        await workflow.lin.createTask(x=sum(ys) / len(ys) * spec["scale"])
    await workflow.label.createTask(name=spec["name"])
''', files={"sweep.yaml": "name: amplitude-sweep\na: [2.0, 1.0]\nb: [0.5, 1.5]\n"
            "scale: 0.5\n"})

case("real_numpy_grid_zoom", ["sq", "lin", "count"],
     ["--lo", "-1", "--hi", "2", "--n", "4", "--target", "2.5"],
     {"lo": -1.0, "hi": 2.0, "n": 4, "target": 2.5},
     "study: a numpy.linspace grid sized by a param, numpy on the outputs (argmin, "
     "count_nonzero), a finer grid around the best point", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=-1.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--n", type=int, default=4, help="coarse grid points")
    parser.add_argument("--target", type=float, default=2.0, help="the value looked for")


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], params["n"])
    coarse = await workflow.sq.createTask(x=grid.tolist())
    ys = np.array([run.y for run, job in coarse])
    best = int(np.argmin(np.abs(ys - params["target"])))
    spacing = float(grid[1] - grid[0])
    centre = float(grid[best])
    fine = np.linspace(centre - spacing / 3, centre + spacing / 3, 2)
    refined = await workflow.sq.createTask(x=[round(float(x), 12) for x in fine])
    errors = [abs(run.y - params["target"]) for run, job in refined]
    await workflow.lin.createTask(x=float(np.min(errors)))
    above = int(np.count_nonzero(ys > params["target"]))
    await workflow.count.createTask(n=len(errors) + above)
''')

case("real_refine_best_k", ["sq", "step", "follow", "lin"],
     ["--xs", "0.5", "1.5", "2", "3", "--k", "2", "--target", "3"],
     {"xs": [0.5, 1.5, 2.0, 3.0], "k": 2, "target": 3.0},
     "study: the best k runs by sorted(key=lambda calling a helper), refined with "
     "their rank (enumerate), min over (output, run id) tuples, the worst by max(key=)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True, help="first sweep")
    parser.add_argument("--k", type=int, default=2, help="how many candidates to refine")
    parser.add_argument("--target", type=float, default=3.0)


def misfit(pair, target):
    run, job = pair
    return abs(run.y - target)


async def main(workflow, **params):
    target = params["target"]
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = sorted(runs, key=lambda pair: misfit(pair, target))
    best = ranked[:params["k"]]
    print("refining", [job.x for run, job in best])
    refined = []
    for rank, (run, job) in enumerate(best):
        (fine, fine_job), = await workflow.step.createTask(x=job.x / 2, i=rank)
        refined.append((fine.y, run.id))
    y_best, sq_id = min(refined)
    await workflow.follow.createTask(sq_id=sq_id, x=y_best)
    worst_run, worst_job = max(runs, key=lambda pair: misfit(pair, target))
    await workflow.lin.createTask(x=worst_job.x)
''')

case("real_replica_statistics", ["replica", "lin", "count", "label"],
     ["--x", "1", "--seeds", "1", "2", "3"], {"x": 1.0, "seeds": [1, 2, 3], "cv": 0.005},
     "study: replicas by seed, statistics.fmean/pstdev over a dict keyed by a job field, "
     "more replicas when the spread is too large (dict.update), the outlier by "
     "max(key=lambda), a formatted label", '''
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0, help="the configuration")
    parser.add_argument("--seeds", type=int, nargs="+", required=True, help="replicas")
    parser.add_argument("--cv", type=float, default=0.005,
                        help="coefficient of variation to reach")


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["x"], seed=params["seeds"])
    by_seed = {job.seed: run.y for run, job in runs}
    mean = statistics.fmean(by_seed.values())
    spread = statistics.pstdev(by_seed.values())
    print(f"{len(by_seed)} replicas: {mean:.4f} +- {spread:.4f}")
    if spread / mean > params["cv"]:
        extra = [s + 100 for s in params["seeds"]]
        more = await workflow.replica.createTask(x=params["x"], seed=extra)
        by_seed.update({job.seed: run.y for run, job in more})
        mean = statistics.fmean(by_seed.values())
        spread = statistics.pstdev(by_seed.values())
    outlier = max(by_seed, key=lambda s: abs(by_seed[s] - mean))
    await workflow.lin.createTask(x=round(mean, 10))
    await workflow.count.createTask(n=outlier)
    await workflow.label.createTask(name=f"{mean:.3f}+-{spread:.3f}")
''')

case("real_pipeline_stages", ["lin", "sq", "total", "label"],
     ["--xs", "0.5", "1.5", "--stages", "lin", "sq"],
     {"xs": [0.5, 1.5], "stages": ["lin", "sq"]},
     "study: a pipeline whose stages (task managers by name, getattr) come from a "
     "param, each stage a helper fed the previous stage's outputs, a history dict with "
     "formatted keys, a fan-in total when the last stage is sq", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--stages", nargs="+", default=["lin", "sq"],
                        help="post-processing stages in order (task manager names)")


async def run_stage(workflow, name, values):
    """One stage over every value: its task manager found by name."""
    runs = await getattr(workflow, name).createTask(x=values)
    return [run.y for run, job in runs], runs


async def main(workflow, **params):
    values = params["xs"]
    history = {}
    for number, name in enumerate(params["stages"]):
        values, runs = await run_stage(workflow, name, values)
        history[f"{number}-{name}"] = values
    if params["stages"][-1] == "sq":
        await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
    for key in sorted(history):
        await workflow.label.createTask(name=f"{key}:{max(history[key]):.2f}")
''')

case("real_two_chains", ["newton", "mesh", "mix", "label"],
     ["--x0", "3", "--hs", "0.5", "0.25", "--iterations", "3"],
     {"x0": 3.0, "hs": [0.5, 0.25], "iterations": 3},
     "study: two independent chains started with asyncio.create_task and awaited "
     "later (Newton iterations; a mesh sweep reduced by min(key=lambda)), combined", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=3.0, help="Newton start")
    parser.add_argument("--hs", type=float, nargs="+", default=[0.5, 0.25],
                        help="mesh sizes")
    parser.add_argument("--iterations", type=int, default=3)


async def newton_chain(workflow, x, iterations):
    for _ in range(iterations):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
    return x


async def mesh_chain(workflow, hs):
    runs = await workflow.mesh.createTask(h=hs)
    finest = min(runs, key=lambda pair: pair[1].h)
    return finest[0].u


async def main(workflow, **params):
    roots = asyncio.create_task(newton_chain(workflow, params["x0"], params["iterations"]))
    meshes = asyncio.create_task(mesh_chain(workflow, params["hs"]))
    print("both chains started")
    root = await roots
    u = await meshes
    await workflow.mix.createTask(a=root, b=u)
    await workflow.label.createTask(name=f"root={root:.4f}")
''')

case("real_dataclass_levels", ["mesh", "lin", "count"],
     ["--hs", "0.5", "0.25", "0.1", "--budget", "20"],
     {"hs": [0.5, 0.25, 0.1], "budget": 20},
     "study: results kept in a dataclass (a field default_factory, a property), "
     "filtered by the property, the finest affordable level by min(key=)", '''
from dataclasses import dataclass, field


@dataclass
class Level:
    h: float
    u: float
    cells: int
    notes: list = field(default_factory=list)

    @property
    def cost(self):
        return self.cells ** 2


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True, help="mesh sizes")
    parser.add_argument("--budget", type=int, default=100, help="largest affordable cost")


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    levels = [Level(job.h, run.u, run.cells) for run, job in runs]
    affordable = [lv for lv in levels if lv.cost <= params["budget"]]
    best = min(affordable, key=lambda lv: lv.h)
    for lv in levels:
        await workflow.lin.createTask(x=lv.u - best.u)
    await workflow.count.createTask(n=best.cells)
''', partial=True)

case("real_defaultdict_replicas", ["replica", "lin", "sq", "count"],
     ["--xs", "1", "2", "--seeds", "1", "2", "3"],
     {"xs": [1.0, 2.0], "seeds": [1, 2, 3]},
     "study: configurations x seeds, replicas grouped by configuration with "
     "collections.defaultdict, a dict comprehension of (fmean, range) per group, the "
     "steadiest configuration by min(key=lambda), tuple unpacking in a sorted loop", '''
import statistics
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="configurations")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2],
                        help="replicas per configuration")


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    summary = {x: (statistics.fmean(ys), max(ys) - min(ys)) for x, ys in groups.items()}
    steadiest = min(summary, key=lambda x: summary[x][1])
    for x in sorted(summary):
        mean, width = summary[x]
        await workflow.lin.createTask(x=round(mean, 9))
    await workflow.sq.createTask(x=steadiest)
    await workflow.count.createTask(n=len(groups))
''')

case("real_sorted_bracket", ["newton", "mix", "label", "step"],
     ["--xs", "0.5", "1", "1.5", "3", "5", "--keep", "3"],
     {"xs": [0.5, 1.0, 1.5, 3.0, 5.0], "keep": 3},
     "study: runs ranked by sorted(key=a function), a bracket from min/max(key=lambda) "
     "over the kept ones, names sorted in reverse from a generator with a format spec, "
     "enumerate over the ranking", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--keep", type=int, default=3)


def residual(pair):
    run, job = pair
    return run.err


async def main(workflow, **params):
    runs = await workflow.newton.createTask(x=params["xs"])
    ordered = sorted(runs, key=residual)
    kept = ordered[:params["keep"]]
    lo = min(kept, key=lambda pair: pair[1].x)
    hi = max(kept, key=lambda pair: pair[1].x)
    print(f"bracket [{lo[1].x}, {hi[1].x}]")
    await workflow.mix.createTask(a=lo[0].next, b=hi[0].next)
    names = sorted((f"x{job.x:g}" for run, job in kept), reverse=True)
    await workflow.label.createTask(name="-".join(names))
    for position, (run, job) in enumerate(ordered):
        await workflow.step.createTask(x=run.err, i=position)
''')

case("real_early_stop_levels", ["mesh", "lin", "step", "label"],
     ["--h0", "1", "--rtol", "0.01", "--max-levels", "6"],
     {"h0": 1.0, "rtol": 0.01, "max_levels": 6},
     "study: mesh refinement until the relative change is small (for/break within a "
     "cap from a param), a history of tuples, a converged flag read after the loop", '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=1.0)
    parser.add_argument("--rtol", type=float, default=0.01, help="relative change to stop at")
    parser.add_argument("--max-levels", type=int, default=6)


async def main(workflow, **params):
    h = params["h0"]
    (run, job), = await workflow.mesh.createTask(h=h)
    history = [(h, run.u)]
    converged = False
    for level in range(1, params["max_levels"]):
        h = h / 2
        (run, job), = await workflow.mesh.createTask(h=h)
        change = abs(run.u - history[-1][1]) / abs(run.u)
        history.append((h, run.u))
        if change < params["rtol"]:
            converged = True
            break
    if not converged:
        print("not converged: the finest level is reported anyway")
    await workflow.lin.createTask(x=history[-1][1])
    await workflow.step.createTask(x=history[-1][0], i=len(history))
    await workflow.label.createTask(name="converged" if converged else "capped")
''')

case("real_retry_unstable", ["solve", "count", "lin"], ["--dts", "0.2", "1"],
     {"dts": [0.2, 1.0], "retries": 4},
     "study: a retry loop on a bad output (the time step halved until the run is "
     "stable, capped, in a helper that raises when it gives up), per item of a list "
     "param, attempts summed", '''
def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", default=[0.2, 1.0],
                        help="time steps to try")
    parser.add_argument("--retries", type=int, default=4)


async def stable_run(workflow, dt, retries):
    """Run with dt; on an unstable result halve it, at most `retries` times."""
    for attempt in range(retries + 1):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return run, attempt
        print(f"dt={dt} unstable, retrying with dt={dt / 2}")
        dt = dt / 2
    raise RuntimeError(f"no stable time step from {dt * 2 ** (retries + 1)}")


async def main(workflow, **params):
    results = []
    for dt in params["dts"]:
        run, attempts = await stable_run(workflow, dt, params["retries"])
        results.append((run.res, attempts))
    total_attempts = sum(a for r, a in results)
    await workflow.count.createTask(n=total_attempts)
    await workflow.lin.createTask(x=max(r for r, a in results))
''')


def write(root: Path = HERE) -> list[str]:
    for name, spec in CASES.items():
        target = root / name
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        yaml = [f"# differential case: {spec['case']['idiom']}", "task_managers:"]
        yaml += [f"  {s}:" for s in spec["studies"]]
        yaml += ["", "orchestrator: orchestrator.main", ""]
        (target / "motoko.yaml").write_text("\n".join(yaml))
        (target / "orchestrator.py").write_text(spec["source"])
        for file, text in spec["files"].items():
            (target / file).write_text(text)
        (target / "case.json").write_text(json.dumps(spec["case"], indent=2) + "\n")
        for study in spec["studies"]:
            fields, doit = STUDIES[study]
            folder = target / study
            folder.mkdir()
            job = "".join(f"  {k}: {v}\n" for k, v in fields.items())
            (folder / "bd.yaml").write_text(f"study: {study}\njob:\n{job}")
            (folder / "launch.sh").write_text(LAUNCH)
            (folder / "launch.sh").chmod(0o755)
            (folder / "doIt.py").write_text(doit)
    return list(CASES)


case("real_secant_root", ["sq", "lin", "count"],
     ["--target", "2", "--x0", "1", "--x1", "2"],
     {"target": 2.0, "x0": 1.0, "x1": 2.0, "tol": 1e-3, "maxit": 6},
     "study: a secant search on an output (a while with a residual test and a cap, a "
     "helper returning the residual, tuple swaps), then a sweep around the root", '''
def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0, help="the sq value wanted")
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--x1", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--maxit", type=int, default=6)


async def residual(workflow, x, target):
    (run, job), = await workflow.sq.createTask(x=x)
    return run.y - target


async def main(workflow, **params):
    target = params["target"]
    x0, x1 = params["x0"], params["x1"]
    f0 = await residual(workflow, x0, target)
    f1 = await residual(workflow, x1, target)
    steps = 0
    while abs(f1) > params["tol"] and steps < params["maxit"]:
        x0, x1 = x1, x1 - f1 * (x1 - x0) / (f1 - f0)
        f0, f1 = f1, await residual(workflow, x1, target)
        steps += 1
    print(f"root {x1:.6f} after {steps} secant steps")
    await workflow.lin.createTask(x=round(x1, 6))
    await workflow.count.createTask(n=steps)
    await workflow.sq.createTask(x=[x1 * s for s in (0.9, 1.1)])
''')

case("raise_output_message", ["sq", "lin", "count"], ["--xs", "1", "3", "--limit", "5"],
     {"xs": [1.0, 3.0], "limit": 5.0},
     "a raise of the orchestrator's own exception class, in a helper routine, on a branch "
     "of a run's output, its message formatted from outputs: raised when the DAG runs "
     "(the step before it in its branch made, nothing after it)", '''
class StudyError(Exception):
    """The study cannot go on."""


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--limit", type=float, default=5.0)


async def checked(workflow, x, limit):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > limit:
        await workflow.count.createTask(n=int(run.y))
        raise StudyError(f"y={run.y:.2f} for x={job.x} is above {limit}")
    return run.y


async def main(workflow, **params):
    ys = []
    for x in params["xs"]:
        ys.append(await checked(workflow, x, params["limit"]))
    await workflow.lin.createTask(x=sum(ys))
''', raises="StudyError: y=9.00 for x=3.0 is above 5.0")

case("raise_sheltered", ["sq", "lin", "count"], ["--x", "2", "--limit", "10"],
     {"x": 2.0, "limit": 10.0},
     "raises a traced program cannot compile as a failure: one a contextlib.suppress "
     "swallows, one an except turns into a step, one raised when the DAG runs with a "
     "step in its finally (natively the step is made, then main fails)", '''
import contextlib


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--limit", type=float, default=10.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    with contextlib.suppress(ValueError):
        if run.y < params["limit"]:
            raise ValueError("small")
        await workflow.count.createTask(n=1)
    if run.y > 1:
        try:
            raise KeyError("big")
        except KeyError:
            await workflow.lin.createTask(x=run.y)
    if run.y < params["limit"]:
        try:
            raise RuntimeError("stopped after the lin step")
        finally:
            await workflow.count.createTask(n=3)
    await workflow.sq.createTask(x=10.0)
''', partial=True, segments=1, raises="RuntimeError: stopped after the lin step")

case("raise_in_capped_loop", ["sq", "lin", "count"], ["--x", "1.5", "--limit", "30"],
     {"x": 1.5, "limit": 30.0},
     "a raise in a capped loop on each iteration's output (one guarded raise per "
     "iteration, the fourth taken when the DAG runs), its message reading a value chosen "
     "by an earlier branch (merged into one message per iteration)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)
    parser.add_argument("--limit", type=float, default=30.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    tag = "big" if run.y > 2 else "small"
    x = run.y
    for it in range(4):
        (run, job), = await workflow.lin.createTask(x=x)
        if run.y > params["limit"]:
            raise RuntimeError(f"{tag} start, iteration {it}: y={run.y}")
        x = run.y
    await workflow.count.createTask(n=4)
''', raises="RuntimeError: big start, iteration 3: y=51.0")

case("join_item_branches", ["sq", "lin"], ["--x", "1.5"], {"x": 1.5},
     "ifs on each run's output in a loop over runs, merged at their join (one run of "
     "main): an if/else of steps, an if whose step's run is tested by a nested if, then "
     "a fan-in of the loop's runs", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


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
''')

case("join_item_mixed", ["sq", "lin"], ["--xs", "1", "2", "3", "--refine"],
     {"xs": [1.0, 2.0, 3.0], "refine": True},
     "item tests merged at their join next to tests that still fork: a flag tested per "
     "item, an `and` of an output and a job field, then a second loop over the same runs "
     "testing each output against a later run's", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--refine", action="store_true")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if params["refine"]:
            await workflow.lin.createTask(x=job.x)
        if run.y > 2 and job.x < 3:
            await workflow.sq.createTask(x=run.y)
    (first, _), = await workflow.lin.createTask(x=1.0)
    for run, job in runs:
        if run.y > first.y:
            await workflow.lin.createTask(x=run.y + first.y)
''')


# ---- blocks of main's statements run at run time: written to break them -------------

case("blk_alias_made_before_the_loop", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict filled in a loop over runs, read after it through a second name given "
     "before the loop", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {}
    view = table
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
    await workflow.lin.createTask(x=float(len(view)))
''')

case("blk_container_holding_the_list", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict filled in a loop over runs, read after it from a dict holding it", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {}
    holder = {"big": table}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
    await workflow.lin.createTask(x=float(len(holder["big"])) + sum(table.values()))
''')

case("blk_closure_over_the_list", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict filled in a loop over runs, read after it by a lambda made before the loop",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {}
    count = lambda: float(len(table))  # noqa: E731
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
    await workflow.lin.createTask(x=count())
''', partial=True)

case("blk_loop_over_no_item_keeps_the_value", ["sq", "lin"], ["--xs", "2"], {"xs": [2.0]},
     "the last output of a loop over runs[1:] (no item here): the value before the loop",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    last = -1.0
    for run, job in runs[1:]:
        last = run.y
    await workflow.lin.createTask(x=last)
''')

case("blk_generator_used_up", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a generator of outputs, half used up by sorted(key=a lambda reading main), the "
     "rest read after it", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    target = 4.0
    ys = (run.y for run, job in runs)
    first = next(ys)
    closest = sorted(ys, key=lambda v: abs(v - target))
    rest = list(ys)
    await workflow.lin.createTask(x=[first, *closest, float(len(rest))])
''', partial=True)

case("blk_lambda_reads_a_local_rebound_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict of outputs, its best key by a lambda reading a local main rebinds after it",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scale = -1.0
    table = {}
    for run, job in runs:
        table[job.x] = run.y
    best = max(table, key=lambda x: table[x] * scale)
    scale = 100.0
    await workflow.lin.createTask(x=best * scale)
''')

case("blk_append_through_a_conditional_expression", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "outputs split into two lists made before the loop, appended through a "
     "conditional expression", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    hi = []
    lo = []
    for run, job in runs:
        (hi if run.y > 2 else lo).append(run.y)
    await workflow.lin.createTask(x=float(len(hi)))
''')

case("blk_list_got_from_a_dict_made_before", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict of lists made before, a list got by .get() appended in a loop over "
     "runs", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = {"lo": [], "hi": []}
    for run, job in runs:
        key = "hi" if run.y > 2 else "lo"
        bucket = groups.get(key)
        bucket.append(run.y)
    await workflow.lin.createTask(x=float(len(groups["hi"])))
''', partial=True)

case("blk_second_name_of_a_list_changed_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a block binds a second name of a list made before; main appends to the "
     "list after", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    extra = [0.5]
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
            chosen = extra
    extra.append(7.0)
    await workflow.lin.createTask(x=chosen)
''', partial=True)

case("blk_params_list_appended_through_an_expression", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "the params list itself appended to in a loop over runs via a conditional "
     "expression", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    xs = params["xs"]
    for run, job in runs:
        if run.y > 2:
            (xs if run.y > 0 else []).append(run.y)
    await workflow.lin.createTask(x=xs)
''', partial=True)

case("blk_helper_returns_a_list_of_its_argument", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a helper returns a list held by a dict made before; the loop over runs "
     "appends to it", XS + '''

def bucket_of(groups, key):
    return groups[key]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = {"lo": [], "hi": []}
    for run, job in runs:
        b = bucket_of(groups, "hi" if run.y > 2 else "lo")
        b.append(run.y)
    await workflow.lin.createTask(x=float(len(groups["hi"])))
''', partial=True)

case("blk_dict_holding_a_list_changed_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a block puts a list made before into a dict it binds; main appends to the list "
     "after", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    extra = [0.5]
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
            holder = {"extra": extra}
    extra.append(7.0)
    await workflow.lin.createTask(x=holder["extra"])
''', partial=True)

case("blk_tuple_made_before_in_a_key", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a tuple made before a block, in the dict keys it makes and compared after", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    bounds = (min(params["xs"]), max(params["xs"]))
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[(job.x, bounds)] = run.y
    same = [k for k in table if k[1] == (1.0, 3.0)]
    await workflow.lin.createTask(x=[float(len(table)), float(len(same))])
''', partial=True)

case("calls_dict_views_compared", ["sq", "lin", "label"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "the keys of two dicts of outputs filled in other orders compared, subtracted and "
     "formatted (dict views at run time)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    a = {}
    for run, job in runs:
        if run.y > 2:
            a[job.x] = run.y
    b = {}
    for run, job in runs[::-1]:
        if run.y > 5:
            b[job.x] = run.y
    if a.keys() == b.keys():
        await workflow.lin.createTask(x=1.0)
    else:
        await workflow.lin.createTask(x=sorted(a.keys() - b.keys()))
    await workflow.label.createTask(name=str(b.keys()))
''')

case("blk_items_of_a_job", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a loop over runs reads a job's items (BlackDynamite's jobs answer items())", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = dict(job.items())["x"]
    await workflow.lin.createTask(x=sum(table.values()))
''', partial=True)

case("calls_keys_of_a_run", ["sq", "lin"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "the keys of a run and of its job (BlackDynamite's runs answer keys())", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    run, job = runs[0]
    await workflow.lin.createTask(x=float("y" in run.keys()) + float(len(job.keys()) > 0))
''', partial=True)

case("blk_numpy_array_read_then_listed", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a loop over runs reads a numpy array made before; the values it fills listed "
     "after", "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    grid = np.linspace(0.0, 1.0, 3)
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y * grid[1]
    await workflow.lin.createTask(x=[float(v) for v in table.values()])
''')

case("blk_second_name_of_an_array_changed_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a block binds a second name of a numpy array made before; main doubles the array "
     "in place after", "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    grid = np.linspace(0.0, 1.0, 3)
    table = {}
    for run, job in runs:
        if run.y > 2:
            table[job.x] = run.y
            kept = grid
    grid *= 2
    await workflow.lin.createTask(x=[float(v) for v in kept])
''', partial=True)

# ---- an error nothing reads: main stops there, so must the DAG (no step after it)

case("err_unread_key_of_a_runtime_dict", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict of outputs looked up with a key it lacks, the value never read: main stops "
     "with KeyError before the next step", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {job.x: run.y for run, job in runs}
    missing = table[99.0]
    await workflow.lin.createTask(x=1.0)
    print(missing)
''', raises="KeyError: 99.0")

case("err_unread_division_by_an_output", ["sq", "lin"], ["--xs", "0", "2"],
     {"xs": [0.0, 2.0]},
     "a ratio of outputs computed and only printed at the end: main stops with "
     "ZeroDivisionError before the next step", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    (r0, j0), (r1, j1) = runs
    ratio = r1.y / r0.y
    await workflow.lin.createTask(x=j1.x)
    print("ratio", ratio)
''', raises="ZeroDivisionError: float division by zero")

case("err_unread_block_in_a_loop_over_runs", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a block of main's statements (a counter over runs) that fails on the last run, "
     "its value never read by a step", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    counts = {}
    for run, job in runs:
        counts[job.x] = counts.get(job.x, 0) + 1
        if run.y > 5:
            counts["total"] += 1
    await workflow.lin.createTask(x=1.0)
''', raises="KeyError: 'total'")

case("err_unread_statistics_of_a_filtered_list", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "statistics.fmean of outputs filtered to nothing, only printed: main stops with "
     "StatisticsError before the next step", "import statistics\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = [run.y for run, job in runs if run.y > 100]
    mean = statistics.fmean(big)
    await workflow.lin.createTask(x=2.0)
    print(f"mean of the big ones: {mean}")
''', raises="StatisticsError: fmean requires at least one data point")

case("err_unread_index_per_item", ["sq", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "inside a loop over runs, an index past a param list's end computed from an output "
     "and only printed: main stops at the first run (a mapped step makes its runs "
     "together: an error at a later item would stop it before any)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        label = params["xs"][int(run.y) // 3]
        await workflow.lin.createTask(x=job.x)
        print(label)
''', raises="IndexError: list index out of range")

case("adv_unread_after_item_test", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "in a loop over runs, past a test of the item (continue), a ratio no step reads: "
     "main stops at the first run (the loop runs as a block of main's statements, "
     "checked by the next step)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > 3:
            continue
        ratio = 1.0 / (run.y - 1)
        print(job.x, ratio)
    await workflow.lin.createTask(x=2.0)
''', raises="ZeroDivisionError: float division by zero")

case("adv_unread_nested_loops", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "the gaps between every two outputs, in nested loops over runs, read by no step: "
     "main stops at the first pair (a run with itself)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        for other, _ in runs:
            gap = 1.0 / (run.y - other.y)
            print(job.x, gap)
    await workflow.lin.createTask(x=2.0)
''', partial=True, raises="ZeroDivisionError: float division by zero")

case("adv_unread_test_decides_nothing", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a test of a ratio of outputs that only prints: it decides no step, and main stops "
     "on it", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if runs[1][0].y / (runs[0][0].y - 1) > 2:
        print("steep")
    await workflow.lin.createTask(x=2.0)
''', raises="ZeroDivisionError: float division by zero")

case("adv_unread_item_test_decides_nothing", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "in a loop over runs, a slope tested only to print, then a step per run: main stops "
     "at the first run, before any (the step checks the slope for every item)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        slope = 1.0 / (run.y - 1)
        if slope > 1:
            print("steep", job.x)
        await workflow.lin.createTask(x=run.y)
''', raises="ZeroDivisionError: float division by zero")

# ---- an operand the DAG cannot hold (a numpy array, a Fraction, a numpy int) ----------

case("adv_ndarray_operand", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an output plus a numpy array (Python answers: a block of main's statements), "
     "then tolist() passed to a step, in a loop over runs and after it",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        shifted = run.y + np.arange(2)
        await workflow.lin.createTask(x=shifted.tolist())
    (r0, j0), (r1, j1) = runs
    spread = r1.y * np.array([0.5, -1.0]) + r0.y
    await workflow.sq.createTask(x=float(spread.max()))
''')

case("adv_ndarray_operand_branch", ["sq", "lin"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "a test of a sum over an output times a numpy array decides a step, per run",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if (run.y * np.ones(3)).sum() > 5:
            await workflow.lin.createTask(x=job.x)
        else:
            await workflow.sq.createTask(x=job.x + 10)
''')

case("adv_fraction_and_numpy_int_operands", ["sq", "lin"], ["--xs", "2", "3"],
     {"xs": [2.0, 3.0]},
     "an output with a Fraction and with a numpy int64: natively a float each",
     "from fractions import Fraction\n\nimport numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    (r0, j0), (r1, j1) = await workflow.sq.createTask(x=params["xs"])
    half = r0.y + Fraction(1, 2)
    await workflow.lin.createTask(x=float(half))
    tripled = r1.y * np.int64(3)
    await workflow.lin.createTask(x=float(tripled) - half)
''', partial=True)

# ---- str / repr of a list built in a loop traced once (print(ys)) ---------------------

case("adv_fanin_list_shown", ["sq", "label"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a list of outputs printed, then its str and repr (a filtered one, one with a "
     "plain head) given to steps as names: the text must be main's", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    print("ys", ys)
    big = [run.y for run, job in runs if run.y > 2]
    both = [0.5] + [job.x * 2 for run, job in runs]
    await workflow.label.createTask(name=f"ys={ys}")
    await workflow.label.createTask(name=[repr(big), str(both)])
    await workflow.sq.createTask(x=max(ys))
''')

case("adv_fanin_list_shown_tuples", ["sq", "label", "pair"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "str of a list of tuple outputs, then of a list of (x, y) tuples, given to steps: "
     "a fan-in's elements are made plain at run time (a tuple output becomes a list), "
     "so the text is left to main", XS + '''

async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    bounds = [run.bounds for run, job in runs]
    await workflow.label.createTask(name=str(bounds))
    pairs = [(job.x, run.y) for run, job in runs]
    await workflow.label.createTask(name=str(pairs))
''')

case("adv_fanin_list_shown_runs", ["sq", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "str of a list of runs given to a step (the text names objects): left to main; "
     "a string method on the text of a list of outputs", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    if "4.0" in str(ys):
        await workflow.sq.createTask(x=5.0)
    firsts = [run for run, job in runs]
    await workflow.label.createTask(name=str(len(str(firsts)) > 0))
''', partial=True, segments=1)

# ---- held-out studies: orchestrators written as studies are, several idioms each -------

case("held_mesh_levels", ["mesh", "sq"], ["--h0", "0.5"],
     {"h0": 0.5, "levels": 5, "rtol": 0.02},
     "study: mesh convergence, a helper coroutine per level returning a namedtuple, "
     "history list, relative change tested from the second level, h halved, logging", '''
import logging
from collections import namedtuple

log = logging.getLogger("mesh-study")

Level = namedtuple("Level", ["h", "u", "cells"])


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--levels", type=int, default=5, help="at most this many levels")
    parser.add_argument("--rtol", type=float, default=0.02)


async def solve_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h, run.u, run.cells)


async def main(workflow, **params):
    history = []
    h = params["h0"]
    for level in range(params["levels"]):
        res = await solve_level(workflow, h)
        history.append(res)
        log.info("level %d: h=%g u=%.6f cells=%d", level, res.h, res.u, res.cells)
        if len(history) > 1:
            change = abs(history[-1].u - history[-2].u) / abs(history[-1].u)
            if change < params["rtol"]:
                log.info("converged: change %.2e", change)
                break
        h /= 2
    finest = history[-1]
    await workflow.sq.createTask(x=finest.u)
''')

case("held_sweep_json", ["sq", "lin"], [], {"sweep": "sweep.json"},
     "study: groups of a sweep read from a JSON file next to the orchestrator (with open), "
     "each group a createTask, best per group in a dict, then a step per group in sorted "
     "order", '''
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.json")


def load_sweep(name):
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)


async def main(workflow, **params):
    sweep = load_sweep(params["sweep"])
    best = {}
    for group, xs in sweep["groups"].items():
        runs = await workflow.sq.createTask(x=[x * sweep["scale"] for x in xs])
        best[group] = min(run.y for run, job in runs)
        print(group, best[group])
    for group in sorted(best):
        await workflow.lin.createTask(x=best[group])
''', files={"sweep.json": '{"groups": {"coarse": [1.0, 2.0], "fine": [1.5, 1.75]}, '
                          '"scale": 0.5}\n'})

case("held_numpy_grid", ["mix", "lin"], ["--n", "3"],
     {"amin": 0.5, "amax": 1.5, "n": 3, "target": 2.0},
     "study: a numpy grid (linspace of a, two b), outputs into an array, argmin of the "
     "distance to a target, the job of that run, a finer linspace around it", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--amin", type=float, default=0.5)
    parser.add_argument("--amax", type=float, default=1.5)
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--target", type=float, default=2.0)


async def main(workflow, **params):
    a = np.linspace(params["amin"], params["amax"], params["n"])
    b = np.array([0.0, 1.0])
    runs = await workflow.mix.createTask(a=[float(v) for v in a], b=b.tolist())
    y = np.array([run.y for run, job in runs])
    i = int(np.argmin(np.abs(y - params["target"])))
    run, job = runs[i]
    print(f"closest: a={job.a} b={job.b} y={run.y}")
    step = (params["amax"] - params["amin"]) / (params["n"] - 1) / 2
    fine = np.linspace(job.a - step, job.a + step, 3)
    await workflow.lin.createTask(x=fine.tolist())
''')

case("held_best_k_dataclass", ["sq", "newton"], ["--xs", "1", "2", "3", "4"],
     {"xs": [1.0, 2.0, 3.0, 4.0], "target": 5.0, "k": 2},
     "study: candidates in an ordered dataclass (miss, x), sorted, the best k refined "
     "one by one, their x printed", '''
from dataclasses import dataclass


@dataclass(order=True)
class Candidate:
    miss: float
    x: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=5.0)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    candidates = sorted(Candidate(abs(run.y - params["target"]), job.x) for run, job in runs)
    chosen = candidates[:params["k"]]
    for c in chosen:
        await workflow.newton.createTask(x=c.x)
    print("refined around", [c.x for c in chosen])
''')

case("held_replica_stats", ["replica", "lin"], ["--configs", "1", "2"],
     {"configs": [1.0, 2.0], "nrep": 3, "max_cv": 0.05},
     "study: replicas (configs x seeds), grouped per config in a defaultdict, mean and "
     "stdev per config (statistics), more replicas when the worst coefficient of "
     "variation is too high, the means in sorted config order", '''
import statistics
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--configs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)
    parser.add_argument("--max-cv", dest="max_cv", type=float, default=0.05)


async def main(workflow, **params):
    seeds = list(range(params["nrep"]))
    runs = await workflow.replica.createTask(x=params["configs"], seed=seeds)
    by_config = defaultdict(list)
    for run, job in runs:
        by_config[job.x].append(run.y)
    summary = {}
    for x, ys in by_config.items():
        summary[x] = (statistics.mean(ys), statistics.stdev(ys))
        print(f"x={x}: mean={summary[x][0]:.4f} sd={summary[x][1]:.4f}")
    worst = max(sd / m for m, sd in summary.values())
    if worst > params["max_cv"]:
        print(f"cv {worst:.3f} too high, more replicas")
        await workflow.replica.createTask(x=params["configs"],
                                          seed=[s + 100 for s in seeds])
    means = [summary[x][0] for x in sorted(summary)]
    await workflow.lin.createTask(x=means)
''')

case("held_pipeline_stages", ["sq", "lin", "count"],
     ["--stages", "sq", "lin", "--xs", "1", "2"],
     {"stages": ["sq", "lin"], "xs": [1.0, 2.0]},
     "study: a pipeline whose stages are study names in a param, getattr on the "
     "workflow, each stage fed the previous stage's outputs, a count at the end", '''
def populate_arg_parser(parser):
    parser.add_argument("--stages", nargs="+", default=["sq", "lin"])
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    values = list(params["xs"])
    for stage in params["stages"]:
        manager = getattr(workflow, stage)
        runs = await manager.createTask(x=values)
        values = [run.y for run, job in runs]
        print(stage, "->", values)
    await workflow.count.createTask(n=len(values))
''')

case("held_bisection_yaml", ["sq", "lin"], ["--lo", "1", "--hi", "2"],
     {"lo": 1.0, "hi": 2.0, "settings": "search.yaml"},
     "study: a bisection on an output whose target, tolerance and cap come from a YAML "
     "file, a helper returning the residual, a bracket check that raises, a while "
     "with a cap, tuple assignment", '''
import os

import yaml

HERE = os.path.dirname(__file__)


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=1.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--settings", default="search.yaml")


async def residual(workflow, x, target):
    (run, job), = await workflow.sq.createTask(x=x)
    return run.y - target


async def main(workflow, **params):
    with open(os.path.join(HERE, params["settings"])) as f:
        cfg = yaml.safe_load(f)
    lo, hi = params["lo"], params["hi"]
    flo = await residual(workflow, lo, cfg["target"])
    fhi = await residual(workflow, hi, cfg["target"])
    if flo * fhi > 0:
        raise ValueError(f"target {cfg['target']} not bracketed by [{lo}, {hi}]")
    it = 0
    while hi - lo > cfg["tol"] and it < cfg["maxit"]:
        mid = 0.5 * (lo + hi)
        fm = await residual(workflow, mid, cfg["target"])
        if fm * flo <= 0:
            hi = mid
        else:
            lo, flo = mid, fm
        it += 1
    root = 0.5 * (lo + hi)
    print(f"root {root:.5f} after {it} iterations")
    await workflow.lin.createTask(x=root)
''', files={"search.yaml": "target: 2.0\ntol: 0.05\nmaxit: 8\n"})

case("held_stable_dt", ["solve", "lin", "sq"], ["--dt", "1.0"],
     {"dt": 1.0, "tries": 4, "fallback_dt": 0.01},
     "study: a time step halved until the solver is stable in a helper (for loop with a "
     "return, a custom exception raised when it gives up), try/except around it, an "
     "is-not-None test on the residual", '''
class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)


async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        print("giving up:", err)
        dt, res = params["fallback_dt"], None
    await workflow.lin.createTask(x=dt)
    if res is not None:
        await workflow.sq.createTask(x=res * 1000)
''')

case("held_gather_chains", ["sq", "lin", "total", "count"], ["--a", "1", "--b", "3"],
     {"a": 1.0, "b": 3.0},
     "study: two independent chains (sq then lin of its outputs) as create_task, "
     "gathered, each returning its sq ids and its largest lin output; a fan-in of both "
     "id lists, then a step from the overall max", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=3.0)


async def chain(workflow, x0, n):
    xs = [x0 + i for i in range(n)]
    sq_runs = await workflow.sq.createTask(x=xs)
    lin_runs = await workflow.lin.createTask(x=[r.y for r, j in sq_runs])
    return [r.id for r, j in sq_runs], max(r.y for r, j in lin_runs)


async def main(workflow, **params):
    left = asyncio.create_task(chain(workflow, params["a"], 2))
    right = asyncio.create_task(chain(workflow, params["b"], 3))
    (ids_l, top_l), (ids_r, top_r) = await asyncio.gather(left, right)
    await workflow.total.createTask(sq_ids=ids_l + ids_r)
    print("tops", top_l, top_r)
    await workflow.count.createTask(n=int(max(top_l, top_r)))
''', segments=1)

case("held_csv_summary", ["sq", "label"], [], {"table": "cases.csv", "threshold": 3.0},
     "study: named cases read from a CSV next to the orchestrator (csv.DictReader, "
     "pathlib), one step per case, results in a dict by name, the names above a "
     "threshold labelled, a summary file written at the end", '''
import csv
from pathlib import Path

HERE = Path(__file__).parent


def populate_arg_parser(parser):
    parser.add_argument("--table", default="cases.csv")
    parser.add_argument("--threshold", type=float, default=3.0)


def read_cases(path):
    with open(path, newline="") as f:
        return [(row["name"], float(row["x"])) for row in csv.DictReader(f)]


async def main(workflow, **params):
    results = {}
    for name, x in read_cases(HERE / params["table"]):
        (run, job), = await workflow.sq.createTask(x=x)
        results[name] = run.y
    big = [name for name in results if results[name] > params["threshold"]]
    await workflow.label.createTask(name=big)
    lines = [f"{name} {y:.4f}" for name, y in results.items()]
    (HERE / "summary.txt").write_text("\\n".join(lines) + "\\n")
''', files={"cases.csv": "name,x\nalpha,1.0\nbeta,2.5\ngamma,4.0\n"}, writes=["summary.txt"])

case("held_richardson_gather", ["mesh", "lin"], ["--h", "0.4"],
     {"h": 0.4, "expected": 2.0},
     "study: three mesh levels gathered from a helper, a dict from zip of sizes and "
     "results, the observed order (math.log2), Richardson extrapolation when the order "
     "is as expected, else one finer level", '''
import asyncio
import logging
import math


def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.4)
    parser.add_argument("--expected", type=float, default=2.0)


async def level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u


async def main(workflow, **params):
    hs = [params["h"] / 2 ** k for k in range(3)]
    u = dict(zip(hs, await asyncio.gather(*(level(workflow, h) for h in hs))))
    u1, u2, u3 = (u[h] for h in hs)
    p = math.log2((u1 - u2) / (u2 - u3))
    logging.info("observed order %.3f", p)
    if abs(p - params["expected"]) < 0.5:
        extrapolated = u3 + (u3 - u2) / (2 ** p - 1)
        await workflow.lin.createTask(x=round(extrapolated, 6))
    else:
        await workflow.mesh.createTask(h=hs[-1] / 2)
''')

case("held_newton_for_else", ["newton", "lin"], ["--x0", "1.0"],
     {"x0": 1.0, "maxit": 6, "tol": 1e-6, "dx": 0.1},
     "study: Newton iterations with a for/else (break on the error), a history of "
     "tuples, then a numpy grid around the last iterate (np.round, tolist)", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--maxit", type=int, default=6)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--dx", type=float, default=0.1)


async def main(workflow, **params):
    x = params["x0"]
    history = []
    for it in range(params["maxit"]):
        (run, job), = await workflow.newton.createTask(x=x)
        history.append((it, x, run.err))
        x = run.next
        if run.err < params["tol"]:
            print(f"converged after {it + 1} iterations")
            break
    else:
        print("no convergence, last error", history[-1][2])
    grid = np.round(x + params["dx"] * np.arange(-1, 2), 6)
    await workflow.lin.createTask(x=grid.tolist())
''')

case("held_label_groups", ["label", "count", "step"],
     ["--names", "ab", "cd", "efg", "--reference", "cd"],
     {"names": ["ab", "cd", "efg"], "reference": "cd"},
     "study: labels of names, a Counter of output sizes iterated in sorted order with a "
     "step per size, a dict of output texts by name, try/except KeyError on a lookup, "
     "then a step when found", '''
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)
    parser.add_argument("--reference", default="cd")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    sizes = Counter(int(run.y) for run, job in runs)
    upper = {job.name: run.text for run, job in runs}
    for size, n in sorted(sizes.items()):
        await workflow.count.createTask(n=size * n)
    try:
        ref = upper[params["reference"]]
    except KeyError:
        ref = None
        print("reference not in the sweep")
    if ref is not None:
        await workflow.step.createTask(x=float(len(ref)), i=len(upper))
''')

case("held_adaptive_gaps", ["sq", "count"], ["--xs", "0", "1", "2"],
     {"xs": [0.0, 1.0, 2.0], "rounds": 3, "tol": 1.0},
     "study: adaptive sampling: sorted (x, y) points, the largest jump between "
     "neighbours (zip of the list and its tail), a new sample at its midpoint, for a "
     "few rounds or until the jump is small", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tol", type=float, default=1.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pts = sorted((job.x, run.y) for run, job in runs)
    for rnd in range(params["rounds"]):
        gaps = [(abs(y1 - y0), (x0 + x1) / 2) for (x0, y0), (x1, y1) in zip(pts, pts[1:])]
        jump, xm = max(gaps)
        if jump < params["tol"]:
            break
        (run, job), = await workflow.sq.createTask(x=xm)
        pts = sorted(pts + [(xm, run.y)])
    await workflow.count.createTask(n=len(pts))
''')


case("print_outputs_between_steps", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "progress printed as a study does: a list of outputs, an f-string of a mean, a dict "
     "of outputs; the steps after compile (the verification task prints them)",
     "import statistics\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    print("squares:", ys)
    print(f"mean {statistics.fmean(ys):.3f} over {len(ys)} runs")
    table = {job.x: run.y for run, job in runs}
    print(table)
    await workflow.lin.createTask(x=ys)
''')

case("err_unread_format_spec", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an f-string with a format spec an output cannot take, only printed: main stops "
     "with ValueError before the next step", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    first, _ = runs[0]
    print(f"first square: {first.y:d}")
    await workflow.lin.createTask(x=1.0)
''', raises="ValueError: Unknown format code 'd' for object of type 'float'")

# ---- try statements with no step: blocks of main's statements run at run time

case("blk_try_catches_a_missing_key", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a try around a lookup of a dict of outputs, its except giving a default and "
     "counting: the try runs at run time, the steps after it compile", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {job.x: run.y for run, job in runs}
    missing = 0
    try:
        ref = table[3.0]
    except KeyError:
        ref = -1.0
        missing += 1
    else:
        ref = ref * 2
    finally:
        checked = True
    await workflow.lin.createTask(x=[ref, float(missing), float(checked)])
''')

case("blk_try_lets_another_error_through", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a try whose except catches another error than the one raised: main stops with the "
     "KeyError, and so does the DAG, before the next step", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {job.x: run.y for run, job in runs}
    try:
        ref = table[3.0]
    except IndexError:
        ref = 0.0
    await workflow.lin.createTask(x=ref)
''', raises="KeyError: 3.0")

case("blk_try_appends_to_an_outer_list", ["sq", "lin"], ["--xs", "1", "4"],
     {"xs": [1.0, 4.0]},
     "a try in a loop over runs appending to a list made before the loop, in its except: "
     "the list follows the block", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    bad = []
    for run, job in runs:
        try:
            if run.y > 10:
                raise ValueError(job.x)
        except ValueError as err:
            bad.append(float(err.args[0]))
    await workflow.lin.createTask(x=[0.5] + bad)
''')

case("blk_runs_kept_in_a_dict_by_a_block", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a block keeps runs in a dict (best[job.x] = run); a later block calls keys() of "
     "those runs: a run given at run time answers its fields only, so it falls back",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = {}
    for run, job in runs:
        if run.y > 1:
            best[job.x] = run
    fields = 0
    for x, r in best.items():
        fields += len(list(r.keys()))
    await workflow.lin.createTask(x=float(fields > 0))
''', partial=True)

case("blk_outputs_kept_in_a_dict_then_its_items", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a block groups outputs in a defaultdict; a later block iterates its items() and "
     "fills a summary: both run at run time", "import statistics\n"
     "from collections import defaultdict\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x > 1.5].append(run.y)
    summary = {}
    for big, ys in groups.items():
        summary[big] = statistics.fmean(ys)
    await workflow.lin.createTask(x=[summary[k] for k in sorted(summary)])
''')

case("inplace_np_clip_out", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "np.clip of an array of outputs with out= the same array, its result unused: the array "
     "changes in place",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    np.clip(ys, 0.0, 5.0, out=ys)
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_np_ufunc_positional_out", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a ufunc given its output array positionally (np.multiply(ys, 2.0, ys)): the array "
     "changes in place",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    np.multiply(ys, 2.0, ys)
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_np_iadd_alias", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "an array of outputs kept under a second name, then += on the first: numpy changes the "
     "one array both names hold",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    kept = ys
    ys += 1.0
    await workflow.lin.createTask(x=[float(v) for v in kept])
''', partial=True)

case("inplace_list_iadd_alias", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a list of outputs kept under a second name, then += on the first: the list grows under "
     "both names",
     "" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    kept = ys
    ys += [100.0]
    await workflow.lin.createTask(x=kept)
''')

case("inplace_np_put_along_axis", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "np.put_along_axis on an array of outputs (it writes into its argument)",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    np.put_along_axis(ys, np.array([0]), 0.0, axis=0)
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_np_asarray_alias", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "np.asarray of an array returns the same array: += on it changes the first name's array",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    a = np.asarray(ys)
    a += 1.0
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_list_sort_alias", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a list of outputs kept under a second name, then sorted in place through the first",
     "" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [-r.y for r, j in runs]
    kept = ys
    ys.sort()
    await workflow.lin.createTask(x=kept)
''')

case("inplace_list_slice_assign_alias", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a slice assignment through one name of a list of outputs, read through another", "" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    kept = ys
    ys[:] = [v * 2 for v in ys]
    await workflow.lin.createTask(x=kept)
''')

case("inplace_np_cumsum_out", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "np.cumsum with out= a second array made from outputs, the result unused",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    acc = np.zeros(len(ys))
    np.cumsum(ys, out=acc)
    await workflow.lin.createTask(x=[float(v) for v in acc])
''', partial=True)

case("inplace_np_setitem_on_output_array", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "an element of an array of outputs assigned, then the array read",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    ys[0] = -1.0
    await workflow.lin.createTask(x=[float(v) for v in ys])
''')

case("inplace_np_slice_view_write", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "an element written through a numpy slice of an array of outputs (a view): the array "
     "changes",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    head = ys[:2]
    head[0] = -1.0
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_np_asarray_setitem", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "an element written through np.asarray of an array of outputs (the same array)",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    a = np.asarray(ys)
    a[0] = -1.0
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_list_alias_setitem", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "an element of a list of outputs written through a second name", "" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    kept = ys
    kept[0] = -1.0
    await workflow.lin.createTask(x=ys)
''', partial=True)

case("inplace_dict_alias_setitem", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dict of outputs written through a second name, read through the first", "" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {j.x: r.y for r, j in runs}
    other = table
    other[1.0] = -1.0
    await workflow.lin.createTask(x=[table[k] for k in sorted(table)])
''', partial=True)

case("inplace_np_reshape_view_write", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "an element written through a reshaped view of an array of outputs",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    col = ys.reshape(3, 1)
    col[2, 0] = 0.5
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_list_in_list_alias", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a list of outputs held in an outer list, appended to through the outer list", "" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    rows = [ys, [0.0]]
    rows[0].append(7.0)
    await workflow.lin.createTask(x=ys)
''', partial=True)

case("inplace_block_np_view_in_loop", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a loop writes through a numpy slice (a view) it takes of an array of outputs: the array "
     "changes",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    for i in range(2):
        head = ys[i:i + 1]
        head[0] = -1.0
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("inplace_function_np_view_write", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a plain function of the orchestrator writes through a slice of the array it is given, "
     "main reads the array after",
     '''\
import numpy as np


def damp(values):
    head = values[:1]
    head[0] = 0.0
    return values.sum()
''' + "\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    total = damp(ys)
    await workflow.lin.createTask(x=[float(v) for v in ys] + [float(total)])
''', partial=True)

case("inplace_function_np_out", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a plain function of the orchestrator calls np.multiply with its argument as the output, "
     "main reads the array after",
     '''\
import numpy as np


def double(values):
    np.multiply(values, 2.0, out=values)
    return float(np.sum(values))
''' + "\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    total = double(ys)
    await workflow.lin.createTask(x=[float(v) for v in ys] + [float(total)])
''', partial=True)

case("inplace_block_np_ufunc_positional_out", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a loop over an array of outputs calls np.add with the array as its positional output",
     "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    for step in range(2):
        np.add(ys, 1.0, ys)
    await workflow.lin.createTask(x=[float(v) for v in ys])
''', partial=True)

case("fanin_compared_from_the_right", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a list of three outputs written out compared with the list of every output (a "
     "comprehension over the runs, on the right of ==): equal natively", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    firsts = [runs[0][0].y, runs[1][0].y, runs[2][0].y]
    if firsts == ys:
        await workflow.lin.createTask(x=1.0)
    else:
        await workflow.lin.createTask(x=0.0)
''', partial=True)

case("fanin_compared_inside_a_dict", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "two dicts compared, one holding a list of outputs written out, the other the "
     "comprehension over the runs, and != of the lists", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    every = {"y": [r.y for r, j in runs]}
    written = {"y": [runs[0][0].y, runs[1][0].y, runs[2][0].y]}
    same = written == every
    differ = written["y"] != every["y"]
    await workflow.lin.createTask(x=[float(same), float(differ)])
''', segments=2)

case("seg_value_list_compared", ["sq", "lin"], [], {"target": 2.0, "tol": 0.05},
     "a bracket kept as a tuple by a bisection loop run as a segment, then compared as a "
     "list with the two bounds", '''\
def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.05)


async def main(workflow, **params):
    lo, hi, err = 0.0, 2.0, 1.0
    bracket = (lo, hi)
    while err > params["tol"]:
        mid = (lo + hi) / 2
        (run, job), = await workflow.sq.createTask(x=mid)
        err = abs(run.y - params["target"])
        if run.y > params["target"]:
            hi = mid
        else:
            lo = mid
        bracket = (lo, hi)
    await workflow.lin.createTask(x=hi)
    await workflow.lin.createTask(x=float([lo, hi] == list(bracket)))
    await workflow.lin.createTask(x=float([lo, hi] != [v for v in bracket]))
''', partial=True, segments=2)

case("is_none_of_a_numpy_array", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "`is not None` of a numpy array of outputs, and `is None` of a dict's get (an "
     "array's == None compares element by element)", "import numpy as np\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([r.y for r, j in runs])
    if ys is not None:
        await workflow.lin.createTask(x=float(np.sum(ys)))
    table = {j.x: r.y for r, j in runs}
    missing = table.get(7.0) is None
    await workflow.lin.createTask(x=[float(missing), float(ys is None)])
''')

# ---- exact len() of a list of outputs; dict(zip(...)) of outputs at run time -----------

case("adv_len_collector_in_loop", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "len() of a list appended inside a loop over runs, read in that loop (1, 2, 3 "
     "natively; the loop is traced once)", XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = []
    for run, job in runs:
        seen.append(run.y)
        if len(seen) > 1:
            await workflow.lin.createTask(x=job.x)
""", partial=True)

case("adv_len_output_list", ["pair", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "len() of lists made from an output that is a list (list(), a comprehension, "
     "unpacking with *): its length is only known at run time", XS + """

async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["xs"][0])
    a = list(run.bounds)
    b = [v * 2 for v in run.bounds]
    c = [*run.bounds, 5.0]
    await workflow.count.createTask(n=len(a) + 10 * len(b) + 100 * len(c))
    if len(c) > 2:
        await workflow.lin.createTask(x=c[-1])
""")

case("adv_len_conditional_append", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "len() of a list appended under a test of an output, through an alias, and "
     "extended by a fan-in", XS + """

async def main(workflow, **params):
    (first, job), = await workflow.sq.createTask(x=params["xs"][0])
    history = [first.y]
    alias = history
    if first.y > 2:
        alias.append(first.y * 2)
    await workflow.count.createTask(n=len(history))
    if len(history) > 1:
        await workflow.lin.createTask(x=history[-2])
    runs = await workflow.sq.createTask(x=params["xs"])
    history += [run.y for run, job in runs if run.y > 3]
    await workflow.count.createTask(n=len(history) + 100)
    if len(history) > 2:
        await workflow.lin.createTask(x=history[-1])
""", partial=True)

case("adv_len_capped_history", ["sq", "lin"], ["--x0", "1"], {"x0": 1.0, "levels": 4},
     "a capped loop appending one output per level and only on some levels (a test of "
     "an output), len()/[-2] of it each level", """
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--levels", type=int, default=4)


async def main(workflow, **params):
    history = []
    x = params["x0"]
    for level in range(params["levels"]):
        (run, job), = await workflow.sq.createTask(x=x)
        if run.y < 2 or level % 2 == 0:
            history.append(run.y)
        if len(history) >= 2 and history[-1] - history[-2] > 3:
            break
        x += 0.75
    await workflow.lin.createTask(x=history[-1] + len(history))
""")

case("adv_zip_dict_duplicate_keys", ["mesh", "lin", "count"], ["--h", "0.4"],
     {"h": 0.4},
     "dict(zip(sizes, outputs)) whose sizes repeat at run time (the later output wins, "
     "one key), looked up by every size, its len()", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.4)


async def level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u


async def main(workflow, **params):
    hs = [params["h"], params["h"] * 1, params["h"] / 2]
    u = dict(zip(hs, await asyncio.gather(*(level(workflow, h) for h in hs))))
    await workflow.count.createTask(n=len(u))
    a, b, c = (u[h] for h in hs)
    await workflow.lin.createTask(x=a + b + c)
    for h, value in u.items():
        await workflow.lin.createTask(x=h + value)
""")

case("adv_zip_dict_odd_keys", ["sq", "lin", "pair"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "dict(zip(...)) keyed by tuples of params (a list at run time), then by a fan-in "
     "of job fields: left to main where the keys' kind or number is not known", XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    by_pair = dict(zip([(params["xs"][0], 1), (params["xs"][1], 2)], ys))
    await workflow.lin.createTask(x=by_pair[(params["xs"][0], 1)])
    by_x = dict(zip([job.x for run, job in runs], ys))
    await workflow.lin.createTask(x=by_x[params["xs"][-1]])
""", partial=True)

case("adv_zip_dict_changed", ["mesh", "lin"], ["--h", "0.4"], {"h": 0.4},
     "dict(zip(...)) of outputs changed afterwards (item assignment, update) before "
     "it is read", """
def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.4)


async def main(workflow, **params):
    hs = [params["h"], params["h"] / 2]
    us = []
    for h in hs:
        (run, job), = await workflow.mesh.createTask(h=h)
        us.append(run.u)
    u = dict(zip(hs, us))
    alias = u
    alias[hs[0]] = 10.0
    await workflow.lin.createTask(x=u[hs[0]] + u[hs[1]])
""", partial=True)

case("adv_namedtuple_sorted_fanin", ["mesh", "sq", "lin"], ["--hs", "0.5", "0.25"],
     {"hs": [0.5, 0.25]},
     "namedtuples of outputs collected over runs, then sorted() and min(key=) of them, "
     "a field read by name from each (made again by their class where the DAG needs "
     "them; a list there lost the names)", """
from collections import namedtuple

Level = namedtuple("Level", ["u", "h"])


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    levels = [Level(run.u, job.h) for run, job in runs]
    finest = min(levels, key=lambda lv: lv.h)
    await workflow.lin.createTask(x=finest.u)
    for lv in sorted(Level(run.u, job.h) for run, job in runs):
        await workflow.sq.createTask(x=lv.h)
""")

case("adv_dataclass_built_then_changed", ["sq", "lin", "count"], ["--xs", "1", "3"],
     {"xs": [1.0, 3.0]},
     "dataclasses of outputs: frozen and order=True compared (<, ==), __post_init__ and "
     "a property computing from outputs, an instance changed through an alias after "
     "being built (under a test of an output), a list of them with len()",
     "from dataclasses import dataclass, field\n\n\n" + XS + """

@dataclass(order=True, frozen=True)
class Point:
    miss: float
    x: float


@dataclass
class Result:
    x: float
    y: float
    ratio: float = field(init=False)

    def __post_init__(self):
        self.ratio = self.y / self.x

    @property
    def scaled(self):
        return self.ratio * 10


async def main(workflow, **params):
    (r1, j1), = await workflow.sq.createTask(x=params["xs"][0])
    (r2, j2), = await workflow.sq.createTask(x=params["xs"][1])
    a, b = Point(abs(r1.y - 4), j1.x), Point(abs(r2.y - 4), j2.x)
    best = a if a < b else b
    if a == b:
        await workflow.count.createTask(n=1)
    await workflow.lin.createTask(x=best.x)
    res = Result(j2.x, r2.y)
    alias = res
    if r1.y < r2.y:
        alias.y = r1.y
    kept = [res]
    if res.ratio > 2:
        kept.append(Result(j1.x, r1.y))
    await workflow.lin.createTask(x=res.y + res.scaled)
    await workflow.count.createTask(n=len(kept))
""")

case("adv_tuple_key_lookup", ["sq", "lin"], ["--xs", "1", "2", "3", "4"],
     {"xs": [1.0, 2.0, 3.0, 4.0]},
     "a dict keyed by (x, i) tuples of outputs (made at run time by a block) looked up "
     "by a tuple (the DAG holds a tuple as a list)", XS + """

async def main(workflow, **params):
    (r1, j1), = await workflow.sq.createTask(x=params["xs"][0])
    table = {(j1.x, 1): r1.y, (j1.x, 2): r1.y * 2}
    await workflow.lin.createTask(x=table[(j1.x, 2)])
""", partial=True)

case("adv_tuple_index_numpy", ["sq", "lin"], ["--xs", "1", "2", "3", "4"],
     {"xs": [1.0, 2.0, 3.0, 4.0]},
     "a 2-d numpy array of outputs (np.reshape, a run-time call) read at [1, 0]: the "
     "DAG holds the tuple index as a list, which picks rows", "import numpy as np\n\n\n"
     + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    grid = np.reshape([run.y for run, job in runs], (2, 2))
    await workflow.lin.createTask(x=float(grid[1, 0]))
""", partial=True)

case("adv_len_loop_collected", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "len() of lists a loop over a list param or over runs collected into, one "
     "appended only under a test of the item (empty on the path where the test failed)",
     XS + """

async def main(workflow, **params):
    doubled = [0.5]
    for x in params["xs"]:
        doubled.append(x * 2)
    runs = await workflow.sq.createTask(x=params["xs"])
    big = []
    for run, job in runs:
        if run.y > 3:
            big.append(run.y)
    await workflow.count.createTask(n=len(doubled) * 10 + len(big))
    if len(big) == 2:
        await workflow.lin.createTask(x=sum(big))
""")


# ---- held-out studies (third batch): orchestrators written as real parametric studies ---

case("held3_mesh_richardson_yaml", ["mesh", "sq"], ["--levels", "levels.yaml"],
     {"levels": "levels.yaml", "tol": 0.002},
     "study: mesh levels read from a YAML file beside main, one helper coroutine per "
     "level, a dataclass per level, Richardson estimates between successive levels, an "
     "early stop on the estimate, logging with f-strings, then a check run", '''
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

log = logging.getLogger("mesh-study")


def populate_arg_parser(parser):
    parser.add_argument("--levels", default="levels.yaml", help="YAML file of mesh sizes")
    parser.add_argument("--tol", type=float, default=0.002)


@dataclass
class Level:
    h: float
    u: float
    cells: int


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=job.h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    cfg = yaml.safe_load((Path(__file__).parent / params["levels"]).read_text())
    hs = sorted(cfg["h"], reverse=True)
    done = []
    for h in hs:
        lvl = await run_level(workflow, h)
        log.info(f"level h={lvl.h:.3f} cells={lvl.cells} u={lvl.u:.6f}")
        done.append(lvl)
        if len(done) >= 2:
            a, b = done[-2], done[-1]
            est = abs(b.u - a.u) / (2 ** cfg.get("order", 2) - 1)
            if est < params["tol"]:
                log.info(f"converged at h={b.h}")
                break
    await workflow.sq.createTask(x=[lvl.u for lvl in done])
''', files={"levels.yaml": "h: [0.5, 0.25, 0.125, 0.0625]\norder: 2\n"})

case("held3_replica_stats_json", ["replica", "lin"], ["--configs", "configs.json", "--nrep", "4"],
     {"configs": "configs.json", "nrep": 4, "cv_max": 0.03},
     "study: configurations from a JSON file, replicas as a cartesian product with seeds, "
     "grouped by configuration with defaultdict, mean/stdev with statistics, a dict "
     "comprehension of the accepted ones, then one lin run per accepted mean", '''
import json
import os
import statistics
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--configs", default="configs.json")
    parser.add_argument("--nrep", type=int, default=4)
    parser.add_argument("--cv_max", type=float, default=0.03)


async def main(workflow, **params):
    with open(os.path.join(HERE, params["configs"])) as f:
        configs = json.load(f)["x"]
    runs = await workflow.replica.createTask(x=configs, seed=list(range(params["nrep"])))
    by_x = defaultdict(list)
    for run, job in runs:
        by_x[job.x].append(run.y)
    stats = {x: (statistics.mean(ys), statistics.stdev(ys)) for x, ys in by_x.items()}
    accepted = {x: m for x, (m, s) in stats.items() if s / abs(m) < params["cv_max"]}
    print(f"accepted {len(accepted)}/{len(stats)} configurations")
    await workflow.lin.createTask(x=[accepted[x] for x in sorted(accepted)])
''', files={"configs.json": '{"x": [1.0, 2.0, 3.5, 5.0]}\n'})

case("held3_bisect_stable_dt", ["solve", "mesh"], ["--lo", "0.05", "--hi", "0.8"],
     {"lo": 0.05, "hi": 0.8, "tol": 0.02, "maxit": 8},
     "study: bisection of the largest stable time step (a while with a width tolerance "
     "and an iteration cap, a helper coroutine returning a bool), then a mesh run at the "
     "found step", '''
import logging

logger = logging.getLogger(__name__)


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.05)
    parser.add_argument("--hi", type=float, default=0.8)
    parser.add_argument("--tol", type=float, default=0.02)
    parser.add_argument("--maxit", type=int, default=8)


async def is_stable(workflow, dt):
    runs = await workflow.solve.createTask(dt=dt)
    run, job = runs[0]
    return run.ok == 1


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    it = 0
    while hi - lo > params["tol"] and it < params["maxit"]:
        mid = 0.5 * (lo + hi)
        if await is_stable(workflow, mid):
            lo = mid
        else:
            hi = mid
        it += 1
        logger.info("it %d: [%g, %g]", it, lo, hi)
    await workflow.mesh.createTask(h=lo)
''')

case("held3_newton_capped_try", ["newton", "sq"], ["--x0", "3"],
     {"x0": 3.0, "tol": 1e-6, "maxit": 10, "scheme": "default"},
     "study: Newton iterations with a cap and a tolerance (break on an output), the "
     "scheme's settings looked up in a module dict with try/except KeyError, then a "
     "check run on the root", '''
SCHEMES = {"fast": {"damping": 1.0}}


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=3.0)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--maxit", type=int, default=10)
    parser.add_argument("--scheme", default="default")


async def main(workflow, **params):
    try:
        damping = SCHEMES[params["scheme"]]["damping"]
    except KeyError:
        damping = 1.0
    x = params["x0"]
    history = []
    for it in range(params["maxit"]):
        (run, job), = await workflow.newton.createTask(x=x)
        history.append(run.err)
        x = job.x + damping * (run.next - job.x)
        if run.err < params["tol"]:
            break
    else:
        raise RuntimeError(f"Newton did not converge in {params['maxit']} iterations")
    await workflow.sq.createTask(x=x)
''')

case("held3_numpy_grid_best_k_refine", ["mix", "sq", "total"], ["--k", "2"],
     {"k": 2, "n": 3, "width": 0.5},
     "study: a numpy grid of (a, b) as one cartesian createTask, outputs keyed by the "
     "pair, the best k by a sorted lambda key, a refinement around each with "
     "asyncio.gather of helper coroutines on numpy linspace grids, and a fan-in total", '''
import asyncio

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--width", type=float, default=0.5)


async def refine(workflow, a, width, n):
    xs = np.linspace(a - width, a + width, n)
    return await workflow.sq.createTask(x=[float(v) for v in xs])


async def main(workflow, **params):
    a_grid = np.linspace(0.0, 2.0, params["n"])
    b_grid = np.array([0.5, 1.5])
    runs = await workflow.mix.createTask(a=a_grid.tolist(), b=b_grid.tolist())
    table = {(job.a, job.b): run.y for run, job in runs}
    best = sorted(table, key=lambda ab: abs(table[ab] - 2.0))[: params["k"]]
    batches = await asyncio.gather(*(refine(workflow, a, params["width"], params["n"])
                                     for a, b in best))
    ids = [run.id for batch in batches for run, job in batch]
    await workflow.total.createTask(sq_ids=ids)
''')

case("held3_pipeline_from_param", ["sq", "lin", "count"], ["--pipeline", "sq,lin,sq",
     "--xs", "1", "2"], {"pipeline": "sq,lin,sq", "xs": [1.0, 2.0]},
     "study: a pipeline of studies named by a comma-separated param, each stage fed the "
     "previous stage's outputs through getattr(workflow, stage), then a count of the "
     "last stage's runs", '''
import logging

log = logging.getLogger("pipeline")


def populate_arg_parser(parser):
    parser.add_argument("--pipeline", default="sq,lin")
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0])


async def stage(workflow, name, values):
    tm = getattr(workflow, name)
    runs = await tm.createTask(x=values)
    log.info(f"stage {name}: {len(runs)} runs")
    return [run.y for run, job in runs]


async def main(workflow, **params):
    values = list(params["xs"])
    for name in params["pipeline"].split(","):
        values = await stage(workflow, name.strip(), values)
    await workflow.count.createTask(n=len(values))
''')

case("held3_csv_create_task_chains", ["label", "sq", "total"], ["--table", "cases.csv"],
     {"table": "cases.csv"},
     "study: cases from a CSV file (csv.DictReader), one asyncio.create_task chain per "
     "row (label then sq scaled by the label's length), gathered, then a fan-in total", '''
import asyncio
import csv
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--table", default="cases.csv")


async def one_case(workflow, row):
    (lab, _), = await workflow.label.createTask(name=row["name"])
    runs = await workflow.sq.createTask(x=float(row["x"]) * lab.y)
    return runs[0][0].id


async def main(workflow, **params):
    with open(Path(__file__).with_name(params["table"]), newline="") as f:
        rows = list(csv.DictReader(f))
    tasks = [asyncio.create_task(one_case(workflow, row)) for row in rows]
    ids = await asyncio.gather(*tasks)
    await workflow.total.createTask(sq_ids=list(ids))
''', files={"cases.csv": "name,x\nbeam,0.5\nplate,1.0\nshell,0.25\n"})

case("held3_adaptive_midpoints", ["sq", "lin"], ["--xs", "0", "1", "2", "4"],
     {"xs": [0.0, 1.0, 2.0, 4.0], "jump": 3.0, "levels": 3},
     "study: adaptive refinement: where successive outputs jump by more than a threshold "
     "a midpoint is added, level by level up to a cap, the results kept in a dict keyed "
     "by x; then one lin run per point", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[0.0, 1.0])
    parser.add_argument("--jump", type=float, default=3.0)
    parser.add_argument("--levels", type=int, default=3)


async def main(workflow, **params):
    values = {}
    todo = sorted(params["xs"])
    for level in range(params["levels"]):
        if not todo:
            break
        runs = await workflow.sq.createTask(x=todo)
        values.update({job.x: run.y for run, job in runs})
        pts = sorted(values)
        todo = [0.5 * (a + b) for a, b in zip(pts, pts[1:])
                if abs(values[b] - values[a]) > params["jump"]]
        print(f"level {level}: {len(values)} points, {len(todo)} to add")
    await workflow.lin.createTask(x=sorted(values))
''', segments=1)

case("held3_secant_mesh_error", ["mesh", "lin"], ["--eps", "0.01"],
     {"eps": 0.01, "h0": 0.5, "h1": 0.3, "tol": 1e-4, "maxit": 8},
     "study: the mesh size whose discretisation error is eps, by secant iterations on "
     "u - 1 (a dataclass state, a ZeroDivisionError guard, tolerance and cap), then a "
     "lin run on the number of cells", '''
from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--eps", type=float, default=0.01)
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.3)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--maxit", type=int, default=8)


@dataclass
class Point:
    h: float
    f: float
    cells: int


async def error_at(workflow, h, eps):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Point(h, run.u - 1.0 - eps, run.cells)


async def main(workflow, **params):
    p0 = await error_at(workflow, params["h0"], params["eps"])
    p1 = await error_at(workflow, params["h1"], params["eps"])
    n = 0
    while abs(p1.f) > params["tol"] and n < params["maxit"]:
        try:
            h2 = p1.h - p1.f * (p1.h - p0.h) / (p1.f - p0.f)
        except ZeroDivisionError:
            break
        p0, p1 = p1, await error_at(workflow, h2, params["eps"])
        n += 1
    await workflow.lin.createTask(x=float(p1.cells))
''', segments=1)

case("held3_replica_batches_early_stop", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "study: replicas in batches until the standard error of the mean is small (early "
     "stop, a cap), seeds counted on from the previous batch, a Counter of draws, then "
     "a lin run on the mean", '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        print(f"batch {b}: n={len(ys)} mean={statistics.fmean(ys):.4f} se={se:.4f}")
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=statistics.fmean(ys))
''')

case("held3_gather_branches_defaults", ["sq", "mesh", "label", "count"], ["--xs", "1", "3"],
     {"xs": [1.0, 3.0], "settings": "settings.json"},
     "study: three independent branches as helper coroutines under asyncio.gather, "
     "settings from an optional JSON file (FileNotFoundError -> defaults), outputs "
     "merged in a dict keyed by an output, then a count run of the distinct keys", '''
import asyncio
import json
import os


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0])
    parser.add_argument("--settings", default="settings.json")


def load_settings(name):
    try:
        with open(os.path.join(os.path.dirname(__file__), name)) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"hs": [0.5], "names": ["default"]}


async def squares(workflow, xs):
    return await workflow.sq.createTask(x=xs)


async def meshes(workflow, hs):
    return await workflow.mesh.createTask(h=hs)


async def labels(workflow, names):
    return await workflow.label.createTask(name=names)


async def main(workflow, **params):
    cfg = load_settings(params["settings"])
    sq_runs, mesh_runs, label_runs = await asyncio.gather(
        squares(workflow, params["xs"]), meshes(workflow, cfg["hs"]),
        labels(workflow, cfg["names"]))
    keys = {}
    for run, job in sq_runs:
        keys[int(run.y)] = "sq"
    for run, job in mesh_runs:
        keys[run.cells] = "mesh"
    for run, job in label_runs:
        keys.setdefault(run.y, "label")
    await workflow.count.createTask(n=len(keys))
''')

case("held3_untidy_globals_steps", ["sq", "step", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0], "offset": None},
     "study (untidy): a module-level list filled through a global, params.get with a "
     "default, enumerate positions into a step study, prints, a sort with a lambda on "
     "outputs, then a lin run on the largest", '''
RESULTS = []
NCALLS = 0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--offset", type=float)


async def do_sq(workflow, x):
    global NCALLS
    NCALLS += 1
    r = await workflow.sq.createTask(x=x)
    RESULTS.append(r[0])
    return r[0][0].y


async def main(workflow, **params):
    off = params.get("offset") or 0.0
    ys = []
    for x in params['xs']:
        ys.append(await do_sq(workflow, x + off))
    print("calls", NCALLS, ys)
    steps = []
    for i, y in enumerate(ys):
        rr = await workflow.step.createTask(x=y, i=i)
        steps += rr
    steps.sort(key=lambda rj: rj[0].y)
    await workflow.lin.createTask(x=steps[-1][0].y)
''', segments=2)

case("held3_stage_table_select", ["sq", "lin", "mix"], ["--stages", "coarse", "fine"],
     {"stages": ["coarse", "fine"], "x": 1.5},
     "study: stages named on the command line, looked up in a module dict of helper "
     "coroutines, each stage awaiting a select of the finished runs it made, a running "
     "value carried from stage to stage, then a mix run", '''
def populate_arg_parser(parser):
    parser.add_argument("--stages", nargs="+", default=["coarse"])
    parser.add_argument("--x", type=float, default=1.5)


async def coarse(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1.0])
    done = await workflow.sq.select("state = FINISHED")
    return min(run.y for run, job in runs), len(done)


async def fine(workflow, x):
    runs = await workflow.lin.createTask(x=[x, x / 2.0])
    return max(run.y for run, job in runs), 0


STAGES = {"coarse": coarse, "fine": fine}


async def main(workflow, **params):
    value = params["x"]
    for name in params["stages"]:
        value, n = await STAGES[name](workflow, value)
    await workflow.mix.createTask(a=value, b=1.0)
''')

case("held3_newton_no_convergence_raises", ["newton", "lin"], ["--x0", "8", "--maxit", "2"],
     {"x0": 8.0, "maxit": 2, "tol": 1e-9},
     "study: Newton iterations that do not converge within the cap: main raises a "
     "RuntimeError with an f-string after a lin run recording the last iterate", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=8.0)
    parser.add_argument("--maxit", type=int, default=2)
    parser.add_argument("--tol", type=float, default=1e-9)


async def newton_step(workflow, x):
    runs = await workflow.newton.createTask(x=x)
    (run, job), = runs
    return run.next, run.err


async def main(workflow, **params):
    x, err = params["x0"], float("inf")
    k = 0
    while err > params["tol"]:
        if k == params["maxit"]:
            await workflow.lin.createTask(x=x)
            raise RuntimeError(f"no convergence after {k} steps (err={err:.3g})")
        x, err = await newton_step(workflow, x)
        k += 1
    await workflow.lin.createTask(x=x)
''', raises="RuntimeError: no convergence after 2 steps (err=1.82)")

case("held3x_labels_best_follow", ["sq", "label", "step", "follow"], ["--xs", "1", "2.5", "0.5"],
     {"xs": [1.0, 2.5, 0.5]},
     "probe: f-string labels with a format spec on outputs, positions of the runs above "
     "a threshold (enumerate + filter), the best run by max(key=) followed by id", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.5, 0.5])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.label.createTask(name=[f"y{run.y:.2f}" for run, job in runs])
    picked = [i for i, (r, j) in enumerate(runs) if r.y > 2]
    await workflow.step.createTask(x=1.0, i=picked)
    best = max(runs, key=lambda rj: rj[0].y)
    await workflow.follow.createTask(sq_id=best[0].id, x=0.5)
''')

case("held3x_sorted_top_k_ties", ["sq", "lin", "total"], ["--xs", "2", "-2", "1", "0.5",
     "--k", "1"], {"xs": [2.0, -2.0, 1.0, 0.5], "k": 1},
     "probe: the top k of sorted runs with ties at the cut, mapped; a median and the ids "
     "of the runs at or above it", '''
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, -2.0, 2.0, 0.5])
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = sorted(runs, key=lambda rj: rj[0].y)[-params["k"]:]
    for run, job in best:
        await workflow.lin.createTask(x=job.x)
    med = statistics.median(run.y for run, job in runs)
    above = [run.id for run, job in runs if run.y >= med]
    await workflow.total.createTask(sq_ids=above)
''')

case("held3x_unawaited_create_task", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "probe: a createTask called without await (committed by the next await), one "
     "awaited later after another step", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    pending = workflow.sq.createTask(x=params["xs"])
    workflow.count.createTask(n=3)
    await workflow.lin.createTask(x=0.5)
    runs = await pending
    await workflow.lin.createTask(x=[r.y for r, j in runs])
''')

case("held3x_stdev_of_one_raises", ["replica", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0], "nrep": 1},
     "probe: statistics.stdev of a single replica: main fails with StatisticsError", '''
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--nrep", type=int, default=1)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"][0], seed=list(range(params["nrep"])))
    ys = [run.y for run, job in runs]
    m = statistics.mean(ys)
    await workflow.lin.createTask(x=[m, statistics.stdev(ys)])
''', raises="StatisticsError: stdev requires at least two data points")

case("held3x_unawaited_last_create_task", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "probe: the last createTask of main is called without await", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    workflow.lin.createTask(x=[r.y for r, j in runs])
''')

case("held3x_repeated_sweep_values", ["sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "probe: a sweep that repeats a value (one run given twice by createTask), counted "
     "and its ids fanned in", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 1.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=len(runs))
    await workflow.total.createTask(sq_ids=[r.id for r, j in runs])
''')

case("held3x_best_so_far_in_capped_sweep", ["mesh", "lin"],
     ["--hs", "0.5", "0.125", "0.4", "0.25", "--tol", "0.005"],
     {"hs": [0.5, 0.125, 0.4, 0.25], "tol": 0.005},
     "probe: a sweep of mesh sizes keeping the best so far (best is None or better), "
     "stopped early under a tolerance; the best is in the middle", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", default=[0.5, 0.25, 0.4, 0.125])
    parser.add_argument("--tol", type=float, default=0.01)


async def main(workflow, **params):
    best = None
    for h in params["hs"]:
        (run, job), = await workflow.mesh.createTask(h=h)
        err = abs(run.u - 1.0)
        if best is None or err < best[1]:
            best = (h, err)
        if err < params["tol"]:
            break
    await workflow.lin.createTask(x=best[0])
''')

HELD3_FINALLY = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--limit", type=float, default=5.0)


async def main(workflow, **params):
    try:
        runs = await workflow.sq.createTask(x=params["xs"])
        total = sum(r.y for r, j in runs)
        if total > params["limit"]:
            raise RuntimeError(f"total {total} above {params['limit']}")
        await workflow.lin.createTask(x=total)
    finally:
        await workflow.count.createTask(n=len(params["xs"]))
'''

case("held3x_finally_step_after_raise", ["sq", "lin", "count"], ["--xs", "1", "3"],
     {"xs": [1.0, 3.0], "limit": 5.0},
     "probe: a bookkeeping step in a finally block after a check that raises on an "
     "output (the raising side)", HELD3_FINALLY, partial=True,
     raises="RuntimeError: total 10.0 above 5.0")

case("held3x_finally_step_no_raise", ["sq", "lin", "count"],
     ["--xs", "1", "3", "--limit", "20"], {"xs": [1.0, 3.0], "limit": 20.0},
     "probe: a bookkeeping step in a finally block after a check that raises on an "
     "output (the side that does not raise)", HELD3_FINALLY, partial=True)

#: a capped Newton loop in a helper, one per starting point of a list param
NEWTON_PER_START = '''\
def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--maxit", type=int, default=6)


async def solve_from(workflow, x0, tol, maxit):
    x = x0
    for k in range(maxit):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            break
    return x


'''

case("held3x_newton_per_start_step_inside", ["newton", "sq"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0], "tol": 1e-4, "maxit": 6},
     "probe: one capped Newton loop per starting point (break on an output) in a helper "
     "called in a for loop over a list param, the root squared inside the same loop",
     NEWTON_PER_START + '''\
async def main(workflow, **params):
    for x0 in params["x0s"]:
        root = await solve_from(workflow, x0, params["tol"], params["maxit"])
        await workflow.sq.createTask(x=root)
''')


case("seg_counter_keyed_by_output", ["sq", "lin", "count"], [], {"x0": 1.0, "limit": 40.0},
     "an uncapped while (a segment) counting outputs in a dict keyed by a rounded output "
     "(seen[round(run.y, 3)] += 1) and collecting runs' outputs; the steps after it read "
     "the dict and the list", '''\
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--limit", type=float, default=40.0)


async def main(workflow, **params):
    seen = {}
    ys = []
    x = params["x0"]
    while not ys or ys[-1] < params["limit"]:
        (run, job), = await workflow.sq.createTask(x=x)
        seen[round(run.y, 3)] = seen.get(round(run.y, 3), 0) + 1
        seen[round(run.y % 2, 3)] = 1 + seen.get(round(run.y % 2, 3), 0)
        ys.append(run.y)
        x += 1.5
    await workflow.count.createTask(n=len(seen))
    await workflow.lin.createTask(x=ys)
''', segments=1)

case("held3x_sequential_newton_per_start", ["newton", "sq"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0], "tol": 1e-4, "maxit": 6},
     "probe: one capped Newton loop per starting point (break on an output) in a helper, "
     "called in a for loop over a list param, the roots collected and squared",
     NEWTON_PER_START + '''\
async def main(workflow, **params):
    roots = []
    for x0 in params["x0s"]:
        roots.append(await solve_from(workflow, x0, params["tol"], params["maxit"]))
    await workflow.sq.createTask(x=roots)
''')

case("held3x_parallel_newton_per_start", ["newton", "sq"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0], "tol": 1e-4, "maxit": 6},
     "probe: one capped Newton loop per starting point (break on an output), the loops "
     "run in parallel under asyncio.gather, the roots then squared", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--maxit", type=int, default=6)


async def solve_from(workflow, x0, tol, maxit):
    x = x0
    for k in range(maxit):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return x, k + 1
    return x, maxit


async def main(workflow, **params):
    results = await asyncio.gather(*[solve_from(workflow, x0, params["tol"], params["maxit"])
                                     for x0 in params["x0s"]])
    await workflow.sq.createTask(x=[x for x, k in results])
    print({x0: k for x0, (x, k) in zip(params["x0s"], results)})
''', partial=True)

# A value read from a step mapped over a list param (its runs unpacked, `(run, job), =`),
# collected in that loop and used after it: each item's own run, not the first item's
# (the fan-in read all runs and took the first for every item).
case("percap_collect_unpacked_run", ["newton", "sq"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0]},
     "one step per item of a list param, its run unpacked, a value of it appended per "
     "item and the list given to a later step", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])


async def main(workflow, **params):
    roots = []
    for x0 in params["x0s"]:
        (run, job), = await workflow.newton.createTask(x=x0)
        roots.append(run.next)
    await workflow.sq.createTask(x=roots)
''')

case("percap_while_capped_two_values", ["newton", "sq", "lin"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0], "tol": 1e-4},
     "a while loop with a cap per starting point, returning two values from inside the "
     "loop (the root and the count), both collected per item", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)


async def solve(workflow, x0, tol):
    x, k = x0, 0
    while k < 7:
        (run, job), = await workflow.newton.createTask(x=x)
        k += 1
        if run.err < tol:
            return run.next, k
        x = run.next
    return x, k


async def main(workflow, **params):
    roots, steps = [], []
    for x0 in params["x0s"]:
        root, k = await solve(workflow, x0, params["tol"])
        roots.append(root)
        steps.append(k * 1.0)
    await workflow.lin.createTask(x=steps)
    await workflow.sq.createTask(x=roots)
''')

case("percap_filter_on_count", ["newton", "sq", "lin"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0], "tol": 1e-4},
     "a capped Newton loop per starting point in a helper returning the root and its "
     "count; the roots then filtered on the count (which loop iteration stopped, per "
     "item, tested after the loop: the rest of main ran natively while guarded "
     "iterations were cut at 64 paths)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)


async def solve(workflow, x0, tol):
    x = x0
    for k in range(7):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            break
    return x, k + 1


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["tol"])
    roots, steps = [], []
    for x0 in params["x0s"]:
        root, k = await solve(workflow, x0, params["tol"])
        roots.append(root)
        steps.append(k)
    await workflow.sq.createTask(x=[r for r, k in zip(roots, steps) if k > 4])
''')

case("percap_gather_counts", ["newton", "lin"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0], "tol": 1e-4},
     "capped Newton loops run in parallel under asyncio.gather, each returning how many "
     "steps it took (a number known per item only at run time)", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)


async def steps_from(workflow, x0, tol):
    x = x0
    for k in range(6):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            break
    return k + 1


async def main(workflow, **params):
    counts = await asyncio.gather(*[steps_from(workflow, x0, params["tol"])
                                    for x0 in params["x0s"]])
    await workflow.lin.createTask(x=[n * 1.0 for n in counts])
''')

case("percap_gather_lists", ["newton", "sq"], ["--x0s", "1", "5"],
     {"x0s": [1.0, 5.0]},
     "routines run per item under asyncio.gather, each returning a list of outputs of "
     "its own step, flattened with sum(..., [])", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])


async def one(workflow, x0):
    (run, job), = await workflow.newton.createTask(x=x0)
    return [run.next, run.err]


async def main(workflow, **params):
    results = await asyncio.gather(*[one(workflow, x0) for x0 in params["x0s"]])
    await workflow.sq.createTask(x=sum(results, []))
''')

# ---------------------------------------------------------------- tuples
# The graph holds a tuple as a list (its values are JSON): where Python would tell them
# apart (str, ==, +, a function called at run time), the trace falls back.

TUP = XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
'''
TUP_RUNS = TUP.replace("    ys = [r.y for r, j in runs]\n", "")
TUP_ARGS = (["sq", "label"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]})

case("tup_zip_str", *TUP_ARGS, "str() of a zip item: '(1.0, 1.0)' natively", TUP + '''
    for pair in zip(params["xs"], ys):
        await workflow.label.createTask(name=str(pair))
''', partial=True)

case("tup_enumerate_fstring", *TUP_ARGS, "an enumerate item in an f-string", TUP + '''
    for pair in enumerate(ys):
        await workflow.label.createTask(name=f"{pair}")
''', partial=True)

case("tup_max_zip_compare", *TUP_ARGS,
     "max of a zip compared with a list (never equal to a tuple), then str() of it", TUP + '''
    best = max(zip(ys, params["xs"]))
    await workflow.label.createTask(name=str(best[1]))
    await workflow.label.createTask(name=str(best == [9.0, 3.0]))
    await workflow.label.createTask(name=str(best))
''', partial=True, segments=1)

case("tup_sorted_pairs_format", *TUP_ARGS,
     "sorted (y, x) tuples: ==, %-format, str.format, str of the first", TUP_RUNS + '''
    pairs = sorted([(r.y, j.x) for r, j in runs])
    await workflow.label.createTask(name=str(pairs[0][1]))
    await workflow.label.createTask(name=str(pairs[0] == [1.0, 1.0]))
    await workflow.label.createTask(name="%s" % (pairs[0],))
    await workflow.label.createTask(name="{}".format(pairs[0]))
    await workflow.label.createTask(name=str(pairs[0]))
''')

case("tup_unpacked_compiles", *TUP_ARGS,
     "zip/enumerate unpacked, numbers taken out of tuples, a tuple of a loop: compiled",
     TUP + '''
    names = ["a", "b", "c"]
    for name, y in zip(names, ys):
        await workflow.label.createTask(name=f"{name}_{y}")
    for i, (run, job) in enumerate(runs):
        await workflow.label.createTask(name=f"{i}-{run.y}")
    best = max(zip(ys, params["xs"]))
    await workflow.label.createTask(name=str(max(zip(ys, params["xs"]))[1]))
    pairs = sorted([(r.y, j.x) for r, j in runs])
    await workflow.label.createTask(name=str(pairs[0][1]))
    if best[0] > 4.0:
        await workflow.label.createTask(name=f"big {best[1]}")
    for r, j in runs:
        t = (r.y, j.x)
        await workflow.label.createTask(name=str(t))
        await workflow.label.createTask(name=str(t == [r.y, j.x]))
''')

case("tup_nested", *TUP_ARGS, "tuples in tuples from a comprehension over runs", TUP_RUNS + '''
    pairs = sorted([((r.y, j.x), 1) for r, j in runs])
    await workflow.label.createTask(name=str(pairs[0][0][1]))
    await workflow.label.createTask(name=str(pairs[0][0]))
''')

case("tup_helper", *TUP_ARGS, "a helper of the orchestrator returns a tuple", XS + '''

def spread(values):
    return min(values), max(values)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    lo_hi = spread(ys)
    await workflow.label.createTask(name=str(lo_hi[1]))
    await workflow.label.createTask(name=str(lo_hi))
''')

case("tup_items", *TUP_ARGS, "str() of a dict's items() pair", TUP_RUNS + '''
    table = {str(j.x): r.y for r, j in runs}
    for kv in table.items():
        await workflow.label.createTask(name=str(kv[0]))
        await workflow.label.createTask(name=str(kv))
''')

case("tup_dict_values", *TUP_ARGS,
     "tuples as a dict's values, str() of the dict: the dict is made at run time (a block "
     "of main's statements), its tuples too", TUP_RUNS + '''
    table = {j.x: (r.y, 1) for r, j in runs}
    await workflow.label.createTask(name=str(len(table)))
    await workflow.label.createTask(name=str(table))
''')

case("tup_concat", *TUP_ARGS, "a zip item plus a tuple", TUP + '''
    best = max(zip(ys, params["xs"]))
    longer = best + (1.0,)
    await workflow.label.createTask(name=str(longer[2]))
    await workflow.label.createTask(name=str(longer))
''', partial=True)

case("tup_concat_list", *TUP_ARGS, "a zip item plus a list raises natively", TUP + '''
    best = max(zip(ys, params["xs"]))
    await workflow.label.createTask(name=str(best[0]))
    await workflow.label.createTask(name=str(best + [1.0]))
''', partial=True, raises='TypeError: can only concatenate tuple (not "list") to tuple')

case("tup_sorted_key", *TUP_ARGS, "sorted(zip(...), key=...)[0]: the key sees the pairs",
     TUP + '''
    first = sorted(zip(ys, params["xs"]), key=lambda p: p[1])[0]
    await workflow.label.createTask(name=str(first[0]))
    await workflow.label.createTask(name=str(first))
''')

case("tup_range_str", *TUP_ARGS, "str() of a range of a traced length", TUP + '''
    idx = range(len(ys))
    for i in idx:
        await workflow.label.createTask(name=f"i{i}")
    await workflow.label.createTask(name=str(idx))
''', partial=True)

case("param_append_and_count", ["sq", "lin", "label"],
     ["--x0", "1.5", "--x0", "3", "--pt", "1", "2", "-vv"],
     {"x0": [1.5, 3.0], "pt": [[1.0, 2.0]], "v": 2, "tag": None},
     "options with action=append (also with nargs), count and an unused append", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, action="append", help="a start, repeatable")
    parser.add_argument("--pt", type=float, nargs=2, action="append")
    parser.add_argument("-v", action="count", default=0)
    parser.add_argument("--tag", action="append")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x0"])
    for a, b in params["pt"]:
        await workflow.lin.createTask(x=a + b * params["v"])
    if params["tag"] is None:
        await workflow.label.createTask(name=f"{len(runs)} runs, verbosity {params['v']}")
''')

# ---- held-out studies (fourth batch): orchestrators written as real parametric studies ---

case("held4_mesh_order_csv", ["mesh", "sq", "count"], ["--levels", "mesh_levels.csv"],
     {"levels": "mesh_levels.csv", "min_order": 1.5},
     "study: mesh levels read from a CSV file beside main (csv.reader, a header skipped), "
     "a helper coroutine per level returning a namedtuple, the observed order of "
     "convergence between successive levels with math.log, a check that raises nothing "
     "but prints, then a sq run per error and a count of the levels kept", '''
import csv
import math
import os
from collections import namedtuple

Result = namedtuple("Result", ["h", "u", "err"])
EXACT = 1.0


def populate_arg_parser(parser):
    parser.add_argument("--levels", default="mesh_levels.csv")
    parser.add_argument("--min_order", type=float, default=1.5)


async def level(workflow, h):
    runs = await workflow.mesh.createTask(h=h)
    run, job = runs[0]
    return Result(job.h, run.u, abs(run.u - EXACT))


async def main(workflow, **params):
    path = os.path.join(os.path.dirname(__file__), params["levels"])
    with open(path) as fh:
        reader = csv.reader(fh)
        next(reader)
        hs = [float(row[0]) for row in reader if row and not row[0].startswith("#")]
    results = []
    for h in hs:
        results.append(await level(workflow, h))
    orders = []
    for coarse, fine in zip(results, results[1:]):
        p = math.log(coarse.err / fine.err) / math.log(coarse.h / fine.h)
        orders.append(p)
        print(f"h {coarse.h:g} -> {fine.h:g}: order {p:.3f}")
    kept = [r for r, p in zip(results[1:], orders) if p >= params["min_order"]]
    await workflow.sq.createTask(x=[r.err * 100 for r in kept])
    await workflow.count.createTask(n=len(kept))
''', files={"mesh_levels.csv": "h,comment\n0.5,coarse\n0.25,medium\n# 0.2,skipped\n"
                                "0.125,fine\n"})

case("held4_replica_numpy_best_two", ["replica", "lin", "label"], ["--nrep", "3"],
     {"nrep": 3, "x_min": 1.0, "x_max": 3.0, "npts": 5},
     "study: a numpy linspace of configurations times replicas (cartesian createTask), "
     "grouped with defaultdict, numpy mean/std per configuration, the two most precise "
     "by sorted(key=) refined concurrently with asyncio.gather, a label summarising", '''
import asyncio
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--nrep", type=int, default=3)
    parser.add_argument("--x_min", type=float, default=1.0)
    parser.add_argument("--x_max", type=float, default=3.0)
    parser.add_argument("--npts", type=int, default=5)


async def refine(workflow, x, spread):
    xs = [x - spread, x, x + spread]
    runs = await workflow.lin.createTask(x=xs)
    return max(run.y for run, _ in runs)


async def main(workflow, **params):
    configs = np.linspace(params["x_min"], params["x_max"], params["npts"])
    seeds = list(range(params["nrep"]))
    runs = await workflow.replica.createTask(x=[float(c) for c in configs], seed=seeds)
    samples = defaultdict(list)
    for run, job in runs:
        samples[job.x].append(run.y)
    stats = {}
    for x, ys in samples.items():
        arr = np.array(ys)
        stats[x] = (float(arr.mean()), float(arr.std()))
    ranked = sorted(stats, key=lambda x: stats[x][1] / stats[x][0])
    best = ranked[:2]
    tops = await asyncio.gather(*[refine(workflow, x, stats[x][1]) for x in best])
    summary = " ".join(f"{x:.2f}:{t:.3f}" for x, t in zip(best, tops))
    print("best configurations", summary)
    await workflow.label.createTask(name=summary)
''')

case("held4_secant_mesh_target", ["mesh", "sq", "follow"], ["--target", "1.02"],
     {"target": 1.02, "h0": 0.1, "h1": 0.4, "tol": 1e-4, "maxit": 8},
     "study: a secant iteration on the mesh size to reach a target value of u, capped, "
     "try/except ZeroDivisionError around the update with a break, the history in a "
     "list of dicts, then a sq run and a follow run on it", '''
def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=1.02)
    parser.add_argument("--h0", type=float, default=0.1)
    parser.add_argument("--h1", type=float, default=0.4)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--maxit", type=int, default=8)


async def residual(workflow, h, target):
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u - target


async def main(workflow, **params):
    t = params["target"]
    h0, h1 = params["h0"], params["h1"]
    f0 = await residual(workflow, h0, t)
    f1 = await residual(workflow, h1, t)
    history = [{"h": h0, "f": f0}, {"h": h1, "f": f1}]
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            print("flat secant, stopping")
            break
        h0, f0 = h1, f1
        h1 = round(h2, 6)
        f1 = await residual(workflow, h1, t)
        history.append({"h": h1, "f": f1})
        if abs(f1) < params["tol"]:
            break
    best = min(history, key=lambda d: abs(d["f"]))
    print(f"h* = {best['h']:.6f} after {len(history)} evaluations")
    (sq_run, _), = await workflow.sq.createTask(x=best["h"])
    await workflow.follow.createTask(sq_id=sq_run.id, x=float(len(history)))
''', segments=1)

case("held4_pipeline_json_stages", ["sq", "lin", "newton", "count"],
     ["--config", "pipeline.json", "--x0", "1.5", "3"],
     {"config": "pipeline.json", "x0": [1.5, 3.0]},
     "study: a pipeline whose stages (study name, output field, scale) come from a JSON "
     "file beside main, getattr on the workflow and on the runs, each stage a helper, "
     "values clipped between stages, the stage sizes in a dict comprehension", '''
import json
from pathlib import Path

OUTPUT = {"sq": "y", "lin": "y", "newton": "next"}


def populate_arg_parser(parser):
    parser.add_argument("--config", default="pipeline.json")
    parser.add_argument("--x0", type=float, nargs="*", default=[1.0])


async def run_stage(workflow, stage, values):
    manager = getattr(workflow, stage["study"])
    runs = await manager.createTask(x=[v * stage.get("scale", 1.0) for v in values])
    field = OUTPUT[stage["study"]]
    return [getattr(run, field) for run, job in runs]


async def main(workflow, **params):
    cfg = json.loads((Path(__file__).parent / params["config"]).read_text())
    values = params["x0"]
    sizes = {}
    for k, stage in enumerate(cfg["stages"]):
        values = await run_stage(workflow, stage, values)
        values = [min(max(v, cfg["clip"][0]), cfg["clip"][1]) for v in values]
        sizes[f"{k}-{stage['study']}"] = len(values)
    print(sizes)
    await workflow.count.createTask(n=sum(sizes.values()))
''', files={"pipeline.json": json.dumps({"stages": [
    {"study": "lin", "scale": 0.5}, {"study": "newton"}, {"study": "sq", "scale": 2.0}],
    "clip": [0.5, 10.0]}, indent=1) + "\n"})

case("held4_mix_grid_best_k_yaml", ["mix", "sq", "total"], ["--grid", "grid.yaml", "--k", "3"],
     {"grid": "grid.yaml", "k": 3},
     "study: an (a, b) grid read from YAML, a cartesian createTask, results in a list of "
     "namedtuples, the best k by heapq.nsmallest with a key, each refined by a helper "
     "coroutine through asyncio.create_task, then one total over the refined runs", '''
import asyncio
import heapq
import os
from typing import NamedTuple

import yaml


class Point(NamedTuple):
    a: float
    b: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--grid", default="grid.yaml")
    parser.add_argument("--k", type=int, default=2)


async def refine(workflow, pt, goal):
    runs = await workflow.sq.createTask(x=[pt.a + pt.b, abs(pt.y - goal) + 0.1])
    return [run.id for run, job in runs]


async def main(workflow, **params):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), params["grid"])) as f:
        grid = yaml.safe_load(f)
    runs = await workflow.mix.createTask(a=grid["a"], b=grid["b"])
    points = [Point(job.a, job.b, run.y) for run, job in runs]
    goal = grid.get("goal", 0.0)
    best = heapq.nsmallest(params["k"], points, key=lambda p: abs(p.y - goal))
    for p in best:
        print(f"a={p.a} b={p.b} y={p.y:.3f}")
    tasks = [asyncio.create_task(refine(workflow, p, goal)) for p in best]
    ids = []
    for t in tasks:
        for i in await t:
            if i not in ids:
                ids.append(i)
    await workflow.total.createTask(sq_ids=ids)
''', files={"grid.yaml": "a: [0.5, 1.0, 2.0]\nb: [0.0, 1.0, 3.0]\ngoal: 2.5\n"},
     segments=1)

case("held4_adaptive_mesh_intervals", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "tol": 0.01, "max_points": 7},
     "study: adaptive refinement of an interval of mesh sizes: a work list of intervals, "
     "the one with the largest jump of u bisected first (max with key=), results cached "
     "in a dict keyed by h, stopped by a tolerance or a point budget, then a count", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--max_points", type=int, default=7)


async def u_at(workflow, cache, h):
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    return cache[h]


async def main(workflow, **params):
    cache = {}
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < params["tol"]:
            break
        m = round((lo + hi) / 2, 5)
        await u_at(workflow, cache, m)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    print("points:", sorted(cache))
    await workflow.count.createTask(n=len(cache))
''', segments=1)

case("held4_replica_batches_sem", ["replica", "sq", "label"], ["--x", "2.5", "--sem", "0.02"],
     {"x": 2.5, "sem": 0.02, "batch": 3, "max_batches": 4},
     "study: replicas in batches of seeds until the standard error of the mean is small "
     "(statistics.stdev, math.sqrt) or a batch cap, break on convergence, for/else for "
     "the cap, then sq of the mean and a label built with an f-string", '''
import math
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--sem", type=float, default=0.02)
    parser.add_argument("--batch", type=int, default=3)
    parser.add_argument("--max_batches", type=int, default=4)


async def main(workflow, **params):
    ys = []
    status = "capped"
    for b in range(params["max_batches"]):
        seeds = list(range(b * params["batch"], (b + 1) * params["batch"]))
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        ys += [run.y for run, job in runs]
        sem = statistics.stdev(ys) / math.sqrt(len(ys))
        print(f"batch {b}: n={len(ys)} mean={statistics.mean(ys):.4f} sem={sem:.4f}")
        if sem < params["sem"]:
            status = "converged"
            break
    mean = statistics.mean(ys)
    await workflow.sq.createTask(x=mean)
    await workflow.label.createTask(name=f"{status}-{len(ys)}")
''')

case("held4_step_weights_yaml", ["step", "lin", "count"], ["--sweep", "sweep.yaml"],
     {"sweep": "sweep.yaml"},
     "study: a sweep and its weights from YAML (a missing key defaulted via try/except "
     "KeyError), step runs with i from enumerate, a weighted sum of outputs by zip, a "
     "lin run on it and a count rounded from it", '''
from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.yaml")


async def main(workflow, **params):
    spec = yaml.safe_load(Path(__file__).with_name(params["sweep"]).read_text())
    xs = spec["x"]
    try:
        weights = spec["weights"]
    except KeyError:
        weights = [1.0] * len(xs)
    try:
        offset = spec["offset"]
    except KeyError:
        offset = 0.0
    outs = []
    for i, x in enumerate(xs):
        runs = await workflow.step.createTask(x=x + offset, i=i)
        outs.append(runs[0][0].y)
    total = sum(w * y for w, y in zip(weights, outs))
    print(f"weighted total {total:.3f} over {len(outs)} steps")
    await workflow.lin.createTask(x=total)
    await workflow.count.createTask(n=int(round(total)))
''', files={"sweep.yaml": "x: [0.5, 1.5, 2.5]\nweights: [0.2, 0.3, 0.5]\n"})

case("held4_untidy_label_groups", ["label", "count", "sq"], ["--names", "beam,plate,rod,shell,bar"],
     {"names": "beam,plate,rod,shell,bar", "minsize": 2},
     "study, untidy: names split from a param, label runs, grouped by length with "
     "setdefault, module-level mutable state, a nested helper, a count per group "
     "(sorted items), the biggest group by max(key=len), a sq run", '''
import sys

SEEN=[]
def populate_arg_parser(parser):
  parser.add_argument('--names',default='a,b')
  parser.add_argument('--minsize',type=int,default=2)
async def main(workflow,**params):
  names=[n.strip() for n in params['names'].split(',') if n.strip()]
  runs=await workflow.label.createTask(name=names)
  groups={}
  for r,j in runs:
    groups.setdefault(r.y,[]).append(j.name);SEEN.append(r.text)  # noqa: E702
  def big(g): return len(g)>=params['minsize']
  for L,g in sorted(groups.items()):
    if big(g):
      await workflow.count.createTask(n=L)
    else: print('small group',L,g,file=sys.stderr)  # noqa: E701
  biggest=max(groups.values(),key=len)
  await workflow.sq.createTask(x=float(len(biggest)+len(SEEN)))
''')

case("held4_pair_intervals_merge", ["pair", "lin", "label"], ["--xs", "0.2", "2", "0.9", "5"],
     {"xs": [0.2, 2.0, 0.9, 5.0]},
     "study: pair runs giving interval bounds (tuples), the intervals sorted by their "
     "start and merged where they overlap, a lin run at each merged midpoint gathered, "
     "and a label of the merged list", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def merge(intervals):
    out = []
    for lo, hi in sorted(intervals, key=lambda iv: iv[0]):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    intervals = [tuple(run.bounds) for run, job in runs]
    merged = merge(intervals)
    mids = [(lo + hi) / 2 for lo, hi in merged]
    await asyncio.gather(*[workflow.lin.createTask(x=m) for m in mids])
    await workflow.label.createTask(name=";".join(f"{lo:g}-{hi:g}" for lo, hi in merged))
''')

case("held4_dt_scan_no_stable_raises", ["solve", "mesh"], ["--dts", "0.6", "0.9"],
     {"dts": [0.6, 0.9], "shrink": 0.5},
     "study: a scan of time steps from the largest down, each unstable one shrunk once "
     "(a retry inside the loop), stop at the first stable; none stable raises a "
     "RuntimeError with an f-string message after the scan, the mesh never run", '''
def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)
    parser.add_argument("--shrink", type=float, default=0.5)


async def stable(workflow, dt):
    runs = await workflow.solve.createTask(dt=dt)
    return runs[0][0].ok == 1


async def main(workflow, **params):
    found = None
    tried = []
    for dt in sorted(params["dts"], reverse=True):
        for attempt in (dt, dt * params["shrink"]):
            tried.append(attempt)
            if await stable(workflow, attempt):
                found = attempt
                break
        if found is not None and found < 0.2:
            break
    if found is None or found > 0.2:
        raise RuntimeError(f"no stable step below 0.2 in {len(tried)} tries: {found}")
    await workflow.mesh.createTask(h=found)
''', raises="RuntimeError: no stable step below 0.2 in 4 tries: None")

case("held4_mesh_quality_table", ["mesh", "sq", "label"], ["--quality", "fine"],
     {"quality": "fine", "h0": 0.5, "maxlev": 6},
     "study: a module-level table of tolerances per quality (a choices param), mesh "
     "sizes halved by a helper function level by level in a capped loop with a break "
     "on the change of u, each level a dict, then a sq of the last u and a label", '''
TOLERANCES = {
    "draft": 5e-2,
    "normal": 1e-2,
    "fine": 2e-3,
}


def populate_arg_parser(parser):
    parser.add_argument("--quality", choices=sorted(TOLERANCES), default="normal")
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--maxlev", type=int, default=6)


def next_h(h):
    return h / 2


async def main(workflow, **params):
    tol = TOLERANCES[params["quality"]]
    h = params["h0"]
    levels = []
    for lev in range(params["maxlev"]):
        (run, job), = await workflow.mesh.createTask(h=h)
        levels.append({"level": lev, "h": h, "u": run.u, "cells": run.cells})
        if lev > 0 and abs(levels[-1]["u"] - levels[-2]["u"]) < tol:
            print(f"quality {params['quality']}: converged at level {lev}")
            break
        h = next_h(h)
    last = levels[-1]
    await workflow.sq.createTask(x=last["u"])
    await workflow.label.createTask(name=f"{params['quality']}-L{last['level']}-{last['cells']}")
''')

case("held4_replica_csv_medians", ["replica", "lin", "count"], ["--table", "replicas.csv"],
     {"table": "replicas.csv", "top": 1},
     "study: configurations and their replica counts from a CSV file (csv.DictReader), "
     "one replica createTask per row with its own seed list, medians with statistics, "
     "namedtuples ranked by sorted(key=) with enumerate, lin runs on the top ones and a "
     "count of all replicas", '''
import csv
import statistics
from collections import namedtuple
from pathlib import Path

Config = namedtuple("Config", "x nrep median spread")


def populate_arg_parser(parser):
    parser.add_argument("--table", default="replicas.csv")
    parser.add_argument("--top", type=int, default=1)


async def main(workflow, **params):
    with open(Path(__file__).parent / params["table"], newline="") as f:
        rows = [row for row in csv.DictReader(f)]
    configs = []
    for row in rows:
        x, nrep = float(row["x"]), int(row["nrep"])
        runs = await workflow.replica.createTask(x=x, seed=list(range(nrep)))
        ys = [run.y for run, job in runs]
        configs.append(Config(x, nrep, statistics.median(ys), max(ys) - min(ys)))
    ranked = sorted(configs, key=lambda c: c.spread / c.median)
    for rank, c in enumerate(ranked, start=1):
        print(f"{rank}. x={c.x} median={c.median:.4f} spread={c.spread:.4f}")
    await workflow.lin.createTask(x=[c.median for c in ranked[: params["top"]]])
    await workflow.count.createTask(n=sum(c.nrep for c in configs))
''', files={"replicas.csv": "x,nrep\n1.5,3\n2.5,5\n4.0,2\n"})

case("held4_sq_numpy_windows", ["sq", "total", "lin"], ["--stop", "3.5", "--width", "3"],
     {"start": 0.5, "stop": 3.5, "step": 0.5, "width": 3},
     "study: a numpy arange sweep, the runs cut into sliding windows by slicing, a "
     "fan-in total per window, the heaviest window by max(key=) over enumerate, and a "
     "lin run at its mean x (a helper function of the module)", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--start", type=float, default=0.5)
    parser.add_argument("--stop", type=float, default=3.0)
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("--width", type=int, default=2)


def mean_x(window):
    return sum(job.x for run, job in window) / len(window)


async def main(workflow, **params):
    xs = np.arange(params["start"], params["stop"], params["step"])
    runs = await workflow.sq.createTask(x=[float(x) for x in xs])
    w = params["width"]
    windows = [runs[i:i + w] for i in range(len(runs) - w + 1)]
    totals = []
    for win in windows:
        (t, _), = await workflow.total.createTask(sq_ids=[run.id for run, job in win])
        totals.append(t.y)
    k, best = max(enumerate(totals), key=lambda kv: kv[1])
    print(f"heaviest window #{k}: total {best:.2f}, mean x {mean_x(windows[k]):.2f}")
    await workflow.lin.createTask(x=mean_x(windows[k]))
''', partial=True, segments=3)



case("held4_sq_follow_chains_totals", ["sq", "follow", "total", "lin"],
     ["--xs", "1", "2", "3", "4", "--shift", "0.5"],
     {"xs": [1.0, 2.0, 3.0, 4.0], "shift": 0.5, "skip_odd": True},
     "study: one asyncio.create_task chain per x (sq then follow on its id), the chains "
     "awaited in a loop with try/except, results keyed by job field in a dict "
     "comprehension, odd ones skipped by a param, a fan-in total and a lin on the max", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--shift", type=float, default=0.0)
    parser.add_argument("--no_skip", dest="skip_odd", action="store_false")


async def chain(workflow, x, shift):
    (s, sj), = await workflow.sq.createTask(x=x)
    (f, fj), = await workflow.follow.createTask(sq_id=s.id, x=shift)
    return s, f


async def main(workflow, **params):
    xs = [x for x in params["xs"] if not (params["skip_odd"] and int(x) % 2)]
    tasks = {x: asyncio.create_task(chain(workflow, x, params["shift"])) for x in xs}
    done = {}
    for x, t in tasks.items():
        try:
            done[x] = await t
        except Exception as err:
            print("chain failed", x, err)
    ys = {x: f.y for x, (s, f) in done.items()}
    await workflow.total.createTask(sq_ids=[s.id for s, f in done.values()])
    await workflow.lin.createTask(x=max(ys.values()))
''', segments=2)

# ---- loops over runs that fill a dict of main (a run-time dict_fill): what must compile,
# and what must not (another name, a list, a view holding the dict; tuple keys; ...)

DICT_ARGS = (["--xs", "1", "2"], {"xs": [1.0, 2.0]})
DICT_HEAD = XS + '''

async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])
'''

case("dict_fill_collisions", ["sq", "lin", "count", "label"], *DICT_ARGS,
     "loops over runs storing into one dict: int keys, equal float keys (1 == 1.0), bool "
     "keys (True == 1) by setdefault, then its length, a sum of its keys, two lookups",
     DICT_HEAD + '''
    lin = await workflow.lin.createTask(x=[0.0, 1.5])
    keys = {}
    for run, job in sq:
        keys[int(run.y)] = "sq"
    for run, job in lin:
        keys[float(run.y)] = "lin"
    for run, job in sq:
        keys.setdefault(run.y > 2.0, "flag")
    await workflow.count.createTask(n=len(keys))
    await workflow.lin.createTask(x=sum(keys))
    await workflow.label.createTask(name=keys[1])
    await workflow.label.createTask(name=keys[False] + keys[4.0])
''')

case("dict_fill_same_runs_twice", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "two loops over the same runs fill one dict (set, then setdefault that keeps the "
     "first value), a third keyed by an output", DICT_HEAD + '''
    d = {}
    for r, j in sq:
        d[j.x] = r.y
    for r, j in sq:
        d.setdefault(j.x, -1.0)
    for r, j in sq:
        d.setdefault(round(r.y, 3), j.x)
    await workflow.count.createTask(n=len(d))
    await workflow.lin.createTask(x=d[4.0] + d[2.0])
''')

case("dict_fill_formatted_keys", ["sq", "lin", "count"], ["--xs", "1", "1.1", "2"],
     {"xs": [1.0, 1.1, 2.0]},
     "a dict keyed by strings formatted from outputs: two format to the same key, the "
     "last value stays", DICT_HEAD + '''
    by = {}
    for run, job in sq:
        by[f"{run.y:.0f}"] = job.x
    await workflow.count.createTask(n=len(by))
    await workflow.lin.createTask(x=by["1"])
''')

case("dict_fill_nan_keys", ["sq", "count"], *DICT_ARGS,
     "keys that are NaN (made from outputs): each its own key, natively and at run time",
     DICT_HEAD + '''
    d = {}
    for run, job in sq:
        d[float(run.y) * 0.0 * float("inf")] = job.x
    await workflow.count.createTask(n=len(d))
''')

case("dict_fill_plain_loop", ["sq", "count"], *DICT_ARGS,
     "the same shape of loop over a plain list stays Python's loop", DICT_HEAD + '''
    d = {}
    for name in ["ab", "cde"]:
        d[name] = len(name)
    await workflow.count.createTask(n=d["cde"] + len(d) + len(sq))
''')

case("dict_fill_closure", ["sq", "lin"], *DICT_ARGS,
     "a function made before the loop reads the dict through its name: it sees the "
     "dict filled", DICT_HEAD + '''
    d = {}

    def lookup(k):
        return d.get(k, 0.0)

    for run, job in sq:
        d[float(run.y)] = job.x
    await workflow.lin.createTask(x=lookup(4.0))
''')

case("dict_fill_alias", ["sq", "count"], *DICT_ARGS,
     "another name for the dict, taken before the loop fills it: refused", DICT_HEAD + '''
    keys = {}
    same = keys
    for run, job in sq:
        keys[run.y] = 1
    await workflow.count.createTask(n=len(same))
''')

case("dict_fill_in_list", ["sq", "count"], *DICT_ARGS,
     "the dict held in a list before the loop fills it: refused", DICT_HEAD + '''
    keys = {"a": 0}
    boxes = [keys]
    for run, job in sq:
        keys[run.y] = 1
    await workflow.count.createTask(n=len(boxes[0]))
''')

case("dict_fill_plain_view", ["sq", "count"], *DICT_ARGS,
     "a view of the (plain) dict taken before the loop fills it: refused", DICT_HEAD + '''
    keys = {}
    seen = keys.keys()
    for run, job in sq:
        keys[run.y] = 1
    await workflow.count.createTask(n=len(seen))
''')

case("dict_fill_run_time_view", ["sq", "lin"], *DICT_ARGS,
     "a view of a dict made at run time, taken before a loop fills it: refused",
     DICT_HEAD + '''
    lin = await workflow.lin.createTask(x=[5.0, 6.0])
    table = {j.x: r.y for r, j in sq}
    ys = table.values()
    for r, j in lin:
        table[j.x] = r.y
    await workflow.lin.createTask(x=sum(ys))
''', partial=True)

case("dict_fill_tuple_keys", ["sq", "count"], *DICT_ARGS,
     "tuple keys (a list in the DAG): refused", DICT_HEAD + '''
    pos = {}
    for run, job in sq:
        pos[(job.x, 1)] = run.y
    await workflow.count.createTask(n=len(pos))
''')

case("dict_fill_output_tuple_keys", ["pair", "count"], *DICT_ARGS,
     "keys that are tuple outputs of runs (tuples in the DAG's tasks too)", XS + '''

async def main(workflow, **params):
    pairs = await workflow.pair.createTask(x=params["xs"])
    pos = {}
    for run, job in pairs:
        pos[run.bounds] = run.y
    await workflow.count.createTask(n=len(pos))
''')

case("dict_fill_reads_dict", ["sq", "count"], *DICT_ARGS,
     "a loop that reads the dict it fills (its length so far): not a run-time fill (a "
     "block)", DICT_HEAD + '''
    d = {}
    for run, job in sq:
        d[run.y] = len(d)
    await workflow.count.createTask(n=sum(d.values()))
''')

case("dict_fill_break", ["sq", "count"], *DICT_ARGS,
     "a loop that fills a dict and breaks after the first item: not a run-time fill (a "
     "block)", DICT_HEAD + '''
    d = {}
    for run, job in sq:
        d[run.y] = 1
        if run.y > 0.5:
            break
    await workflow.count.createTask(n=len(d))
''')

case("dict_fill_target_after", ["sq", "lin"], *DICT_ARGS,
     "the loop's variable read after it (its last item): not a run-time fill (a block)",
     DICT_HEAD + '''
    d = {}
    for run, job in sq:
        d[run.y] = job.x
    await workflow.lin.createTask(x=job.x + len(d))
''')

case("dict_fill_global", ["sq", "count"], *DICT_ARGS,
     "a module-level dict filled in main (another function sees it): refused", XS + '''
SEEN = {}


def seen():
    return len(SEEN)


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])
    for run, job in sq:
        SEEN[run.y] = 1
    await workflow.count.createTask(n=seen())
''', partial=True)


case("dict_fill_run_time_snapshot", ["sq", "lin", "count"], *DICT_ARGS,
     "a dict made at run time, its length and a lookup taken before a loop fills it "
     "(numbers: they keep their value natively)", DICT_HEAD + '''
    lin = await workflow.lin.createTask(x=[5.0, 6.0])
    table = {j.x: r.y for r, j in sq}
    n0 = len(table)
    first = table.get(1.0, 0.0)
    for r, j in lin:
        table[j.x] = r.y
    await workflow.count.createTask(n=n0 * 10 + len(table))
    await workflow.lin.createTask(x=first + table[6.0])
''')

case("dict_fill_run_time_bound_method", ["sq", "lin"], *DICT_ARGS,
     "a bound method of a dict made at run time, taken before a loop fills it: refused",
     DICT_HEAD + '''
    lin = await workflow.lin.createTask(x=[5.0, 6.0])
    table = {j.x: r.y for r, j in sq}
    look = table.get
    for r, j in lin:
        table[j.x] = r.y
    await workflow.lin.createTask(x=look(6.0, 0.0))
''', partial=True)

case("dict_fill_output_keys", ["sq", "count"], *DICT_ARGS,
     "a dict keyed by a run's output as it is (its script's own value in the DAG's tasks too)",
     DICT_HEAD + '''
    d = {}
    for run, job in sq:
        d[run.y] = job.x
    await workflow.count.createTask(n=len(d))
''')

# ---- d.update(x) of a dict of main, x traced: main's name bound to the merged dict

case("dict_update_plain", ["sq", "lin", "count", "label"], *DICT_ARGS,
     "a plain dict (int keys) updated with a dict comprehension over runs (float keys "
     "equal to them keep the int key), then its length, a lookup, the sum of its keys",
     DICT_HEAD + '''
    d = {1: 0.5, 7: 0.25}
    d.update({j.x * j.x: r.y for r, j in sq})
    await workflow.count.createTask(n=len(d))
    await workflow.lin.createTask(x=d[4])
    await workflow.lin.createTask(x=sum(d))
''')

case("dict_update_run_time", ["sq", "lin", "count"], *DICT_ARGS,
     "a dict made at run time, its mean and sorted keys taken, then updated with more "
     "runs' outputs (the mean and keys keep their value natively)",
     "import statistics\n\n\n" + DICT_HEAD + '''
    lin = await workflow.lin.createTask(x=[2.0, 5.0])
    table = {j.x: r.y for r, j in sq}
    mean = statistics.fmean(table.values())
    first = sorted(table)
    table.update({j.x: r.y for r, j in lin})
    await workflow.count.createTask(n=len(table) * 10 + len(first))
    await workflow.lin.createTask(x=mean + sum(table.values()))
''')

case("dict_update_alias", ["sq", "count"], *DICT_ARGS,
     "another name for the dict, taken before it is updated: not bound again (a block "
     "of main's statements runs it at run time)", DICT_HEAD + '''
    d = {"a": 1}
    e = d
    d.update({j.x: r.y for r, j in sq})
    await workflow.count.createTask(n=len(e))
''')

case("dict_update_view", ["sq", "lin"], *DICT_ARGS,
     "a view of a dict made at run time taken before it is updated: refused",
     DICT_HEAD + '''
    lin = await workflow.lin.createTask(x=[5.0, 6.0])
    table = {j.x: r.y for r, j in sq}
    ys = table.values()
    table.update({j.x: r.y for r, j in lin})
    await workflow.lin.createTask(x=sum(ys))
''', partial=True)

case("dict_update_counter", ["sq", "count"], *DICT_ARGS,
     "a Counter updated with outputs (it adds counts): not a dict, not bound again (a "
     "block of main's statements runs it at run time)",
     "from collections import Counter\n\n\n" + DICT_HEAD + '''
    seen = Counter()
    seen.update({j.x: 1 for r, j in sq})
    await workflow.count.createTask(n=len(seen))
''')

case("output_tuple_dict_keys", ["interval", "count", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]}, "a run output that is a tuple keys a dict comprehension", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    ends = {run.b: job.x for run, job in runs}
    await workflow.count.createTask(n=len(ends))
    await workflow.label.createTask(name=str(sorted(ends)))
''')

case("output_tuple_str", ["interval", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]}, "a run output that is a tuple, formatted and compared", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    (run, job), = await workflow.interval.createTask(x=params["xs"][0])
    await workflow.label.createTask(name=f"{run.b}")
    await workflow.label.createTask(name=str(run.b == (1.0, 2.0)))
''')

# Segments widened: a top-level if, a plain statement where a path is cut, a key lambda
# in a segment, a range loop over a param; and the orchestrators that would break them.
SEG2 = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)
'''
SEG2_ARGS = (["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0], "cut": 5.0})

case("seg2_if_update_dict", ["sq", "lin", "count"], *SEG2_ARGS,
     "a top-level if that awaits a createTask and updates a dict of outputs (a segment), "
     "the best key by max(key=lambda) after it", SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    top = max(by_x.values())
    if top > params["cut"]:
        more = await workflow.sq.createTask(x=[x + 0.5 for x in params["xs"]])
        by_x.update({job.x: run.y for run, job in more})
        top = max(by_x.values())
    best = max(by_x, key=lambda x: abs(by_x[x] - params["cut"]))
    await workflow.lin.createTask(x=best)
    await workflow.count.createTask(n=len(by_x))
''')

case("seg2_if_else_both_bind", ["sq", "lin"], *SEG2_ARGS,
     "a top-level if/else whose taken branch (else) is cut and binds what the code after "
     "it reads on both sides", SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = {job.x: run.y for run, job in runs}
    if max(ys.values()) > 100.0:
        note = "big"
        (r, j), = await workflow.sq.createTask(x=0.5)
    else:
        note = "small"
        (r, j), = await workflow.sq.createTask(x=1.5)
        ys.update({j.x: r.y})
    await workflow.lin.createTask(x=len(ys) + len(note))
''', segments=1)

case("seg2_if_alias_dict", ["sq", "lin"], *SEG2_ARGS,
     "attack on an if segment: the dict it updates is held by another variable read after "
     "it (refused: the rest of main runs natively)", SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    seen = by_x
    if max(by_x.values()) > params["cut"]:
        more = await workflow.sq.createTask(x=[x + 0.5 for x in params["xs"]])
        by_x.update({job.x: run.y for run, job in more})
    await workflow.lin.createTask(x=len(seen))
''', partial=True)

case("seg2_if_view_dict", ["sq", "lin"], *SEG2_ARGS,
     "attack on an if segment: a view of the dict it updates, taken before it, read after "
     "it (refused)", SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    keys = by_x.keys()
    if max(by_x.values()) > params["cut"]:
        more = await workflow.sq.createTask(x=[x + 0.5 for x in params["xs"]])
        by_x.update({job.x: run.y for run, job in more})
    await workflow.lin.createTask(x=sum(keys))
''', partial=True)

case("seg2_if_maybe_unbound", ["sq", "lin"], *SEG2_ARGS,
     "attack on an if segment: a variable bound only in its branch, read after it "
     "(refused as maybe unbound)", SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    if max(by_x.values()) > params["cut"]:
        more = await workflow.sq.createTask(x=[x + 0.5 for x in params["xs"]])
        by_x.update({job.x: run.y for run, job in more})
        extra = len(more)
    await workflow.lin.createTask(x=extra + len(by_x))
''', partial=True)

case("seg2_if_raises", ["sq", "lin"], *SEG2_ARGS,
     "an if segment that raises after its createTask: main fails there, nothing after it "
     "runs", SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    if max(by_x.values()) > params["cut"]:
        more = await workflow.sq.createTask(x=[x + 0.5 for x in params["xs"]])
        by_x.update({job.x: run.y for run, job in more})
        if len(by_x) > 4:
            raise ValueError(f"too many points: {len(by_x)}")
    await workflow.lin.createTask(x=len(by_x))
''', raises="ValueError: too many points: 6")

case("seg2_if_closure_before", ["sq", "lin"], *SEG2_ARGS,
     "attack on an if segment: a lambda made before it reads a variable it rebinds, "
     "called after it (refused: the lambda would see the trace's value)", SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    factor = 1.0
    scale = lambda v: v * factor  # noqa: E731
    if max(by_x.values()) > params["cut"]:
        more = await workflow.sq.createTask(x=[x + 0.5 for x in params["xs"]])
        by_x.update({job.x: run.y for run, job in more})
        factor = 2.0
    await workflow.lin.createTask(x=scale(len(by_x)))
''')

case("seg2_plain_sort_key", ["sq", "step", "lin"], *SEG2_ARGS,
     "a .sort with a key lambda of a list a loop built from outputs (a fan-in): made at "
     "run time, sorted(...) bound to its name, before the last step", SEG2 + '''

async def main(workflow, **params):
    steps = []
    for i, x in enumerate(params["xs"]):
        rr = await workflow.step.createTask(x=-x, i=i)
        steps += rr
    steps.sort(key=lambda rj: -rj[0].y)
    await workflow.lin.createTask(x=steps[0][0].y)
''')

case("seg2_plain_sort_alias", ["sq", "step", "lin"], *SEG2_ARGS,
     "attack on a plain statement segment: the list it sorts was also kept under another "
     "name by the loop before it, read after it (refused)", SEG2 + '''

async def main(workflow, **params):
    steps = []
    for i, x in enumerate(params["xs"]):
        rr = await workflow.step.createTask(x=-x, i=i)
        steps += rr
        kept = steps
    steps.sort(key=lambda rj: -rj[0].y)
    await workflow.lin.createTask(x=kept[0][0].y)
''', partial=True)

case("seg2_plain_sort_tuples", ["sq", "lin", "label"], *SEG2_ARGS,
     "a plain statement cut sorting (output, x) tuples in place; the tuples read after it "
     "(tuples pass through the segment's JSON as tuples)", SEG2 + '''

async def main(workflow, **params):
    pairs = []
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        pairs.append((run.y, x))
        if run.y > params["cut"]:
            break
    pairs.sort(key=lambda p: -p[0])
    await workflow.lin.createTask(x=pairs[0][1])
    await workflow.label.createTask(name=str(pairs[0]))
''')

case("seg2_loop_params_item_list", ["sq", "lin"], *SEG2_ARGS,
     "attack on the value-aware input check: a loop segment keeps params['xs'] (a list) "
     "and main appends to it after (refused: the rest of main runs natively)", SEG2 + '''

async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    x = 1.0
    while True:
        (run, job), = await workflow.sq.createTask(x=x)
        kept = params["xs"]
        if run.y > params["cut"]:
            break
        x += 1.0
    params["xs"].append(9.0)
    await workflow.lin.createTask(x=len(kept))
''', partial=True)

case("seg2_loop_changes_param_list", ["sq", "lin"], *SEG2_ARGS,
     "attack on segments: a while changes in place a list of params that a variable bound "
     "before it holds, read after it (refused: the rest of main runs natively)", SEG2 + '''

async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    kept = params["xs"]
    x = 1.0
    while True:
        (run, job), = await workflow.sq.createTask(x=x)
        params["xs"].append(run.y)
        if run.y > params["cut"]:
            break
        x += 1.0
    await workflow.lin.createTask(x=len(kept))
''', partial=True)

case("seg2_global_list_in_loop", ["sq", "lin"], *SEG2_ARGS,
     "a loop of main appending to a module-level list (a change no segment may make), "
     "then a step", SEG2 + '''
DONE = []


async def main(workflow, **params):
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        DONE.append(run.y)
        if run.y > params["cut"]:
            break
    await workflow.lin.createTask(x=len(DONE))
''')

case("seg2_last_statement_write", ["sq", "lin"], *SEG2_ARGS,
     "the path is cut in main's last statement (a file written, making no runs), only a "
     "print after it: the fallback task runs that statement (a segment of it)",
     "from pathlib import Path\n\n" + SEG2 + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    Path(__file__).with_name("ys.txt").write_text(" ".join(str(y) for y in sorted(ys)))
    print("written")
''', writes=["ys.txt"])

case("divmod_of_outputs", ["sq", "lin"], ["--xs", "7", "2"], {"xs": [7.0, 2.0]},
     "divmod() of outputs, unpacked, and of an output by a param", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    q, r = divmod(runs[0][0].y, runs[1][0].y)
    await workflow.lin.createTask(x=q)
    await workflow.lin.createTask(x=r + divmod(len(runs), 2)[1])
''')

case("star_gen_gather_refine", ["sq", "lin", "total"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0], "width": 0.25},
     "study: a helper coroutine per run refining around its output, started by "
     "asyncio.gather of a generator expression unpacked with *, the batches flattened "
     "into a fan-in total", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--width", type=float, default=0.25)


async def refine(workflow, centre, width):
    return await workflow.lin.createTask(x=[centre - width, centre + width])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    batches = await asyncio.gather(*(refine(workflow, run.y, params["width"])
                                     for run, job in runs))
    ids = [run.id for batch in batches for run, job in batch]
    print(len(ids), "refined runs")
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
""")

case("star_gen_filtered_and_listed", ["sq", "lin", "count", "total"],
     ["--xs", "0.5", "1.5", "2.5"], {"xs": [0.5, 1.5, 2.5], "cut": 1.0},
     "a generator with a filter on an output unpacked into gather, a list display "
     "[*(...)] of run ids, len() of what gather gave", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=1.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = await asyncio.gather(*(workflow.lin.createTask(x=run.y) for run, job in runs
                                  if run.y > params["cut"]))
    await workflow.count.createTask(n=len(kept))
    await workflow.total.createTask(sq_ids=[*(run.id for run, job in runs)])
""", partial=True, segments=1)

case("star_gen_params_only", ["sq", "count"], ["--xs", "1", "2", "4"], {"xs": [1.0, 2.0, 4.0]},
     "a generator over a param unpacked into gather and into max(): trace-time values "
     "only", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    await asyncio.gather(*(workflow.sq.createTask(x=x * 10) for x in params["xs"]))
    await workflow.count.createTask(n=int(max(*(x for x in params["xs"]))))
""")

case("star_gen_max_of_one_output", ["sq", "count"], ["--xs", "3"], {"xs": [3.0]},
     "max(*(outputs)) of a single run: natively a TypeError (max of one float), which "
     "the DAG must raise too or fall back", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    top = max(*(run.y for run, job in runs))
    await workflow.count.createTask(n=int(top))
""", raises="TypeError: 'float' object is not iterable")

case("star_gen_consumed_twice", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a generator over outputs bound to a name, unpacked into gather, then unpacked "
     "again (empty the second time: nothing more is made)", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = (run.y for run, job in runs)
    await asyncio.gather(*(workflow.lin.createTask(x=y) for y in ys))
    again = [*(y + 1 for y in ys)]
    await workflow.lin.createTask(x=float(len(again)))
""", partial=True)

case("star_gen_listed_coroutines", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "createTask coroutines made by generators consumed by list() and tuple(), then "
     "gathered: the runs' event is main's, not the consumer's", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def pending(workflow, xs):
    return list(workflow.lin.createTask(x=x + 1) for x in xs)


async def main(workflow, **params):
    coros = list(workflow.sq.createTask(x=x) for x in params["xs"])
    more = tuple(workflow.count.createTask(n=int(x)) for x in params["xs"])
    done = await asyncio.gather(*coros, *more, *pending(workflow, params["xs"]))
    print(len(done), "batches")
""", segments=1, partial=True)

case("raise_after_mapped_step", ["sq", "lin", "count"], ["--xs", "0", "1", "2"],
     {"xs": [0.0, 1.0, 2.0]},
     "a step per run, then a ratio of the run's output that divides by zero for the first "
     "run: main stops after that run's step, before the next runs' steps", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y + 1)
        ratio = 2.0 / run.y
        print("ratio", ratio)
    await workflow.count.createTask(n=len(runs))
""", raises="ZeroDivisionError: float division by zero", segments=1)

case("raise_after_mapped_step_invariant", ["sq", "lin", "count"],
     ["--xs", "1", "2", "--scale", "0"], {"xs": [1.0, 2.0], "scale": 0.0},
     "a step per run, then a value of params only that divides by zero (the same for "
     "every run): main stops after the first run's step", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
        factor = float(len(params["xs"])) / params["scale"]
        await workflow.count.createTask(n=int(factor))
""", partial=True, raises="ZeroDivisionError: float division by zero")

case("step_value_read_again_per_run", ["sq", "lin", "label"], ["--xs", "1", "2", "4"],
     {"xs": [1.0, 2.0, 4.0]},
     "a step per run given 1 / y, then the same ratio read again and formatted with %: "
     "evaluated by the step for every run before any of its runs, so it compiles", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=1.0 / run.y)
        await workflow.label.createTask(name="%s:%r" % (job.x, 1.0 / run.y))
""")

# ---- shapes: tuples main builds, library calls, groups by output ---------------------

case("shp_jump_max_key", ["sq", "lin", "label"], ["--xs", "0.5", "1.5", "1.2", "3"],
     {"xs": [0.5, 1.5, 1.2, 3.0], "digits": 3},
     "study: a sweep, (gap, (x, y)) tuples built from the outputs rounded, the largest gap "
     "by max(key=), unpacked, the smallest by min() of the tuples, a lin run at the "
     "chosen point, a label from an f-string with :g and :.3f specs and str() of the "
     "chosen tuple", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--digits", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = [(abs(run.y - job.x), (job.x, round(run.y, params["digits"])))
             for run, job in runs]
    gap, (x, y) = max(table, key=lambda t: t[0])
    low = min(table)
    print(f"largest gap {gap:.3f} at x={x:g}")
    await workflow.lin.createTask(x=x + y)
    await workflow.label.createTask(name=f"{x:g}/{low[0]:.3f}/{str(low[1])}")
''')

case("shp_heapq_statistics_bisect", ["replica", "sq", "lin", "count"],
     ["--x", "2.0", "--seeds", "6", "--k", "2"], {"x": 2.0, "seeds": 6, "k": 2},
     "study: replicas over seeds, the k largest and smallest outputs by heapq (with and "
     "without key=), their median, fmean, pstdev and stdev, the rank of the median by "
     "bisect_left in the sorted outputs, sq runs of the k best, a lin and a count run", '''
import bisect
import heapq
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["x"], seed=list(range(params["seeds"])))
    ys = [run.y for run, job in runs]
    top = heapq.nlargest(params["k"], ys)
    low = heapq.nsmallest(params["k"], [(float(run.y), job.seed) for run, job in runs],
                          key=lambda p: p[0])
    med = statistics.median(ys)
    spread = statistics.pstdev(ys) + statistics.stdev(ys)
    rank = bisect.bisect_left(sorted(ys), med)
    print(f"median {med:.4f} mean {statistics.fmean(ys):.4f} rank {rank}")
    await workflow.sq.createTask(x=top)
    await workflow.lin.createTask(x=low[0][0] + spread + statistics.mean(top))
    await workflow.count.createTask(n=rank + low[-1][1])
''')

case("shp_tuple_to_run_list", ["sq", "total", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a tuple of run ids built by main given to a run whose job field is "
     "a list (main passes the tuple itself), after a max(key=) of tuples that compiles", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = max([(float(run.y), job.x) for run, job in runs], key=lambda t: t[0])
    await workflow.lin.createTask(x=best[1])
    ids = tuple(run.id for run, job in runs)
    await workflow.total.createTask(sq_ids=ids)
''')

case("shp_str_of_output_tuple", ["pair", "label", "lin"], ["--xs", "0.5", "2"],
     {"xs": [0.5, 2.0]},
     "str() of a tuple built from run outputs (an output may itself be "
     "a tuple natively) and an f-string of a tuple output, after a max(key=) over "
     "outputs converted with float() that compiles", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    widest = max([(float(run.y), job.x) for run, job in runs], key=lambda t: -t[0])
    await workflow.lin.createTask(x=widest[0])
    names = [str((run.y, run.bounds)) for run, job in runs]
    await workflow.label.createTask(name=";".join(names) + f"|{runs[0][0].bounds}")
''')

case("shp_key_with_side_effects", ["sq", "lin"], ["--xs", "1", "3", "2"],
     {"xs": [1.0, 3.0, 2.0]},
     "must fall back: sorted() with a key function that appends to a module-level list "
     "(each call is seen later), the key calls counted into the next run", '''
CALLS = []


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def by_y(pair):
    CALLS.append(pair[1])
    return pair[0]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = sorted([(float(run.y), job.x) for run, job in runs], key=by_y)
    await workflow.lin.createTask(x=ranked[0][1] + len(CALLS))
''', partial=True)

case("shp_group_read_in_loop", ["label", "count", "sq"],
     ["--names", "beam,plate,rod,bar"], {"names": "beam,plate,rod,bar"},
     "a dict grouping names by an output, read inside its own loop (how "
     "many seen so far), then the groups counted", '''
def populate_arg_parser(parser):
    parser.add_argument("--names", default="a,b")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"].split(","))
    groups = {}
    order = []
    for run, job in runs:
        order.append(len(groups.get(run.y, [])))
        groups.setdefault(run.y, []).append(job.name)
    for size, members in sorted(groups.items()):
        await workflow.count.createTask(n=size * 10 + len(members))
    await workflow.sq.createTask(x=float(sum(order)))
''')

case("shp_defaultdict_lambda_factory", ["label", "count"],
     ["--names", "ab,cd,efg,h"], {"names": "ab,cd,efg,h", "base": 5},
     "must fall back: a defaultdict whose factory is a lambda of main reading a param, "
     "filled in a loop over runs, then the groups counted in order", '''
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", default="a,b")
    parser.add_argument("--base", type=int, default=5)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"].split(","))
    totals = defaultdict(lambda: params["base"])
    for run, job in runs:
        totals[run.y] += 1
    for length, n in sorted(totals.items()):
        await workflow.count.createTask(n=length + n)
''')

case("shp_groups_by_output", ["label", "count", "sq"],
     ["--names", "beam,plate,rod,shell,bar"], {"names": "beam,plate,rod,shell,bar"},
     "study: names grouped by an output with setdefault(...).append and with a "
     "defaultdict(list), a count per group over sorted items, the biggest group by "
     "max(values(), key=len), a sq run of its size; module-level state written by main", '''
from collections import defaultdict

LOG = []


def populate_arg_parser(parser):
    parser.add_argument("--names", default="a,b")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"].split(","))
    groups = {}
    for run, job in runs:
        groups.setdefault(run.y, []).append(job.name)
    texts = defaultdict(list)
    for run, job in runs:
        texts[run.y].append(run.text)
    for size, members in sorted(groups.items()):
        await workflow.count.createTask(n=size * 10 + len(members))
    biggest = max(groups.values(), key=len)
    LOG.append(len(biggest))
    await workflow.sq.createTask(x=float(len(biggest) + len(texts) + len(LOG)))
''')

case("shp_format_specs_tuples", ["interval", "label", "lin"], ["--xs", "0.25", "1.5"],
     {"xs": [0.25, 1.5]},
     "study: intervals as tuples built from outputs converted by float(), formatted with "
     ":g and :.2f, compared with a tuple constant, the widest by max(key=) with a "
     "default, sorted by their end, a lin run at the widest's end and a label", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    spans = [(float(run.b[0]), float(run.b[1])) for run, job in runs]
    widest = max(spans, key=lambda s: s[1] - s[0], default=(0.0, 0.0))
    ordered = sorted(spans, key=lambda s: -s[1])
    text = ",".join(f"{lo:g}-{hi:.2f}" for lo, hi in ordered)
    await workflow.lin.createTask(x=widest[1])
    await workflow.label.createTask(name=f"{text}|{widest[0]:g}|{widest > (0.5, 1.0)}")
''', segments=1)

case("shp_best_pairs_mapped", ["sq", "lin", "label"], ["--xs", "2", "0.5", "1.5", "3"],
     {"xs": [2.0, 0.5, 1.5, 3.0], "k": 2},
     "study: (y, x) tuples of converted outputs, the k smallest by heapq.nsmallest, a "
     "loop over them making a lin run each with str() of the pair in its label, the "
     "pairs compared with == and in, concatenated with a tuple, the best's rank by "
     "bisect over sorted pairs", '''
import bisect
import heapq


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pairs = [(float(run.y), job.x) for run, job in runs]
    best = heapq.nsmallest(params["k"], pairs)
    for y, x in best:
        await workflow.lin.createTask(x=x)
    first = best[0]
    rank = bisect.bisect_left(sorted(pairs), first)
    same = first == (min(p[0] for p in pairs), first[1])
    wider = first + (float(rank),)
    await workflow.label.createTask(
        name=f"{str(first)}|{same}|{first in pairs}|{wider}|{len(wider)}")
    for pair in best:
        await workflow.label.createTask(name=str(pair))
''', segments=1)

case("shp_raw_output_tuple_key", ["pair", "lin", "label"], ["--xs", "0.5", "2", "1"],
     {"xs": [0.5, 2.0, 1.0]},
     "(output, x) tuples where the output is itself a tuple (natively and in the DAG's "
     "tasks), the widest by max(key=) on it, formatted, a lin run after", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def width(entry):
    bounds, x = entry
    return bounds[1] - bounds[0] + x


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    entries = [(run.bounds, job.x) for run, job in runs]
    widest = max(entries, key=width)
    await workflow.label.createTask(name=f"{widest}")
    await workflow.lin.createTask(x=widest[1])
''')

case("shp_pair_compare_concat", ["sq", "lin", "label"], ["--xs", "2", "0.5", "1.5"],
     {"xs": [2.0, 0.5, 1.5], "tag": "best"},
     "study: (y, x) pairs of converted outputs, the best by min(), compared with == to a "
     "tuple built from a param-free min and with < to a constant tuple, extended "
     "with + (tag,) and formatted, its repr in a label, a "
     "choice between two tuples by a conditional expression", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--tag", default="best")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pairs = [(float(run.y), job.x) for run, job in runs]
    first = min(pairs)
    same = first == (min(float(run.y) for run, job in runs), first[1])
    small = first < (1.0, 0.0)
    longer = first + (params["tag"],)
    pick = first if first[0] > 0.3 else (0.0, 0.0)
    await workflow.lin.createTask(x=first[1] + len(longer))
    await workflow.label.createTask(
        name=f"{same}|{small}|{longer}|{pick!r}|{str(pick)}|{longer[-1]}")
''')

# ---- fan-in lists read after their loop: indexed, sliced, iterated, measured at run time
# (compiled when the list's length and order are those of its loops; else a fallback)

case("fan_levels_last_two", ["mesh", "lin", "count"],
     ["--hs", "0.5", "0.25", "0.125"], {"hs": [0.5, 0.25, 0.125]},
     "study: mesh refinement, one mesh run per level in a loop over a list param, u "
     "appended per level; the last two levels by negative index (Richardson-like "
     "difference), every level against the finest in a second loop, the count by len()", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True, help="mesh sizes")


async def main(workflow, **params):
    results = []
    for h in params["hs"]:
        runs = await workflow.mesh.createTask(h=h)
        results.append(runs[0][0].u)
    finest, coarser = results[-1], results[-2]
    await workflow.lin.createTask(x=(4.0 * finest - coarser) / 3.0)
    for u in results:
        await workflow.lin.createTask(x=u - finest)
    await workflow.count.createTask(n=len(results))
''')

case("fan_windows_over_runs", ["sq", "total", "lin"],
     ["--xs", "1", "2", "3", "4", "--width", "2"], {"xs": [1.0, 2.0, 3.0, 4.0], "width": 2},
     "study: sliding windows over the runs (a loop over range(len(runs) - width + 1)), a "
     "total per window appended, then the first and last totals, a slice, zip of the "
     "list with its own tail (successive differences), max() and sum()", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--width", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    totals = []
    for i in range(len(runs) - params["width"] + 1):
        window = runs[i:i + params["width"]]
        (t, _), = await workflow.total.createTask(sq_ids=[r.id for r, j in window])
        totals.append(t.y)
    await workflow.lin.createTask(x=totals[0] + totals[-1])
    tail = totals[1:]
    await workflow.lin.createTask(x=[b - a for a, b in zip(totals, tail)])
    await workflow.lin.createTask(x=max(totals) - sum(totals[:2]))
''')

case("fan_replicas_median", ["replica", "lin", "sq"],
     ["--xs", "1.5", "2.5", "--seeds", "1", "2", "3"],
     {"xs": [1.5, 2.5], "seeds": [1, 2, 3]},
     "study: replicas appended in a loop over runs, then iterated with a step per "
     "replica, sorted() indexed by len() // 2 (a median), the spread by a slice of the "
     "sorted list", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    for y in ys:
        await workflow.lin.createTask(x=y)
    ordered = sorted(ys)
    median = ordered[len(ordered) // 2]
    await workflow.sq.createTask(x=median)
    low = ordered[:2]
    await workflow.sq.createTask(x=[ordered[-1] - v for v in low])
''')

case("fan_pipeline_stages", ["lin", "sq", "newton", "count"],
     ["--x0", "1.5", "3"], {"x0": [1.5, 3.0], "clip": 8.0},
     "study: a pipeline over a constant list of stages, each stage's outputs a "
     "comprehension over its runs, clipped by a second comprehension over that list, "
     "the stage sizes by len(), the last stage's first value by index", '''
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, nargs="+", required=True)
    parser.add_argument("--clip", type=float, default=8.0)


async def main(workflow, **params):
    values = params["x0"]
    sizes = []
    for stage, field in [("lin", "y"), ("newton", "next"), ("sq", "y")]:
        runs = await getattr(workflow, stage).createTask(x=[v * 1.0 for v in values])
        values = [getattr(run, field) for run, job in runs]
        values = [min(v, params["clip"]) for v in values]
        sizes.append(len(values))
    await workflow.count.createTask(n=sum(sizes))
    await workflow.lin.createTask(x=values[0])
''')

case("fan_two_loops_one_list", ["sq", "lin", "count"],
     ["--xs", "1", "2", "--ys", "3"], {"xs": [1.0, 2.0], "ys": [3.0]},
     "study: one list filled by two loops one after the other (sq outputs, then lin "
     "outputs) and a constant between them: its order is the loops' order; read by "
     "index, iterated and measured", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ys", type=float, nargs="+", required=True)


async def main(workflow, **params):
    acc = []
    for run, job in await workflow.sq.createTask(x=params["xs"]):
        acc.append(run.y)
    acc.append(0.5)
    for y in params["ys"]:
        (lin_run, _), = await workflow.lin.createTask(x=y)
        acc.append(lin_run.y)
    await workflow.count.createTask(n=len(acc))
    await workflow.sq.createTask(x=acc[-1] - acc[0] + acc[len(acc) // 2])
    await workflow.lin.createTask(x=[a / 2 for a in acc])
''')

case("fan_index_out_of_range", ["mesh", "lin"], ["--hs", "0.5", "0.25"],
     {"hs": [0.5, 0.25], "level": 3},
     "study: refinement levels appended in a loop, one read at a level the study does "
     "not have (an IndexError, as natively)", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--level", type=int, default=3)


async def main(workflow, **params):
    us = []
    for h in params["hs"]:
        (run, job), = await workflow.mesh.createTask(h=h)
        us.append(run.u)
    await workflow.lin.createTask(x=us[-2])
    await workflow.lin.createTask(x=us[params["level"]])
''', raises="IndexError: list index out of range")

case("fan_conditional_append", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0], "cut": 3.0},
     "study: outputs kept only above a cut (append under an if on the output), then the "
     "last kept one: how many are kept is only known at run time (a fallback)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=3.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = []
    for run, job in runs:
        if run.y > params["cut"]:
            kept.append(run.y)
    await workflow.lin.createTask(x=kept[-1])
    await workflow.lin.createTask(x=kept[0] + 1.0)
''')

case("fan_mutated_after_loop", ["sq", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "study: a fan-in list sorted in place and popped after its loop, then indexed "
     "(the sort is made at run time, the pop a segment)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    ys.sort()
    largest = ys.pop()
    await workflow.lin.createTask(x=largest - ys[0])
''', segments=1)

case("fan_grown_while_iterated", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "study: a fan-in list iterated while the loop appends to it under a test of the "
     "item (natively the loop sees the new elements: a fallback)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    for y in ys:
        if y < 5.0:
            ys.append(y + 10.0)
        await workflow.lin.createTask(x=y)
''', partial=True)

case("fan_aliased_nested", ["replica", "lin", "count"],
     ["--xs", "1", "2", "--seeds", "1", "2"], {"xs": [1.0, 2.0], "seeds": [1, 2]},
     "study: a fan-in list aliased into a dict and read through it (same list), then a "
     "list filled in two nested loops (over runs, then over that list), read by index "
     "(a fallback)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)


async def main(workflow, **params):
    firsts = []
    for x in params["xs"]:
        (run, job), = await workflow.replica.createTask(x=x, seed=0)
        firsts.append(run.y)
    table = {"first": firsts}
    await workflow.lin.createTask(x=table["first"][-1])
    grid = []
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    for run, job in runs:
        for first in firsts:
            grid.append(run.y - first)
    await workflow.count.createTask(n=len(grid))
    await workflow.lin.createTask(x=grid[-1])
''')

case("fan_unrolled_inner_order", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0], "shifts": [0.0, 10.0]},
     "study: a loop over runs with a plain loop over a constant list inside, appending "
     "once per (run, shift): natively the elements of one run come together, so the "
     "list passed whole and read by position is main's (the loop runs as a block)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--shifts", type=float, nargs="+", default=[0.0, 10.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shifted = []
    for run, job in runs:
        for s in [0.0, 10.0]:
            shifted.append(run.y + s)
    await workflow.lin.createTask(x=shifted)
    await workflow.lin.createTask(x=shifted[1])
''')

case("fan_levels_filtered_steps", ["mesh", "step", "lin"],
     ["--hs", "0.5", "0.25", "0.125", "--back", "2"],
     {"hs": [0.5, 0.25, 0.125], "back": 2, "tol": 1.01},
     "study: mesh levels appended in a loop over a list param, then a loop over that "
     "list with a step only for levels above a tolerance (a per-item filter), "
     "enumerate() of it for positions, and a level read back by a negative index "
     "from a param", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--back", type=int, default=1)
    parser.add_argument("--tol", type=float, default=1.01)


async def main(workflow, **params):
    levels = []
    for h in params["hs"]:
        (run, job), = await workflow.mesh.createTask(h=h)
        levels.append(run.u)
    for u in levels:
        if u > params["tol"]:
            await workflow.lin.createTask(x=u)
    for i, u in enumerate(levels):
        await workflow.step.createTask(x=u, i=i)
    await workflow.lin.createTask(x=levels[-params["back"]] * 10.0)
''')

# ---- records: main's own namedtuples and dataclasses given to run-time calls ---------

case("rec_namedtuple_levels_best", ["mesh", "sq", "lin"], ["--hs", "0.5", "0.25", "0.1"],
     {"hs": [0.5, 0.25, 0.1]},
     "study: mesh levels kept as namedtuples (a comprehension over the runs), the finest "
     "by min(key=lambda), the levels in h order by sorted(key=), their errors as a list", '''
from collections import namedtuple

Level = namedtuple("Level", ["h", "u", "cells"])


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    levels = [Level(job.h, run.u, run.cells) for run, job in runs]
    finest = min(levels, key=lambda lv: lv.h)
    await workflow.sq.createTask(x=finest.u)
    ordered = sorted(levels, key=lambda lv: -lv.h)
    await workflow.lin.createTask(x=[abs(lv.u - 1.0) for lv in ordered])
    await workflow.lin.createTask(x=float(sum(lv.cells for lv in ordered)))
''')

case("rec_typed_namedtuple_orders", ["mesh", "sq", "count"], ["--h0", "0.5"],
     {"h0": 0.5, "nlev": 3},
     "study: a helper coroutine per level returning a typing.NamedTuple, successive "
     "levels zipped, the observed orders in a comprehension, the levels kept filtered", '''
import math
from typing import NamedTuple


class Level(NamedTuple):
    h: float
    err: float


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--nlev", type=int, default=3)


async def level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(job.h, abs(run.u - 1.0))


async def main(workflow, **params):
    levels = []
    for i in range(params["nlev"]):
        levels.append(await level(workflow, params["h0"] / 2 ** i))
    orders = [math.log(a.err / b.err) / math.log(a.h / b.h)
              for a, b in zip(levels, levels[1:])]
    await workflow.sq.createTask(x=orders)
    kept = [b.h for a, b in zip(levels, levels[1:]) if b.err < a.err]
    await workflow.count.createTask(n=len(kept))
''')

case("rec_dataclass_frozen_ranked", ["replica", "lin", "label"],
     ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0], "target": 5.0},
     "study: candidates in a frozen ordered dataclass (miss first), sorted without key, "
     "max of them, the best x refined, str() of the best and a label from its fields", '''
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Candidate:
    miss: float
    x: float
    seed: int = 0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=5.0)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=1)
    cands = [Candidate(abs(run.y - params["target"]), job.x, job.seed) for run, job in runs]
    ranked = sorted(cands)
    worst = max(cands)
    await workflow.lin.createTask(x=ranked[0].x)
    await workflow.lin.createTask(x=worst.miss - ranked[0].miss)
    await workflow.label.createTask(name=str(ranked[0]))
''')

case("rec_dataclass_changed_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a dataclass (not frozen) picked by min(key=), then one of them changed in place: "
     "the record main holds is the one the call picked", '''
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    best = min(points, key=lambda p: p.y)
    points[0].y = 100.0
    await workflow.lin.createTask(x=best.y)
''', partial=True)

case("rec_namedtuple_told_apart", ["sq", "lin", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "namedtuples of outputs compared with <, with a tuple by ==, used as dict keys, "
     "unpacked, _replace'd, shown with repr and isinstance-checked", '''
from collections import namedtuple

Pt = namedtuple("Pt", "x y")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pts = [Pt(job.x, run.y) for run, job in runs]
    best = max(pts, key=lambda p: p.y)
    x, y = best
    await workflow.lin.createTask(x=x + y)
    moved = best._replace(y=0.0)
    await workflow.lin.createTask(x=moved.x + moved.y)
    await workflow.label.createTask(name=repr(best))
    same = best == (best.x, best.y)
    seen = {best: 1}
    await workflow.label.createTask(name=f"{same} {len(seen)} {isinstance(best, Pt)}")
    if pts[0] < pts[1]:
        await workflow.lin.createTask(x=1.0)
''', partial=True, segments=1)

case("rec_class_with_method", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a typing.NamedTuple with a method of its own and a dataclass with a property, "
     "ranked by them with sorted(key=)", '''
from dataclasses import dataclass
from typing import NamedTuple


class Obs(NamedTuple):
    x: float
    y: float

    def gap(self):
        return abs(self.y - 4.0)


@dataclass
class Pair:
    x: float
    y: float

    @property
    def gap(self):
        return abs(self.y - 4.0)


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    obs = [Obs(job.x, run.y) for run, job in runs]
    best = sorted(obs, key=lambda o: o.gap())[0]
    await workflow.lin.createTask(x=best.x)
    pairs = [Pair(job.x, run.y) for run, job in runs]
    await workflow.lin.createTask(x=min(pairs, key=lambda p: p.gap).x)
''', partial=True)

case("rec_mapped_over_records", ["sq", "newton", "count"], ["--xs", "1", "2", "3", "4"],
     {"xs": [1.0, 2.0, 3.0, 4.0], "k": 2},
     "the best k namedtuples by sorted(key=) refined one step each (a loop over records "
     "made at run time), then a count", '''
from collections import namedtuple

Cand = namedtuple("Cand", "miss x")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cands = [Cand(abs(run.y - 5.0), job.x) for run, job in runs]
    for c in sorted(cands, key=lambda c: c.miss)[:params["k"]]:
        await workflow.newton.createTask(x=c.x)
    await workflow.count.createTask(n=len(cands))
''')

case("rec_asdict_and_record_param", ["sq", "lin", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a dataclass given to dataclasses.asdict/astuple, a namedtuple picked by min(key=) "
     "made a list and passed as a job parameter", '''
import dataclasses
from collections import namedtuple
from dataclasses import dataclass

Pt = namedtuple("Pt", "x y")


@dataclass(frozen=True)
class Obs:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    obs = [Obs(job.x, run.y) for run, job in runs]
    low = min(obs, key=lambda o: o.y)
    await workflow.label.createTask(name=str(dataclasses.asdict(low)))
    await workflow.lin.createTask(x=dataclasses.astuple(low)[1])
    pts = [Pt(job.x, run.y) for run, job in runs]
    await workflow.lin.createTask(x=list(min(pts, key=lambda p: p.y)))
''', partial=True)

case("rec_records_filtered_chains", ["replica", "lin", "count"],
     ["--xs", "1", "2", "3", "--nrep", "2"], {"xs": [1.0, 2.0, 3.0], "nrep": 2},
     "study: per configuration a replica createTask, its mean in a namedtuple with the "
     "configuration, records filtered by a comprehension on a field, zipped with their "
     "ranks (enumerate), the steadiest by min(key=) with a tie-break tuple key", '''
import statistics
from collections import namedtuple

Stat = namedtuple("Stat", ["x", "mean", "spread"])


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=2)


async def main(workflow, **params):
    stats = []
    for x in params["xs"]:
        runs = await workflow.replica.createTask(x=x, seed=list(range(params["nrep"])))
        ys = [run.y for run, job in runs]
        stats.append(Stat(x, statistics.fmean(ys), max(ys) - min(ys)))
    high = [s for s in stats if s.mean > 2.5]
    await workflow.count.createTask(n=len(high))
    steady = min(stats, key=lambda s: (s.spread, -s.x))
    await workflow.lin.createTask(x=steady.mean)
    ranked = sorted(stats, key=lambda s: s.mean, reverse=True)
    await workflow.lin.createTask(x=[i + s.mean for i, s in enumerate(ranked)])
''', partial=True)

case("rec_mapped_records_shown", ["sq", "newton", "label", "lin"],
     ["--xs", "1", "2", "3", "4"], {"xs": [1.0, 2.0, 3.0, 4.0], "k": 3},
     "a step mapped over the best k namedtuples (made at run time, crossing tasks): each "
     "shown whole with str() and f-string, refined by a field; then a step mapped over "
     "successive pairs of them (zip) on the gap of their fields", '''
from collections import namedtuple

Cand = namedtuple("Cand", "miss x")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cands = [Cand(abs(run.y - 5.0), job.x) for run, job in runs]
    best = sorted(cands, key=lambda c: c.miss)[:params["k"]]
    for c in best:
        await workflow.label.createTask(name=str(c))
        await workflow.newton.createTask(x=c.x)
    for a, b in zip(best, best[1:]):
        await workflow.lin.createTask(x=b.miss - a.miss)
    for i, c in enumerate(best):
        await workflow.label.createTask(name=f"{i}: {c}")
''')

case("rec_mapped_record_list_field", ["replica", "lin", "count"],
     ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a step mapped over dataclass records holding a list a run-time call returned "
     "(statistics.quantiles): what comes back from JSON is not shown the same", '''
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    x: float
    cuts: list


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[1, 2, 3])
    spreads = [Spread(job.x, statistics.quantiles([run.y, job.x, 0.0], n=2))
               for run, job in runs]
    for s in sorted(spreads, key=lambda s: -s.cuts[0]):
        await workflow.lin.createTask(x=s.cuts[0])
    await workflow.count.createTask(n=len(spreads))
''', segments=1)

case("rec_records_set_and_reverse", ["sq", "lin", "count", "label"],
     ["--xs", "1", "2", "1", "3"], {"xs": [1.0, 2.0, 1.0, 3.0]},
     "frozen dataclass records of a sweep with a job given twice: equal records collapse "
     "in a set (hashed by their fields), typing.NamedTuple records with a default field "
     "sorted in reverse without key, the largest by max(), one shown in a label", '''
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Obs:
    x: float
    y: float


class Row(NamedTuple):
    y: float
    x: float
    tag: str = "row"


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    rows = sorted([Row(run.y, job.x) for run, job in runs], reverse=True)
    await workflow.lin.createTask(x=[r.x for r in rows])
    top = max(Row(run.y, job.x) for run, job in runs)
    await workflow.label.createTask(name=f"{top!r} {top.tag}")
    obs = [Obs(job.x, run.y) for run, job in runs]
    await workflow.count.createTask(n=len(set(obs)))
''', partial=True)

case("unread_check_in_empty_loop", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a loop over the positions of a filter of outputs that keeps none, whose body "
     "computes a mean of another empty filter (it would raise) and makes a step: main "
     "never computes it; the DAG must not either", """
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    small = [run.y for run, job in runs if run.y < 0.5]
    for i in range(len(small)):
        level = statistics.fmean([run.y for run, job in runs if run.y > 100.0])
        await workflow.lin.createTask(x=float(i))
        print("level", level)
    await workflow.count.createTask(n=len(runs))
""", segments=1)

case("list_changed_after_runtime_min", ["mesh", "lin", "count"],
     ["--hs", "0.5", "0.25", "0.125"], {"hs": [0.5, 0.25, 0.125]},
     "study: levels as [u, notes] lists sharing one notes list, the best level by min "
     "with a key (a call made at run time returning one of those lists), then the notes "
     "list appended to: natively the best level sees it", """
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    notes = ["coarse"]
    levels = [[run.u, notes] for run, job in runs]
    best = min(levels, key=lambda level: abs(level[0] - 1.0))
    notes.append("refined")
    await workflow.lin.createTask(x=best[0])
    await workflow.count.createTask(n=len(best[1]))
""")

case("per_item_lists_in_a_comprehension", ["mesh", "lin", "count"],
     ["--hs", "0.5", "0.25"], {"hs": [0.5, 0.25]},
     "a comprehension over runs making one [output, list] pair per run, a list of "
     "names beside the output: the best pair's list read after", """
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    tags = ["mesh", "u"]
    rows = [[run.u, tags] for run, job in runs]
    best = max(rows, key=lambda row: row[0])
    await workflow.lin.createTask(x=best[0])
    await workflow.count.createTask(n=len(best[1]) + len(rows))
""")

# ---- a loop of the code passed over twice (a helper called twice, a loop in a loop over a
# list param unrolled with its values): a test of an item of one pass is no test of the
# other pass's items

case("pass_helper_twice_item_test", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a helper refining the runs above a cut, called on two sweeps of different sizes", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def refine(workflow, runs, cut):
    for run, job in runs:
        if run.y > cut:
            await workflow.lin.createTask(x=run.y)


async def main(workflow, **params):
    coarse = await workflow.sq.createTask(x=params["xs"])
    await refine(workflow, coarse, 3.0)
    fine = await workflow.sq.createTask(x=[x / 2 for x in params["xs"]] + [5.0])
    await refine(workflow, fine, 1.0)
    await workflow.count.createTask(n=len(fine))
''')

case("pass_starts_newton_per_seed", ["sq", "newton", "count"],
     ["--starts", "1", "4", "--tol", "0.001"], {"starts": [1.0, 4.0], "tol": 0.001},
     "per start param, seeds swept, a capped Newton loop per seed run with a break on its "
     "error: the seeds of each start converge in another number of iterations", '''
def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=1e-3)


async def main(workflow, **params):
    for start in params["starts"]:
        seeds = await workflow.sq.createTask(x=[start, start / 2])
        for run, job in seeds:
            x = run.y
            for it in range(6):
                (step, _), = await workflow.newton.createTask(x=x)
                x = step.next
                if step.err < params["tol"]:
                    break
        await workflow.count.createTask(n=len(seeds))
''')

case("pass_helper_twice_newton_per_run", ["sq", "lin", "newton", "count"],
     ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "a helper running a capped Newton loop per run with a break on its error, called on "
     "two sweeps with two tolerances", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def converge(workflow, runs, tol):
    for run, job in runs:
        x = run.y
        for it in range(5):
            (step, _), = await workflow.newton.createTask(x=x)
            x = step.next
            if step.err < tol:
                break


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    await converge(workflow, squares, 1e-3)
    lines = await workflow.lin.createTask(x=params["xs"])
    await converge(workflow, lines, 1e-6)
    await workflow.count.createTask(n=len(lines))
''')

case("pass_starts_newton_from_nearest", ["sq", "newton", "count"],
     ["--starts", "1", "3"], {"starts": [1.0, 3.0]},
     "per start param, seeds swept, a capped Newton loop per seed run from the seed "
     "nearest to 2 (min with a key), with a break on its error: each start's seeds "
     "converge in another number of iterations", '''
def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for start in params["starts"]:
        seeds = await workflow.sq.createTask(x=[start])
        for run, job in seeds[:2]:
            x = min(seeds, key=lambda p: abs(p[0].y - 2.0))[0].y if seeds else 1.0
            for it in range(3):
                (step, _), = await workflow.newton.createTask(x=x)
                if step.err < 0.05:
                    break
                x = step.next
        await workflow.count.createTask(n=len(seeds))
''', partial=True)

# ---- the runs of gathered routines flattened by a nested comprehension: one list per
# item of the gathered loop, its runs for that item, in order; and what must not compile
# so (reversed, sliced, filtered, indexed)

NEST_HEAD = '''\
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def refine(workflow, x):
    return await workflow.sq.createTask(x=[x, x + 0.5])


async def main(workflow, **params):
    base = await workflow.lin.createTask(x=params["xs"])
    batches = await asyncio.gather(*(refine(workflow, run.y) for run, job in base))
'''

case("nest_gathered_flat_ids", ["lin", "sq", "total", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "the runs of gathered routines, one per run, flattened by a nested comprehension "
     "into a fan-in total", NEST_HEAD + '''\
    ids = [run.id for batch in batches for run, job in batch]
    await workflow.total.createTask(sq_ids=ids)
''')

case("nest_gathered_reversed", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the same, the batches walked in reverse", NEST_HEAD + '''\
    ids = [run.id for batch in reversed(batches) for run, job in batch]
    await workflow.total.createTask(sq_ids=ids)
''', segments=1)

case("nest_gathered_sliced", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the same, the first batch left out", NEST_HEAD + '''\
    ids = [run.id for batch in batches[1:] for run, job in batch]
    await workflow.total.createTask(sq_ids=ids)
''', segments=1)

case("nest_gathered_filtered", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the same, runs filtered on their output", NEST_HEAD + '''\
    ids = [run.id for batch in batches for run, job in batch if run.y > 10]
    await workflow.total.createTask(sq_ids=ids)
''', segments=1)

case("nest_gathered_inner_reversed", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the same, each batch's runs reversed", NEST_HEAD + '''\
    ids = [run.id for batch in batches for run, job in reversed(batch)]
    await workflow.total.createTask(sq_ids=ids)
''', segments=1)

case("nest_gathered_loops_append", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the same with two for statements appending", NEST_HEAD + '''\
    ids = []
    for batch in batches:
        for run, job in batch:
            ids.append(run.id)
    await workflow.total.createTask(sq_ids=ids)
''')

case("nest_gathered_count_pairs", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "a list of (batch position, output) pairs by a nested comprehension, its length "
     "and last output", NEST_HEAD + '''\
    pairs = [(i, run.y) for i, batch in enumerate(batches) for run, job in batch]
    await workflow.count.createTask(n=len(pairs))
    await workflow.lin.createTask(x=pairs[-1][1])
''', segments=1)

case("nest_gathered_first_of_each", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the first run of each batch by a comprehension, then all runs of the last batch",
     NEST_HEAD + '''\
    firsts = [batch[0][0].id for batch in batches]
    await workflow.total.createTask(sq_ids=firsts)
    last = [run.id for run, job in batches[-1]]
    await workflow.total.createTask(sq_ids=last)
''', segments=1)

case("nest_gathered_sizes", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the size of each gathered routine's batch (two items asking the same runs)", NEST_HEAD + '''\
    sizes = [len(batch) for batch in batches]
    await workflow.count.createTask(n=len(sizes) * 10 + sum(sizes))
''', segments=1)

# ---- probes of records, fan-in, blocks, segments, unread errors, guarded loops: written
# to make the DAG do other work than main (globals main changes, late binding, iterators
# consumed twice, dict order with repeated keys, for-else)

case("atk_global_target_key", ["sq", "lin"], ["--xs", "1", "2", "3", "--target", "4"],
     {"xs": [1.0, 2.0, 3.0], "target": 4.0},
     "study: a module-level TARGET set by main through global from a param, read by a "
     "key function of min over the runs (made at run time, where the module is fresh)",
     """
TARGET = 0.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=0.0)


def distance(pair):
    run, job = pair
    return abs(run.y - TARGET)


async def main(workflow, **params):
    global TARGET
    TARGET = params["target"]
    runs = await workflow.sq.createTask(x=params["xs"])
    best_run, best_job = min(runs, key=distance)
    await workflow.lin.createTask(x=best_job.x)
""", partial=True)

case("atk_class_attr_config", ["sq", "lin"], ["--xs", "1", "2", "3", "--target", "4"],
     {"xs": [1.0, 2.0, 3.0], "target": 4.0},
     "study: a Config class whose attribute main sets from a param, read by a helper "
     "ranking outputs (sorted with a key made at run time)", """
class Config:
    target = 0.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=0.0)


def gap(y):
    return abs(y - Config.target)


async def main(workflow, **params):
    Config.target = params["target"]
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = sorted([run.y for run, job in runs], key=gap)
    await workflow.lin.createTask(x=ys[0])
""", partial=True)

case("atk_helper_module_global", ["sq", "lin"], ["--xs", "1", "2", "--scale", "3"],
     {"xs": [1.0, 2.0], "scale": 3.0},
     "study: a helper module's SCALE set by main (helpers.SCALE = ...), the helper "
     "reading it called on outputs", """
import helpers


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    helpers.SCALE = params["scale"]
    runs = await workflow.sq.createTask(x=params["xs"])
    total = sum(helpers.scaled(run.y) for run, job in runs)
    await workflow.lin.createTask(x=total)
""", files={"helpers.py": """
SCALE = 1.0


def scaled(y):
    return y * SCALE
"""})

case("atk_mutable_default_acc", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: a helper with a mutable default list collecting what it is given (a "
     "running history), called per output: natively the history grows across calls",
     """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def remember(y, history=[]):
    history.append(y)
    return len(history)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = 0
    for run, job in runs:
        seen = remember(run.y)
    await workflow.count.createTask(n=seen)
    await workflow.lin.createTask(x=float(remember(0.0)))
""", partial=True)

case("atk_zip_consumed_twice", ["sq", "lin", "count"],
     ["--xs", "1", "2", "--ws", "0.5", "2"], {"xs": [1.0, 2.0], "ws": [0.5, 2.0]},
     "study: a zip of the runs and weights kept in a variable and iterated twice: the "
     "second loop natively sees nothing (the iterator is spent)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ws", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    weighted = zip(runs, params["ws"])
    for (run, job), w in weighted:
        await workflow.lin.createTask(x=run.y * w)
    for (run, job), w in weighted:
        await workflow.lin.createTask(x=-run.y * w)
    await workflow.count.createTask(n=len(runs))
""", partial=True)

case("atk_enumerate_consumed_twice", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "study: an enumerate of the runs kept in a variable, consumed by a list, then "
     "iterated again (spent natively: no step)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    numbered = enumerate(runs)
    first = [i for i, (run, job) in numbered]
    for i, (run, job) in numbered:
        await workflow.lin.createTask(x=run.y + i)
    await workflow.count.createTask(n=len(first))
""", partial=True)

case("atk_map_consumed_twice", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: map() of a helper over the outputs, summed, then the same map object "
     "given to max (spent: ValueError natively)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def half(y):
    return y / 2.0


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    halves = map(half, [run.y for run, job in runs])
    total = sum(halves)
    await workflow.lin.createTask(x=total)
    top = max(halves, default=-1.0)
    await workflow.lin.createTask(x=top)
""", partial=True)

case("atk_dict_repeated_keys_order", ["sq", "lin"], ["--xs", "2", "1", "2"],
     {"xs": [2.0, 1.0, 2.0]},
     "study: a dict of outputs keyed by the job's x with a repeated x: the later run "
     "wins the value, the first keeps the place; first value and the keys' order read",
     """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {}
    for run, job in runs:
        table[job.x] = run.y + len(table)
    first = list(table.values())[0]
    await workflow.lin.createTask(x=first)
    await workflow.lin.createTask(x=float(len(table)))
""")

case("atk_fanin_alias_appended_after", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "study: outputs appended in a loop to a list kept in a results dict under two "
     "names, the alias appended to after the loop, the last element read", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    results = {"ys": []}
    ys = results["ys"]
    for run, job in runs:
        ys.append(run.y)
    results["ys"].append(100.0)
    await workflow.lin.createTask(x=ys[-1])
    await workflow.count.createTask(n=len(ys))
""")

case("atk_fanin_given_then_changed", ["sq", "lin", "total"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "study: a fan-in list of outputs summed by a helper that keeps a reference (a "
     "closure made at run time), the list changed after, the helper's view read", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def summary(values):
    return {"values": values, "n": len(values)}


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    s = summary(ys)
    ys.append(50.0)
    await workflow.lin.createTask(x=s["values"][-1])
""")

case("atk_late_binding_lambdas", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "study: scale functions made by lambdas in a comprehension over factors (late "
     "binding: each reads the last factor), applied to the outputs", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scales = [lambda y: y * k for k in (1.0, 10.0)]
    for run, job in runs:
        await workflow.lin.createTask(x=scales[0](run.y))
""")

case("atk_closure_rebound", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "study: a key function (a closure) over a shift rebound after it is made and before sorted "
     "calls it; then rebound again after the sort", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shift = 0.0

    def key(pair):
        return -abs(pair[0].y - shift)
    shift = 1.0
    ranked = sorted(runs, key=key)
    shift = 100.0
    await workflow.lin.createTask(x=ranked[0][0].y + shift)
""")

case("atk_for_else_raise", ["mesh", "lin"], ["--h0", "0.5", "--tol", "0.01"],
     {"h0": 0.5, "tol": 0.01, "max_levels": 4},
     "study: mesh refinement halving h until u is within tol of 1, capped, with a "
     "for-else raising when no level converged; a lin run on the converged h", """
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--max_levels", type=int, default=4)


async def main(workflow, **params):
    h = params["h0"]
    for level in range(params["max_levels"]):
        runs = await workflow.mesh.createTask(h=h)
        u = runs[0][0].u
        if abs(u - 1.0) < params["tol"]:
            break
        h = h / 2.0
    else:
        raise RuntimeError(f"no convergence after {level + 1} levels")
    await workflow.lin.createTask(x=h)
""")

case("atk_for_else_raise_fails", ["mesh", "lin"],
     ["--h0", "0.5", "--tol", "0.0001", "--max_levels", "2"],
     {"h0": 0.5, "tol": 0.0001, "max_levels": 2},
     "study: the same capped refinement whose tolerance is never met: main raises in the "
     "for-else (the DAG must fail too, after the same runs)", """
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--max_levels", type=int, default=4)


async def main(workflow, **params):
    h = params["h0"]
    for level in range(params["max_levels"]):
        runs = await workflow.mesh.createTask(h=h)
        u = runs[0][0].u
        if abs(u - 1.0) < params["tol"]:
            break
        h = h / 2.0
    else:
        raise RuntimeError(f"no convergence after {level + 1} levels")
    await workflow.lin.createTask(x=h)
""", raises="RuntimeError: no convergence after 2 levels")

case("atk_try_in_caller", ["sq", "lin", "count"], ["--xs", "1", "3"],
     {"xs": [1.0, 3.0], "limit": 5.0},
     "study: a helper raising on a bad output (above a limit), its ValueError caught by "
     "main's try around the call, which then makes a fallback step", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--limit", type=float, default=5.0)


async def checked(workflow, x, limit):
    runs = await workflow.sq.createTask(x=x)
    y = runs[0][0].y
    if y > limit:
        raise ValueError(f"y={y} above {limit}")
    return y


async def main(workflow, **params):
    good = 0
    for x in params["xs"]:
        try:
            y = await checked(workflow, x, params["limit"])
        except ValueError as err:
            print("skipped", err)
            await workflow.lin.createTask(x=-x)
            continue
        good += 1
        await workflow.lin.createTask(x=y)
    await workflow.count.createTask(n=good)
""", segments=1)

case("atk_record_dict_keys_dupes", ["sq", "lin", "count"], ["--xs", "2", "1", "2"],
     {"xs": [2.0, 1.0, 2.0]},
     "study: frozen dataclass records of (x) used as dict keys of a table of outputs: "
     "equal records share a key (the later output wins)", """
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {Point(job.x): run.y for run, job in runs}
    await workflow.count.createTask(n=len(table))
    await workflow.lin.createTask(x=table[Point(2.0)])
""", partial=True, segments=1)

case("atk_record_eq_in_list", ["sq", "lin", "count"], ["--xs", "2", "1", "2"],
     {"xs": [2.0, 1.0, 2.0]},
     "study: namedtuple records of (x, y) deduplicated by hand (if r not in kept), "
     "the kept ones counted and the last one's y given to lin", """
from collections import namedtuple

Obs = namedtuple("Obs", "x y")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = []
    for run, job in runs:
        obs = Obs(job.x, run.y)
        if obs not in kept:
            kept.append(obs)
    await workflow.count.createTask(n=len(kept))
    await workflow.lin.createTask(x=kept[-1].y)
""", partial=True)

case("atk_record_replace_field", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: namedtuple records re-made with _replace (y clipped), sorted by y, the "
     "smallest record's x given to lin", """
from typing import NamedTuple


class Level(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    levels = [Level(job.x, run.y) for run, job in runs]
    clipped = [lv._replace(y=min(lv.y, 4.0)) for lv in levels]
    best = sorted(clipped, key=lambda lv: (-lv.y, lv.x))[0]
    await workflow.lin.createTask(x=best.x)
""", partial=True)

case("atk_record_field_changed_outside", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: dataclass records changed by a helper module of the workflow (setattr "
     "through a name given as a string), then ranked at run time", """
from dataclasses import dataclass

import tidy


@dataclass
class Row:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    rows = [Row(job.x, run.y) for run, job in runs]
    best = max(rows, key=lambda r: r.y)
    tidy.reset(best, "y")
    await workflow.lin.createTask(x=max(rows, key=lambda r: r.y).x)
""", files={"tidy.py": """
def reset(obj, name):
    obj.__dict__[name] = 0.0
"""}, partial=True)

case("atk_fanin_insert_front", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: outputs put at the front of a list in a loop over runs (insert(0, ...), "
     "newest first), the first one read after", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    newest = []
    for run, job in runs:
        newest.insert(0, run.y)
    await workflow.lin.createTask(x=newest[0])
    await workflow.count.createTask(n=len(newest))
""")

case("atk_fanin_helper_appends", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: a helper recording each output into a history list (twice when above a "
     "limit), the last and second entries read after the loop", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def record(history, y, limit=3.0):
    history.append(y)
    if y > limit:
        history.append(-y)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    history = []
    for run, job in runs:
        record(history, run.y)
    await workflow.lin.createTask(x=history[-1])
    await workflow.lin.createTask(x=history[1])
""", partial=True)

case("atk_fanin_constant_then_runs", ["sq", "lin", "count"],
     ["--xs", "1", "2"], {"xs": [1.0, 2.0], "scales": [1.0, 10.0]},
     "study: a plain loop over scales around a loop over runs, one list of scaled "
     "outputs, read by position (the second scale's first output)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scaled = []
    for s in params["scales"]:
        for run, job in runs:
            scaled.append(run.y * s)
    await workflow.lin.createTask(x=scaled[len(runs)])
    await workflow.count.createTask(n=len(scaled))
""")

case("atk_fanin_zip_short", ["sq", "lin", "count"],
     ["--xs", "1", "2", "3", "--ws", "0.5", "2"], {"xs": [1.0, 2.0, 3.0], "ws": [0.5, 2.0]},
     "study: outputs weighted by a shorter list of weights (zip stops at the shorter), "
     "appended, the last weighted output and the count read", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ws", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    weighted = []
    for (run, job), w in zip(runs, params["ws"]):
        weighted.append(run.y * w)
    await workflow.lin.createTask(x=weighted[-1])
    await workflow.count.createTask(n=len(weighted))
""")

case("atk_fanin_reversed_runs", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: outputs collected over the runs in reverse (runs[::-1]), the first one "
     "read (the last run's)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs[::-1]:
        ys.append(run.y)
    await workflow.lin.createTask(x=ys[0])
""")

case("atk_block_groups_changed_after", ["replica", "lin", "count"],
     ["--xs", "1", "2", "--seeds", "1", "2"], {"xs": [1.0, 2.0], "seeds": [1, 2]},
     "study: replicas grouped by x in a defaultdict (a block), then main adds a "
     "reference value to one group, the group sizes counted", """
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    groups[1.0].append(0.0)
    await workflow.count.createTask(n=len(groups[1.0]))
    await workflow.lin.createTask(x=max(groups[2.0]))
""", partial=True)

case("atk_block_setdefault_order", ["sq", "lin", "count"], ["--xs", "2", "1", "2"],
     {"xs": [2.0, 1.0, 2.0]},
     "study: outputs grouped by x with setdefault (a block), the first group's key and "
     "size read (the order of first appearance)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {}
    for run, job in runs:
        by_x.setdefault(job.x, []).append(run.y)
    first = list(by_x)[0]
    await workflow.lin.createTask(x=first)
    await workflow.count.createTask(n=len(by_x[first]))
""")

case("atk_gather_return_exceptions", ["sq", "lin", "count"], ["--xs", "1", "3", "2"],
     {"xs": [1.0, 3.0, 2.0], "limit": 5.0},
     "study: one stage per x gathered with return_exceptions=True, a stage raising on "
     "an output above the limit; the good ones counted and followed by lin runs", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--limit", type=float, default=5.0)


async def stage(workflow, x, limit):
    runs = await workflow.sq.createTask(x=x)
    y = runs[0][0].y
    if y > limit:
        raise ValueError(f"{x}: y={y:.2f} above {limit}")
    return y


async def main(workflow, **params):
    results = await asyncio.gather(*(stage(workflow, x, params["limit"])
                                     for x in params["xs"]), return_exceptions=True)
    good = [y for y in results if not isinstance(y, Exception)]
    for y in good:
        await workflow.lin.createTask(x=y)
    await workflow.count.createTask(n=len(good))
""", partial=True)

case("atk_create_task_awaited_late", ["sq", "lin", "count"], ["--xs", "1", "3"],
     {"xs": [1.0, 3.0], "limit": 5.0},
     "study: a checking stage started with create_task, a lin run made meanwhile, then "
     "the stage awaited in a try that counts the failure", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--limit", type=float, default=5.0)


async def stage(workflow, x, limit):
    runs = await workflow.sq.createTask(x=x)
    if runs[0][0].y > limit:
        raise RuntimeError("diverged")
    return runs[0][0].y


async def main(workflow, **params):
    tasks = [asyncio.create_task(stage(workflow, x, params["limit"]))
             for x in params["xs"]]
    await workflow.lin.createTask(x=0.5)
    failed = 0
    for t in tasks:
        try:
            await t
        except RuntimeError:
            failed += 1
    await workflow.count.createTask(n=failed)
""", segments=1)

case("atk_converge_prev_none", ["mesh", "lin", "count"], ["--h0", "0.5"],
     {"h0": 0.5, "tol": 0.02, "max_levels": 5},
     "study: refinement until two successive u differ by less than tol (prev is None "
     "at first), capped; the number of levels and the last h given to later steps", """
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.02)
    parser.add_argument("--max_levels", type=int, default=5)


async def main(workflow, **params):
    h = params["h0"]
    prev = None
    level = 0
    while level < params["max_levels"]:
        runs = await workflow.mesh.createTask(h=h)
        u = runs[0][0].u
        level += 1
        if prev is not None and abs(u - prev) < params["tol"]:
            break
        prev = u
        h /= 2
    await workflow.count.createTask(n=level)
    await workflow.lin.createTask(x=h)
""")

case("atk_capped_continue_skip", ["mesh", "lin", "count"], ["--hs", "0.5", "0.25", "0.125"],
     {"hs": [0.5, 0.25, 0.125], "tol": 0.05},
     "study: a loop over levels, a lin run only for levels whose error is above tol "
     "(continue otherwise), the loop variable read after the loop", """
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=0.05)


async def main(workflow, **params):
    coarse = 0
    for i, h in enumerate(params["hs"]):
        runs = await workflow.mesh.createTask(h=h)
        err = abs(runs[0][0].u - 1.0)
        if err < params["tol"]:
            continue
        coarse += 1
        await workflow.lin.createTask(x=err)
    await workflow.count.createTask(n=coarse * 10 + i)
""")

case("atk_for_loop_var_after_break", ["mesh", "count"], ["--h0", "0.5"],
     {"h0": 0.5, "tol": 0.01, "max_levels": 6},
     "study: a capped refinement loop left by break; the loop variable (the level it "
     "stopped at) read after the loop for a count run", """
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--max_levels", type=int, default=6)


async def main(workflow, **params):
    h = params["h0"]
    for level in range(params["max_levels"]):
        runs = await workflow.mesh.createTask(h=h * 0.5 ** level)
        if abs(runs[0][0].u - 1.0) < params["tol"]:
            break
    await workflow.count.createTask(n=level)
""")

case("atk_record_repr_label", ["sq", "label"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "study: namedtuple records of the results shown in a label (repr of the best "
     "record and of its _asdict())", """
from collections import namedtuple

Result = namedtuple("Result", ["x", "y"])


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    results = [Result(job.x, run.y) for run, job in runs]
    best = max(results, key=lambda r: r.y)
    await workflow.label.createTask(name=f"{best} {best._asdict()}")
""", partial=True)

case("atk_record_tuple_compare", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "study: namedtuple records compared with a plain tuple and a list (a namedtuple "
     "equals the tuple of its fields), counted", """
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    best = max(points, key=lambda p: p.y)
    hits = sum(1 for p in points if p == (2.0, 4.0)) + int(best == [2.0, 4.0])
    await workflow.count.createTask(n=hits)
    await workflow.lin.createTask(x=best[1])
""", partial=True, segments=1)

case("atk_zip_dict_then_loop", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0], "names": ["a", "b"]},
     "study: a zip of names and outputs made once, turned into a dict of results, "
     "then looped over for steps (spent by dict(): no step natively)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--names", nargs="+", default=["a", "b"])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    named = zip(params["names"], [run.y for run, job in runs])
    table = dict(named)
    for name, y in named:
        await workflow.lin.createTask(x=y)
    await workflow.count.createTask(n=len(table))
""", partial=True)

case("atk_enumerate_sorted_then_loop", ["sq", "lin", "count"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "study: an enumerate of the outputs ranked by sorted() with a key, then the same "
     "enumerate looped over (spent: no step natively)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    numbered = enumerate([run.y for run, job in runs])
    ranked = sorted(numbered, key=lambda iy: iy[1])
    for i, y in numbered:
        await workflow.lin.createTask(x=y + i)
    await workflow.count.createTask(n=ranked[0][0])
""", partial=True)

case("atk_zip_once_ok", ["sq", "lin", "count"], ["--xs", "1", "2", "--ws", "0.5", "2"],
     {"xs": [1.0, 2.0], "ws": [0.5, 2.0]},
     "study: a zip of runs and weights kept in a variable and looped over once (the "
     "common form: must still compile)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ws", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    weighted = zip(runs, params["ws"])
    for (run, job), w in weighted:
        await workflow.lin.createTask(x=run.y * w)
    await workflow.count.createTask(n=len(runs))
""")

case("atk_leak_dict_state", ["sq", "lin"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "study: differences of successive outputs, the previous one kept in a dict of "
     "state (state['prev']) from one run to the next", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    state = {"prev": 0.0}
    for run, job in runs:
        await workflow.lin.createTask(x=run.y - state["prev"])
        state["prev"] = run.y
""", partial=True)

case("atk_leak_list_cell", ["sq", "lin"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "study: a running total kept in a one-element list updated per run, each step "
     "given the total so far", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    acc = [0.0]
    for run, job in runs:
        acc[0] += run.y
        await workflow.lin.createTask(x=acc[0])
""", partial=True)

case("atk_leak_object_attr", ["sq", "lin"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "study: a small tracker object (plain class) keeping the best output seen so far, "
     "a step per run given the best so far", """
class Tracker:
    def __init__(self):
        self.best = 0.0

    def update(self, y):
        if y > self.best:
            self.best = y
        return self.best


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    tracker = Tracker()
    for run, job in runs:
        await workflow.lin.createTask(x=tracker.update(run.y))
""", partial=True)

case("atk_leak_nonlocal_closure", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: a counter made by a closure (nonlocal), called per run, its count given "
     "to each step and to a count run after", """
def make_counter():
    n = 0

    def bump():
        nonlocal n
        n += 1
        return n
    return bump


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    bump = make_counter()
    for run, job in runs:
        await workflow.lin.createTask(x=run.y + bump())
    await workflow.count.createTask(n=bump())
""", partial=True)

case("atk_leak_walrus_running", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: running sums of the outputs by an assignment expression in a "
     "comprehension, the last one and each given to lin", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    total = 0.0
    running = [(total := total + run.y) for run, job in runs]
    await workflow.lin.createTask(x=running)
    await workflow.lin.createTask(x=total)
""")

case("atk_leak_class_counter", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: a class attribute counting the runs above a limit, bumped in a loop over "
     "runs, read after for a count run", """
class Stats:
    above = 0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > 2.0:
            Stats.above += 1
            await workflow.lin.createTask(x=run.y)
    await workflow.count.createTask(n=Stats.above)
""", partial=True)

case("atk_runs_reversed_in_place", ["sq", "lin", "step"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: the runs list reversed in place (newest first), the first one followed, "
     "then a step per run with its position", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    runs.reverse()
    await workflow.lin.createTask(x=runs[0][0].y)
    for i, (run, job) in enumerate(runs):
        await workflow.step.createTask(x=run.y, i=i)
""", partial=True)

case("atk_fanin_item_assigned", ["sq", "lin", "count"], ["--xs", "4"], {"xs": [4.0]},
     "study: outputs appended in a loop, the first overwritten by a reference value, "
     "then the last read (the same element when there is one run)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    ys[0] = -1.0
    await workflow.lin.createTask(x=ys[-1])
    await workflow.count.createTask(n=len(ys))
""", segments=1)

case("atk_record_tuple_output_mapped", ["pair", "label"], ["--xs", "2", "1"],
     {"xs": [2.0, 1.0]},
     "study: namedtuple records holding a run's tuple output (bounds), sorted by x, a "
     "label per record showing its bounds (natively a tuple)", """
from collections import namedtuple

Span = namedtuple("Span", "x bounds")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    spans = [Span(job.x, run.bounds) for run, job in runs]
    for s in sorted(spans, key=lambda s: s.x):
        await workflow.label.createTask(name=f"{s.bounds}")
""")

case("atk_record_numpy_field_mapped", ["sq", "label"], ["--xs", "2", "1"],
     {"xs": [2.0, 1.0]},
     "study: namedtuple records holding a numpy mean of each run's output and x, sorted "
     "by it, a label per record showing the record (repr of a numpy float)", """
from collections import namedtuple

import numpy as np

Stat = namedtuple("Stat", "x m")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    stats = [Stat(job.x, np.mean([run.y, job.x])) for run, job in runs]
    for s in sorted(stats, key=lambda s: s.m):
        await workflow.label.createTask(name=repr(s))
""", partial=True)

case("atk_record_dataclass_numpy_label", ["sq", "label"], ["--xs", "2", "1"],
     {"xs": [2.0, 1.0]},
     "study: dataclass records of a numpy maximum of outputs, the best record shown in "
     "one label (repr)", """
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Peak:
    x: float
    top: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    peaks = [Peak(job.x, np.maximum(run.y, 2.5)) for run, job in runs]
    best = max(peaks, key=lambda p: p.top)
    await workflow.label.createTask(name=repr(best))
""")

case("atk_record_fanin_last", ["sq", "lin", "label"], ["--xs", "1", "3", "2"],
     {"xs": [1.0, 3.0, 2.0]},
     "study: records appended in a loop over runs, the last one's field read after the "
     "loop and the list shown", """
from typing import NamedTuple


class Obs(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = []
    for run, job in runs:
        table.append(Obs(job.x, run.y))
    await workflow.lin.createTask(x=table[-1].y)
    await workflow.label.createTask(name=str(table[0]))
""", partial=True, segments=1)

case("atk_mapped_tuple_outputs", ["pair", "label"], ["--xs", "2", "1"], {"xs": [2.0, 1.0]},
     "study: the tuple outputs (bounds) of the runs sorted, a label per bounds showing "
     "it (natively a tuple)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    for b in sorted([run.bounds for run, job in runs]):
        await workflow.label.createTask(name=f"{b}")
""")

case("atk_mapped_dict_tuple_outputs", ["pair", "label"], ["--xs", "2", "1"],
     {"xs": [2.0, 1.0]},
     "study: dicts of results holding each run's tuple output, a label per dict "
     "showing its bounds", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    rows = [{"x": job.x, "bounds": run.bounds} for run, job in runs]
    for row in sorted(rows, key=lambda r: r["x"]):
        await workflow.label.createTask(name=str(row["bounds"]))
""")

case("atk_mapped_int_keyed_dicts", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "study: a small table per run keyed by integer orders (1: the output, 2: x), a lin "
     "run per table from order 1 (JSON would make the keys strings)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    tables = [{1: run.y, 2: job.x} for run, job in runs]
    for t in tables:
        await workflow.lin.createTask(x=t[1] + t[2])
""", partial=True)

case("atk_mapped_enumerate_items_str", ["sq", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "study: (position, output) pairs of an enumerate kept in a list, a label per pair "
     "showing it (natively a tuple)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = list(enumerate(sorted(run.y for run, job in runs)))
    for entry in ranked:
        await workflow.label.createTask(name=str(entry))
""", partial=True)

case("atk_mapped_divmod_items", ["count", "label"], ["--ns", "7", "9"], {"ns": [7, 9]},
     "study: divmod of each count output by 4, a label per quotient-remainder pair "
     "formatted with %-format of the pair (natively a tuple: two values)", """
def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    parts = [divmod(run.y, 4) for run, job in runs]
    for qr in parts:
        await workflow.label.createTask(name="%d-%d" % qr)
""", partial=True)

case("atk_unread_ratio_printed", ["sq", "lin"], ["--xs", "0", "2"], {"xs": [0.0, 2.0]},
     "study: relative errors y / x of every run printed only (x = 0 raises "
     "ZeroDivisionError natively), then a lin run: main stops before it", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    rel = [run.y / job.x for run, job in runs]
    print("relative", rel)
    await workflow.lin.createTask(x=1.0)
""", raises="ZeroDivisionError: float division by zero")

case("atk_unread_in_guarded_loop", ["mesh", "lin", "count"], ["--h0", "0.5"],
     {"h0": 0.5, "tol": 0.02, "max_levels": 4},
     "study: capped refinement computing a convergence rate from the last two errors "
     "(log of their ratio, which raises when an error is 0) printed per level", """
import math


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.02)
    parser.add_argument("--max_levels", type=int, default=4)


async def main(workflow, **params):
    h = params["h0"]
    errs = []
    for level in range(params["max_levels"]):
        runs = await workflow.mesh.createTask(h=h)
        errs.append(abs(runs[0][0].u - 1.0))
        if len(errs) > 1:
            rate = math.log(errs[-2] / errs[-1], 2)
            print(f"level {level}: rate {rate:.2f}")
        if errs[-1] < params["tol"]:
            break
        h /= 2
    await workflow.count.createTask(n=len(errs))
    await workflow.lin.createTask(x=errs[-1])
""")

case("atk_fanin_break", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0], "cap": 3.0},
     "study: outputs appended until one exceeds a cap (break), the last kept one and "
     "the count read after the loop", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cap", type=float, default=3.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = []
    for run, job in runs:
        if run.y > params["cap"]:
            break
        kept.append(run.y)
    await workflow.lin.createTask(x=kept[-1])
    await workflow.count.createTask(n=len(kept))
""")

case("atk_fanin_followups", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: a lin run per sq run, its output appended to a list, then the last "
     "follow-up's output and the sum read", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    follow = []
    for run, job in runs:
        r = await workflow.lin.createTask(x=run.y)
        follow.append(r[0][0].y)
    await workflow.lin.createTask(x=follow[-1] + sum(follow))
    await workflow.count.createTask(n=len(follow))
""")

case("atk_fanin_try_append", ["sq", "lin", "count"], ["--xs", "1", "0", "2"],
     {"xs": [1.0, 0.0, 2.0]},
     "study: inverse outputs appended in a loop, a ZeroDivisionError caught and "
     "skipped per run, the last inverse and the count read", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    inv = []
    for run, job in runs:
        try:
            inv.append(1.0 / run.y)
        except ZeroDivisionError:
            continue
    await workflow.lin.createTask(x=inv[-1])
    await workflow.count.createTask(n=len(inv))
""")

case("atk_block_reads_global_set", ["replica", "lin", "count"],
     ["--xs", "1", "2", "--seeds", "1", "2", "--scale", "3"],
     {"xs": [1.0, 2.0], "seeds": [1, 2], "scale": 3.0},
     "study: a module-level SCALE set by main through global from a param, read by a "
     "loop grouping scaled replicas in a defaultdict (a block run at run time)", """
from collections import defaultdict

SCALE = 1.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    global SCALE
    SCALE = params["scale"]
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y * SCALE)
    await workflow.lin.createTask(x=max(groups[2.0]))
    await workflow.count.createTask(n=len(groups))
""", partial=True)

case("atk_block_reads_module_attr_set", ["replica", "lin", "count"],
     ["--xs", "1", "2", "--seeds", "1", "2", "--scale", "3"],
     {"xs": [1.0, 2.0], "seeds": [1, 2], "scale": 3.0},
     "study: a settings module whose SCALE main sets from a param, read by a loop "
     "grouping scaled replicas in a defaultdict (a block run at run time)", """
from collections import defaultdict

import settings


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    settings.SCALE = params["scale"]
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y * settings.SCALE)
    await workflow.lin.createTask(x=max(groups[2.0]))
    await workflow.count.createTask(n=len(groups))
""", files={"settings.py": """
SCALE = 1.0
"""}, partial=True)

case("atk_block_reads_class_attr_set", ["replica", "lin", "count"],
     ["--xs", "1", "2", "--seeds", "1", "2", "--scale", "3"],
     {"xs": [1.0, 2.0], "seeds": [1, 2], "scale": 3.0},
     "study: a Config class attribute main sets from a param, read by a loop grouping "
     "scaled replicas in a defaultdict (a block run at run time)", """
from collections import defaultdict


class Config:
    scale = 1.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    Config.scale = params["scale"]
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y * Config.scale)
    await workflow.lin.createTask(x=max(groups[2.0]))
    await workflow.count.createTask(n=len(groups))
""", partial=True)

case("atk_gather_pair_decides", ["sq", "lin", "count"], ["--a", "3", "--b", "2"],
     {"a": 3.0, "b": 2.0},
     "study: two stages gathered (each a sq run and its output), the larger decides "
     "which follow-up runs; the results zipped with their names into a dict", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=2.0)


async def stage(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].y


async def main(workflow, **params):
    ya, yb = await asyncio.gather(stage(workflow, params["a"]), stage(workflow, params["b"]))
    results = dict(zip(["a", "b"], [ya, yb]))
    winner = max(results, key=results.get)
    if winner == "a":
        await workflow.lin.createTask(x=results["a"])
    else:
        await workflow.count.createTask(n=int(results["b"]))
    await workflow.count.createTask(n=len(results))
""")

case("atk_gather_results_enumerated", ["sq", "step", "count"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "study: one stage per x gathered from a list comprehension, the results "
     "enumerated in order into step runs, the position of the smallest counted", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def stage(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].y


async def main(workflow, **params):
    ys = await asyncio.gather(*[stage(workflow, x) for x in params["xs"]])
    for i, y in enumerate(ys):
        await workflow.step.createTask(x=y, i=i)
    smallest = min(range(len(ys)), key=lambda i: ys[i])
    await workflow.count.createTask(n=smallest)
""", segments=1)

case("atk_fanin_per_outer_item", ["sq", "lin"], ["--xs", "1", "5"], {"xs": [1.0, 5.0]},
     "study: per configuration, a sq sweep of two points, their outputs appended to a "
     "list made afresh per configuration, the last one followed by a lin run", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        runs = await workflow.sq.createTask(x=[x, x + 1.0])
        ys = []
        for run, job in runs:
            ys.append(run.y)
        await workflow.lin.createTask(x=ys[-1] - ys[0])
""")

case("atk_fanin_across_outer_items", ["sq", "lin", "count"], ["--xs", "1", "5"],
     {"xs": [1.0, 5.0]},
     "study: per configuration, a sq sweep of two points appended to ONE list shared "
     "by all configurations: the count and first element seen per configuration grow", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    ys = []
    for x in params["xs"]:
        runs = await workflow.sq.createTask(x=[x, x + 1.0])
        for run, job in runs:
            ys.append(run.y)
        await workflow.count.createTask(n=len(ys))
        await workflow.lin.createTask(x=ys[0])
""")

case("atk_fanin_outer_index_item", ["sq", "lin"], ["--xs", "1", "5"], {"xs": [1.0, 5.0]},
     "study: per configuration, a sq sweep of three points, their outputs appended per "
     "configuration, the middle one read by the position the configuration gives", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for k, x in enumerate(params["xs"]):
        runs = await workflow.sq.createTask(x=[x, x + 1.0, x + 2.0])
        ys = []
        for run, job in runs:
            ys.append(run.y)
        await workflow.lin.createTask(x=ys[k])
""")

case("atk_tuple_output_ops", ["interval", "lin", "label"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "study: tuple outputs (b = (x, 2x)) extended with a tuple, reversed by a slice, "
     "compared with a tuple, the widest shown in a label", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    for run, job in runs:
        ext = run.b + (0.0,)
        flipped = run.b[::-1]
        same = run.b == (1.0, 2.0)
        await workflow.lin.createTask(x=ext[-1] + flipped[0] + float(same))
    widest = max((run.b for run, job in runs), key=lambda b: b[1] - b[0])
    await workflow.label.createTask(name=f"{widest}")
""")

case("atk_dict_keyed_by_rounded_output", ["sq", "lin", "count"], ["--xs", "1", "1.1", "2"],
     {"xs": [1.0, 1.1, 2.0]},
     "study: runs tabulated by their rounded output (two runs share a key: the later "
     "wins), the table's size and the x kept for key 1", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {}
    for run, job in runs:
        table[round(run.y)] = job.x
    await workflow.count.createTask(n=len(table))
    await workflow.lin.createTask(x=table[1])
""")

case("atk_float_format_names", ["sq", "label", "count"], ["--xs", "0.1", "0.2"],
     {"xs": [0.1, 0.2]},
     "study: labels named from outputs formatted several ways (repr of a float sum, "
     ":.3g, :e, str of a rounded value), and the distinct names counted", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    names = []
    for run, job in runs:
        name = f"{run.y + job.x}|{run.y:.3g}|{job.x:e}|{round(run.y, 2)}"
        await workflow.label.createTask(name=name)
        names.append(name)
    await workflow.count.createTask(n=len(set(names)))
""", partial=True)

case("atk_capped_sweep_refine", ["replica", "lin", "count"], ["--x0", "2"],
     {"x0": 2.0, "tol": 0.03, "max_rounds": 3},
     "study: rounds of replicas (more seeds each round) until the spread of the mean "
     "estimate is below tol, capped; the mean of the last round's outputs followed", """
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.03)
    parser.add_argument("--max_rounds", type=int, default=3)


async def main(workflow, **params):
    seeds = [1, 2]
    mean = None
    for rnd in range(params["max_rounds"]):
        runs = await workflow.replica.createTask(x=params["x0"], seed=seeds)
        ys = [run.y for run, job in runs]
        mean = statistics.fmean(ys)
        spread = statistics.stdev(ys) / len(ys) ** 0.5
        print(f"round {rnd}: mean {mean:.4f} +- {spread:.4f}")
        if spread < params["tol"]:
            break
        seeds = seeds + [len(seeds) + 1, len(seeds) + 2]
    await workflow.lin.createTask(x=mean)
    await workflow.count.createTask(n=len(seeds))
""")

case("atk_while_cap_from_output", ["count", "lin"], ["--n0", "2"], {"n0": 2},
     "study: a loop whose number of rounds is read from the first run's output (y // "
     "10 rounds), each round a lin run", """
def populate_arg_parser(parser):
    parser.add_argument("--n0", type=int, default=2)


async def main(workflow, **params):
    first = await workflow.count.createTask(n=params["n0"])
    rounds = first[0][0].y // 10
    done = 0
    while done < rounds:
        await workflow.lin.createTask(x=float(done))
        done += 1
    await workflow.count.createTask(n=done + 100)
""", segments=1)

case("atk_zip_star_transpose", ["mesh", "lin", "label"], ["--hs", "0.5", "0.25"],
     {"hs": [0.5, 0.25]},
     "study: (h, u) pairs of a refinement transposed with zip(*pairs) into two tuples, "
     "the largest u followed, the h tuple shown", """
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    hs, us = zip(*[(job.h, run.u) for run, job in runs])
    await workflow.lin.createTask(x=max(us))
    await workflow.label.createTask(name=str(hs))
""", partial=True)

case("atk_zip_loop_then_len", ["sq", "lin", "count"], ["--xs", "1", "2", "--ws", "1", "3"],
     {"xs": [1.0, 2.0], "ws": [1.0, 3.0]},
     "study: a zip of runs and weights looped over once, then given to len() (a "
     "TypeError natively: a zip has no len)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ws", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pairs = zip(runs, params["ws"])
    for (run, job), w in pairs:
        await workflow.lin.createTask(x=run.y * w)
    await workflow.count.createTask(n=len(pairs))
""", raises="TypeError: object of type 'zip' has no len()", partial=True)

case("atk_pairwise_twice", ["mesh", "lin", "count"], ["--hs", "0.5", "0.25", "0.125"],
     {"hs": [0.5, 0.25, 0.125]},
     "study: successive levels of a refinement by itertools.pairwise kept in a "
     "variable, their differences summed, then the same pairs counted (spent: 0)", """
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = [run.u for run, job in runs]
    steps = itertools.pairwise(us)
    total = sum(abs(a - b) for a, b in steps)
    await workflow.lin.createTask(x=total)
    await workflow.count.createTask(n=sum(1 for _ in steps))
""", partial=True)

case("atk_reversed_twice", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "study: the outputs in reverse (reversed() kept in a variable), the newest "
     "followed, then the same reversed iterator listed (spent: empty)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    newest_first = reversed([run.y for run, job in runs])
    top = max(newest_first)
    await workflow.lin.createTask(x=top)
    await workflow.count.createTask(n=len(list(newest_first)))
""", partial=True)

case("atk_results_file_roundtrip", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "study: the outputs written to a JSON results file by main, read back for the "
     "next step (the file holds what the runs gave)", """
import json
import os


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results.json")
    with open(path, "w") as f:
        json.dump({"ys": [run.y for run, job in runs]}, f)
    with open(path) as f:
        saved = json.load(f)
    await workflow.lin.createTask(x=saved["ys"][-1])
""", writes=["results.json"])

# ---------------------------------------------------------------- run-time blocks of
# library calls (heapq, functools.reduce, bisect) and numpy array methods, and the
# orchestrators that would break them

HS = """\
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
"""

case("rtlib_nsmallest_key_reads_changed_later", ["mesh", "lin"],
     ["--hs", "0.5", "0.25", "0.125"], {"hs": [0.5, 0.25, 0.125]},
     "heapq.nsmallest of outputs with a key lambda reading a variable of main that main "
     "rebinds after the call: the key saw the value of the time of the call",
     "import heapq\n\n\n" + HS + """

async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    goal = 1.01
    us = [run.u for run, job in runs]
    best = heapq.nsmallest(2, us, key=lambda u: abs(u - goal))
    goal = 5.0
    await workflow.lin.createTask(x=best)
    await workflow.lin.createTask(x=goal)
""")

case("rtlib_nlargest_row_changed_through_result", ["mesh", "lin"],
     ["--hs", "0.5", "0.25"], {"hs": [0.5, 0.25]},
     "heapq.nlargest of [u, h] rows, then main changes the best row through the result: "
     "natively the row of rows changes too", "import heapq\n\n\n" + HS + """

async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    rows = [[run.u, job.h] for run, job in runs]
    best = heapq.nlargest(1, rows, key=lambda r: r[0])
    best[0][0] = 0.5
    await workflow.lin.createTask(x=[r[0] for r in rows])
""", partial=True)

case("rtlib_nsmallest_named_helper_returns_input", ["mesh", "lin"],
     ["--hs", "0.5", "0.25"], {"hs": [0.5, 0.25]},
     "a helper of the workflow named nsmallest that returns the list it is given (not "
     "heapq's): what main appends to the result is in the list", HS + """

def nsmallest(k, xs, key=None):
    return xs if k else []


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = [run.u for run, job in runs]
    best = nsmallest(2, us, key=lambda u: -u)
    best.append(0.25)
    await workflow.lin.createTask(x=us)
""")

case("rtlib_nsmallest_list_appended_after", ["mesh", "lin", "count"],
     ["--hs", "0.5", "0.25", "0.125"], {"hs": [0.5, 0.25, 0.125]},
     "heapq.nsmallest of a list of outputs, then main appends to that list: the result "
     "is a new list natively, which the change does not reach",
     "import heapq\n\n\n" + HS + """

async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = [run.u for run, job in runs]
    best = heapq.nsmallest(2, us, key=lambda u: u - params["hs"][0])
    us.append(0.0)
    await workflow.lin.createTask(x=best)
    await workflow.count.createTask(n=len(us))
""")

case("rtlib_reduce_accumulate_bisect", ["mesh", "lin"],
     ["--hs", "0.5", "0.25", "0.125"], {"hs": [0.5, 0.25, 0.125], "scale": 2.0},
     "functools.reduce with a lambda reading a param, itertools.accumulate into a list, "
     "bisect on it, of outputs", """
import bisect
import functools
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=2.0)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    scale = params["scale"]
    us = sorted(run.u for run, job in runs)
    total = functools.reduce(lambda a, b: a + b * scale, us, 0.0)
    cum = list(itertools.accumulate(us))
    i = bisect.bisect_left(cum, total / 4)
    await workflow.lin.createTask(x=[total, cum[-1], float(i)])
""", partial=True)

REPLICA = """\
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)
"""

case("rtlib_numpy_sort_in_loop", ["replica", "lin"],
     ["--xs", "1", "2", "--nrep", "3"], {"xs": [1.0, 2.0], "nrep": 3},
     "replicas grouped per x, each group's numpy array sorted in place (a method that "
     "changes it) for its range, then a lin of the ranges", REPLICA + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=list(range(params["nrep"])))
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    spans = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        arr.sort()
        spans[x] = float(arr[-1] - arr[0])
    await workflow.lin.createTask(x=[spans[x] for x in sorted(spans)])
""")

case("rtlib_numpy_mean_kept_as_numpy", ["replica", "lin", "label"],
     ["--xs", "1", "2", "--nrep", "2"], {"xs": [1.0, 2.0], "nrep": 2},
     "replicas grouped per x, numpy mean and std kept as numpy floats in a dict, the "
     "dict printed into a label (numpy's repr of its floats) and its means run", REPLICA + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=list(range(params["nrep"])))
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x] = (arr.mean(), arr.std())
    await workflow.lin.createTask(x=[stats[x][0] for x in sorted(stats)])
    await workflow.label.createTask(name=str(stats))
""")

case("rtlib_numpy_mean_raises", ["replica", "lin"],
     ["--xs", "1", "2", "--nrep", "2"], {"xs": [1.0, 2.0], "nrep": 2},
     "replicas grouped per x, a ratio over the spread of each group that divides by "
     "zero for a group of one replica: main raises inside the loop", REPLICA + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=list(range(params["nrep"])))
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    ratios = {}
    for x, ys in groups.items():
        arr = np.array(ys[:1])
        ratios[x] = float(arr.mean()) / (float(arr.max()) - float(arr.min()))
    await workflow.lin.createTask(x=[ratios[x] for x in sorted(ratios)])
""", raises="ZeroDivisionError: float division by zero")

case("rtlib_numpy_array_rebound_to_list", ["replica", "lin"],
     ["--xs", "1", "2", "--nrep", "2"], {"xs": [1.0, 2.0], "nrep": 2},
     "replicas grouped per x; a variable bound to a numpy array, then to the group's "
     "own list, whose .sort() changes the group main reads after", REPLICA + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=list(range(params["nrep"])))
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(-run.y)
    means = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        means[x] = float(arr.mean())
        arr = ys
        arr.sort()
    await workflow.lin.createTask(x=[groups[x][0] for x in sorted(groups)])
""", partial=True)

case("rtlib_filtered_rows_changed_through_result", ["mesh", "lin"],
     ["--hs", "0.5", "0.25", "0.125"], {"hs": [0.5, 0.25, 0.125]},
     "[u, h] rows appended in a loop, the rows above a threshold picked by a filtered "
     "comprehension, then main changes a picked row: natively the row of rows changes",
     HS + """

async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    rows = []
    for run, job in runs:
        rows.append([run.u, job.h])
    kept = [r for r in rows if r[0] > 1.01]
    kept[0][0] = 0.5
    await workflow.lin.createTask(x=[r[0] for r in rows])
""", partial=True)

case("rtlib_filter_on_orders_then_appended", ["mesh", "lin", "count"],
     ["--hs", "0.5", "0.25", "0.125"], {"hs": [0.5, 0.25, 0.125]},
     "ratios appended in a loop over pairs of runs, a filtered zip of runs and ratios "
     "after the loop, then main appends to the ratios and counts them", HS + """

async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = [run.u for run, job in runs]
    ratios = []
    for a, b in zip(us, us[1:]):
        ratios.append((a - 1.0) / (b - 1.0))
    kept = [u for u, q in zip(us[1:], ratios) if q > 3.5]
    ratios.append(0.0)
    await workflow.lin.createTask(x=kept)
    await workflow.count.createTask(n=len(ratios))
""", partial=True)

case("rtlib_numpy_method_writes_positional_out", ["replica", "lin"],
     ["--xs", "1", "2", "--nrep", "2"], {"xs": [1.0, 2.0], "nrep": 2},
     "replicas grouped per x; each group's numpy sum written into an array main made "
     "before, given as the method's third positional argument (its out): main reads "
     "the array after", REPLICA + """

async def main(workflow, **params):
    total = np.zeros(())
    runs = await workflow.replica.createTask(x=params["xs"], seed=list(range(params["nrep"])))
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    means = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        means[x] = float(arr.mean())
        arr.sum(None, None, total)
    await workflow.lin.createTask(x=[float(total)] + [means[x] for x in sorted(means)])
""", partial=True)

case("rtlib_try_fmean_of_a_filtered_list", ["mesh", "lin"],
     ["--hs", "0.5", "0.25"], {"hs": [0.5, 0.25], "cut": 1.2},
     "outputs above a cut appended in a loop (none are), statistics.fmean of them in a "
     "try whose except catches the StatisticsError of an empty list, then a lin of the "
     "mean or the fallback value", """
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=1.2)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    high = []
    for run, job in runs:
        high.append(run.u)
    high = [u for u in high if u > params["cut"]]
    try:
        m = statistics.fmean(high)
    except statistics.StatisticsError:
        m = -1.0
    await workflow.lin.createTask(x=[m, float(len(high))])
""")

case("rtlib_try_fmean_of_a_collected_list", ["mesh", "lin"],
     ["--hs", "0.5", "0.25"], {"hs": [0.5, 0.25], "skip": 2},
     "outputs appended in a loop, statistics.fmean of the ones after the first skip in "
     "a try whose except catches the StatisticsError of an empty list (all skipped), "
     "then a lin of the mean or the fallback value", """
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--skip", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = []
    for run, job in runs:
        us.append(run.u)
    try:
        m = statistics.fmean(us[params["skip"]:])
    except statistics.StatisticsError:
        m = -1.0
    await workflow.lin.createTask(x=[m, float(len(us))])
""")

case("nest_gathered_third_run", ["lin", "sq", "total", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "the third run of each gathered routine's batch of two (main raises IndexError; two "
     "items ask the same runs)", NEST_HEAD + '''\
    third = [batch[2][0].y for batch in batches]
    await workflow.total.createTask(sq_ids=[int(y) for y in third])
''', raises="IndexError: list index out of range")

# A dict a block of main's statements fills with tuples of conversions (stats[x] =
# (float(...), ...), from groups of outputs): an item of one of its tuples is a number.
# Each attack makes some item a tuple, compared with an item of zip (natively
# (2.0, 1.0) == (2.0, 1.0); in the DAG zip's item is a list), in a way the reading of the
# block's statements must see: else the comparison is not rebuilt and the label differs.
TUP_BLOCK_HEAD = """
import builtins
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=builtins.float, nargs="+", required=True)


"""
TUP_BLOCK_GROUPS = """
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
"""
TUP_BLOCK_TAIL = """
    for run, job in runs:
        for pair in zip([job.x], [1.0]):
            same = stats[job.x + 0.5][0] == pair
            await workflow.label.createTask(name=f"{job.x} {same}")
"""


def tup_block_case(name: str, idiom: str, fill: str, head: str = TUP_BLOCK_HEAD,
                   tail: str = TUP_BLOCK_TAIL, partial: bool = True) -> None:
    case(name, ["sq", "label"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]}, idiom,
         head + "async def main(workflow, **params):" + TUP_BLOCK_GROUPS
         + textwrap.indent(textwrap.dedent(fill), "    ") + tail, partial=partial)


tup_block_case(
    "atk_tup_block_scalar_pairs",
    "study: outputs grouped per x, a block's dict of (sum, x) pairs of conversions; an "
    "item of a pair added to x, compared with a tuple and shown per run", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x] = (float(arr.sum()), float(x) / 2)
    """, tail="""
    for run, job in runs:
        same = stats[job.x][1] == (job.x, 1.0)
        await workflow.label.createTask(name=f"{job.x + stats[job.x][1]} {same}")
""", partial=False)

tup_block_case(
    "atk_tup_block_dict_alias",
    "study: outputs grouped per x, a block's dict of pairs of conversions, also filled "
    "through a second name with a pair holding a tuple, whose item is compared with a "
    "tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        alias = stats
        stats[x] = (float(arr.sum()), 1.0)
        alias[x + 0.5] = ((x, 1.0), 2.0)
    """)

tup_block_case(
    "atk_tup_block_item_not_scalar",
    "study: outputs grouped per x, a block's dict of pairs whose first item is a tuple "
    "of x, compared with a tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x + 0.5] = ((x, 1.0), float(arr.sum()))
    """)

tup_block_case(
    "atk_tup_block_starred_pair",
    "study: outputs grouped per x, a block's dict of tuples unpacked from a list of "
    "pairs (a star in the display), whose first item is compared with a tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x + 0.5] = (*[(x, 1.0)], float(arr.sum()))
    """)

tup_block_case(
    "atk_tup_block_shadowed_float",
    "study: the module defines its own float() giving a pair; outputs grouped per x, a "
    "block's dict of tuples of it, an item compared with a tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x + 0.5] = (float(x), 1.0 + 0 * len(arr))
    """, head=TUP_BLOCK_HEAD + "def float(v):  # noqa: A001\n    return (v + 0.0, 1.0)\n\n\n")

tup_block_case(
    "atk_tup_block_one_path_tuple",
    "study: outputs grouped per x, a block's dict whose value is a pair of numbers for "
    "small outputs and a pair holding a tuple for large ones (a conditional "
    "expression), compared with a tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x + 0.5] = (float(x), 1.0) if arr.sum() < 2 else ((x, 1.0), 2.0)
    """)

tup_block_case(
    "atk_tup_block_setdefault",
    "study: outputs grouped per x, a block's dict of pairs of conversions, one more "
    "value put by setdefault holding a tuple, compared with a tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x] = (float(arr.sum()), 1.0)
        stats.setdefault(x + 0.5, ((x, 1.0), 2.0))
    """)

tup_block_case(
    "atk_tup_block_item_set_after",
    "study: outputs grouped per x, a block's dict of 1-tuples of conversions, then the "
    "value extended with a tuple by an augmented assignment and reversed",
    """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x + 0.5] = (float(arr.sum()),)
        stats[x + 0.5] += ((x, 1.0),)
        stats[x + 0.5] = stats[x + 0.5][::-1]
    """)

tup_block_case(
    "atk_tup_block_loop_target",
    "study: outputs grouped per x, a block's dict of pairs of conversions, one more "
    "value bound as the target of an inner for loop, compared with a tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x] = (float(arr.sum()), 1.0)
        for stats[x + 0.5] in [((x, 1.0), 2.0)]:  # noqa: B020
            pass
    """)

tup_block_case(
    "atk_tup_block_dict_set_by_main",
    "study: outputs grouped per x, a block's dict of pairs of conversions, to which "
    "main then adds pairs holding a tuple itself, compared with a tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x] = (float(arr.sum()), 1.0)
    stats[1.5] = ((1.0, 1.0), 2.0)
    stats[2.5] = ((2.0, 1.0), 2.0)
    """)

tup_block_case(
    "atk_tup_block_lambda_puts",
    "study: outputs grouped per x, a block's dict of pairs of conversions, a value put "
    "through a lambda given the dict (its parameter of the same name), compared with a "
    "tuple", """
    stats = {}
    for x, ys in groups.items():
        arr = np.array(ys)
        put = lambda stats, k: stats.update({k: ((k - 0.5, 1.0), 2.0)})  # noqa: E731
        stats[x] = (float(arr.sum()), 1.0)
        put(stats, x + 0.5)
    """)

tup_block_case(
    "atk_tup_block_dict_of_main",
    "study: a dict main starts with a pair holding a tuple, then a block fills it from "
    "grouped outputs with pairs of conversions; an item compared with a tuple", """
    stats = {1.5: ((1.0, 1.0), 2.0), 2.5: ((2.0, 1.0), 2.0)}
    for x, ys in groups.items():
        arr = np.array(ys)
        stats[x] = (float(arr.sum()), 1.0)
    """)

# ---- loops over runs collecting records, given to a block (run at run time) -----------

case("atk_loop_records_nsmallest_ties", ["sq", "lin"], ["--xs", "-2", "1", "2", "-1", "3"],
     {"xs": [-2.0, 1.0, 2.0, -1.0, 3.0], "k": 3},
     "namedtuples built from runs in a comprehension, heapq.nsmallest with a key that ties "
     "(x and -x give the same y): which of the tied points are kept, and their order, is "
     "nsmallest's", '''
import heapq
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    goal = 0.0
    best = heapq.nsmallest(params["k"], points, key=lambda p: abs(p.y - goal))
    await workflow.lin.createTask(x=[p.x for p in best])
''')

case("atk_loop_records_list_changed_after", ["sq", "lin", "count"],
     ["--xs", "3", "1", "2"], {"xs": [3.0, 1.0, 2.0]},
     "namedtuples from runs, the smallest by min(key=) at run time, then main appends a "
     "record of its own to the same list and takes the smallest again (the second must "
     "see the appended record)", '''
import collections

Point = collections.namedtuple("Point", "x y")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    first = min(points, key=lambda p: p.y)
    points.append(Point(0.5, 0.25))
    second = min(points, key=lambda p: p.y)
    await workflow.lin.createTask(x=[first.x, second.x])
    await workflow.count.createTask(n=len(points))
''', partial=True)

case("atk_loop_records_dataclass_mutated", ["sq", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "dataclass records (not frozen) from runs, sorted at run time, then main changes a "
     "field of the first sorted record and reads the records again", '''
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    ranked = sorted(points, key=lambda p: p.y)
    ranked[0].y = 100.0
    again = sorted(points, key=lambda p: p.y)
    await workflow.lin.createTask(x=[p.x for p in again])
''', partial=True)

case("atk_loop_records_field_list", ["sq", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "namedtuples from runs holding a list field, the smallest at run time, then main "
     "appends to the list of the chosen record", '''
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    ys: list


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, [run.y]) for run, job in runs]
    best = min(points, key=lambda p: p.ys[0])
    best.ys.append(-1.0)
    await workflow.lin.createTask(x=[min(p.ys) for p in points])
''', partial=True)

case("atk_loop_records_filtered", ["sq", "lin"], ["--xs", "3", "1", "2", "0.5"],
     {"xs": [3.0, 1.0, 2.0, 0.5]},
     "namedtuples from runs kept by a condition on an output in the comprehension, the "
     "two largest by heapq.nlargest at run time", '''
import heapq
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs if run.y > 0.5]
    top = heapq.nlargest(2, points, key=lambda p: p.y)
    await workflow.lin.createTask(x=[p.x for p in top])
''', segments=1)

case("atk_loop_records_appended_in_loop", ["sq", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "namedtuples appended in a for loop over runs that also awaits a createTask per "
     "item, then the smallest at run time", '''
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = []
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
        points.append(Point(job.x, run.y))
    goal = 1.5
    best = min(points, key=lambda p: (abs(p.y - goal), p.x))
    await workflow.lin.createTask(x=best.x + 10.0)
''')

# ---- loops over runs filling a module-level list (a block binds the module's name) ---

LABELS = ["--names", "rod", "beam", "plate", "ROD", "bar"]
LABEL_PARAMS = {"names": ["rod", "beam", "plate", "ROD", "bar"]}

case("atk_loop_global_dedup_outputs", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs only with outputs not in it yet "
     "(rod and ROD give the same text), its length read after", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        if run.text not in SEEN:
            SEEN.append(run.text)
    await workflow.count.createTask(n=len(SEEN))
''')

case("atk_loop_global_appended_before", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list main appends a constant to, then fills in a loop over runs, "
     "then reads its length and membership", '''
SEEN = ["start"]
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    SEEN.append("head")
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    await workflow.count.createTask(n=len(SEEN) + ("ROD" in SEEN))
''', partial=True)

case("atk_loop_global_read_by_helper", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs, its length read by a helper "
     "function of the module", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


def seen_count():
    return len(SEEN)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    await workflow.count.createTask(n=seen_count())
''')

case("atk_loop_global_two_loops", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled by two loops over the runs of two studies, its length"
     " read after each", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    first = len(SEEN)
    squares = await workflow.sq.createTask(x=[float(first), 2.0])
    for run, job in squares:
        SEEN.append(run.y)
    await workflow.count.createTask(n=[first, len(SEEN)])
''')

case("atk_loop_global_alias", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list main names again before a loop over runs fills it; the other"
     " name's length is read after", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    seen = SEEN
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    await workflow.count.createTask(n=len(seen))
''')

case("atk_loop_global_awaiting_loop", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs that also awaits a createTask per item", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        await workflow.sq.createTask(x=float(run.y))
        SEEN.append(run.text)
    await workflow.count.createTask(n=len(SEEN))
''')

case("atk_loop_global_break", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs left by a break on an output", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
        if run.y > 4:
            break
    await workflow.count.createTask(n=len(SEEN))
''')

case("atk_loop_global_routine", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs by a routine main gathers twice, "
     "its length read by main after", '''
import asyncio

SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def fill(workflow, names):
    runs = await workflow.label.createTask(name=names)
    for run, job in runs:
        SEEN.append(run.text)


async def main(workflow, **params):
    names = params["names"]
    await workflow.sq.createTask(x=float(len(names)))
    await asyncio.gather(fill(workflow, names[:2]), fill(workflow, names[2:]))
    await workflow.count.createTask(n=len(SEEN))
''', partial=True)

case("atk_loop_global_iterated_after", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs, then main loops over it making a"
     " count run per entry", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    for text in SEEN:
        await workflow.count.createTask(n=len(text))
''')

case("atk_loop_global_nested_two_results", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in nested loops over the runs of two awaited "
     "createTasks, with a test on both outputs", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    squares = await workflow.sq.createTask(x=[2.0, 3.0])
    for run, job in labels:
        for sq, k in squares:
            if sq.y > run.y:
                SEEN.append(run.text + str(k.x))
    await workflow.count.createTask(n=len(SEEN))
''')

case("atk_loop_global_sorted_after", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs, sorted in place by main after it"
     " (a change outside the block)", '''
SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    SEEN.sort()
    await workflow.count.createTask(n=len(SEEN[0]))
''', partial=True)

case("atk_loop_global_read_by_segment", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled in a loop over runs, then read by a loop that awaits a "
     "count run per step and leaves on an output (a loop run natively as one task)", '''
SEEN = []


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        if run.text not in SEEN:
            SEEN.append(run.text)
    for k in range(3):
        counted = await workflow.count.createTask(n=len(SEEN) + k)
        if counted[0][0].y > 45:
            break
    await workflow.sq.createTask(x=float(k))
''')

case("atk_loop_global_read_by_segment_param", ["label", "count", "sq"],
     LABELS + ["--maxit", "3"], {**LABEL_PARAMS, "maxit": 3},
     "a module-level list filled in a loop over runs, then read by a loop over a range of "
     "a param that awaits a count run per step and leaves on an output", '''
SEEN = []


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)
    parser.add_argument("--maxit", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        if run.text not in SEEN:
            SEEN.append(run.text)
    k = 0
    for k in range(params["maxit"]):
        counted = await workflow.count.createTask(n=len(SEEN) + k)
        if counted[0][0].y > 45:
            break
    await workflow.sq.createTask(x=float(k))
''')

case("atk_loop_global_holds_mains_list", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list a loop over runs fills with a list of main's, which main "
     "changes after the loop; max() of the module list read after", '''
SEEN = []


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    extra = [1]
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        if run.y > 3:
            SEEN.append(extra)
        else:
            SEEN.append([run.y])
    extra.append(100)
    await workflow.count.createTask(n=len(max(SEEN)))
''', partial=True)

case("atk_loop_global_in_unrolled_loop", ["label", "count", "sq"], LABELS, LABEL_PARAMS,
     "a module-level list filled by a loop over runs inside a loop over two constants "
     "(the second pass appends to what the first made)", '''
SEEN = []


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for factor in (1, 2):
        for run, job in runs:
            if run.y * factor > 4 and run.text not in SEEN:
                SEEN.append(run.text)
    await workflow.count.createTask(n=len(SEEN))
''')

case("atk_def_in_loop_read_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a function defined in a loop over runs, closing over the loop's item, called "
     "after the loop (it reads the last item)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        def last():
            return run.y
    await workflow.lin.createTask(x=last())
""", partial=True)

case("atk_def_in_loop_over_params_read_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a function defined in a loop over a param's list, closing over the loop's item, "
     "called after the loop on a run output", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        def shifted(y):
            return y + x
    runs = await workflow.sq.createTask(x=params["xs"][0])
    await workflow.lin.createTask(x=shifted(runs[0][0].y))
""")

case("atk_class_in_loop_read_after", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a class defined in a loop over runs, its attribute the loop's item's output, "
     "read after the loop", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        class Last:
            y = run.y
    await workflow.lin.createTask(x=Last.y)
""", partial=True)

# ---- a value that may raise in routines run concurrently (asyncio.gather, create_task):
# natively every routine makes the steps it makes before waiting; a step after a wait
# depends on when runs finish

RECIP = """
async def recip(workflow, x):
    (run, _), = await workflow.lin.createTask(x=x)
    return 1.0 / (run.y - 3.0)
"""

case("gather_raise_first_of_two", ["lin", "label"], [], {},
     "two routines gathered, each a step then a division by an output: the first "
     "raises (lin x=1 gives y=3); the other's step is made natively, the label is not",
     "import asyncio\n\n\ndef populate_arg_parser(parser):\n    pass\n\n" + RECIP + """

async def main(workflow, **params):
    a, b = await asyncio.gather(recip(workflow, 1.0), recip(workflow, 2.0))
    await workflow.label.createTask(name=f"{a:.3f} {b:.3f}")
""", raises="ZeroDivisionError: float division by zero")

case("gather_raise_last_of_three", ["lin"], [], {},
     "three routines gathered, each a step then a division by an output: the last one "
     "raises, and nothing comes after the gather",
     "import asyncio\n\n\ndef populate_arg_parser(parser):\n    pass\n\n" + RECIP + """

async def main(workflow, **params):
    await asyncio.gather(recip(workflow, 2.0), recip(workflow, 4.0), recip(workflow, 1.0))
""", raises="ZeroDivisionError: float division by zero")

case("gather_raise_nested", ["lin", "label"], [], {},
     "gathers of gathers of routines, each a step then a division by an output: the "
     "first innermost routine raises",
     "import asyncio\n\n\ndef populate_arg_parser(parser):\n    pass\n\n" + RECIP + """

async def pair(workflow, a, b):
    return await asyncio.gather(recip(workflow, a), recip(workflow, b))


async def main(workflow, **params):
    results = await asyncio.gather(pair(workflow, 1.0, 2.0), pair(workflow, 4.0, 5.0))
    await workflow.label.createTask(name=str(results))
""", raises="ZeroDivisionError: float division by zero")

case("gather_raise_before_gather", ["lin", "sq"], [], {},
     "a division by an output no step reads, then routines gathered that make steps: "
     "natively none of them is made",
     "import asyncio\n\n\ndef populate_arg_parser(parser):\n    pass\n\n" + """
async def square(workflow, x):
    await workflow.sq.createTask(x=x)


async def main(workflow, **params):
    (run, _), = await workflow.lin.createTask(x=1.0)
    ratio = 1.0 / (run.y - 3.0)
    await asyncio.gather(square(workflow, 1.0), square(workflow, 2.0))
    await workflow.sq.createTask(x=ratio)
""", raises="ZeroDivisionError: float division by zero")

case("gather_raise_create_task_in_order", ["lin", "sq"], [], {},
     "create_task of two routines, each a step then a division by an output, awaited in "
     "order: the first raises",
     "import asyncio\n\n\ndef populate_arg_parser(parser):\n    pass\n\n" + RECIP + """

async def main(workflow, **params):
    await workflow.sq.createTask(x=2.0)
    first = asyncio.create_task(recip(workflow, 1.0))
    second = asyncio.create_task(recip(workflow, 2.0))
    await first
    await second
""", raises="ZeroDivisionError: float division by zero")

BEST = """
async def best(workflow, x):
    runs = await workflow.gap.createTask(x=[1.0, x])
    return max(run.y for run, _ in runs)
"""

case("gather_raise_per_item_first", ["gap", "label"], ["--xs", "11", "5"],
     {"xs": [11.0, 5.0]},
     "a routine gathered per item of a param's list: a step, then max() of its outputs, "
     "which raises for the first item only (an output is None)",
     "import asyncio\n\n\n" + XS + "\n" + BEST + """

async def main(workflow, **params):
    tops = await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
    await workflow.label.createTask(name=" ".join(f"{t:.2f}" for t in tops))
""", raises="TypeError: '>' not supported between instances of 'NoneType' and 'float'")

case("gather_raise_per_item_last", ["gap"], ["--xs", "4", "5", "12"],
     {"xs": [4.0, 5.0, 12.0]},
     "a routine gathered per item of a param's list: a step, then max() of its outputs, "
     "which raises for the last item only; nothing after the gather reads the results",
     "import asyncio\n\n\n" + XS + "\n" + BEST + """

async def main(workflow, **params):
    await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
""", raises="TypeError: '>' not supported between instances of 'NoneType' and 'float'")

case("gather_raise_per_item_none", ["gap", "label"], ["--xs", "4", "5"],
     {"xs": [4.0, 5.0]},
     "a routine gathered per item of a param's list: a step, then max() of its outputs, "
     "which raises for no item",
     "import asyncio\n\n\n" + XS + "\n" + BEST + """

async def main(workflow, **params):
    tops = await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
    await workflow.label.createTask(name=" ".join(f"{t:.2f}" for t in tops))
""")

case("gather_raise_per_item_step_after", ["gap", "lin"], ["--xs", "11", "12"],
     {"xs": [11.0, 12.0]},
     "a routine gathered per item: a step, max() of its outputs (raising for every "
     "item), then a step reading it: a step after the raise point is not compiled",
     "import asyncio\n\n\n" + XS + "\n" + BEST.replace("    return max", "    top = max").replace(
         "for run, _ in runs)\n", "for run, _ in runs)\n    await workflow.lin.createTask(x=top)\n")
     + """

async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    await asyncio.gather(*[best(workflow, x) for x in params["xs"]])
""", partial=True,
     raises="TypeError: '>' not supported between instances of 'NoneType' and 'float'")

# Records of the orchestrator's own classes in segments: a segment may make and read
# them, and passes them on as their class and fields; a change to one is refused.
SEG_REC_ARGS = '''\
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
'''

case("atk_seg_rec_factory_list_mutated", ["sq", "lin"], [], {"x0": 1.0},
     "a dataclass with a default_factory list, made before a while loop over outputs "
     "that appends to its list; its length read after", """
from dataclasses import dataclass, field


""" + SEG_REC_ARGS + """

@dataclass
class Acc:
    ys: list = field(default_factory=list)
    last: float = 0.0


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    acc = Acc()
    x = params["x0"]
    while not acc.ys or acc.ys[-1] < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        acc.ys.append(run.y)
        x += 1.0
    await workflow.lin.createTask(x=float(len(acc.ys)) + acc.ys[-1])
""", partial=True)

case("atk_seg_rec_factory_made_in_helper", ["sq", "lin"], [], {"x0": 1.0},
     "a kw_only dataclass with a default_factory list made by a helper in a while "
     "loop over outputs, its empty list and fields read after", """
from dataclasses import dataclass, field


""" + SEG_REC_ARGS + """

@dataclass(kw_only=True)
class Probe:
    x: float
    y: float
    notes: list = field(default_factory=list)


async def probe(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    return Probe(x=x, y=run.y)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    p = await probe(workflow, params["x0"])
    while p.y < 5.0:
        p = await probe(workflow, p.x + 1.0)
    await workflow.lin.createTask(x=p.y + len(p.notes) + len(repr(p)))
""", segments=1)

case("atk_seg_rec_aliases_read_after", ["sq", "lin"], [], {"x0": 1.0},
     "two variables holding one dataclass object made in a while loop over outputs, "
     "and a list holding it twice; compared and read after", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass
class Point:
    x: float
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    first = Point(0.0, 0.0)
    keep = first
    other = first
    x = params["x0"]
    pts = []
    while keep.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        keep = Point(x, run.y)
        other = keep
        pts = [keep, other]
        x += 1.0
    await workflow.lin.createTask(x=other.y + float(pts[0] == pts[1]) + first.y
                                  + float(keep == other))
""", segments=1)

case("atk_seg_rec_alias_mutated_in_loop", ["sq", "lin"], [], {"x0": 1.0},
     "p1 = p0 before a while loop over outputs that sets p0.h; p1.h read after",
     """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass
class Point:
    h: float
    f: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    p0 = Point(params["x0"], 0.0)
    p1 = p0
    while p0.f < 5.0:
        (run, job), = await workflow.sq.createTask(x=p0.h)
        p0.f = run.y
        p0.h = p0.h + 1.0
    await workflow.lin.createTask(x=p1.h + p1.f)
""", partial=True)

case("atk_seg_rec_frozen_dict_key", ["sq", "lin"], [], {"x0": 1.0},
     "a frozen dataclass made in a while loop over outputs, used as a dict key in the "
     "loop and after it", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass(frozen=True)
class Key:
    x: float
    big: bool


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    seen = {}
    x = params["x0"]
    key = Key(x, False)
    while not key.big:
        (run, job), = await workflow.sq.createTask(x=x)
        key = Key(x, run.y > 5.0)
        seen[key] = run.y
        x += 1.0
    table = {key: 1.0}
    await workflow.lin.createTask(x=seen[key] + table[Key(key.x, True)] + len(seen))
""", partial=True, segments=1)

case("atk_seg_rec_frozen_keys_passed_on", ["sq", "lin"], [], {"x0": 1.0},
     "a dict keyed by frozen dataclass objects filled in a while loop over outputs, "
     "its values summed after", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass(frozen=True)
class Key:
    x: float
    n: int


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    seen = {}
    x = params["x0"]
    y = 0.0
    while y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        y = run.y
        seen[Key(x, len(seen))] = y
        x += 1.0
    await workflow.lin.createTask(x=sum(seen.values()) + len(seen))
""", segments=1)

case("atk_seg_rec_namedtuple_vs_tuple", ["sq", "lin"], [], {"x0": 1.0},
     "a NamedTuple made in a while loop over outputs, compared with a tuple and a list "
     "and indexed after", """
from typing import NamedTuple


""" + SEG_REC_ARGS + """

class Pt(NamedTuple):
    x: float
    y: float
    tag: str = "p"


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    last = Pt(x, 0.0)
    while last.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        last = Pt(x, run.y)
        x += 1.0
    same = last == (3.0, 9.0, "p")
    listed = last == [3.0, 9.0, "p"]
    await workflow.lin.createTask(x=float(same) + 2.0 * float(listed) + float(last[1])
                                  + len(str(last)) + float(last.x == 3.0))
""", segments=1)

case("atk_seg_rec_post_init_global", ["sq", "lin"], [], {"x0": 1.0},
     "a dataclass whose __post_init__ appends to a module list, made in a while loop "
     "over outputs; the list's length read after", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

MADE = []


@dataclass
class Point:
    x: float
    y: float

    def __post_init__(self):
        MADE.append(self.x)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    p = Point(x, 0.0)
    while p.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        p = Point(x, run.y)
        x += 1.0
    await workflow.lin.createTask(x=p.y + len(MADE))
""", partial=True)

case("atk_seg_rec_class_list_attribute", ["sq", "lin"], [], {"x0": 1.0},
     "a dataclass with a class-level list appended to through the class in a while "
     "loop over outputs; its length read after", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass
class Point:
    x: float
    y: float
    seen = []


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    p = Point(x, 0.0)
    while p.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        p = Point(x, run.y)
        Point.seen.append(p.y)
        x += 1.0
    await workflow.lin.createTask(x=p.y + len(Point.seen))
""", partial=True)

case("atk_seg_rec_replace_asdict_after", ["sq", "lin"], [], {"x0": 1.0},
     "a dataclass passed on by a while loop over outputs, given to dataclasses.replace "
     "and asdict after", """
import dataclasses


""" + SEG_REC_ARGS + """

@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    p = Point(x, 0.0)
    while p.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        p = Point(x, run.y)
        x += 1.0
    q = dataclasses.replace(p, x=10.0)
    d = dataclasses.asdict(q)
    await workflow.lin.createTask(x=d["x"] + d["y"] + float(hash(p) == hash(Point(3.0, 9.0))))
""", partial=True, segments=1)

case("atk_seg_rec_list_mapped_after", ["sq", "lin"], [], {"x0": 1.0},
     "a list of dataclass objects built in a while loop over outputs, a step mapped "
     "over it after", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass
class Point:
    x: float
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    pts = []
    y = 0.0
    while y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        y = run.y
        pts.append(Point(x, y))
        x += 1.0
    for p in pts:
        await workflow.lin.createTask(x=p.y)
""", partial=True, segments=1)

case("atk_seg_rec_holds_input_list", ["sq", "lin"], [], {"x0": 1.0},
     "a dataclass made in a while loop over outputs holding a list made before it, "
     "which main appends to after the loop; the record's list read after", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass
class Acc:
    ys: list
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    xs = [1.0]
    acc = Acc(xs, 0.0)
    x = params["x0"]
    while acc.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        acc = Acc(xs, run.y)
        x += 1.0
    xs.append(2.0)
    await workflow.lin.createTask(x=float(len(acc.ys)) + acc.y)
""", partial=True)

case("atk_seg_rec_namedtuple_tuple_field", ["sq", "lin"], [], {"x0": 1.0},
     "a NamedTuple with a tuple field and a nested record made in a while loop over "
     "outputs; the field compared with a tuple and printed after", """
from typing import NamedTuple


""" + SEG_REC_ARGS + """

class Pair(NamedTuple):
    a: float
    b: int


class Pt(NamedTuple):
    xy: tuple
    inner: Pair
    n: int = 0


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    last = Pt((x, 0.0), Pair(0.0, 0))
    while last.xy[1] < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        last = Pt((x, run.y), Pair(run.y, 1), last.n + 1)
        x += 1.0
    same = last.xy == (3.0, 9.0)
    await workflow.lin.createTask(x=float(same) + float(len(repr(last)))
                                  + float(last.inner == (9.0, 1)) + float(last.n))
""", partial=True, segments=1)

case("atk_seg_rec_helper_changes_argument", ["sq", "lin"], [], {"x0": 1.0},
     "a helper setting a field of the dataclass it is given, called in a while loop over "
     "outputs on a record main holds twice", """
from dataclasses import dataclass


""" + SEG_REC_ARGS + """

@dataclass
class State:
    x: float
    y: float


def advance(state, y):
    state.y = y
    state.x = state.x + 1.0
    return state


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    start = State(params["x0"], 0.0)
    s = start
    while s.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=s.x)
        s = advance(s, run.y)
    await workflow.lin.createTask(x=start.x + start.y)
""", partial=True)

case("atk_seg_rec_tuple_field_as_list_param", ["sq", "lin"], [], {"x0": 1.0},
     "a NamedTuple with a tuple field made in a while loop over outputs; list() of the "
     "field swept by a step after", """
from typing import NamedTuple


""" + SEG_REC_ARGS + """

class Pt(NamedTuple):
    xy: tuple
    n: int = 0


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    last = Pt((x, 0.0))
    while last.xy[1] < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        last = Pt((x, run.y), last.n + 1)
        x += 1.0
    await workflow.lin.createTask(x=list(last.xy))
""", partial=True, segments=1)

case("atk_seg_dict_attribute_after", ["sq", "lin"], [], {"x0": 1.0},
     "a dict passed on by a while loop over outputs, read as an attribute after (main "
     "fails: a dict has no attributes)", """
def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    d = {"y": 0.0}
    while d["y"] < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        d = {"y": run.y}
        x += 1.0
    await workflow.lin.createTask(x=float(d.y))
""", segments=1, raises="AttributeError: 'dict' object has no attribute 'y'")

# ---- annotations are the orchestrator's own: a class variable of a dataclass

CLASSVAR_MAIN = """

@dataclass
class Point:
    seen: ClassVar[list] = []
    h: float = 0.0


async def main(workflow, **params):
    p = Point(params["x0"])
    Point.seen.append(p.h * 2.0)
    runs = await workflow.sq.createTask(x=[p.h])
    await workflow.lin.createTask(x=[r.y for r, j in runs] + Point.seen)
"""

case("atk_dataclass_classvar_list", ["sq", "lin"], [], {"x0": 1.0},
     "a dataclass with a ClassVar list (a class variable, not a field) appended to "
     "before the steps; tracing once made it a field and refused the module",
     "from dataclasses import dataclass\nfrom typing import ClassVar\n\n\n"
     + SEG_REC_ARGS + CLASSVAR_MAIN)

case("atk_dataclass_classvar_future_annotations", ["sq", "lin"], [], {"x0": 1.0},
     "the same under `from __future__ import annotations`: the dataclass reads the "
     "annotation's text, which must be the source's",
     "from __future__ import annotations\n\nfrom dataclasses import dataclass\n"
     "from typing import ClassVar\n\n\n" + SEG_REC_ARGS + CLASSVAR_MAIN)


case("atk_annotations_builtin_generics", ["sq", "lin"], [], {"x0": 1.0},
     "built-in generics in annotations (arguments, return, class attributes, a local): "
     "natively evaluated with the real built-ins, while tracing never evaluated",
     "from typing import Optional\n\n\n" + SEG_REC_ARGS + """

def helper(xs: list[float], d: dict[str, int] | None = None) -> tuple[float, ...]:
    return tuple(x * 2.0 for x in xs)


class Box:
    items: list[float]
    pair: tuple[int, str]
    seen: set[int] = set()
    o: Optional[float] = None  # noqa: UP045


async def main(workflow, **params):
    v: list[float] = list(helper([params["x0"], 2.0]))
    runs = await workflow.sq.createTask(x=v)
    ys: dict[float, float] = {j.x: r.y for r, j in runs}
    await workflow.lin.createTask(x=[ys[x] for x in v] + [float(len(Box.__annotations__))])
""")


# Run outputs as their script stored them (a tuple, a dict keyed by ints, a set, a numpy
# float): a DAG's tasks read them as main does natively.

case("fid_int_key_get", ["store", "sq"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an output that is a dict keyed by ints, read with get(1, default)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    vals = [run.hist.get(1, -1.0) for run, job in runs]
    await workflow.sq.createTask(x=vals)
""")

case("fid_int_key_in", ["store", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an int tested in an output that is a dict keyed by ints", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.count.createTask(n=sum(1 for run, job in runs if 2 in run.hist))
""")

case("fid_set_len", ["store", "count"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "the size of an output that is a set", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.count.createTask(n=[len(run.tags) for run, job in runs])
""")

case("fid_numpy_repr", ["store", "label"], ["--xs", "1.5"], {"xs": [1.5]},
     "repr() of an output that is a numpy float", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(name=[repr(run.f) for run, job in runs])
""")

case("fid_int_key_index", ["store", "sq"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an output that is a dict keyed by ints, indexed by an int", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.sq.createTask(x=[run.hist[2] for run, job in runs])
""")

case("fid_output_equals_tuple", ["store", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an output stored as a tuple compared with a tuple, an output stored as a list "
     "with a list and with a tuple, and len() of an output", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    run, job = runs[0]
    await workflow.count.createTask(n=[int(run.tup == (1.0, 2.0)), int(run.tup == [1.0, 2.0]),
                                       int(run.nest == [(1, 2), (3, 1.0)]),
                                       int(run.nest == [[1, 2], [3, 1.0]]),
                                       10 + len(run.hist), 20 + len(run.tags)])
""")

case("fid_list_output_key", ["store", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "an output stored as a list keys a dict filled by a loop: TypeError both ways", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    keys = {}
    for run, job in runs:
        keys[run.nest] = job.x
    await workflow.count.createTask(n=len(keys))
""", raises="TypeError: unhashable type: 'list'")

case("fid_tuple_key_shown", ["store", "label", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "outputs stored as tuples and numpy floats key dicts filled by loops, shown with "
     "str()", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    by_tup, by_f = {}, {}
    for run, job in runs:
        by_tup[run.tup] = job.x
    for run, job in runs:
        by_f[run.f] = run.y
    await workflow.label.createTask(name=[str(by_tup), str(by_f)])
    await workflow.count.createTask(n=len(by_tup) + 10 * len(by_f))
""")

case("fid_outputs_formatted", ["store", "label"], ["--xs", "1.5", "2"], {"xs": [1.5, 2.0]},
     "outputs stored as a tuple, tuples in a list, a dict keyed by ints, a set, a numpy "
     "float and None, formatted with f-strings and repr()", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(
        name=[f"{run.tup} {run.nest} {run.hist} {sorted(run.tags)} {run.f!r} {run.none}"
              for run, job in runs])
    await workflow.label.createTask(name=[f"{run.tup[0]:g}-{run.hist[1]:.2f}"
                                          for run, job in runs])
""")

case("fid_json_of_outputs", ["store", "label"], ["--xs", "1"], {"xs": [1.0]},
     "json.dumps of outputs stored as a tuple and a dict keyed by ints in main", """
import json


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(name=[json.dumps([run.tup, run.hist, run.f])
                                          for run, job in runs])
""")

case("fid_json_of_set_output", ["store", "label"], ["--xs", "1"], {"xs": [1.0]},
     "json.dumps of an output stored as a set: TypeError both ways", """
import json


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(name=[json.dumps(run.tags) for run, job in runs])
""", raises="TypeError: Object of type set is not JSON serializable")

case("fid_mapped_outputs", ["store", "label"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a mapped step over outputs stored as a dict keyed by ints, a set and a numpy "
     "float (its items cross tasks)", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    for item in [(run.hist, run.tags, run.f) for run, job in runs]:
        hist, tags, f = item
        await workflow.label.createTask(name=f"{hist.get(2)} {2 in tags} {f!r} {hist}")
""")

case("fid_tuple_output_ops", ["store", "label", "count"], ["--xs", "1", "2", "1"],
     {"xs": [1.0, 2.0, 1.0]},
     "outputs stored as tuples ordered against a tuple, joined with a tuple; a tuple in "
     "a list compared", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.count.createTask(n=[sum(run.tup < (1.5, 0.0) for run, job in runs),
                                       sum(run.nest[1] == (3, 2.0) for run, job in runs)])
    await workflow.label.createTask(name=[str(run.tup + (job.x,)) for run, job in runs])
""")

case("fid_tuple_output_plus_list", ["store", "label"], ["--xs", "1"], {"xs": [1.0]},
     "an output stored as a tuple joined with a list: TypeError both ways", """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(name=[str(run.tup + [job.x]) for run, job in runs])
""", raises='TypeError: can only concatenate tuple (not "list") to tuple')

case("fid_mapped_counter_shown", ["sq", "label"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a step mapped over Counters a function of the workflow made from outputs (its "
     "items cross tasks), each shown with str()", """
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def tally(ys):
    return [Counter({"y": int(y)}) for y in ys]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for c in tally([run.y for run, job in runs]):
        await workflow.label.createTask(name=str(c))
""")

case("fid_counter_shown", ["store", "label"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "an output stored as a Counter, and Counters main makes of outputs, shown", """
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(name=[str(run.counts) for run, job in runs])
    made = [Counter({"y": int(run.y)}) for run, job in runs]
    await workflow.label.createTask(name=[str(c) for c in made])
""")
# ---- regions of create_task tasks run natively as one segment (attacks) ----

case("rgn_gather_return_exceptions", ["sq", "lin", "total"], ["--xs", "1", "4", "2"],
     {"xs": [1.0, 4.0, 2.0]},
     "attack: create_task chains gathered with return_exceptions=True, one raising after "
     "its step; the errors dropped in the same statement, the rest summed after", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    if max(r.y for r, j in runs) > 10:
        raise ValueError(f"too big: {x}")
    more = await workflow.lin.createTask(x=[r.y for r, j in runs])
    return [r.id for r, j in runs], more[0][0].y


async def main(workflow, **params):
    tasks = [asyncio.create_task(chain(workflow, x)) for x in params["xs"]]
    got = [r for r in await asyncio.gather(*tasks, return_exceptions=True)
           if not isinstance(r, Exception)]
    ids = [i for pair in got for i in pair[0]]
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=sum(pair[1] for pair in got))
""", segments=1)

case("rgn_await_twice", ["sq", "lin", "total"], ["--x", "3"], {"x": 3.0},
     "attack: one create_task handle awaited twice (the second await gives the same "
     "result), the results concatenated", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1])
    lin = await workflow.lin.createTask(x=max(r.y for r, j in runs))
    return [r.id for r, j in runs], lin[0][0].y


async def main(workflow, **params):
    t = asyncio.create_task(chain(workflow, params["x"]))
    first, top = await t
    again, _ = await t
    await workflow.total.createTask(sq_ids=first + again)
    await workflow.lin.createTask(x=top)
""", segments=1)

case("rgn_never_awaited", ["sq", "lin", "total"], ["--x", "2"], {"x": 2.0},
     "attack: a create_task handle kept and never awaited, beside a chain awaited", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def side(workflow, x):
    await workflow.lin.createTask(x=x)


async def main(workflow, **params):
    background = [asyncio.create_task(side(workflow, params["x"]))]
    runs = await workflow.sq.createTask(x=params["x"])
    await workflow.total.createTask(sq_ids=[r.id for r, j in runs])
    print("started beside:", len(background))
""", fallback=True)

case("rgn_mutated_after", ["sq", "follow", "total", "lin"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "attack: a dict of create_task handles awaited in a loop under try; the lists made "
     "there sorted and extended after the region, then used", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    (s, sj), = await workflow.sq.createTask(x=x)
    if s.y > 5:
        raise RuntimeError(f"{x} too far")
    (f, fj), = await workflow.follow.createTask(sq_id=s.id, x=1.0)
    return s.id, f.y


async def main(workflow, **params):
    tasks = {x: asyncio.create_task(chain(workflow, x)) for x in params["xs"]}
    ids = []
    ys = []
    for x, t in tasks.items():
        try:
            i, y = await t
        except RuntimeError as err:
            print("skipped", err)
            continue
        ids.append(i)
        ys.append(y)
    ids.sort()
    ys.append(0.5)
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=sum(ys))
""", partial=True, segments=1)

case("rgn_nested", ["sq", "lin", "total"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: routines made by create_task that make and gather tasks of their own "
     "(nested regions), gathered by main", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def leaf(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].id, runs[0][0].y


async def branch(workflow, x):
    inner = [asyncio.create_task(leaf(workflow, x + k)) for k in (0.0, 0.5)]
    got = await asyncio.gather(*inner)
    lin = await workflow.lin.createTask(x=max(y for i, y in got))
    return [i for i, y in got], lin[0][0].y


async def main(workflow, **params):
    outer = [asyncio.create_task(branch(workflow, x)) for x in params["xs"]]
    results = await asyncio.gather(*outer)
    await workflow.total.createTask(sq_ids=[i for ids, y in results for i in ids])
    await workflow.lin.createTask(x=round(sum(y for ids, y in results), 6))
""", segments=1)

case("rgn_in_loop", ["sq", "lin", "total"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a region of tasks inside a loop over a list param: each round makes two "
     "tasks and awaits both, a running list kept across rounds", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def square(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0]


async def main(workflow, **params):
    seen = []
    for x in params["xs"]:
        a = asyncio.create_task(square(workflow, x))
        b = asyncio.create_task(square(workflow, x + 10))
        ra = await a
        rb = await b
        if ra.y + rb.y not in [r for r in seen]:
            seen.append(ra.id)
    await workflow.total.createTask(sq_ids=seen)
    await workflow.lin.createTask(x=len(seen))
""")

case("rgn_raise_uncaught", ["sq", "lin", "total"], ["--xs", "1", "5"], {"xs": [1.0, 5.0]},
     "attack: create_task routines of one step each, one raising on its output after "
     "the step: main fails (every routine's step made first)", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def check(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    if runs[0][0].y > 20:
        raise ValueError(f"sq of {x} is over 20")
    return runs[0][0].id


async def main(workflow, **params):
    tasks = [asyncio.create_task(check(workflow, x)) for x in params["xs"]]
    ids = await asyncio.gather(*tasks)
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=1.0)
""", raises="ValueError: sq of 5.0 is over 20")

case("rgn_handle_read_after", ["sq", "total", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: create_task handles read again after a step that follows their awaits "
     "(len of the list of tasks), so the region runs to that statement", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def square(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0].id


async def main(workflow, **params):
    tasks = [asyncio.create_task(square(workflow, x)) for x in params["xs"]]
    ids = []
    for t in tasks:
        ids.append(await t)
    await workflow.total.createTask(sq_ids=ids)
    n = len(tasks)
    await workflow.lin.createTask(x=n)
""")

case("rgn_gather_caught", ["sq", "lin", "total"], ["--xs", "5", "1"], {"xs": [5.0, 1.0]},
     "attack: create_task routines gathered inside a try whose except catches one's "
     "error (the other routine runs on beside main's next steps)", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def check(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    if runs[0][0].y > 20:
        raise ValueError(f"sq of {x} is over 20")
    return runs[0][0].id


async def main(workflow, **params):
    tasks = [asyncio.create_task(check(workflow, x)) for x in params["xs"]]
    try:
        ids = await asyncio.gather(*tasks)
    except ValueError as err:
        print("gave up:", err)
        ids = []
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=len(ids))
""", partial=True)

case("rgn_break_loop", ["sq", "lin", "total"], ["--xs", "1", "5", "2"],
     {"xs": [1.0, 5.0, 2.0]},
     "attack: create_task handles awaited in a loop left by break on an output (the "
     "tasks after it never awaited)", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def square(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    return runs[0][0]


async def main(workflow, **params):
    tasks = [asyncio.create_task(square(workflow, x)) for x in params["xs"]]
    ids = []
    for t in tasks:
        run = await t
        ids.append(run.id)
        if run.y > 20:
            break
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=len(ids))
""", fallback=True)


case("rgn_values_mutated_after", ["sq", "follow", "total", "lin"],
     ["--xs", "3", "1", "2"], {"xs": [3.0, 1.0, 2.0]},
     "attack: a dict of create_task handles awaited under try in a loop (one chain "
     "raising after its first step), the lists the region fills sorted and extended "
     "after it, then used", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    (s, sj), = await workflow.sq.createTask(x=x)
    if s.y > 5:
        raise RuntimeError(f"{x} too far")
    (f, fj), = await workflow.follow.createTask(sq_id=s.id, x=1.0)
    return s.id, f.y


async def main(workflow, **params):
    xs = [x for x in params["xs"]]
    await workflow.lin.createTask(x=xs)
    tasks = {x: asyncio.create_task(chain(workflow, x)) for x in xs}
    ids = []
    ys = []
    for x, t in tasks.items():
        try:
            i, y = await t
        except RuntimeError as err:
            print("skipped", err)
            continue
        ids.append(i)
        ys.append(y)
    ids.sort(reverse=True)
    ys.append(0.5)
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=sum(ys))
""", partial=True, segments=1)

case("rgn_two_regions", ["sq", "lin", "total"], ["--a", "1", "--b", "2"],
     {"a": 1.0, "b": 2.0},
     "attack: two regions of create_task tasks one after the other, a compiled step "
     "between them reading the first, the second reading it too", """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=2.0)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1])
    lin = await workflow.lin.createTask(x=max(r.y for r, j in runs))
    return [r.id for r, j in runs], max(r.y for r, j in lin)


async def main(workflow, **params):
    left = asyncio.create_task(chain(workflow, params["a"]))
    right = asyncio.create_task(chain(workflow, params["b"]))
    first = await asyncio.gather(left, right)
    await workflow.total.createTask(sq_ids=first[0][0] + first[1][0])
    again = asyncio.create_task(chain(workflow, first[0][1]))
    ids, top = await again
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=top + first[1][1])
""", segments=2)



PARAM_LEN_BRANCH = """
async def branch(workflow, inputs, k):
    (r, j), = await workflow.sq.createTask(x=inputs[0] + k)
    (s, t), = await workflow.lin.createTask(x=r.y + inputs[1])
    return s.y
"""

case("atk_param_len_nargs2_gather", ["sq", "lin", "label"], ["--inputs", "1", "2"],
     {"inputs": [1.0, 2.0]},
     "routines gathered read the second item of an nargs=2 param after a step: the "
     "param always has two items (argparse and the DAG's param schema), nothing raises",
     "import asyncio\n\n\ndef populate_arg_parser(parser):\n"
     "    parser.add_argument('--inputs', type=float, nargs=2, required=True)\n\n"
     + PARAM_LEN_BRANCH + """

async def main(workflow, **params):
    ys = await asyncio.gather(*(branch(workflow, params["inputs"], k) for k in range(3)))
    await workflow.label.createTask(name=str(ys))
""")

case("atk_param_len_negative_index", ["sq", "lin", "label"], ["--ws", "1", "2", "3"],
     {"ws": [1.0, 2.0, 3.0]},
     "routines gathered read items -3 and 2 of an nargs=3 param after a step",
     "import asyncio\n\n\ndef populate_arg_parser(parser):\n"
     "    parser.add_argument('--ws', type=float, nargs=3, required=True)\n" + """

async def weigh(workflow, ws, x):
    (r, j), = await workflow.sq.createTask(x=x)
    (s, t), = await workflow.lin.createTask(x=r.y * ws[-3] + ws[2])
    return s.y


async def main(workflow, **params):
    ys = await asyncio.gather(weigh(workflow, params["ws"], 1.0),
                              weigh(workflow, params["ws"], 2.0))
    await workflow.label.createTask(name=str(ys))
""")

case("atk_param_len_in_loop_after_mapped_step", ["sq", "lin"], ["--xs", "1", "2",
     "--ws", "0.5"], {"xs": [1.0, 2.0], "ws": [0.5]},
     "a loop over runs makes a step per item, then reads the second weight of an "
     "nargs='+' param given one: natively the first item raises before the second "
     "item's step",
     XS + "    parser.add_argument('--ws', type=float, nargs='+', required=True)\n" + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
        print(run.y * params["ws"][1])
""", partial=True, raises="IndexError: list index out of range")

case("atk_param_len_in_loop_nargs2", ["sq", "lin"], ["--xs", "1", "2",
     "--ws", "0.5", "2"], {"xs": [1.0, 2.0], "ws": [0.5, 2.0]},
     "a loop over runs makes a step per item, then reads the second weight of an "
     "nargs=2 param: it never raises, every item's step is made",
     XS + "    parser.add_argument('--ws', type=float, nargs=2, required=True)\n" + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
        print(run.y * params["ws"][1])
""")


case("atk_fanin_equal_items_per_item_count", ["sq", "lin", "count"], ["--x", "1"],
     {"x": 1.0},
     "a loop over a list with two equal items made from an output, one step per item "
     "(the second gets the first's run back), each item's run count appended and summed",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    sizes = []
    for p in [run.y, run.y, 2 * run.y]:
        runs = await workflow.lin.createTask(x=p)
        sizes.append(len(runs))
    await workflow.count.createTask(n=sum(sizes))
""")

case("atk_fanin_equal_numpy_items_outputs", ["sq", "lin", "count"], ["--x", "1"],
     {"x": 1.0},
     "the same over a numpy array with equal items, each item's run output appended, "
     "their count and sum given to steps after the loop",
     """
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    ys = []
    for p in np.array([run.y, run.y, 3.0]):
        (r, j), = await workflow.lin.createTask(x=float(p))
        ys.append(r.y)
    await workflow.count.createTask(n=len(ys))
    await workflow.lin.createTask(x=sum(ys))
""")


# ---- held5: study-like orchestrators written as independent studies ------------------

case("held5_mesh_richardson", ["mesh", "lin", "count"], ["--h0", "0.4", "--levels", "4"],
     {"h0": 0.4, "levels": 4},
     "a helper stage per mesh level returning a dataclass, an observed order and a "
     "Richardson extrapolation from the three finest levels, a summary printed, a "
     "follow-up only when the order is low", '''
import math
from dataclasses import dataclass


@dataclass
class Level:
    h: float
    u: float
    cells: int


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--levels", type=int, default=3)


async def solve_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    levels = []
    for k in range(params["levels"]):
        levels.append(await solve_level(workflow, params["h0"] / 2 ** k))
    coarse, mid, fine = levels[-3:]
    order = math.log(abs(coarse.u - mid.u) / abs(mid.u - fine.u)) / math.log(2)
    u_star = fine.u + (fine.u - mid.u) / (2 ** order - 1)
    print(f"observed order {order:.3f}, extrapolated u = {u_star:.6f}")
    for lv in levels:
        print(f"  h={lv.h:.4f} cells={lv.cells:4d} u={lv.u:.6f}")
    await workflow.lin.createTask(x=round(u_star, 8))
    if order < 2.5:
        await workflow.count.createTask(n=fine.cells * 2)
''')

case("held5_json_families", ["sq", "total"], ["--sweep", "sweep.json"],
     {"sweep": "sweep.json"},
     "a sweep read from a JSON file next to the orchestrator, points grouped by family "
     "with a defaultdict, one sweep and one fan-in per family, a summary printed",
     '''
import json
from collections import defaultdict
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.json", help="the sweep description")


async def main(workflow, **params):
    spec = json.loads((Path(__file__).parent / params["sweep"]).read_text())
    scale = spec.get("scale", 1.0)
    families = defaultdict(list)
    for point in spec["points"]:
        families[point["family"]].append(point["x"] * scale)
    totals = {}
    for family, xs in sorted(families.items()):
        runs = await workflow.sq.createTask(x=xs)
        (tot, _), = await workflow.total.createTask(sq_ids=[r.id for r, j in runs])
        totals[family] = tot.y
        print(f"{family:>8}: {len(xs)} points, sum of squares {tot.y:.3f}")
    print("largest family:", max(totals, key=totals.get))
''', files={"sweep.json": '''
{
  "scale": 0.5,
  "points": [
    {"family": "coarse", "x": 2.0},
    {"family": "fine", "x": 1.0},
    {"family": "coarse", "x": 4.0},
    {"family": "fine", "x": 1.5},
    {"family": "fine", "x": 3.0}
  ]
}
'''})

case("held5_yaml_pipeline", ["lin", "sq", "label"],
     ["--stages", "lin", "sq", "lin"], {"stages": ["lin", "sq", "lin"]},
     "a pipeline whose stages come from a param (getattr on the workflow), its start "
     "value and per-stage damping read from a YAML file, a history printed, the result "
     "labelled", '''
from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--stages", nargs="+", default=["lin", "sq"],
                        help="studies to chain, in order")


async def main(workflow, **params):
    with open(Path(__file__).parent / "pipeline.yaml") as f:
        config = yaml.safe_load(f)
    value = float(config["start"])
    history = [value]
    for stage in params["stages"]:
        study = getattr(workflow, stage)
        (run, job), = await study.createTask(x=value)
        value = run.y * config["damping"].get(stage, 1.0)
        history.append(value)
    print(" -> ".join(f"{v:.4g}" for v in history))
    await workflow.label.createTask(name=f"{'+'.join(params['stages'])}={value:.4f}")
''', files={"pipeline.yaml": '''
start: 0.5
damping:
  sq: 0.25
  lin: 0.5
'''})

case("held5_bisect_dt", ["solve", "lin"],
     ["--dt-max", "1.0", "--tol", "0.02", "--max-iter", "12", "--n", "4"],
     {"dt_min": 0.0, "dt_max": 1.0, "tol": 0.02, "max_iter": 12, "n": 4},
     "a capped bisection for the largest stable time step with a tolerance break, then "
     "a numpy grid below it, the best stable run picked with max(key=)", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--dt-min", dest="dt_min", type=float, default=0.0)
    parser.add_argument("--dt-max", dest="dt_max", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)
    parser.add_argument("--max-iter", dest="max_iter", type=int, default=20)
    parser.add_argument("--n", type=int, default=5)


async def main(workflow, **params):
    lo, hi = params["dt_min"], params["dt_max"]
    solves = 0
    for it in range(params["max_iter"]):
        if hi - lo < params["tol"]:
            break
        mid = 0.5 * (lo + hi)
        (run, job), = await workflow.solve.createTask(dt=mid)
        solves += 1
        if run.ok:
            lo = mid
        else:
            hi = mid
    print(f"stable up to dt={lo:.4f} ({solves} solves)")
    grid = np.linspace(lo / 4, lo, params["n"])
    runs = await workflow.solve.createTask(dt=[float(d) for d in grid])
    stable = [(r, j) for r, j in runs if r.ok == 1]
    best_run, best_job = max(stable, key=lambda rj: rj[1].dt)
    print(f"largest grid step {best_job.dt:.4f}, residual {best_run.res:.2e}")
    await workflow.lin.createTask(x=best_job.dt)
''')

case("held5_replica_stats", ["replica", "mix", "count"],
     ["--xs", "1", "2.5", "4", "--replicas", "4", "--max-rel-std", "0.03"],
     {"xs": [1.0, 2.5, 4.0], "replicas": 4, "max_rel_std": 0.03},
     "replicas of each configuration gathered with asyncio.gather over a helper "
     "returning a NamedTuple of statistics (mean, stdev), the trusted ones followed up, "
     "a table printed", '''
import asyncio
import statistics
from typing import NamedTuple


class Summary(NamedTuple):
    x: float
    mean: float
    std: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--max-rel-std", dest="max_rel_std", type=float, default=0.05)


async def replicate(workflow, x, seeds):
    runs = await workflow.replica.createTask(x=x, seed=seeds)
    ys = [run.y for run, job in runs]
    return Summary(x, statistics.mean(ys), statistics.stdev(ys))


async def main(workflow, **params):
    seeds = list(range(params["replicas"]))
    summaries = await asyncio.gather(*(replicate(workflow, x, seeds) for x in params["xs"]))
    for s in summaries:
        print(f"x={s.x:<5g} mean={s.mean:.4f} std={s.std:.4f}")
    trusted = [s for s in summaries if s.std / s.mean < params["max_rel_std"]]
    for s in trusted:
        await workflow.mix.createTask(a=s.mean, b=s.std)
    await workflow.count.createTask(n=len(summaries) - len(trusted))
''')

case("held5_secant_sqrt", ["sq", "lin"],
     ["--target", "3", "--x0", "1", "--x1", "2", "--tol", "1e-4", "--max-iter", "8"],
     {"target": 3.0, "x0": 1.0, "x1": 2.0, "tol": 1e-4, "max_iter": 8},
     "a capped secant iteration on a helper residual (one run per evaluation), a try "
     "around the update for a flat secant, a tolerance break, a summary printed", '''
def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=2.0)
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--x1", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--max-iter", dest="max_iter", type=int, default=10)


async def residual(workflow, x, target):
    (run, job), = await workflow.sq.createTask(x=x)
    return run.y - target


async def main(workflow, **params):
    target = params["target"]
    x0, x1 = params["x0"], params["x1"]
    f0 = await residual(workflow, x0, target)
    f1 = await residual(workflow, x1, target)
    for it in range(params["max_iter"]):
        try:
            x2 = x1 - f1 * (x1 - x0) / (f1 - f0)
        except ZeroDivisionError:
            print("flat secant: stopping")
            break
        x0, f0 = x1, f1
        x1 = round(x2, 12)
        f1 = await residual(workflow, x1, target)
        if abs(f1) < params["tol"]:
            break
    print(f"root {x1:.8f} after {it + 1} updates, residual {f1:.2e}")
    await workflow.lin.createTask(x=x1)
''')

case("held5_adaptive_sampling", ["sq", "count"],
     ["--a", "0", "--b", "4", "--n0", "3", "--tol", "0.3", "--max-level", "4"],
     {"a": 0.0, "b": 4.0, "n0": 3, "tol": 0.3, "max_level": 4},
     "adaptive refinement: a numpy start grid, then per level the midpoints of the "
     "flagged intervals, intervals split where the midpoint misses the chord, stopped "
     "when none is flagged; a dict of samples keyed by job.x", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=0.0)
    parser.add_argument("--b", type=float, default=1.0)
    parser.add_argument("--n0", type=int, default=3)
    parser.add_argument("--tol", type=float, default=0.1)
    parser.add_argument("--max-level", dest="max_level", type=int, default=3)


async def main(workflow, **params):
    xs = np.linspace(params["a"], params["b"], params["n0"])
    samples = {}
    for run, job in await workflow.sq.createTask(x=[float(x) for x in xs]):
        samples[job.x] = run.y
    pts = sorted(samples)
    intervals = list(zip(pts[:-1], pts[1:]))
    for level in range(params["max_level"]):
        mids = [0.5 * (a + b) for a, b in intervals]
        runs = await workflow.sq.createTask(x=mids)
        flagged = []
        for (run, job), (a, b) in zip(runs, intervals):
            samples[job.x] = run.y
            if abs(run.y - 0.5 * (samples[a] + samples[b])) > params["tol"]:
                flagged += [(a, job.x), (job.x, b)]
        print(f"level {level}: {len(mids)} new samples, {len(flagged) // 2} flagged")
        if not flagged:
            break
        intervals = flagged
    await workflow.count.createTask(n=len(samples))
''', partial=True)

case("held5_task_chains", ["lin", "sq", "mix"], ["--xs", "0.5", "-1", "2"],
     {"xs": [0.5, -1.0, 2.0]},
     "one asyncio.create_task per input running a two-stage chain (lin then sq), "
     "awaited in a dict comprehension, the smallest result picked with min(key=)", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    (first, _), = await workflow.lin.createTask(x=x)
    (second, _), = await workflow.sq.createTask(x=first.y)
    return second.y


async def main(workflow, **params):
    tasks = {x: asyncio.create_task(chain(workflow, x)) for x in params["xs"]}
    results = {x: await t for x, t in tasks.items()}
    for x, y in results.items():
        print(f"{x:+.2f} -> {y:.3f}")
    best = min(results, key=results.get)
    await workflow.mix.createTask(a=best, b=results[best])
''')

case("held5_topk_refine", ["mix", "label"],
     ["--bs", "0.5", "1.5", "--target", "1.2", "--k", "2"],
     {"bs": [0.5, 1.5], "target": 1.2, "k": 2, "step": 0.1},
     "a coarse numpy grid crossed with a param list, the best k runs by distance to a "
     "target (sorted key=), a finer sweep around each, the overall winner labelled", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--bs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=1.0)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--step", type=float, default=0.1)


async def main(workflow, **params):
    target = params["target"]
    a_grid = np.round(np.linspace(-1.0, 1.0, 5), 3)
    runs = await workflow.mix.createTask(a=[float(a) for a in a_grid], b=params["bs"])

    def miss(rj):
        return abs(rj[0].y - target)

    best = sorted(runs, key=miss)[:params["k"]]
    refined = []
    for run, job in best:
        around = [round(job.a - params["step"], 6), round(job.a + params["step"], 6)]
        refined += await workflow.mix.createTask(a=around, b=job.b)
    winner, wjob = min(best + refined, key=miss)
    print(f"best a={wjob.a:.3f} b={wjob.b:.2f}: y={winner.y:.4f} (target {target})")
    await workflow.label.createTask(name=f"a={wjob.a:.3f},b={wjob.b:.2f}")
''', partial=True)

case("held5_csv_materials", ["replica", "label", "lin"], ["--table", "materials.csv"],
     {"table": "materials.csv"},
     "a table of materials read with csv.DictReader next to the orchestrator, replicas "
     "per row, outputs grouped per material with a defaultdict, a mean per material "
     "labelled, the stiffest followed up", '''
import csv
from collections import defaultdict
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--table", default="materials.csv")


async def main(workflow, **params):
    with open(Path(__file__).with_name(params["table"]), newline="") as f:
        rows = list(csv.DictReader(f))
    by_material = defaultdict(list)
    for row in rows:
        seeds = list(range(int(row["replicas"])))
        runs = await workflow.replica.createTask(x=float(row["modulus"]), seed=seeds)
        by_material[row["material"]].extend(run.y for run, job in runs)
    means = {}
    for material, ys in by_material.items():
        means[material] = sum(ys) / len(ys)
        print(f"{material:<10} n={len(ys):2d} mean={means[material]:.3f}")
        await workflow.label.createTask(name=f"{material}:{means[material]:.3f}")
    stiffest = max(means, key=means.get)
    await workflow.lin.createTask(x=means[stiffest])
''', files={"materials.csv": '''
material,modulus,replicas
steel,2.1,3
alu,0.7,2
steel,2.0,2
copper,1.2,3
'''})

case("held5_newton_starts", ["newton", "sq", "total"],
     ["--starts", "1", "3", "40", "--tol", "1e-3", "--max-iter", "4"],
     {"starts": [1.0, 3.0, 40.0], "tol": 1e-3, "max_iter": 4},
     "a capped Newton iteration per start in a helper returning a dataclass or raising "
     "when it does not converge, a try/except around each start, a sweep and a fan-in "
     "over the roots found", '''
from dataclasses import dataclass


@dataclass
class Root:
    start: float
    value: float
    iterations: int


class NotConverged(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--max-iter", dest="max_iter", type=int, default=10)


async def newton_from(workflow, x0, tol, max_iter):
    x = x0
    for k in range(1, max_iter + 1):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return Root(x0, x, k)
    raise NotConverged(f"start {x0}: still moving after {max_iter} steps")


async def main(workflow, **params):
    roots = []
    for x0 in params["starts"]:
        try:
            roots.append(await newton_from(workflow, x0, params["tol"], params["max_iter"]))
        except NotConverged as err:
            print("skipped:", err)
    for r in roots:
        print(f"from {r.start:g}: {r.value:.6f} in {r.iterations} steps")
    checks = await workflow.sq.createTask(x=[r.value for r in roots])
    await workflow.total.createTask(sq_ids=[run.id for run, job in checks])
''')

case("held5_dt_halving_order", ["solve", "lin", "label"],
     ["--dt", "0.8", "--tries", "5"], {"dt": 0.8, "tries": 5, "levels": 3},
     "a time step halved until the solver is stable (capped for/else raising), then "
     "asyncio.gather over a refinement ladder, an observed order from successive "
     "residual ratios, printed and labelled", '''
import asyncio
import math


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--levels", type=int, default=3)


async def main(workflow, **params):
    dt = params["dt"]
    for attempt in range(params["tries"]):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            break
        print(f"dt={dt:g} unstable, halving")
        dt /= 2
    else:
        raise RuntimeError(f"no stable step after {params['tries']} halvings")
    ladder = [dt / 2 ** k for k in range(params["levels"])]
    results = await asyncio.gather(*(workflow.solve.createTask(dt=d) for d in ladder))
    res = [runs[0][0].res for runs in results]
    orders = [math.log2(a / b) for a, b in zip(res, res[1:])]
    print("orders:", ", ".join(f"{p:.2f}" for p in orders))
    await workflow.lin.createTask(x=dt)
    await workflow.label.createTask(name=f"dt={dt:g} p={min(orders):.2f}")
''')

case("held5_gap_bins", ["gap", "lin", "count"],
     ["--start", "2", "--stop", "14", "--step", "2", "--width", "5"],
     {"start": 2.0, "stop": 14.0, "step": 2.0, "width": 5.0},
     "a numpy arange sweep whose runs may miss their output (None), the missing counted, "
     "the rest binned with a defaultdict, a mean per bin followed up in sorted bin order",
     '''
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--start", type=float, default=0.0)
    parser.add_argument("--stop", type=float, default=10.0)
    parser.add_argument("--step", type=float, default=1.0)
    parser.add_argument("--width", type=float, default=4.0)


async def main(workflow, **params):
    xs = np.arange(params["start"], params["stop"], params["step"])
    runs = await workflow.gap.createTask(x=[float(x) for x in xs])
    bins = defaultdict(list)
    missing = 0
    for run, job in runs:
        if run.y is None:
            missing += 1
            continue
        bins[int(job.x // params["width"])].append(run.y)
    print(f"{missing} of {len(runs)} runs without output")
    for b in sorted(bins):
        mean = sum(bins[b]) / len(bins[b])
        print(f"bin {b}: {len(bins[b])} runs, mean {mean:.2f}")
        await workflow.lin.createTask(x=mean)
    await workflow.count.createTask(n=missing)
''')

case("held5_interval_scan", ["interval", "step", "count"],
     ["--xs", "1", "0.5", "2", "--n", "3"], {"xs": [1.0, 0.5, 2.0], "n": 3},
     "per input an interval run whose tuple output is unpacked, a numpy grid inside it "
     "swept with positions (enumerate), the peak of each scan kept in a NamedTuple, "
     "the scans ranked and the widest followed up", '''
from typing import NamedTuple

import numpy as np


class Scan(NamedTuple):
    x: float
    peak: float
    width: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--n", type=int, default=4)


async def scan(workflow, x, n):
    (run, job), = await workflow.interval.createTask(x=x)
    lo, hi = run.b
    ys = []
    for i, p in enumerate(np.linspace(lo, hi, n)):
        (r, j), = await workflow.step.createTask(x=float(p), i=i)
        ys.append(r.y)
    return Scan(x, max(ys), hi - lo)


async def main(workflow, **params):
    scans = [await scan(workflow, x, params["n"]) for x in params["xs"]]
    scans.sort(key=lambda s: s.peak, reverse=True)
    for s in scans:
        print(f"x={s.x:g}: peak {s.peak:.3f} over width {s.width:.3f}")
    widest = max(scans, key=lambda s: s.width)
    await workflow.count.createTask(n=int(widest.peak))
''', segments=1)

# ---- held5e: everyday first orchestrators ---------------------------------------------

case("held5e_plain_sweep", ["sq"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "a first study: one sweep over a param list, the outputs printed", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        print(f"x = {job.x}, y = {run.y}")
''')

case("held5e_then_each", ["sq", "lin"], ["--xs", "0.5", "1.5"], {"xs": [0.5, 1.5]},
     "a sweep, then one follow-up run per output in a for loop", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    for run, job in squares:
        await workflow.lin.createTask(x=run.y)
''')

case("held5e_range_total", ["count", "lin"], ["--n", "4"], {"n": 4},
     "a for loop over range(n) with one run each, the outputs summed into a list and "
     "the total used for a last run", '''
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)


async def main(workflow, **params):
    ys = []
    for k in range(params["n"]):
        (run, job), = await workflow.count.createTask(n=k)
        ys.append(run.y)
    total = sum(ys)
    print("total:", total)
    await workflow.lin.createTask(x=float(total))
''')

case("held5e_points_file", ["sq"], [], {},
     "the points of a sweep read from a text file next to the orchestrator (one per "
     "line, comments skipped)", '''
from pathlib import Path


def populate_arg_parser(parser):
    pass


async def main(workflow, **params):
    xs = []
    with open(Path(__file__).parent / "points.txt") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                xs.append(float(line))
    runs = await workflow.sq.createTask(x=xs)
    print(f"{len(runs)} runs, largest y {max(r.y for r, j in runs)}")
''', files={"points.txt": '''
# points of the first sweep
0.25
1.0

2.5
'''})


case("held5_wrong_ndarray_items_len", ["sq", "lin", "count"], ["--x", "1"], {"x": 1.0},
     "WRONG DAG (fails where main succeeds), the reduction of held5_interval_scan: a loop "
     "over numpy.linspace of an output, one run per item unpacked, its output appended; "
     "len() of that list after the loop: the fan-in finds no run for the ndarray's items "
     "(IndexError in the count task)", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    ys = []
    for p in np.linspace(run.y, 2 * run.y, 3):
        (r, j), = await workflow.lin.createTask(x=float(p))
        ys.append(r.y)
    await workflow.count.createTask(n=len(ys))
''')


case("held5_wrong_ndarray_items_count", ["sq", "lin", "count"], ["--x", "1"], {"x": 1.0},
     "WRONG DAG (other runs than main): a loop over numpy.linspace of an output, the "
     "number of runs of each item's createTask appended; sum() of that list after the "
     "loop is 0 in the DAG (count n=0 made) where main makes count n=3", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    sizes = []
    for p in np.linspace(run.y, 2 * run.y, 3):
        runs = await workflow.lin.createTask(x=float(p))
        sizes.append(len(runs))
    await workflow.count.createTask(n=sum(sizes))
''')

case("atk_mut_helper_returns_its_dict", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "max_points": 5},
     "attack: a helper filling the memo dict it is given returns it; main keeps it under "
     "another name and reads both after the loop", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def u_at(workflow, cache, h):
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    return cache


async def main(workflow, **params):
    cache = {}
    seen = {}
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < 0.01:
            break
        m = round((lo + hi) / 2, 5)
        seen = await u_at(workflow, cache, m)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    seen[0.0] = 1.0
    await workflow.count.createTask(n=len(cache))
''', partial=True)

case("atk_mut_helper_changes_through_a_display", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "max_points": 5},
     "attack: a helper puts the dict it is given in a list of its own and fills it through "
     "the list", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def u_at(workflow, cache, h):
    box = [cache]
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        box[0][h] = run.u
    return cache[h]


async def main(workflow, **params):
    cache = {}
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < 0.01:
            break
        m = round((lo + hi) / 2, 5)
        await u_at(workflow, cache, m)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    await workflow.count.createTask(n=len(cache))
''', partial=True)

case("atk_mut_helper_changes_inside_its_argument", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "max_points": 5},
     "attack: a helper appends to a list held in the dict it is given", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def u_at(workflow, cache, h):
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
        cache.setdefault('log', []).append(h)
    return cache[h]


async def main(workflow, **params):
    cache = {}
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < 0.01:
            break
        m = round((lo + hi) / 2, 5)
        await u_at(workflow, cache, m)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    await workflow.count.createTask(n=len(cache))
''', partial=True)

case("atk_mut_memo_aliased_before_the_loop", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "max_points": 5},
     "attack: main names the memo dict twice before the loop a helper fills it in; the "
     "second name is read after it", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def u_at(workflow, cache, h):
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    return cache[h]


async def main(workflow, **params):
    cache = {}
    seen = cache
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < 0.01:
            break
        m = round((lo + hi) / 2, 5)
        await u_at(workflow, cache, m)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    await workflow.count.createTask(n=len(seen))
''', partial=True)

case("atk_mut_helper_through_a_helper", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "max_points": 5},
     "attack: a helper gives the dict it is given to another helper, which fills it; the "
     "count after the loop reads it", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def u_at(workflow, cache, h):
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    return cache[h]


async def refine(workflow, table, lo, hi):
    await u_at(workflow, table, round((lo + hi) / 2, 5))


async def main(workflow, **params):
    cache = {}
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < 0.01:
            break
        m = round((lo + hi) / 2, 5)
        await refine(workflow, cache, lo, hi)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    await workflow.count.createTask(n=len(cache))
''', segments=1)

case("atk_mut_helper_given_an_item", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "max_points": 5},
     "attack: main gives the helper that fills its argument a dict held in a list", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def u_at(workflow, cache, h):
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    return cache[h]


async def main(workflow, **params):
    cache = {}
    boxes = [cache]
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < 0.01:
            break
        m = round((lo + hi) / 2, 5)
        await u_at(workflow, boxes[0], m)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    await workflow.count.createTask(n=len(cache))
''', partial=True)

case("atk_mut_main_changes_through_a_display", ["mesh", "count"], ["--hs", "0.8", "0.1"],
     {"hs": [0.8, 0.1], "max_points": 5},
     "attack: main's loop puts its memo dict in a list made in the loop and fills it "
     "through the list, then counts it", '''
def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def main(workflow, **params):
    cache = {}
    for h in sorted(params["hs"]):
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    while len(cache) < params["max_points"]:
        box = [cache]
        key = round(max(cache.values()) / 2, 5)
        if key in cache:
            break
        (run, job), = await workflow.mesh.createTask(h=key)
        box[0][key] = run.u
    await workflow.count.createTask(n=len(cache))
''', partial=True)

case("atk_lb_list_held_by_list", ["replica", "lin"],
     ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "attack: a list a block inside a capped loop would change is held by another list"
     " too (read after the loop)",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    hist = [ys]
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=float(len(hist[0])) + statistics.fmean(hist[0]))
''', fallback=True)

case("atk_lb_counter_view_kept", ["replica", "lin"],
     ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "attack: a view of the Counter a block inside a capped loop would change, kept "
     "from before the loop",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    seen = Counter()
    keys = seen.keys()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=float(len(keys)))
''', fallback=True)

case("atk_lb_list_second_name", ["replica", "lin"],
     ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "attack: a second name for the list a block inside a capped loop would change, "
     "read after the loop",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    view = ys
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=float(len(view)) + sum(view))
''', fallback=True)

case("atk_lb_closure_reads", ["replica", "lin"],
     ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "attack: a lambda reads the list a block inside a capped loop would change (main's"
     " cell holds it: binding the block's value to it is what the lambda sees, as"
     " natively)",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    count = lambda: float(len(ys))  # noqa: E731
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=count())
''')

case("atk_lb_helper_changes_arg", ["replica", "lin"],
     ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "attack: a routine's loop over runs appends to lists its caller gave it, inside "
     "the caller's capped loop",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def batch(workflow, ys, seen, seeds, x):
    runs = await workflow.replica.createTask(x=x, seed=seeds)
    for run, job in runs:
        ys.append(run.y)
        seen[round(run.y, 6)] += 1

async def main(workflow, **params):
    ys = []
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        await batch(workflow, ys, seen, list(range(seed, seed + params["batch"])), params["x"])
        seed += params["batch"]
        if statistics.stdev(ys) / math.sqrt(len(ys)) < params["se_max"]:
            break
    await workflow.lin.createTask(x=statistics.fmean(ys) + len(seen))
''', segments=1)

case("atk_lb_block_raises_later", ["replica", "lin"],
     ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "attack: the loop over runs changing main's list raises on a run of the second "
     "batch only (main fails there)",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            if run.y > 2.08:
                raise ValueError(f"replica too high: {run.y:.2f}")
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=statistics.fmean(ys))
''', raises="ValueError: replica too high: 2.10")

case("atk_lb_counter_missing_key", ["replica", "lin"],
     ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005},
     "attack: a block reads a Counter of main's for a key it does not hold (0, not a "
     "KeyError) while it changes main's list",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    seen = Counter()
    base = Counter()
    base["a"] += 1
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y + base['b'] + base['a'])
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=statistics.fmean(ys) + len(seen))
''')

case("atk_lb_cap_from_args", ["replica", "lin"],
     ["--x", "2.0", "--max_batches", "3", "--se_max", "0.0001"],
     {"x": 2.0, "batch": 2, "max_batches": 3, "se_max": 0.0001},
     "attack: the capped loop with a block changing main's list and Counter, its cap "
     "given on the command line (3, not the default 4), a tight threshold never met",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=statistics.fmean(ys) + 10 * len(seen) + len(ys))
''')

case("atk_lb_converged_first", ["replica", "lin"],
     ["--x", "2.0", "--se_max", "0.05"],
     {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.05},
     "attack: the capped loop with a block changing main's list stops after its second"
     " batch (a loose threshold); the list read after it",
     '''
import math
import statistics
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    await workflow.lin.createTask(x=statistics.fmean(ys) + 10 * len(seen) + len(ys))
''')

case("atk_lb_try_secant_converges", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.25"],
     {"h0": 0.5, "h1": 0.25, "target": 3.0, "maxit": 6},
     "attack: a try around a secant step (except ZeroDivisionError: break) in a capped"
     " loop, the step never dividing by zero: one iteration, then the exit test",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''')

case("atk_lb_try_secant_zero_at_run_time", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 6},
     "attack: a try around a secant step (except ZeroDivisionError: break) in a capped"
     " loop, the first step dividing by zero at run time (equal cell counts)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''')

case("atk_lb_try_parent_class", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 6},
     "attack: the except of the secant step names ArithmeticError, a parent of the "
     "ZeroDivisionError raised at run time",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ArithmeticError:
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''')

case("atk_lb_try_tuple_classes", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 6},
     "attack: the except of the secant step names a tuple of classes, one of which is "
     "raised at run time",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except (KeyError, ZeroDivisionError):
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''')

case("atk_lb_try_uncaught", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 6},
     "attack: the except of the secant step catches ValueError only: the "
     "ZeroDivisionError raised at run time fails main",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ValueError:
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''', raises="ZeroDivisionError: float division by zero")

case("atk_lb_try_else_break", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "3"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 3},
     "attack: the secant step's try has an else that breaks (a step going out of "
     "range) and an except that goes on with another step",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            h2 = h1 - 0.1
        else:
            if h2 > 0.9:
                break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''')

case("atk_lb_try_finally_break", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 6},
     "attack: the secant step's try has a finally that may break: not a step main's "
     "excepts may test at run time",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            h2 = h1 - 0.1
        finally:
            if n >= 2:
                break  # noqa: B012
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''', segments=1)

case("atk_lb_try_body_appends", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "3"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 3},
     "attack: the secant step appends to main's list inside the try (not appended when"
     " it divides by zero); the list's length read after the loop",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    steps = []
    for it in range(params["maxit"]):
        try:
            steps.append(h1 - f1 * (h1 - h0) / (f1 - f0))
            h2 = steps[-1]
        except ZeroDivisionError:
            h2 = h1 - 0.1
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1 + 10 * len(steps))
''')

case("atk_lb_try_local_class", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 6},
     "attack: the except names a variable of main bound to an exception class",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    flat = ZeroDivisionError
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except flat:
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''', partial=True)

case("atk_lb_try_raise_half_bound", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "2"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 2},
     "attack: the try's body binds a first variable, then divides by zero at run time:"
     " the first keeps its new value, the second its old one, both read after",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    step = 100.0
    h2 = 7.0
    for it in range(params["maxit"]):
        try:
            step = f1 * (h1 - h0)
            h2 = h1 - step / (f1 - f0)
        except ZeroDivisionError:
            h2 = h1 - 0.1
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1 + step)
''')

case("atk_lb_item_changed_inside", ["replica", "lin"], ["--xs", "1.0", "2.0"],
     {"xs": [1.0, 2.0], "max_batches": 3},
     "attack: a loop over runs inside a capped loop appends to a list held in main's "
     "dict, the params' own list (natively the params see it)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max_batches", type=int, default=3)


async def main(workflow, **params):
    box = {"xs": params["xs"]}
    for b in range(params["max_batches"]):
        runs = await workflow.replica.createTask(x=2.0, seed=[b])
        for run, job in runs:
            box["xs"].append(run.y)
        if len(params["xs"]) > 3:
            break
    await workflow.lin.createTask(x=float(len(params["xs"])) + sum(box["xs"]))
''', fallback=True)

case("atk_lb_item_augmented", ["replica", "lin"], ["--xs", "1.0", "2.0"],
     {"xs": [1.0, 2.0], "max_batches": 3},
     "attack: a loop over runs inside a capped loop adds to an item of main's list "
     "that is the params' own list (+= changes it in place)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max_batches", type=int, default=3)


async def main(workflow, **params):
    acc = [params["xs"], 0.0]
    for b in range(params["max_batches"]):
        runs = await workflow.replica.createTask(x=2.0, seed=[b])
        for run, job in runs:
            acc[0] += [run.y]
        if len(params["xs"]) > 3:
            break
    await workflow.lin.createTask(x=float(len(params["xs"])) + sum(acc[0]))
''', fallback=True)

case("atk_lb_try_reraise", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 6},
     "attack: the except of the secant step prints and raises the error again (a bare "
     "raise: main runs no except outside the try)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            print("flat secant")
            raise
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''', raises="ZeroDivisionError: float division by zero")

# ---- review: attacks on regions, helper changes, blocks changing main's objects,
# trials, list param lengths ----------------------------------------------------------

case("rev_seg_numpy_helper_iadd", ["sq", "newton", "lin"], ["--x0", "1", "--tol", "0.01"],
     {"x0": 1.0, "tol": 0.01},
     "attack: a helper adds in place to a numpy array it is given (a += 1.0) inside a "
     "while loop that runs as a segment; main reads the array after it", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


def bump(a):
    a += 1.0


async def main(workflow, **params):
    arr = np.array([0.0, 0.0])
    (start, job), = await workflow.sq.createTask(x=params["x0"])
    x = start.y
    while True:
        (run, job), = await workflow.newton.createTask(x=x)
        bump(arr)
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=float(arr[0]))
''', partial=True)

case("rev_seg_numpy_main_iadd_item", ["sq", "newton", "lin"], ["--x0", "1", "--tol", "0.01"],
     {"x0": 1.0, "tol": 0.01},
     "attack: main adds in place to a numpy array held in a dict inside a while loop "
     "that runs as a segment (d['a'] += 1.0 changes the array, not the dict)", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-2)


async def main(workflow, **params):
    arr = np.array([0.0, 0.0])
    d = {"a": arr}
    (start, job), = await workflow.sq.createTask(x=params["x0"])
    x = start.y
    while True:
        (run, job), = await workflow.newton.createTask(x=x)
        d["a"] += 1.0
        if run.err < params["tol"]:
            break
        x = run.next
    await workflow.lin.createTask(x=float(arr[0]))
''', partial=True)

case("rev_param_popped_then_index", ["sq", "lin"], ["--ws", "1", "2"], {"ws": [1.0, 2.0]},
     "attack: main pops an item of a list param of nargs=2, then reads params['ws'][1] "
     "only to print it", '''
def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, required=True)


async def main(workflow, **params):
    last = params["ws"].pop()
    await workflow.sq.createTask(x=last)
    w = params["ws"][1]
    print("second weight", w)
    await workflow.lin.createTask(x=3.0)
''', raises="IndexError: list index out of range", partial=True)

case("rev_param_replaced_then_index", ["sq", "lin"], ["--ws", "1", "2"], {"ws": [1.0, 2.0]},
     "attack: main binds params['ws'] to a shorter list, then reads params['ws'][1] only "
     "to print it", '''
def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, required=True)


async def main(workflow, **params):
    params["ws"] = params["ws"][:1]
    await workflow.sq.createTask(x=params["ws"][0])
    w = params["ws"][1]
    print("second weight", w)
    await workflow.lin.createTask(x=3.0)
''', raises="IndexError: list index out of range")

SECANT_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)
'''

case("rev_trial_own_exception", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.25", "--maxit", "4"],
     {"h0": 0.5, "h1": 0.25, "target": 3.0, "maxit": 4},
     "attack: the try's body raises the orchestrator's own exception class on a value "
     "known at run time; its except halves the step instead", '''
class Overshoot(Exception):
    pass
''' + SECANT_HEAD + '''

async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
            if h2 > 0.3:
                raise Overshoot("too far")
        except ZeroDivisionError:
            break
        except Overshoot:
            h2 = h1 / 2
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''', segments=1)

case("rev_trial_helper_raises", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "3"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 3},
     "attack: the try's body calls a helper of the module that divides (the error comes "
     "from inside the helper), except ArithmeticError before except ZeroDivisionError",
     SECANT_HEAD + '''

def slope(dh, df):
    return dh / df


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    tag = 0.0
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * slope(h1 - h0, f1 - f0)
        except ArithmeticError:
            h2 = h1 - 0.1
            tag += 100.0
        except ZeroDivisionError:
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1 + tag)
''')

case("rev_trial_counter_partial", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 5},
     "attack: a try whose body counts outputs in main's Counter, then divides by zero "
     "for one run in the middle of the batch (the counts made before it stay)", '''
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=5)


async def main(workflow, **params):
    seen = Counter()
    seed = 0
    stopped = 0.0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        try:
            for run, job in runs:
                seen[str(round(run.y, 6))] += 1
                w = 1.0 / (run.y - params["x"])  # noqa: F841
        except ZeroDivisionError:
            stopped = 1000.0
            break
    await workflow.lin.createTask(x=float(sum(seen.values())) + stopped + len(seen))
''', segments=1)

RGN_CHAIN = """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=2.0)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1])
    lin = await workflow.lin.createTask(x=max(r.y for r, j in runs))  # noqa: F841
    return [r.id for r, j in runs]
"""

case("rev_rgn_task_kept_by_helper", ["sq", "lin", "total"], ["--a", "1", "--b", "2"],
     {"a": 1.0, "b": 2.0},
     "attack: two tasks put in a list by a helper of the module (register(tasks, "
     "asyncio.create_task(...))), gathered in the next statement: the task-making "
     "statements bind nothing", RGN_CHAIN + """

def register(bag, task):
    bag.append(task)


async def main(workflow, **params):
    tasks = []
    register(tasks, asyncio.create_task(chain(workflow, params["a"])))
    register(tasks, asyncio.create_task(chain(workflow, params["b"])))
    got = await asyncio.gather(*tasks)
    await workflow.total.createTask(sq_ids=got[0] + got[1])
""", fallback=True)

case("rev_rgn_task_in_setdefault", ["sq", "lin", "total"], ["--a", "1", "--b", "2"],
     {"a": 1.0, "b": 2.0},
     "attack: two tasks appended to a list reached by a call (box.setdefault('t', [])"
     ".append(task)), gathered in the next statement", RGN_CHAIN + """

async def main(workflow, **params):
    box = {}
    box.setdefault("t", []).append(asyncio.create_task(chain(workflow, params["a"])))
    box.setdefault("t", []).append(asyncio.create_task(chain(workflow, params["b"])))
    got = await asyncio.gather(*box["t"])
    await workflow.total.createTask(sq_ids=got[0] + got[1])
""", fallback=True)

case("rev_rgn_task_alias", ["sq", "lin", "total"], ["--a", "1", "--b", "2"],
     {"a": 1.0, "b": 2.0},
     "attack: the tasks bound in a list, the list bound to a second name read in the "
     "region, awaited by that name after the last statement reading the first",
     RGN_CHAIN + """

async def main(workflow, **params):
    tasks = [asyncio.create_task(chain(workflow, params["a"])),
             asyncio.create_task(chain(workflow, params["b"]))]
    pending = tasks
    got = await asyncio.gather(*pending)
    await workflow.total.createTask(sq_ids=got[0] + got[1])
""", fallback=True)

case("rev_rgn_task_in_dict_update", ["sq", "lin", "total"], ["--a", "1", "--b", "2"],
     {"a": 1.0, "b": 2.0},
     "attack: tasks put in a dict by dict.update with keywords, gathered in the next "
     "statement", RGN_CHAIN + """

async def main(workflow, **params):
    box = {}
    box.update(left=asyncio.create_task(chain(workflow, params["a"])),
               right=asyncio.create_task(chain(workflow, params["b"])))
    got = await asyncio.gather(box["left"], box["right"])
    await workflow.total.createTask(sq_ids=got[0] + got[1])
""", segments=1)

LB_HEAD = '''
from collections import Counter  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=3)
'''

LB_LOOP = '''
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            seen[str(round(run.y, 6))] += 1
        if len(seen) > 2:
            break
'''

case("rev_lb_bound_method_kept", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: main keeps seen.update as push before a capped loop whose block counts "
     "into the Counter seen; push used after the loop", LB_HEAD + '''

async def main(workflow, **params):
    seen = Counter()
    push = seen.update''' + LB_LOOP + '''    push(["extra"])
    await workflow.lin.createTask(x=float(sum(seen.values())))
''', fallback=True)

case("rev_lb_locals_snapshot", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: main keeps locals() (the frame's own dict) before a capped loop whose "
     "block counts into the Counter seen; the snapshot's seen read after the loop",
     LB_HEAD + '''

async def main(workflow, **params):
    seen = Counter()
    snap = locals()''' + LB_LOOP + '''    old = snap["seen"]
    seen["extra"] += 7
    await workflow.lin.createTask(x=float(sum(old.values())))
''', partial=True)

case("rev_lb_generator_holds", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: a generator of the module made before the capped loop holds seen (its "
     "argument, not yet started); the block counts into seen; the generator read after",
     LB_HEAD + '''

def sizes(acc):
    yield len(acc)


async def main(workflow, **params):
    seen = Counter()
    gen = sizes(seen)''' + LB_LOOP + '''    await workflow.lin.createTask(x=float(next(gen)))
''', fallback=True)

case("rev_lb_default_arg_holds", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: a lambda made before the capped loop holds seen as its default value; the "
     "block counts into seen; the lambda called after",
     LB_HEAD + '''

async def main(workflow, **params):
    seen = Counter()
    size = lambda acc=seen: len(acc)  # noqa: E731'''
     + LB_LOOP + '''    await workflow.lin.createTask(x=float(size()))
''', fallback=True)

case("rev_lb_plain", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "control: a capped loop whose block counts into the Counter seen, read after",
     LB_HEAD + '''

async def main(workflow, **params):
    seen = Counter()'''
     + LB_LOOP + '''    await workflow.lin.createTask(x=float(sum(seen.values())) + len(seen))
''')

case("rev_rgn_task_made_by_helper", ["sq", "lin", "total"], ["--a", "1", "--b", "2"],
     {"a": 1.0, "b": 2.0},
     "attack: the tasks are made by a helper of the module (spawn() calls "
     "asyncio.create_task), awaited by main two statements later", RGN_CHAIN + """

def spawn(workflow, x):
    return asyncio.create_task(chain(workflow, x))


async def main(workflow, **params):
    left = spawn(workflow, params["a"])
    right = spawn(workflow, params["b"])
    got = await asyncio.gather(left, right)
    await workflow.total.createTask(sq_ids=got[0] + got[1])
""", fallback=True)

case("rev_rgn_bare_create_task", ["sq", "lin", "total"], ["--a", "1", "--b", "2"],
     {"a": 1.0, "b": 2.0},
     "attack: create_task imported from asyncio and called by its bare name",
     RGN_CHAIN.replace("import asyncio\n", "import asyncio\nfrom asyncio import create_task\n")
     + """

async def main(workflow, **params):
    left = create_task(chain(workflow, params["a"]))
    right = create_task(chain(workflow, params["b"]))
    got = await asyncio.gather(left, right)
    await workflow.total.createTask(sq_ids=got[0] + got[1])
""", fallback=True)

case("rev_seg_helper_closure_holds", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: a helper returns a lambda reading its argument (main's Counter seen); a "
     "capped loop run as a segment counts into seen through another helper; the lambda "
     "called after", LB_HEAD + '''

def sizer(acc):
    return lambda: len(acc)


def note(c, key):
    c[key] += 1


async def main(workflow, **params):
    seen = Counter()
    size = sizer(seen)
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            note(seen, str(round(run.y, 6)))
        if len(seen) > 2:
            break
    await workflow.lin.createTask(x=float(size()))
''', fallback=True)

case("rev_seg_partial_holds", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: functools.partial(len, seen) kept before a capped loop run as a segment "
     "that counts into seen; the partial called after", LB_HEAD + '''
import functools  # noqa: E402


async def main(workflow, **params):
    seen = Counter()
    size = functools.partial(len, seen)'''
     + LB_LOOP + '''    await workflow.lin.createTask(x=float(size()))
''', fallback=True)

case("rev_seg_namespace_holds", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: a SimpleNamespace holding seen kept before a capped loop run as a segment "
     "that counts into seen; read through the namespace after", LB_HEAD + '''
import types  # noqa: E402


async def main(workflow, **params):
    seen = Counter()
    box = types.SimpleNamespace(acc=seen)'''
     + LB_LOOP + '''    await workflow.lin.createTask(x=float(len(box.acc)))
''', fallback=True)

case("rev_trial_counter_partial_capped", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2},
     "attack: in a loop of 5 rounds, a try whose body counts outputs in main's Counter, "
     "then divides by zero for one run in the middle of a batch (the counts made before "
     "it stay natively)", '''
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)


async def main(workflow, **params):
    seen = Counter()
    stopped = 0.0
    x = params["x"]
    for b in range(5):
        runs = await workflow.replica.createTask(x=x, seed=[2 * b, 2 * b + 1])
        try:
            for run, job in runs:
                seen[str(round(run.y, 6))] += 1
                w = 1.0 / (run.y - x)  # noqa: F841
        except ZeroDivisionError:
            stopped = 1000.0
            break
    await workflow.lin.createTask(x=float(sum(seen.values())) + stopped + len(seen))
''', segments=1)

case("rev_trial_dict_keyerror", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0},
     "attack: in a loop of 4 rounds, try: seen[key] += 1 except KeyError: seen[key] = 1 "
     "on main's plain dict, keyed by outputs", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    seen = {}
    x = params["x"]
    for b in range(4):
        (run, job), = await workflow.replica.createTask(x=x, seed=b)
        key = str(round(run.y, 6))
        try:
            seen[key] += 1
        except KeyError:
            seen[key] = 1
        if len(seen) > 2:
            break
    await workflow.lin.createTask(x=float(max(seen.values())) + 10 * len(seen))
''')

case("rev_trial_continue_in_body", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "3"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 3},
     "attack: the try's body holds a continue of main's loop before the division",
     SECANT_HEAD + '''

async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    for it in range(params["maxit"]):
        try:
            if f1 == f0:
                h1 = h1 - 0.1
                f0 = f0 - 1.0
                continue
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            break
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1)
''', segments=1)

case("rev_trial_in_routine", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "3"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 3},
     "attack: the secant loop with its try in a routine main awaits, the try's except "
     "returning from the routine", SECANT_HEAD + '''

async def secant(workflow, h0, h1, target, maxit):
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - target, r1.cells - target
    for it in range(maxit):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            return -h1
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - target
        if abs(f1) < 0.5:
            break
    return h1


async def main(workflow, **params):
    h = await secant(workflow, params["h0"], params["h1"], params["target"], params["maxit"])
    await workflow.lin.createTask(x=h)
''')

case("rev_trial_region_counter", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0},
     "attack: a Counter filled by two create_task routines (each with a try whose "
     "except names ZeroDivisionError), then changed by main's block after the region",
     '''
import asyncio
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def batch(workflow, x, seeds, seen):
    runs = await workflow.replica.createTask(x=x, seed=seeds)
    for run, job in runs:
        try:
            seen[str(round(run.y, 6))] += 1 / (run.y - x)
        except ZeroDivisionError:
            seen["exact"] += 1
    more = await workflow.lin.createTask(x=max(r.y for r, j in runs))
    return more[0][0].y


async def main(workflow, **params):
    seen = Counter()
    a = asyncio.create_task(batch(workflow, params["x"], [5, 6], seen))
    b = asyncio.create_task(batch(workflow, params["x"], [7, 8], seen))
    top = max(await a, await b)
    (r, j), = await workflow.replica.createTask(x=params["x"], seed=9)
    seen[str(round(r.y, 6))] += 1
    await workflow.lin.createTask(x=float(len(seen)) + top + seen["exact"])
''', partial=True, segments=1)

case("rev_seg_global_list_holds", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: main puts its Counter seen in a module-level list before a capped loop run "
     "as a segment that counts into seen; read through the module's list after",
     LB_HEAD + '''
KEPT = []


async def main(workflow, **params):
    seen = Counter()
    KEPT.append(seen)''' + LB_LOOP + '''    await workflow.lin.createTask(x=float(len(KEPT[0])))
''', fallback=True)

case("rev_seg_helper_changes_dict_block_reads", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "attack: a capped loop run as a segment fills main's dict through a helper changing "
     "its argument; a loop over runs after it (a block) changes the same dict", LB_HEAD + '''

def note(table, key):
    table[key] = table.get(key, 0) + 1


async def main(workflow, **params):
    seen = {}
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            note(seen, str(round(run.y, 6)))
        if len(seen) > 2:
            break
    more = await workflow.replica.createTask(x=params["x"], seed=[20, 21])
    for r, j in more:
        seen[str(round(r.y, 6))] = seen.get(str(round(r.y, 6)), 0) + 10
    await workflow.lin.createTask(x=float(sum(seen.values())) + len(seen))
''', partial=True, segments=1)

case("rev_seg_later_loop_rebinds_run", ["replica", "lin"], ["--x", "2.0"],
     {"x": 2.0, "batch": 2, "max_batches": 3},
     "the segment is refused because a later loop reads run, though that loop binds it "
     "first (for run, job in more)", LB_HEAD + '''

def note(table, key):
    table[key] = table.get(key, 0) + 1


async def main(workflow, **params):
    seen = {}
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            note(seen, str(round(run.y, 6)))
        if len(seen) > 2:
            break
    more = await workflow.replica.createTask(x=params["x"], seed=[20, 21])
    for run, job in more:
        seen[str(round(run.y, 6))] = seen.get(str(round(run.y, 6)), 0) + 10
    await workflow.lin.createTask(x=float(sum(seen.values())) + len(seen))
''', fallback=True)

case("rev_fanin_in_mapped_loop_same_var", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a second loop over the same list param, with the same variable name, maps "
     "a step reading the fan-in of the first loop's outputs", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    ys = []
    for x in params["xs"]:
        (r, j), = await workflow.sq.createTask(x=x)
        ys.append(r.y)
    for x in params["xs"]:
        await workflow.lin.createTask(x=x + sum(ys))
''')

case("rev_fanin_in_mapped_loop_comprehension", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a loop over a list param maps a step reading a comprehension over the "
     "same list, with the same variable name, of the runs made per item before", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    made = {}
    for x in params["xs"]:
        made[x] = await workflow.sq.createTask(x=x)
    for x in params["xs"]:
        await workflow.lin.createTask(x=x + sum(made[x][0][0].y for x in params["xs"]))
''')


# ---- held6: a sixth blind set of studies (written without reading the tracer) --------

case("held6_mesh_order_table", ["mesh", "lin"], ["--h0", "0.5", "--rtol", "1e-3"],
     {"h0": 0.5, "ratio": 2.0, "max_levels": 8, "rtol": 1e-3},
     "mesh convergence: levels halved in a capped loop stopped on the relative change, "
     "namedtuple levels, observed orders from consecutive triples (star-unpacked into a "
     "helper), a Richardson extrapolation, then the levels written to a CSV table", '''
import csv
import math
from collections import namedtuple
from pathlib import Path

Level = namedtuple("Level", "h u cells")


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--ratio", type=float, default=2.0, help="refinement ratio")
    parser.add_argument("--max-levels", type=int, default=8)
    parser.add_argument("--rtol", type=float, default=1e-3)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(job.h, run.u, run.cells)


def observed_order(a, b, c, r):
    return math.log(abs(a.u - b.u) / abs(b.u - c.u)) / math.log(r)


async def main(workflow, **params):
    r = params["ratio"]
    levels = []
    h = params["h0"]
    for k in range(params["max_levels"]):
        levels.append(await run_level(workflow, h))
        if k >= 1:
            change = abs(levels[-1].u - levels[-2].u) / abs(levels[-1].u)
            print(f"level {k}: h={h:.5f} u={levels[-1].u:.8f} change={change:.2e}")
            if change < params["rtol"]:
                break
        h /= r
    orders = [observed_order(*levels[i:i + 3], r) for i in range(len(levels) - 2)]
    p = orders[-1] if orders else 2.0
    fine, finer = levels[-2], levels[-1]
    u_ext = finer.u + (finer.u - fine.u) / (r ** p - 1.0)
    print(f"orders {[round(o, 3) for o in orders]}, extrapolated {u_ext:.8f}")
    await workflow.lin.createTask(x=round(u_ext, 10))
    with open(Path(__file__).with_name("convergence.csv"), "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["h", "u", "cells"])
        for lv in levels:
            out.writerow([lv.h, lv.u, lv.cells])
''', segments=4)

case("held6_scan_refine_best", ["mix", "lin"], [],
     {"a": 1.5, "target": 4.0, "lo": 0.0, "hi": 4.0, "n": 5, "rounds": 2},
     "a scan of b on a numpy grid refined around the best point for a few rounds (min "
     "with a key calling a helper), every output kept in a dict keyed by job.b, then "
     "the three closest b values ranked from the dict's items", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.5)
    parser.add_argument("--target", type=float, default=4.0)
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=4.0)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)


def misfit(pair, target):
    run, job = pair
    return abs(run.y - target)


async def main(workflow, **params):
    a, target = params["a"], params["target"]
    lo, hi = params["lo"], params["hi"]
    seen = {}
    for rnd in range(params["rounds"]):
        bs = np.linspace(lo, hi, params["n"])
        runs = await workflow.mix.createTask(a=a, b=[float(b) for b in bs])
        for run, job in runs:
            seen[job.b] = run.y
        best_run, best_job = min(runs, key=lambda p: misfit(p, target))
        width = (hi - lo) / (params["n"] - 1)
        lo, hi = best_job.b - width, best_job.b + width
        print(f"round {rnd}: best b={best_job.b:.4f} y={best_run.y:.4f}")
    ranked = sorted(seen.items(), key=lambda kv: abs(kv[1] - target))
    top = [b for b, y in ranked[:3]]
    await workflow.lin.createTask(x=top)
''')

case("held6_mc_stderr", ["replica", "lin", "count"], ["--rel-se", "0.01"],
     {"x": 3.0, "batch": 4, "max_batches": 6, "rel_se": 0.01},
     "Monte Carlo replicas drawn in batches of seeds until the relative standard error "
     "is small, capped (a while with a counter, break, and an else), samples extended "
     "from a generator, statistics.stdev, then the mean and the sample count as runs", '''
import math
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0, help="configuration")
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--max-batches", type=int, default=6)
    parser.add_argument("--rel-se", type=float, default=0.004)


async def main(workflow, **params):
    samples = []
    batch = 0
    mean = se = math.inf
    while batch < params["max_batches"]:
        seeds = list(range(batch * params["batch"], (batch + 1) * params["batch"]))
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        samples.extend(run.y for run, job in runs)
        batch += 1
        mean = statistics.mean(samples)
        se = statistics.stdev(samples) / math.sqrt(len(samples))
        print(f"batch {batch}: n={len(samples)} mean={mean:.5f} se={se:.5f}")
        if se / abs(mean) < params["rel_se"]:
            break
    else:
        print("cap reached before the target error")
    await workflow.lin.createTask(x=round(mean, 9))
    await workflow.count.createTask(n=len(samples))
''')

case("held6_bisect_critical_dt", ["solve", "lin", "count"], ["--tol", "0.02"],
     {"lo": 0.05, "hi": 1.0, "tol": 0.02, "maxit": 10},
     "a bisection on the critical time step (stable or not) with a tolerance break in a "
     "capped for, probes kept as dataclass objects, a filter on them, then runs at safety "
     "fractions of the critical step", '''
from dataclasses import dataclass


@dataclass
class Probe:
    dt: float
    stable: bool
    res: float


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.05)
    parser.add_argument("--hi", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--maxit", type=int, default=10)


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    probes = []
    for _ in range(params["maxit"]):
        mid = 0.5 * (lo + hi)
        (run, job), = await workflow.solve.createTask(dt=mid)
        probes.append(Probe(mid, bool(run.ok), run.res))
        if run.ok:
            lo = mid
        else:
            hi = mid
        if hi - lo < params["tol"]:
            break
    critical = lo
    stable = [p for p in probes if p.stable]
    print(f"critical dt ~ {critical:.4f} after {len(probes)} probes, {len(stable)} stable")
    safety = [0.5, 0.8, 0.95]
    await workflow.lin.createTask(x=[round(f * critical, 6) for f in safety])
    await workflow.count.createTask(n=len(stable))
''')

case("held6_yaml_stage_pipeline", ["sq", "lin", "count"], [],
     {"plan": "stages.yaml", "only": None},
     "a pipeline of stages read from a YAML file next to the orchestrator: each stage's "
     "task manager by getattr, its inputs the previous outputs scaled, a history dict "
     "keyed by formatted stage names, an optional param cutting the plan", '''
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--plan", default="stages.yaml")
    parser.add_argument("--only", type=int, default=None, help="stop after this many stages")


async def main(workflow, **params):
    with open(os.path.join(HERE, params["plan"])) as f:
        plan = yaml.safe_load(f)
    stages = plan["stages"]
    if params["only"] is not None:
        stages = stages[: params["only"]]
    values = list(plan["start"])
    history = {}
    for i, stage in enumerate(stages):
        manager = getattr(workflow, stage["study"])
        xs = [stage["scale"] * v for v in values]
        runs = await manager.createTask(x=xs)
        values = [run.y for run, job in runs]
        history[f"{i}:{stage['study']}"] = values
        print(f"stage {i} ({stage['study']}): {values}")
    big = sum(1 for v in values if v > 1.0)
    await workflow.count.createTask(n=big + 10 * len(history))
''', files={"stages.yaml": """
# each stage takes the outputs of the one before, scaled
stages:
  - {study: sq, scale: 1.0}
  - {study: lin, scale: 0.5}
  - {study: sq, scale: 0.5}
start: [1.0, 2.0]
"""})

case("held6_json_material_groups", ["replica", "label"], ["--seeds", "1", "2", "3"],
     {"seeds": [1, 2, 3]},
     "materials and their loads from a JSON file, an owner dict keyed by load, replicas "
     "over loads x seeds, a defaultdict grouping by material, pstdev per group, the "
     "groups sorted by a dict's get, the steadiest and the noisiest labelled", '''
import json
import statistics
from collections import defaultdict
from pathlib import Path

SWEEP = Path(__file__).parent / "materials.json"


def populate_arg_parser(parser):
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])


async def main(workflow, **params):
    materials = json.loads(SWEEP.read_text())
    owner = {}
    for name, loads in materials.items():
        for x in loads:
            owner[x] = name
    xs = sorted(owner)
    runs = await workflow.replica.createTask(x=xs, seed=params["seeds"])
    by_material = defaultdict(list)
    for run, job in runs:
        by_material[owner[job.x]].append(run.y / job.x)
    spread = {m: statistics.pstdev(v) for m, v in by_material.items()}
    for m in sorted(spread, key=spread.get):
        print(f"{m:6s} n={len(by_material[m])} spread={spread[m]:.4f}")
    best = min(spread, key=spread.get)
    await workflow.label.createTask(name=best)
    worst = max(spread.items(), key=lambda kv: kv[1])[0]
    await workflow.label.createTask(name=worst + "-redo")
''', files={"materials.json": """
{"steel": [1.0, 2.0], "alu": [0.5, 1.5, 2.5], "glass": [3.0]}
"""})

case("held6_newton_multistart", ["newton", "sq", "count"], ["--starts", "0.5", "1", "3"],
     {"starts": [0.5, 1.0, 3.0], "tol": 1e-6, "maxit": 8},
     "Newton iterations from several starts gathered (a helper coroutine per start "
     "returning a dataclass from inside a capped loop), the results sorted in place by "
     "a tuple key, distinct roots from a set of rounded values", '''
import asyncio
from dataclasses import dataclass


@dataclass
class Root:
    start: float
    x: float
    err: float
    iterations: int


def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0])
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--maxit", type=int, default=8)


async def newton(workflow, x0, tol, maxit):
    x = x0
    for k in range(1, maxit + 1):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return Root(x0, x, run.err, k)
    return Root(x0, x, run.err, maxit)


async def main(workflow, **params):
    roots = await asyncio.gather(
        *(newton(workflow, s, params["tol"], params["maxit"]) for s in params["starts"]))
    roots.sort(key=lambda r: (r.iterations, r.start))
    for r in roots:
        print(f"start {r.start}: x={r.x:.12f} err={r.err:.1e} in {r.iterations}")
    distinct = sorted({round(r.x, 8) for r in roots})
    await workflow.sq.createTask(x=distinct)
    await workflow.count.createTask(n=sum(r.iterations for r in roots))
''', segments=3)

case("held6_chain_tasks_lookup", ["sq", "lin", "mix", "total", "follow"],
     ["--xs", "0.5", "1", "2", "--skip", "1"], {"xs": [0.5, 1.0, 2.0], "skip": [1.0]},
     "a chain sq -> lin -> mix per input as asyncio tasks in a dict (some inputs "
     "skipped), awaited in a loop, results as dicts, a try/except KeyError lookup per "
     "input, a fan-in of ids, the best chain by a key lambda followed up", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--skip", type=float, nargs="*", default=[])


async def chain(workflow, x):
    (s, _), = await workflow.sq.createTask(x=x)
    (lr, _), = await workflow.lin.createTask(x=s.y)
    (m, _), = await workflow.mix.createTask(a=x, b=lr.y)
    return {"x": x, "sq": s.id, "y": m.y}


async def main(workflow, **params):
    tasks = {}
    for x in params["xs"]:
        if x in params["skip"]:
            continue
        tasks[x] = asyncio.create_task(chain(workflow, x))
    results = {}
    for x, t in tasks.items():
        results[x] = await t
    ids = []
    for x in params["xs"]:
        try:
            ids.append(results[x]["sq"])
        except KeyError:
            print(f"x={x} was skipped")
    await workflow.total.createTask(sq_ids=ids)
    best = max(results.values(), key=lambda r: r["y"])
    await workflow.follow.createTask(sq_id=best["sq"], x=best["x"])
''')

case("held6_adaptive_grid_numpy", ["sq", "lin"], ["--jump", "0.6"],
     {"lo": 0.0, "hi": 2.0, "n0": 5, "jump": 0.6},
     "a numpy grid refined where neighbouring outputs jump (np.diff, np.nonzero, fancy "
     "indexing for midpoints), the refined points run only if any, arrays concatenated "
     "and argsorted, a trapezoid integral of the outputs as the last run", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=2.0)
    parser.add_argument("--n0", type=int, default=5)
    parser.add_argument("--jump", type=float, default=1.0, help="refine where |dy| exceeds it")


async def main(workflow, **params):
    xs = np.linspace(params["lo"], params["hi"], params["n0"])
    runs = await workflow.sq.createTask(x=xs.tolist())
    ys = np.array([run.y for run, job in runs])
    dy = np.abs(np.diff(ys))
    cut = np.nonzero(dy > params["jump"])[0]
    mids = 0.5 * (xs[cut] + xs[cut + 1])
    print(f"{len(mids)} intervals refined: {mids}")
    if len(mids):
        extra = await workflow.sq.createTask(x=mids.tolist())
        xs = np.concatenate([xs, mids])
        ys = np.concatenate([ys, [run.y for run, job in extra]])
    order = np.argsort(xs)
    xs, ys = xs[order], ys[order]
    integral = float(np.sum(0.5 * (ys[1:] + ys[:-1]) * np.diff(xs)))
    await workflow.lin.createTask(x=round(integral, 10))
''')

case("held6_dt_halving_records", ["solve", "count"], [],
     {"dt": 1.0, "tries": 6, "extra": 2},
     "a time step halved until stable (a capped for with break and an else raising), "
     "attempts as namedtuples, then finer steps run together, ratios of successive "
     "residuals from zip with a slice, a count built from both", '''
from collections import namedtuple

Attempt = namedtuple("Attempt", ["dt", "ok", "res"])


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=6)
    parser.add_argument("--extra", type=int, default=2, help="finer steps after the stable one")


async def main(workflow, **params):
    attempts = []
    dt = params["dt"]
    for _ in range(params["tries"]):
        (run, job), = await workflow.solve.createTask(dt=dt)
        attempts.append(Attempt(dt, run.ok, run.res))
        if run.ok:
            break
        dt /= 2
    else:
        raise RuntimeError(f"no stable step down to dt={dt}")
    stable_dt = attempts[-1].dt
    finer = [stable_dt / 2 ** k for k in range(1, params["extra"] + 1)]
    refined = await workflow.solve.createTask(dt=finer)
    res = [attempts[-1].res] + [run.res for run, job in refined]
    ratios = [a / b for a, b in zip(res, res[1:])]
    print("residual ratios", ratios)
    await workflow.count.createTask(n=len(attempts) * 10 + round(ratios[-1]))
''')

case("held6_label_report_csv", ["label", "count", "sq"],
     ["--names", "alpha", "be", "gamma", "pi", "omega"],
     {"names": ["alpha", "be", "gamma", "pi", "omega"], "report": "report.csv"},
     "rows as dicts per run, sorted with operator.itemgetter on two keys, grouped with "
     "setdefault(...).append, the group sizes and the longest name run, the table "
     "written with csv.DictWriter at the end", '''
import csv
from operator import itemgetter
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "beta"])
    parser.add_argument("--report", default="report.csv")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    rows = [{"name": job.name, "text": run.text, "length": run.y} for run, job in runs]
    rows.sort(key=itemgetter("length", "name"))
    by_length = {}
    for row in rows:
        by_length.setdefault(row["length"], []).append(row["name"])
    longest = rows[-1]
    await workflow.count.createTask(n=[len(v) for v in by_length.values()])
    await workflow.sq.createTask(x=float(longest["length"]))
    with open(Path(__file__).with_name(params["report"]), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["name", "text", "length"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows")
''', partial=True)

case("held6_sensitivity_branch", ["mix", "lin"], [],
     {"a": 2.0, "b": 0.5, "rel_step": 0.1, "points": 3},
     "finite-difference sensitivities from three gathered runs, normalised in a loop "
     "over a tuple of tuples under try/except ZeroDivisionError, the driving parameter "
     "by max with a key reading a dict, then a sweep of that parameter on a branch", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=2.0)
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--rel-step", type=float, default=0.1)
    parser.add_argument("--points", type=int, default=3)


async def one(workflow, a, b):
    (run, job), = await workflow.mix.createTask(a=a, b=b)
    return run.y


async def main(workflow, **params):
    a, b, h = params["a"], params["b"], params["rel_step"]
    base, ya, yb = await asyncio.gather(
        one(workflow, a, b), one(workflow, a * (1 + h), b), one(workflow, a, b * (1 + h)))
    sens = {}
    for name, value, y in (("a", a, ya), ("b", b, yb)):
        try:
            sens[name] = (y - base) / base * value / (value * h)
        except ZeroDivisionError:
            sens[name] = 0.0
    driver = max(sens, key=lambda k: abs(sens[k]))
    print("normalised sensitivities:", {k: round(v, 4) for k, v in sens.items()})
    half = params["points"] // 2
    span = [1.0 + 0.25 * k for k in range(-half, half + 1)]
    if driver == "a":
        await workflow.mix.createTask(a=[a * s for s in span], b=b)
    else:
        await workflow.mix.createTask(a=a, b=[b * s for s in span])
    await workflow.lin.createTask(x=round(sens[driver], 8))
''')

case("held6_replica_running_mean", ["replica", "lin", "count"], [],
     {"xs": [1.0, 2.0], "max_seeds": 8, "tol": 0.01},
     "per configuration, replicas one seed at a time until the running mean "
     "(itertools.accumulate) settles, capped; a dict of (mean, count) tuples, the "
     "cheapest configuration by min over items with a nested unpacking", '''
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max-seeds", type=int, default=8)
    parser.add_argument("--tol", type=float, default=0.01)


async def main(workflow, **params):
    converged = {}
    for x in params["xs"]:
        ys = []
        means = []
        for seed in range(params["max_seeds"]):
            (run, job), = await workflow.replica.createTask(x=x, seed=seed)
            ys.append(run.y)
            means = [s / (i + 1) for i, s in enumerate(itertools.accumulate(ys))]
            if len(means) >= 3 and abs(means[-1] - means[-2]) < params["tol"] * abs(means[-1]):
                break
        converged[x] = (means[-1], len(ys))
    best_x, (best_mean, used) = min(converged.items(), key=lambda kv: kv[1][1])
    print(f"cheapest: x={best_x} mean={best_mean:.4f} with {used} replicas")
    await workflow.lin.createTask(x=[round(m, 9) for m, n in converged.values()])
    await workflow.count.createTask(n=used)
''', partial=True, segments=1)

case("held6_gap_screening", ["gap", "sq", "total"], [],
     {"xs": [2.0, 12.0, 5.0, 30.0, 7.5], "fill": None},
     "a screening sweep whose outputs may be missing (None), split into two lists in a "
     "loop with an if/else, an optional fill param, the valid pairs sorted descending by "
     "a key lambda, the top three squared with a gather of createTasks, ids fanned in", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])
    parser.add_argument("--fill", type=float, default=None, help="value for missing outputs")


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid, missing = [], []
    for run, job in screen:
        if run.y is None:
            missing.append(job.x)
        else:
            valid.append((job.x, run.y))
    print(f"{len(valid)} valid, {len(missing)} missing: {missing}")
    if params["fill"] is not None:
        valid += [(x, params["fill"]) for x in missing]
    valid.sort(key=lambda p: p[1], reverse=True)
    squares = await asyncio.gather(*[workflow.sq.createTask(x=y) for x, y in valid[:3]])
    ids = [run.id for runs in squares for run, job in runs]
    await workflow.total.createTask(sq_ids=ids)
''')


# ---- held6 probes (scratch) ----

case("held6p_gen_twice", ["sq", "count"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "probe: a generator over runs consumed twice (the second pass is empty natively)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = (run.y for run, job in runs)
    total = sum(ys)
    n = sum(1 for _ in ys)
    await workflow.count.createTask(n=int(total) + 100 * n)
''')

case("held6p_map_twice", ["sq", "lin"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "probe: a map object over runs read by max, then listed (empty natively)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = map(lambda p: p[0].y, runs)
    top = max(ys)
    rest = list(ys)
    await workflow.lin.createTask(x=[top] + rest)
''', partial=True)

case("held6p_repr_numpy", ["sq", "label"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "probe: repr of a numpy float from an array of outputs as a label name", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([run.y for run, job in runs])
    best = ys.max()
    await workflow.label.createTask(name=repr(best))
    await workflow.label.createTask(name=str([best, ys.min()]))
''')

case("held6p_dict_reinsert_order", ["mix", "lin"], [], {"a": 1.0},
     "probe: a dict keyed by job.b filled over two sweeps sharing keys; its key order "
     "(first insertion wins) read by a slice", '''
def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)


async def main(workflow, **params):
    seen = {}
    for bs in ([3.0, 1.0], [2.0, 3.0]):
        runs = await workflow.mix.createTask(a=params["a"], b=bs)
        for run, job in runs:
            seen[job.b] = run.y
    keys = list(seen)
    await workflow.lin.createTask(x=keys[:2])
    await workflow.lin.createTask(x=list(seen.values())[-1])
''', segments=1, partial=True)

case("held6p_sorted_ties_stable", ["label", "step"],
     ["--names", "bb", "aa", "ccc", "dd"], {"names": ["bb", "aa", "ccc", "dd"]},
     "probe: runs sorted by an output with ties (stable: job order), enumerate of the "
     "sorted list mapped to a step with the position", '''
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    ranked = sorted(runs, key=lambda p: p[0].y, reverse=True)
    for i, (run, job) in enumerate(ranked):
        await workflow.step.createTask(x=float(len(job.name)) + 0.5 * (job.name < "c"), i=i)
''')

case("held6p_zero_truthy", ["sq", "lin"], ["--xs", "0", "1", "-1"], {"xs": [0.0, 1.0, -1.0]},
     "probe: truthiness of a zero output and of -0.0 in a loop over runs", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y:
            await workflow.lin.createTask(x=job.x)
        elif job.x == 0.0:
            await workflow.lin.createTask(x=100.0 + job.x)
''')

case("held6p_params_sorted_in_place", ["step"], ["--xs", "3", "1", "2"], {"xs": [3.0, 1.0, 2.0]},
     "probe: a list param sorted in place through another name, then mapped with "
     "enumerate", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    xs = params["xs"]
    xs.sort(reverse=True)
    for i, x in enumerate(params["xs"]):
        await workflow.step.createTask(x=x, i=i)
''')

case("held6p_percent_d_format", ["sq", "label"], ["--xs", "1.5", "2.5"], {"xs": [1.5, 2.5]},
     "probe: %d and {:.0f} formatting of float outputs (truncation, banker's rounding) as "
     "label names", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    names = ["n%d" % run.y for run, job in runs]
    names += ["r{:.0f}".format(job.x) for run, job in runs]
    await workflow.label.createTask(name=names)
''')

case("held6p_filter_twice", ["sq", "count"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "probe: a filter object over outputs tested for emptiness by any() then counted "
     "(consumed partly)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = filter(lambda y: y > 1.5, [run.y for run, job in runs])
    if any(True for _ in big):
        await workflow.count.createTask(n=len(list(big)))
''', partial=True)

case("held6p_int_output_float_field", ["count", "sq", "label"], ["--ns", "1", "2"], {"ns": [1, 2]},
     "probe: an int output (count y = 10 n) given to a float field, its square's type "
     "named in a label", '''
def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    for run, job in runs:
        (s, _), = await workflow.sq.createTask(x=run.y / 10)
        await workflow.label.createTask(name=type(s.y).__name__ + str(s.y))
''', partial=True)

case("held6p_bisect_mutate_probe", ["solve", "lin"], [], {"maxit": 6},
     "probe: a capped bisection whose dataclass probes are changed after the loop "
     "(the last one marked), then filtered", '''
from dataclasses import dataclass


@dataclass
class Probe:
    dt: float
    stable: bool


def populate_arg_parser(parser):
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    lo, hi = 0.0, 1.0
    probes = []
    for _ in range(params["maxit"]):
        mid = 0.5 * (lo + hi)
        (run, job), = await workflow.solve.createTask(dt=mid)
        probes.append(Probe(mid, run.ok == 1))
        if run.ok:
            lo = mid
        else:
            hi = mid
    probes[-1].stable = not probes[-1].stable
    kept = [p.dt for p in probes if p.stable]
    await workflow.lin.createTask(x=kept)
''', partial=True)

case("held6p_zip_pairs_slice", ["sq", "lin"], ["--xs", "1", "2", "4"], {"xs": [1.0, 2.0, 4.0]},
     "probe: neighbouring pairs of runs from zip(runs, runs[1:]) mapped to a step on their "
     "difference", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for (a, ja), (b, jb) in zip(runs, runs[1:]):
        await workflow.lin.createTask(x=b.y - a.y)
''')


case("atk_default_shorter_than_nargs", ["sq", "lin"], [], {"ws": [1.5]},
     "a list param's default shorter than its nargs (argparse never checks a default): "
     "main gets it as it is; its length decides the next step",
     """
def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, default=[1.5])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["ws"])
    if len(params["ws"]) < 2:
        await workflow.lin.createTask(x=runs[0][0].y)
    else:
        await workflow.lin.createTask(x=params["ws"][1])
""")

case("atk_default_shorter_than_nargs_indexed", ["sq", "lin"], [], {"ws": [1.5]},
     "the second item of an nargs=2 param whose default has one item, read after a "
     "step: main stops with IndexError there",
     """
def populate_arg_parser(parser):
    parser.add_argument("--ws", type=float, nargs=2, default=[1.5])


async def main(workflow, **params):
    await workflow.sq.createTask(x=params["ws"][0])
    await workflow.lin.createTask(x=params["ws"][1])
""", raises="IndexError: list index out of range")

case("atk_default_scalar_for_nargs_plus", ["sq", "lin"], [], {"xs": 2.5},
     "an nargs='+' option whose default is one number, not a list: main gets the number",
     """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=2.5)


async def main(workflow, **params):
    xs = params["xs"]
    if not isinstance(xs, list):
        xs = [xs, xs + 1.0]
    runs = await workflow.sq.createTask(x=xs)
    await workflow.lin.createTask(x=sum(run.y for run, job in runs))
""")

case("atk_default_string_converted", ["sq", "lin"], [], {"x": 1.5, "xs": 0.5},
     "string defaults converted by type as argparse does (an nargs='+' one to one "
     "number, not a list)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default="1.5")
    parser.add_argument("--xs", type=float, nargs="+", default="0.5")


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    xs = params["xs"] if isinstance(params["xs"], list) else [params["xs"]]
    await workflow.lin.createTask(x=[run.y + x for x in xs])
""")

case("atk_default_outside_choices", ["sq", "lin"], [], {"level": 3},
     "a default that is not among the choices (argparse never checks it): main gets it",
     """
def populate_arg_parser(parser):
    parser.add_argument("--level", type=int, choices=[1, 2], default=3)


async def main(workflow, **params):
    if params["level"] > 2:
        await workflow.sq.createTask(x=float(params["level"]))
    else:
        await workflow.lin.createTask(x=float(params["level"]))
""")

# ---- formatting of traced values: wrong DAGs the held6 probes found, now cuts ----

case("held6f_builtins_mix", ["count", "label", "step"], ["--ns", "1", "3"], {"ns": [1, 3]},
     "was a wrong DAG (now a cut): other runs than main (the probe the two below reduce): "
     "builtins of int and str outputs (divmod, format with 'b', repr, ascii, "
     "int(text, 36), round of a division) given to steps; len(ascii(lab.text)) is 20 in the "
     "DAG (step i=20) where main makes i=8 and i=9", '''
def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    labs = await workflow.label.createTask(
        name=[format(run.y, "b") + repr(run.y) for run, job in runs])
    for run, job in runs:
        q, r = divmod(run.y, 4)
        await workflow.step.createTask(x=float(q) + round(run.y / 4), i=r)
    for lab, job in labs:
        await workflow.step.createTask(x=float(int(lab.text, 36) % 97), i=len(ascii(lab.text)))
''', partial=True)


case("held6f_ascii_len", ["label", "count"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: ascii() of a traced value (an "
     "output here; a free "
     "param, f'{v!a}', '%a' and '{!a}'.format too) is answered while tracing from the "
     "stand-in and fixed in the DAG: count n=20 where main makes n=4 (len(\"'AB'\"))", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(ascii(run.text)))
''', partial=True)

case("held6f_conversion_spec", ["label"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: an f-string field with a conversion "
     "and a format spec "
     "(f'{run.y!s:>5}', f'{v!r:>9}') of a traced value compiles to str()/repr() without "
     "the spec: the DAG makes label name='2' where main makes name='    2' (on a tuple "
     "output, f'{run.bounds!r:>14}' pads to another width: '   (1.0, 2.0)' where main "
     "makes '    (1.0, 2.0)'; 26 other uses of a tuple output as names are right; a "
     "free param and a job field lose it too: f'{params[\"name\"]!s:>4}', "
     "f'{run.y!r:<4}|' made '2|' where main makes '2   |'; a spec without a conversion "
     "is right)", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name=f"{run.y!s:>5}")
''', partial=True)

case("held6f_percent_width", ["label"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: '%5s' % value ('{!s:>5}'.format(v), "
     "'{!r:>6}'.format(v) "
     "too) of a traced value compiles to str()/repr() without its width: the DAG makes "
     "label name='2' where main makes name='    2'; and '%.1s' % run.text is answered "
     "while tracing from the stand-in: the DAG makes name='\u27e8' where main makes "
     "name='A' (a probe of 24 formattings found these; '{:>{w}}', '%(a)s', '{r.text}', "
     "f'{v:{width}.3f}', '{:.1%}', ':,', ':#x', ':03d' and the others compile right; "
     "'%-4s|' % job.name and '%4s' % params['name'] lose the width too)", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name="%5s" % run.y)
    await workflow.label.createTask(name="%.1s" % run.text)
''', partial=True, segments=1)


case("held6f_str_job", ["label", "count"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: str() of a job compiles, but the "
     "DAG's task formats "
     "another object than BlackDynamite's job (natively 'JobZEO object:\\n  id: 1\\n  "
     "name: ab', 33 characters): the DAG makes count n=59 where main makes n=33", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(str(job)))
''', partial=True)


case("held6f_percent_tuple_output", ["pair", "label"], [], {"x": 1.0},
     "was a wrong DAG (now a cut): a step main never reaches: '%s' % run.bounds, an output "
     "that is a tuple, "
     "compiles to str(run.bounds); natively % takes the tuple as its arguments and "
     "raises (not all arguments converted), so main makes no label run, where the DAG "
     "makes label name='(1.0, 2.0)'. ('%s-%s' % run.bounds, right natively, is refused "
     "as an error of the orchestrator.)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    await workflow.label.createTask(name="%s" % run.bounds)
''', raises="TypeError: not all arguments converted during string formatting", partial=True)


# ---- a try catching the module's own exceptions (attacks) ----

case("atk_ev_retry_in_loop", ["solve", "lin", "sq", "count"], ["--dt", "1.0"],
     {"dt": 1.0},
     "attack: a try inside a capped loop raising the module's own exception on an "
     "output, the except halving the step (carried to the next iteration), a break in "
     "the try, a history list appended before the raise", '''
class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)


async def main(workflow, **params):
    dt = params["dt"]
    res = None
    tried = []
    for attempt in range(5):
        try:
            (run, job), = await workflow.solve.createTask(dt=dt)
            tried.append(dt)
            if not run.ok:
                raise Unstable(dt)
            res = run.res
            break
        except Unstable:
            dt = dt / 2
    await workflow.lin.createTask(x=dt)
    await workflow.count.createTask(n=len(tried))
    if res is not None:
        await workflow.sq.createTask(x=res * 100)
''')

case("atk_ev_err_args", ["sq", "lin"], ["--x", "3"], {"x": 3.0},
     "attack: the module's own exception carries an output; the except reads it from "
     "err.args and makes a step of it", '''
class TooBig(ValueError):
    """An output above the limit."""


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
        y = run.y
    except TooBig as err:
        y = err.args[0] / 10
    await workflow.lin.createTask(x=y)
''')

case("atk_ev_err_args_small", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "attack: atk_ev_err_args where the output is below the limit (the try's own path)",
     '''
class TooBig(ValueError):
    """An output above the limit."""


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
        y = run.y
    except TooBig as err:
        y = err.args[0] / 10
    await workflow.lin.createTask(x=y)
''')

case("atk_ev_str_err_two_args", ["sq", "label"], ["--x", "3"], {"x": 3.0},
     "attack: the own exception made with two values, one an output; str(err) (the "
     "repr of a tuple holding the output) given as a job parameter", '''
class TooBig(ValueError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y, "big")
        name = "ok"
    except TooBig as err:
        name = str(err)
    await workflow.label.createTask(name=name)
''')

case("atk_ev_str_err_fstring", ["sq", "label"], ["--x", "3"], {"x": 3.0},
     "attack: the own exception's message formats an output; str(err) given as a job "
     "parameter", '''
class TooBig(ValueError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(f"y={run.y} x={job.x}")
        name = "ok"
    except TooBig as err:
        name = str(err)
    await workflow.label.createTask(name=name)
''')

case("atk_ev_helper_lookup", ["sq", "lin"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "attack: a helper looking an output up in a module dict (a run-time call) raises "
     "the module's own exception for an unknown key, inside a try catching it", '''
LIMITS = {1: 0.5, 4: 2.0}


class Unknown(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def limit(y):
    key = int(round(y))
    if key not in LIMITS:
        raise Unknown(key)
    return LIMITS[key]


async def main(workflow, **params):
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        try:
            lim = limit(run.y)
        except Unknown:
            lim = -1.0
        await workflow.lin.createTask(x=lim)
''', partial=True)

case("atk_ev_value_before_try", ["sq", "lin"], ["--x", "2"], {"x": 2.0},
     "attack: a value computed by a run-time call of the workflow's helper before the "
     "try, used inside a try catching the module's own exception", '''
LIMITS = {1: 0.5, 4: 2.0, 9: 3.0}


class Unknown(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


def limit(y):
    return LIMITS.get(int(round(y)), 0.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    lim = limit(run.y)
    try:
        (run2, job2), = await workflow.lin.createTask(x=lim * 2)
        if run2.y > 4:
            raise Unknown(run2.y)
        z = run2.y
    except Unknown:
        z = 0.0
    await workflow.sq.createTask(x=z + 10)
''', segments=1)

case("atk_ev_gather_raise", ["sq", "lin", "count"], ["--a", "1", "--b", "3"],
     {"a": 1.0, "b": 3.0},
     "attack: two chains run by asyncio.gather, each with a try catching the module's "
     "own exception raised on an output (in one of them), the except making a step", '''
import asyncio


class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=3.0)


async def chain(workflow, x):
    try:
        (run, job), = await workflow.sq.createTask(x=x)
        if run.y > 5:
            raise TooBig(run.y)
        (run, job), = await workflow.lin.createTask(x=run.y)
        return run.y
    except TooBig as err:
        (run, job), = await workflow.lin.createTask(x=-err.args[0])
        return 0.0


async def main(workflow, **params):
    ys = await asyncio.gather(chain(workflow, params["a"]), chain(workflow, params["b"]))
    await workflow.count.createTask(n=int(sum(ys)))
''', partial=True)

case("atk_ev_mapped_raise", ["sq", "lin", "count"], ["--xs", "1", "3", "2"],
     {"xs": [1.0, 3.0, 2.0]},
     "attack: a try catching the module's own exception around a loop over runs that "
     "raises it at the first big output (steps made for the items before it only)", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    n = 0
    try:
        for run, job in runs:
            if run.y > 5:
                raise TooBig(run.y)
            await workflow.lin.createTask(x=run.y)
    except TooBig:
        n = 1
    await workflow.count.createTask(n=n)
''', segments=1)

case("atk_ev_alias", ["sq", "lin"], ["--x", "3"], {"x": 3.0, "ws": [1.0]},
     "attack: the exception class bound to a second name (a value, not only raised or "
     "caught) and caught under it; an index of a short list param inside the try", '''
class TooBig(ValueError):
    pass


Big = TooBig


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--ws", type=float, nargs="*", default=[1.0])


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise Big(run.y)
        y = run.y * params["ws"][0]
    except Big:
        y = -1.0
    await workflow.lin.createTask(x=y)
''', partial=True)

case("atk_ev_none_output", ["gap", "lin"], ["--x", "12"], {"x": 12.0},
     "attack: a try catching the module's own exception, its test comparing an output "
     "that is None (a TypeError natively, which the except does not catch)", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.gap.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
        y = run.y
    except TooBig:
        y = 0.0
    await workflow.lin.createTask(x=y)
''', raises="TypeError: '>' not supported between instances of 'NoneType' and 'int'")

case("atk_ev_none_is_test", ["gap", "lin", "sq"], ["--xs", "12", "3"],
     {"xs": [12.0, 3.0]},
     "attack: an is-None test on an output raising the module's own exception, caught "
     "per item of a loop over a list param", '''
class Missing(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        try:
            (run, job), = await workflow.gap.createTask(x=x)
            if run.y is None:
                raise Missing(x)
            await workflow.lin.createTask(x=run.y)
        except Missing:
            await workflow.sq.createTask(x=x)
''')

case("atk_ev_lookup_base", ["sq", "lin"], ["--x", "3"], {"x": 3.0},
     "attack: the module's exception derives from KeyError (Python's lookups catch "
     "those): a dict param's key read inside the try", '''
class Missing(KeyError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise Missing("y")
        y = run.y + 1
    except Missing:
        y = 0.5
    await workflow.lin.createTask(x=y)
''', segments=1)

case("atk_ev_else_finally", ["sq", "lin", "count"], ["--x", "3"], {"x": 3.0},
     "attack: a try catching the module's own exception with an else and a finally, "
     "each making a step, the except making one too", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    n = 0
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
    except TooBig as err:
        n = 1
        await workflow.lin.createTask(x=err.args[0])
    else:
        n = 2
        await workflow.lin.createTask(x=run.y + 100)
    finally:
        await workflow.count.createTask(n=n)
''', partial=True)

case("atk_ev_nested_generic", ["sq", "lin"], ["--x", "3"], {"x": 3.0},
     "attack: a try catching the module's own exception inside a try catching "
     "Exception (its body's errors may all be caught)", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        try:
            (run, job), = await workflow.sq.createTask(x=params["x"])
            if run.y > 5:
                raise TooBig(run.y)
            y = run.y / (run.y - 9)
        except TooBig:
            y = 1.0
    except Exception:
        y = -2.0
    await workflow.lin.createTask(x=y)
''', segments=1)

case("atk_ev_merged_if", ["sq", "lin", "count"], ["--x", "3"], {"x": 3.0},
     "attack: inside a try catching the module's own exception, an if whose branches "
     "only make steps, then a raise on an output", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    n = 0
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 4:
            await workflow.lin.createTask(x=1.0)
        else:
            await workflow.lin.createTask(x=2.0)
        if run.y > 8:
            raise TooBig(run.y)
        n = 3
    except TooBig:
        n = 7
    await workflow.count.createTask(n=n)
''')

case("atk_ev_reraise_outer", ["sq", "lin", "count"], ["--x", "3"], {"x": 3.0},
     "attack: an except of the module's own exception raising another of its classes, "
     "caught by an outer try in main; the inner one in a helper coroutine", '''
class TooBig(RuntimeError):
    pass


class GiveUp(TooBig):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def attempt(workflow, x):
    try:
        (run, job), = await workflow.sq.createTask(x=x)
        if run.y > 5:
            raise TooBig(run.y)
        return run.y
    except TooBig as err:
        (run, job), = await workflow.lin.createTask(x=err.args[0])
        if run.y > 10:
            raise GiveUp(run.y) from err
        return run.y


async def main(workflow, **params):
    try:
        y = await attempt(workflow, params["x"])
        n = int(y)
    except GiveUp:
        n = -1
    await workflow.count.createTask(n=n)
''')

case("atk_ev_init_state", ["sq", "lin"], ["--x", "3"], {"x": 3.0},
     "attack: the module's exception class has an __init__ keeping state; the except "
     "reads it", '''
class TooBig(RuntimeError):
    def __init__(self, y):
        super().__init__(f"y={y}")
        self.y = y * 2


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(run.y)
        y = run.y
    except TooBig as err:
        y = err.y
    await workflow.lin.createTask(x=y)
''', partial=True)

case("atk_ev_rebound_name", ["sq", "lin"], ["--x", "3"], {"x": 3.0},
     "attack: a helper's parameter shadows the exception's name, so its except catches "
     "what the caller passes (ZeroDivisionError)", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def careful(workflow, x, TooBig=ZeroDivisionError):  # noqa: N803
    try:
        (run, job), = await workflow.sq.createTask(x=x)
        return 1.0 / (run.y - 9)
    except TooBig:
        return 0.0


async def main(workflow, **params):
    y = await careful(workflow, params["x"])
    await workflow.lin.createTask(x=y)
''', partial=True)

case("atk_ev_stable_dt_gives_up", ["solve", "lin", "sq"], ["--dt", "4.0", "--tries", "3"],
     {"dt": 4.0, "tries": 3, "fallback_dt": 0.01},
     "attack: held_stable_dt where every try is unstable: the helper raises its own "
     "exception after the capped loop, main's except picks the fallback step", '''
class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--fallback-dt", dest="fallback_dt", type=float, default=0.01)


async def stable_dt(workflow, dt, tries):
    for attempt in range(tries):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            return dt, run.res
        dt *= 0.5
    raise Unstable(f"no stable step after {tries} tries (last dt={dt})")


async def main(workflow, **params):
    try:
        dt, res = await stable_dt(workflow, params["dt"], params["tries"])
    except Unstable as err:
        print("giving up:", err)
        dt, res = params["fallback_dt"], None
    await workflow.lin.createTask(x=dt)
    if res is not None:
        await workflow.sq.createTask(x=res * 1000)
''')

case("atk_ev_key_helper", ["sq", "lin"], ["--xs", "1", "3", "2"], {"xs": [1.0, 3.0, 2.0]},
     "attack: inside a try catching the module's own exception, min of outputs with a "
     "key function of the module that raises it on a big output", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def penalty(y):
    if y > 5:
        raise TooBig(y)
    return abs(y - 2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    try:
        best = min(ys, key=penalty)
    except TooBig:
        best = -1.0
    await workflow.lin.createTask(x=best)
''', partial=True)

case("atk_ev_finally_divzero", ["sq", "lin", "count"], ["--x", "3"], {"x": 3.0},
     "attack: inside a try catching the module's own exception, a division by zero on "
     "an output (natively not caught: main fails after the finally's step)", '''
class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 50:
            raise TooBig(run.y)
        z = 1.0 / (run.y - 9)
        await workflow.lin.createTask(x=z)
    except TooBig:
        z = 0.0
    finally:
        await workflow.count.createTask(n=1)
    await workflow.sq.createTask(x=z + 20)
''', segments=1, raises="ZeroDivisionError: float division by zero")

case("atk_ev_while_retry", ["solve", "lin", "count"], ["--dt", "2.0"], {"dt": 2.0},
     "attack: a while loop with a cap counter, a try around the step raising the "
     "module's own exception when unstable, the except halving dt and counting", '''
class Unstable(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)


async def main(workflow, **params):
    dt = params["dt"]
    failures = 0
    done = False
    while not done and failures < 6:
        try:
            (run, job), = await workflow.solve.createTask(dt=dt)
            if run.ok == 0:
                raise Unstable("unstable")
            done = True
        except Unstable:
            failures += 1
            dt = dt / 2
    await workflow.lin.createTask(x=dt)
    await workflow.count.createTask(n=failures)
''')

case("atk_ev_finally_no_except", ["sq", "lin", "count"], ["--x", "3"], {"x": 3.0},
     "attack: a try with a finally and no except: a division by zero on an output in "
     "its body (natively main fails after the finally's step)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        z = 1.0 / (run.y - 9)
        await workflow.lin.createTask(x=z)
    finally:
        await workflow.count.createTask(n=1)
    await workflow.sq.createTask(x=z + 20)
''', segments=1, raises="ZeroDivisionError: float division by zero")


# a gather whose error a try (or suppress) catches leaves its other routines running
# beside what follows natively: no segment may hold it (it ran on past the segment's end)

GCATCH = """
import asyncio
import contextlib  # noqa: F401 (used by the suppress case)


async def chain(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > 50:
        raise ValueError("too big")
    (r2, j2), = await workflow.lin.createTask(x=run.y)
    return r2.y
"""

case("atk_gcatch_try_raises", ["sq", "lin", "count"], [], {},
     "a try around asyncio.gather where one gathered routine raises on an output", GCATCH + """

async def main(workflow, **params):
    try:
        ys = await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0))
    except ValueError:
        ys = [-1.0]
    await workflow.count.createTask(n=len(ys))
""", partial=True)

case("atk_gcatch_try_none_raises", ["sq", "lin", "count"], [], {},
     "a try around asyncio.gather where no routine raises",
     """
import asyncio


async def chain(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > 500:
        raise ValueError("too big")
    (r2, j2), = await workflow.lin.createTask(x=run.y)
    return r2.y


async def main(workflow, **params):
    try:
        ys = await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0))
    except ValueError:
        ys = [-1.0]
    await workflow.count.createTask(n=len(ys))
""", partial=True)


case("atk_gcatch_try_around_helper", ["sq", "lin", "count"], [], {},
     "a try in main around a helper whose gather has a routine raising", GCATCH + """

async def both(workflow):
    return await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0))


async def main(workflow, **params):
    try:
        ys = await both(workflow)
    except ValueError:
        ys = [-1.0]
    await workflow.count.createTask(n=len(ys))
""", partial=True)

case("atk_gcatch_helper_catches", ["sq", "lin", "count"], [], {},
     "a helper whose try catches its gather's error, called from main", GCATCH + """

async def both(workflow):
    try:
        return await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0))
    except ValueError:
        return [-1.0]


async def main(workflow, **params):
    ys = await both(workflow)
    await workflow.count.createTask(n=len(ys))
""", partial=True)

case("atk_gcatch_suppress", ["sq", "lin", "count"], [], {},
     "contextlib.suppress around a gather with a routine raising", GCATCH + """

async def main(workflow, **params):
    ys = [-1.0]
    with contextlib.suppress(ValueError):
        ys = await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0))
    await workflow.count.createTask(n=len(ys))
""", partial=True)

case("atk_gcatch_return_exceptions_in_try", ["sq", "lin", "count"], [], {},
     "a try around a gather with return_exceptions=True, its results tested (its errors "
     "passed on)", GCATCH + """

async def main(workflow, **params):
    try:
        ys = await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0),
                                  return_exceptions=True)
    except ValueError:
        ys = []
    good = [y for y in ys if not isinstance(y, Exception)]
    await workflow.count.createTask(n=len(good))
""", segments=2)

case("atk_gcatch_return_exceptions", ["sq", "lin", "count"], [], {},
     "a gather with return_exceptions=True in main, no try, the exceptions counted", GCATCH + """

async def main(workflow, **params):
    ys = await asyncio.gather(chain(workflow, 2.0), chain(workflow, 10.0),
                              return_exceptions=True)
    bad = sum(1 for y in ys if isinstance(y, ValueError))
    await workflow.count.createTask(n=bad + 10 * len(ys))
""", partial=True)


case("atk_gcatch_own_exceptions_returned", ["sq", "lin", "count"], [], {},
     "gather with return_exceptions=True of routines raising the orchestrator's own "
     "exception or a ZeroDivisionError; the results kept and sorted out by class after", """
import asyncio


class TooBig(ValueError):
    pass


async def chain(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > 50:
        raise TooBig(f"too big: {run.y}")
    if run.y < 2:
        return 1 / (run.y - 1.0)
    (r2, j2), = await workflow.lin.createTask(x=run.y)
    return r2.y


async def main(workflow, **params):
    await workflow.count.createTask(n=0)
    try:
        results = await asyncio.gather(chain(workflow, 1.0), chain(workflow, 8.0),
                                       chain(workflow, 3.0), return_exceptions=True)
    except RuntimeError:
        results = []
    big = [str(e) for e in results if isinstance(e, TooBig)]
    zero = [type(e).__name__ for e in results if isinstance(e, ZeroDivisionError)]
    fine = [y for y in results if not isinstance(y, Exception)]
    await workflow.count.createTask(n=100 * len(big) + 10 * len(zero) + len(fine))
    await workflow.lin.createTask(x=sum(fine) + len(big[0]))
""", segments=1, partial=True)

# match statements over outputs: Python tests class, sequence, mapping and singleton
# patterns on the object itself (the stand-in while tracing): such a subject is a cut

case("atk_match_class_capture", ["label", "count"], ["--name", "omega"], {"name": "omega"},
     "match on a text output with a class pattern capturing it (case str(t)): Python tests the "
     "stand-in's class while tracing",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.text:
        case str(t):
            await workflow.count.createTask(n=len(t))
        case _:
            await workflow.count.createTask(n=0)
""", partial=True)

case("atk_match_sequence_output", ["pair", "sq"], ["--x", "5"], {"x": 5.0},
     "match on a tuple output with a sequence pattern (case (lo, hi))",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=5.0)


async def main(workflow, **params):
    (p, _), = await workflow.pair.createTask(x=params["x"])
    match p.bounds:
        case (lo, hi):
            await workflow.sq.createTask(x=lo + hi)
        case _:
            await workflow.sq.createTask(x=-1.0)
""", partial=True)

case("atk_match_none_output", ["gap", "count"], ["--x", "12"], {"x": 12.0},
     "match on an output that is None natively (case None: identity, not ==)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=12.0)


async def main(workflow, **params):
    (g, _), = await workflow.gap.createTask(x=params["x"])
    match g.y:
        case None:
            await workflow.count.createTask(n=1)
        case _:
            await workflow.count.createTask(n=2)
""", partial=True)

case("atk_match_bool_singleton", ["sq", "count"], ["--x", "3"], {"x": 3.0},
     "match on a comparison of outputs against True/False singletons",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    match r.y > 5:
        case True:
            await workflow.count.createTask(n=1)
        case False:
            await workflow.count.createTask(n=2)
""", partial=True)

case("atk_match_fanin_length", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "match on a list of outputs built in a loop over runs, by its length (case [a, b]: / "
     "case [a, *rest])",
     """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    ys = [r.y for r, j in await workflow.sq.createTask(x=params["xs"])]
    match ys:
        case [a, b]:  # noqa: F841
            await workflow.count.createTask(n=2)
        case [a, *rest]:  # noqa: F841
            await workflow.count.createTask(n=10 + len(rest))
        case _:
            await workflow.count.createTask(n=0)
""", partial=True)

case("atk_match_nested_class_in_mapping", ["sq", "count"], ["--x", "2"], {"x": 2.0},
     "a mapping pattern over a plain dict whose value is an output, with a class pattern "
     "nested (case {'y': float(v)})",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    match {"y": r.y, "kind": "sq"}:
        case {"y": float(v)}:
            await workflow.count.createTask(n=int(v))
        case {"kind": k}:
            await workflow.count.createTask(n=len(k))
""", partial=True)

case("atk_match_dataclass_field_pattern", ["sq", "count"], ["--x", "2"], {"x": 2.0},
     "a class pattern over the orchestrator's dataclass holding an output, a nested int() "
     "pattern on the field",
     """
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    p = Point(params["x"], r.y)
    match p:
        case Point(y=int(n)):
            await workflow.count.createTask(n=n)
        case Point(y=y):
            await workflow.count.createTask(n=int(y) + 100)
""", partial=True)

case("atk_match_values_whole", ["label", "count", "lin"], ["--name", "ab"], {"name": "ab"},
     "match on outputs with value, or- and capture patterns only (== tests, traced): must "
     "compile whole",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.text:
        case "AB" | "BA":
            await workflow.count.createTask(n=1)
        case "XYZ":
            await workflow.count.createTask(n=3)
        case other:  # noqa: F841
            await workflow.lin.createTask(x=float(len(params["name"])))
    match lab.y:
        case 2:
            await workflow.lin.createTask(x=2.5)
        case _:
            await workflow.lin.createTask(x=-2.5)
""")

case("atk_match_plain_params_whole", ["sq", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "match with sequence and class patterns on params only (no output): Python's own "
     "answer is right",
     """
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    match params["xs"]:
        case [float(a), float(b)]:
            await workflow.sq.createTask(x=a + b)
        case [a, *rest]:  # noqa: F841
            await workflow.sq.createTask(x=a)
    await workflow.count.createTask(n=len(params["xs"]))
""")

# ---- held7_: study-like orchestrators combining several idioms (written blind) -------

case("held7_mesh_convergence_csv", ["mesh", "sq", "count"], [],
     {"sweep": "levels.json", "report": "convergence.csv"},
     "mesh levels from a JSON file next to main, a helper per level returning a dataclass, "
     "observed order from zip of consecutive levels, a printed table, a CSV written, max(key=)",
     '''
import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="levels.json")
    parser.add_argument("--report", default="convergence.csv")


@dataclass
class Level:
    h: float
    u: float
    cells: int

    @property
    def error(self):
        return abs(self.u - 1.0)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    spec = json.loads((HERE / params["sweep"]).read_text())
    levels = []
    h = spec["h0"]
    for _ in range(spec["levels"]):
        levels.append(await run_level(workflow, h))
        h = h / spec["ratio"]
    rates = []
    for coarse, fine in zip(levels, levels[1:]):
        rates.append(math.log(coarse.error / fine.error) / math.log(spec["ratio"]))
    print(f"{'h':>8} {'u':>12} {'cells':>6}")
    for lv in levels:
        print(f"{lv.h:8.4f} {lv.u:12.8f} {lv.cells:6d}")
    with open(HERE / params["report"], "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["h", "u", "cells"])
        for lv in levels:
            out.writerow([lv.h, lv.u, lv.cells])
    observed = min(rates)
    await workflow.count.createTask(n=round(observed))
    finest = max(levels, key=lambda lv: lv.cells)
    await workflow.sq.createTask(x=finest.error * 1000)
''', files={"levels.json": '{"h0": 0.5, "levels": 4, "ratio": 2.0}\n'}, writes=["convergence.csv"])

case("held7_replica_bestk", ["replica", "sq", "count"],
     ["--lo", "1", "--hi", "3", "--n", "5", "--replicas", "3", "--k", "2"],
     {"lo": 1.0, "hi": 3.0, "n": 5, "replicas": 3, "k": 2},
     "a numpy grid, replicas per point grouped in a defaultdict keyed by x, mean/pstdev "
     "per point, best-k by relative spread (sorted key=), a step per kept point",
     '''
import statistics
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=1.0)
    parser.add_argument("--hi", type=float, default=3.0)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    grid = np.linspace(params["lo"], params["hi"], params["n"])
    by_x = defaultdict(list)
    for x in grid:
        for seed in range(params["replicas"]):
            (run, job), = await workflow.replica.createTask(x=float(x), seed=seed)
            by_x[float(x)].append(run.y)
    stats = {x: (statistics.mean(ys), statistics.pstdev(ys)) for x, ys in by_x.items()}
    ranked = sorted(stats, key=lambda x: stats[x][1] / stats[x][0])
    best = ranked[: params["k"]]
    for x in best:
        mean, sd = stats[x]
        print(f"x={x:.2f} mean={mean:.4f} sd={sd:.4f}")
        await workflow.sq.createTask(x=round(mean, 3))
    await workflow.count.createTask(n=len([x for x in stats if stats[x][1] > 0.02]))
''')

case("held7_bisection_dt", ["solve", "lin", "count"],
     ["--lo", "0.05", "--hi", "1.0", "--max-steps", "6", "--rtol", "0.05"],
     {"lo": 0.05, "hi": 1.0, "max_steps": 6, "rtol": 0.05},
     "bisection on the stability limit of dt, capped by a param and a tolerance in the "
     "while test, a helper returning (bool, res), a bracket check raising a custom "
     "exception caught with an early return",
     '''
class BracketError(Exception):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.05)
    parser.add_argument("--hi", type=float, default=1.0)
    parser.add_argument("--max-steps", type=int, default=6)
    parser.add_argument("--rtol", type=float, default=0.05)


async def stable(workflow, dt):
    (run, job), = await workflow.solve.createTask(dt=dt)
    return run.ok == 1, run.res


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    try:
        ok_lo, _ = await stable(workflow, lo)
        ok_hi, _ = await stable(workflow, hi)
        if not ok_lo or ok_hi:
            raise BracketError(f"[{lo}, {hi}] does not bracket the limit")
    except BracketError as err:
        print("skipping bisection:", err)
        await workflow.count.createTask(n=0)
        return
    steps = 0
    while steps < params["max_steps"] and (hi - lo) > params["rtol"] * hi:
        mid = 0.5 * (lo + hi)
        ok, res = await stable(workflow, mid)
        if ok:
            lo = mid
        else:
            hi = mid
        steps += 1
    print(f"stability limit in [{lo:.4f}, {hi:.4f}] after {steps} steps")
    await workflow.lin.createTask(x=lo)
    await workflow.count.createTask(n=steps)
''')

case("held7_pipeline_csv", ["sq", "lin", "mix", "total"], ["--pipeline", "blend"],
     {"pipeline": "blend", "table": "points.csv"},
     "a pipeline chosen by a param from a dict of async helpers, rows read with "
     "csv.DictReader next to main and filtered, a fan-in of the last step's ids",
     '''
import csv
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--pipeline", choices=["square", "affine", "blend"], default="square")
    parser.add_argument("--table", default="points.csv")


async def square(workflow, rows):
    return await workflow.sq.createTask(x=[r["x"] for r in rows])


async def affine(workflow, rows):
    runs = await workflow.lin.createTask(x=[r["x"] for r in rows])
    return await workflow.sq.createTask(x=[run.y for run, job in runs])


async def blend(workflow, rows):
    out = []
    for r in rows:
        (run, job), = await workflow.mix.createTask(a=r["x"], b=r["w"])
        out.extend(await workflow.sq.createTask(x=run.y))
    return out


PIPELINES = {"square": square, "affine": affine, "blend": blend}


async def main(workflow, **params):
    with open(Path(__file__).with_name(params["table"]), newline="") as f:
        rows = [{"x": float(r["x"]), "w": float(r["w"])} for r in csv.DictReader(f)
                if r["use"].strip().lower() == "yes"]
    runs = await PIPELINES[params["pipeline"]](workflow, rows)
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
''', files={"points.csv": "x,w,use\n1.0,0.5,yes\n2.0,1.5,no\n3.0,0.25, Yes\n"})

case("held7_secant_target", ["sq", "lin", "count"], ["--target", "7", "--x0", "1", "--x1", "4"],
     {"target": 7.0, "x0": 1.0, "x1": 4.0, "cap": 8},
     "secant method on an output towards a target, a memo dict in a helper, a tuple "
     "assignment with an await on its right, while/else, a cap with break",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=7.0)
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--x1", type=float, default=4.0)
    parser.add_argument("--cap", type=int, default=8)


async def f(workflow, x, target, cache):
    if x not in cache:
        (run, job), = await workflow.sq.createTask(x=x)
        cache[x] = run.y - target
    return cache[x]


async def main(workflow, **params):
    target = params["target"]
    cache = {}
    x0, x1 = params["x0"], params["x1"]
    f0 = await f(workflow, x0, target, cache)
    f1 = await f(workflow, x1, target, cache)
    it = 0
    while abs(f1) > 1e-3:
        if it == params["cap"]:
            print("secant did not converge")
            break
        if f1 == f0:
            break
        x0, x1 = x1, x1 - f1 * (x1 - x0) / (f1 - f0)
        f0, f1 = f1, await f(workflow, x1, target, cache)
        it += 1
    else:
        await workflow.lin.createTask(x=round(x1, 6))
    await workflow.count.createTask(n=it)
''', segments=1)

case("held7_label_groups", ["label", "count", "sq"], ["--min-group", "2"],
     {"names": "names.json", "min_group": 2},
     "names from JSON, a defaultdict grouping texts by a length output, sorted with a "
     "tuple key, a printed report with join, a branch on a comprehension, a string "
     "built from an output",
     '''
import json
from collections import defaultdict
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--names", default="names.json")
    parser.add_argument("--min-group", type=int, default=2)


async def main(workflow, **params):
    names = json.loads(Path(__file__).with_name(params["names"]).read_text())["names"]
    runs = await workflow.label.createTask(name=names)
    groups = defaultdict(list)
    for run, job in runs:
        groups[run.y].append(run.text)
    report = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for length, texts in report:
        print(f"{length:3d}: {', '.join(sorted(texts))}")
    big = [length for length, texts in report if len(texts) >= params["min_group"]]
    if big:
        await workflow.count.createTask(n=big)
    else:
        await workflow.sq.createTask(x=float(len(groups)))
    first = report[0][1][0]
    await workflow.label.createTask(name=first.lower() + "-ref")
''', files={"names.json": '{"names": ["alpha", "beta", "gamma", "pi", "mu", "delta", "rho"]}\n'})

case("held7_gap_filter_total", ["gap", "sq", "total", "count"],
     ["--xs", "4", "12", "9", "15", "1"],
     {"xs": [4.0, 12.0, 9.0, 15.0, 1.0]},
     "missing outputs (None) caught as TypeError from math.sqrt with continue, job "
     "fields read back, a fan-in of the kept runs, a branch on a list, a mean from the fan-in",
     '''
import math


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    good, missing = [], []
    for run, job in runs:
        try:
            value = math.sqrt(run.y)
        except TypeError:
            missing.append(job.x)
            continue
        good.append(value)
    print(f"{len(missing)} missing: {missing}")
    sq_runs = []
    for v in good:
        sq_runs.extend(await workflow.sq.createTask(x=round(v, 4)))
    (tot, _), = await workflow.total.createTask(sq_ids=[r.id for r, j in sq_runs])
    if missing:
        await workflow.count.createTask(n=len(missing))
    await workflow.sq.createTask(x=tot.y / max(tot.n, 1))
''')

case("held7_interval_scan", ["interval", "step", "pair", "count"],
     ["--xs", "1.5", "0.5", "2", "--offset", "1"],
     {"xs": [1.5, 0.5, 2.0], "offset": 1},
     "tuple outputs unpacked, enumerate with start= a param, sorted(reverse=) sliced, "
     "zip of runs with their tail, an overlap test with and, a counter",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--offset", type=int, default=1)


async def main(workflow, **params):
    runs = await workflow.interval.createTask(x=params["xs"])
    widths = []
    for i, (run, job) in enumerate(runs, start=params["offset"]):
        lo, hi = run.b
        widths.append(hi - lo)
        await workflow.step.createTask(x=hi - lo, i=i)
    pairs = await workflow.pair.createTask(x=sorted(widths, reverse=True)[:2])
    overlaps = 0
    for (p, _), (q, _) in zip(pairs, pairs[1:]):
        if p.bounds[0] < q.bounds[1] and q.bounds[0] < p.bounds[1]:
            overlaps += 1
    await workflow.count.createTask(n=overlaps)
''')

case("held7_replica_until", ["replica", "lin", "count"],
     ["--x", "2", "--tol", "0.01", "--batch", "2", "--max-replicas", "10"],
     {"x": 2.0, "tol": 0.01, "batch": 2, "max_replicas": 10},
     "replicas in batches until the standard error is small (capped by a param), "
     "statistics.stdev/fmean, a printed line per batch, an early return from inside the loop",
     '''
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max-replicas", type=int, default=10)


async def main(workflow, **params):
    ys = []
    seed = 0
    while len(ys) < params["max_replicas"]:
        for s in range(seed, seed + params["batch"]):
            (run, job), = await workflow.replica.createTask(x=params["x"], seed=s)
            ys.append(run.y)
        seed += params["batch"]
        if len(ys) >= 4:
            sem = statistics.stdev(ys) / len(ys) ** 0.5
            print(f"{len(ys)} replicas: mean {statistics.fmean(ys):.4f} +- {sem:.4f}")
            if sem / abs(statistics.fmean(ys)) < params["tol"]:
                await workflow.lin.createTask(x=statistics.fmean(ys))
                await workflow.count.createTask(n=len(ys))
                return
    await workflow.count.createTask(n=-1)
''')

case("held7_levels_gather_follow", ["sq", "follow", "total", "count"],
     ["--levels", "3", "--base", "1"],
     {"levels": 3, "base": 1.0},
     "asyncio.gather of per-level chains (a helper calling a helper), a run id passed on, "
     "results sorted by a child output, a fan-in of the parents, a sum of differences",
     '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--levels", type=int, default=3)
    parser.add_argument("--base", type=float, default=1.0)


async def coarse(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    return run


async def level(workflow, lvl, base):
    x = base * 2 ** lvl
    parent = await coarse(workflow, x)
    (child, _), = await workflow.follow.createTask(sq_id=parent.id, x=float(lvl))
    return lvl, parent, child


async def main(workflow, **params):
    results = await asyncio.gather(*[level(workflow, lvl, params["base"])
                                     for lvl in range(params["levels"])])
    results = sorted(results, key=lambda t: t[2].y, reverse=True)
    for lvl, parent, child in results:
        print(lvl, parent.y, child.y)
    (tot, _), = await workflow.total.createTask(sq_ids=[p.id for _, p, _ in results])
    deltas = [child.y - parent.y for _, parent, child in results]
    await workflow.count.createTask(n=int(sum(deltas)) + tot.n)
''')

case("held7_csv_roundtrip", ["lin", "sq", "count"], ["--xs", "3", "1", "2", "--keep", "2"],
     {"xs": [3.0, 1.0, 2.0], "out": "results.csv", "keep": 2},
     "an ordered dataclass per run sorted in reverse, written with csv.DictWriter and "
     "read back to choose the next step, a try/except around a step",
     '''
import csv
import os
from dataclasses import asdict, dataclass

HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass(order=True)
class Row:
    y: float
    x: float
    stage: str = "lin"


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--out", default="results.csv")
    parser.add_argument("--keep", type=int, default=2)


async def main(workflow, **params):
    rows = []
    for run, job in await workflow.lin.createTask(x=params["xs"]):
        rows.append(Row(y=run.y, x=job.x))
    rows.sort(reverse=True)
    path = os.path.join(HERE, params["out"])
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["y", "x", "stage"])
        w.writeheader()
        for r in rows:
            w.writerow(asdict(r))
    with open(path, newline="") as f:
        kept = [float(r["x"]) for r in list(csv.DictReader(f))[: params["keep"]]]
    print("refining", kept)
    try:
        sq_runs = await workflow.sq.createTask(x=kept)
    except Exception as err:
        print("sq failed:", err)
        sq_runs = []
    await workflow.count.createTask(n=len(sq_runs) + len(rows))
''', segments=2)

# ---- held7p_: probes trying to make the DAG do other work than main (written blind) ---

case("held7p_closure_loopvar", ["sq", "lin"], ["--xs", "1", "2", "3"], {"xs": [1.0, 2.0, 3.0]},
     "probe: lambdas made in a loop capture the loop variable late (all see the last run), "
     "a default argument captures it early",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scalers = []
    for run, job in runs:
        scalers.append(lambda v: v + run.y)  # noqa: B023
    bound = [lambda v, y=run.y: v + y for run, job in runs]
    await workflow.lin.createTask(x=[f(0.5) for f in scalers])
    await workflow.lin.createTask(x=[g(100.0) for g in bound])
''', partial=True)

case("held7p_mutable_default", ["sq", "count", "lin"], ["--x", "3"], {"x": 3.0},
     "probe: a helper with a mutable default list that grows per call, and a function's "
     "__defaults__ rebound in main before the call",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


def remember(value, seen=[]):  # noqa: B006
    seen.append(value)
    return len(seen)


def scale(v, factor=2.0):
    return v * factor


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    remember(run.y)
    n = remember(run.y + 1)
    scale.__defaults__ = (10.0,)
    await workflow.count.createTask(n=n)
    await workflow.lin.createTask(x=scale(run.y))
''')

case("held7p_generator_twice", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "probe: a generator over outputs consumed by sum() then empty for list(), an "
     "iterator over runs advanced by next() before a comprehension",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = (run.y for run, job in runs if run.y > 2)
    total = sum(ys)
    rest = list(ys)
    await workflow.lin.createTask(x=total)
    if rest:
        await workflow.sq.createTask(x=rest)
    else:
        await workflow.count.createTask(n=len(rest) + 7)
    it = iter(runs)
    first = next(it)
    await workflow.lin.createTask(x=[r.y for r, j in it])
    await workflow.count.createTask(n=int(first[0].y))
''', partial=True)

case("held7p_alias_mutate", ["sq", "lin", "count"], ["--xs", "2", "5"], {"xs": [2.0, 5.0]},
     "probe: a list passed to createTask then mutated, a kwargs dict aliased and mutated "
     "between two calls, params itself mutated in place",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    xs = list(params["xs"])
    first = await workflow.sq.createTask(x=xs)
    xs.append(first[0][0].y)
    xs[0] = -1.0
    second = await workflow.lin.createTask(x=xs)
    cfg = {"x": first[-1][0].y}
    kw = cfg
    await workflow.sq.createTask(**cfg)
    kw["x"] = kw["x"] + 1
    await workflow.sq.createTask(**cfg)
    params["xs"].reverse()
    await workflow.count.createTask(n=[len(second), int(params["xs"][0])])
''')

case("held7p_truthy_outputs", ["count", "sq", "lin", "gap", "label"], ["--n", "0", "--big", "12"],
     {"n": 0, "big": 12.0},
     "probe: truthiness of a zero output and of a None output (if, or, not, a conditional "
     "expression), == None, str() of an int output",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--big", type=float, default=12.0)


async def main(workflow, **params):
    (zero, _), = await workflow.count.createTask(n=params["n"])
    if zero.y:
        await workflow.sq.createTask(x=1.0)
    else:
        await workflow.sq.createTask(x=2.0)
    x = zero.y or 3.5
    await workflow.lin.createTask(x=float(x))
    (g, _), = await workflow.gap.createTask(x=params["big"])
    y = g.y if g.y is not None else -1.0
    await workflow.lin.createTask(x=y)
    flags = [bool(zero.y), not g.y, zero.y == 0, g.y == None]  # noqa: E711
    await workflow.count.createTask(n=sum(flags))
    label = "none" if not g.y else "some"
    await workflow.label.createTask(name=label + str(zero.y))
''')

case("held7p_exceptions_flow", ["sq", "lin", "pair", "count"], ["--x", "2"], {"x": 2.0},
     "probe: KeyError of a dict keyed by an output, ZeroDivisionError of an output, "
     "StopIteration of next() over runs, ValueError of zip(strict=True), each caught",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    table = {4.0: "four", 9.0: "nine"}
    try:
        name = table[run.y]
    except KeyError:
        name = None
    try:
        ratio = 1 / (run.y - 4.0)
    except ZeroDivisionError:
        ratio = 0.0
    await workflow.lin.createTask(x=ratio)
    try:
        big = next(r for r, j in await workflow.sq.createTask(x=[1.0, 2.0]) if r.y > run.y)
    except StopIteration:
        big = None
    runs = await workflow.pair.createTask(x=[1.0, 2.0, 3.0])
    try:
        matched = list(zip(runs, [run.y, run.y], strict=True))
    except ValueError:
        matched = []
    n = len(matched) + (0 if big is None else 10) + (100 if name else 0)
    await workflow.count.createTask(n=n)
''', partial=True)

case("held7p_set_order_stable", ["count", "sq", "lin"],
     ["--ns", "3", "1", "4", "1", "5", "9", "2", "6"],
     {"ns": [3, 1, 4, 1, 5, 9, 2, 6]},
     "probe: a set of int outputs iterated (hash order), dict.fromkeys de-duplication, "
     "sorted stability on equal keys, hash() of an output",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    ys = {run.y for run, job in runs}
    await workflow.sq.createTask(x=[float(y) for y in ys])
    uniq = list(dict.fromkeys(run.y % 7 for run, job in runs))
    await workflow.lin.createTask(x=[float(u) for u in uniq])
    pairs = [(run.y // 20, job.n) for run, job in runs]
    stable = sorted(pairs, key=lambda p: p[0])
    await workflow.lin.createTask(x=[float(p[1]) + 0.5 for p in stable])
    hashed = {hash(run.y) % 5 for run, job in runs}
    await workflow.count.createTask(n=len(hashed) + min(ys))
''', partial=True, segments=1)

case("held7p_float_round_format", ["lin", "count", "sq", "label"], ["--x", "0.75"], {"x": 0.75},
     "probe: round() half to even on an output, round(v, 1), format specs .0f/e/!r in a "
     "name, len(str()) of a quotient, float() of a .3g text, int() truncation and %",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=0.75)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    await workflow.count.createTask(n=round(run.y))
    await workflow.sq.createTask(x=round(run.y * 1.01, 1))
    await workflow.label.createTask(name=f"{run.y:.0f}|{run.y:e}|{run.y!r}")
    await workflow.count.createTask(n=len(str(run.y / 3)))
    await workflow.lin.createTask(x=float(f"{run.y / 3:.3g}"))
    await workflow.count.createTask(n=int(run.y * 10) % 7)
''')

case("held7p_chained_walrus", ["sq", "lin", "count"], ["--xs", "1", "2", "3", "4"],
     {"xs": [1.0, 2.0, 3.0, 4.0]},
     "probe: walrus in a comprehension filter (leaks the last value to main), a chained "
     "comparison with a side-effecting nested function (short-circuit), walrus in an and",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    picked = [y for run, job in runs if 1 < (y := run.y - 2) <= 7]
    await workflow.lin.createTask(x=picked)
    calls = []

    def probe(v):
        calls.append(v)
        return v

    hits = 0
    for run, job in runs:
        if 0 < probe(run.y) < 10 > len(calls):
            hits += 1
    await workflow.count.createTask(n=hits * 100 + len(calls))
    if (best := max(runs, key=lambda rj: rj[0].y)[0]).y > 5 and (m := best.y % 4):
        await workflow.sq.createTask(x=m)
    await workflow.count.createTask(n=int(y))
''', partial=True)

case("held7p_finally_return_global", ["sq", "lin", "count"], ["--x", "3", "--limit", "5"],
     {"x": 3.0, "limit": 5.0},
     "probe: a helper bumping a module global and a class attribute per call, an early "
     "return inside try whose finally makes a step, a step after the try never reached",
     '''
CALLS = 0


class Settings:
    scale = 1.0


def bump(v):
    global CALLS
    CALLS += 1
    Settings.scale *= 2
    return v * Settings.scale


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)
    parser.add_argument("--limit", type=float, default=5.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    a = bump(run.y)
    b = bump(run.y)
    await workflow.lin.createTask(x=[a, b, Settings.scale])
    try:
        if run.y > params["limit"]:
            return
        await workflow.sq.createTask(x=run.y + 1)
    finally:
        await workflow.count.createTask(n=CALLS)
    await workflow.count.createTask(n=99)
''', partial=True)


case("held7_adaptive_single", ["mesh", "count"], [], {"config": "refine.json"},
     "adaptive refinement from a JSON config next to main: a helper per level returning a "
     "dataclass, h halved from the last step until two levels agree (capped), a printed "
     "table, a signed count from a conditional expression",
     '''
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Step:
    h: float
    u: float


def populate_arg_parser(parser):
    parser.add_argument("--config", default="refine.json")


async def solve_at(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Step(h, run.u)


async def main(workflow, **params):
    cfg = json.loads(Path(__file__).with_name(params["config"]).read_text())
    steps = [await solve_at(workflow, cfg["h0"])]
    for _ in range(cfg["max_levels"]):
        nxt = await solve_at(workflow, steps[-1].h / 2)
        steps.append(nxt)
        if abs(nxt.u - steps[-2].u) < cfg["tol"]:
            break
    for s in steps:
        print(f"h={s.h:.5f} u={s.u:.8f}")
    converged = abs(steps[-1].u - steps[-2].u) < cfg["tol"]
    await workflow.count.createTask(n=len(steps) if converged else -len(steps))
    await workflow.mesh.createTask(h=steps[-1].h / 4)
''', files={"refine.json": '{"h0": 0.5, "max_levels": 6, "tol": 0.005}\n'})

case("held7_bestk_grid", ["sq", "mix", "count"], ["--target", "5", "--k", "2", "--n", "5"],
     {"target": 5.0, "k": 2, "n": 5},
     "a numpy grid swept at once, runs ranked with sorted(key=) on an output, the k best "
     "refined with a numpy offsets array added to a job field, min(key=) over the fine runs",
     '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=5.0)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--n", type=int, default=5)


async def main(workflow, **params):
    grid = np.linspace(0.0, 4.0, params["n"])
    runs = await workflow.sq.createTask(x=[float(x) for x in grid])
    ranked = sorted(runs, key=lambda rj: abs(rj[0].y - params["target"]))
    best = ranked[: params["k"]]
    offsets = np.array([-0.25, 0.0, 0.25])
    fine = []
    for run, job in best:
        for x in job.x + offsets:
            fine.extend(await workflow.sq.createTask(x=float(x)))
    winner = min(fine, key=lambda rj: abs(rj[0].y - params["target"]))
    await workflow.mix.createTask(a=winner[1].x, b=abs(winner[0].y - params["target"]))
    await workflow.count.createTask(n=len(fine))
''', partial=True, segments=1)

case("held7_newton_table", ["newton", "count", "sq"], ["--cap", "4"],
     {"starts": "starts.csv", "cap": 4},
     "start values read from a CSV next to main, a capped Newton loop per start with a "
     "break on an output, dataclass results sorted by steps, a CSV of roots written",
     '''
import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Result:
    start: float
    root: float
    steps: int


def populate_arg_parser(parser):
    parser.add_argument("--starts", default="starts.csv")
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    with open(HERE / params["starts"], newline="") as f:
        starts = [float(row["x0"]) for row in csv.DictReader(f)]
    results = []
    for x0 in starts:
        x = x0
        steps = 0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x = run.next
            steps += 1
            if run.err < 1e-3:
                break
        results.append(Result(x0, x, steps))
    results.sort(key=lambda r: r.steps)
    with open(HERE / "roots.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["start", "root", "steps"])
        for r in results:
            w.writerow([r.start, f"{r.root:.6f}", r.steps])
    await workflow.count.createTask(n=[r.steps for r in results])
    await workflow.sq.createTask(x=results[0].root)
''', files={"starts.csv": "x0\n1.0\n3.0\n"}, writes=["roots.csv"])

case("held7p_intdiv_mod", ["lin", "count", "sq"], ["--x", "-4"], {"x": -4.0},
     "probe: divmod, // and % of a negative output by positive and negative divisors, "
     "math.fmod, unary minus with **, int() of a negative half",
     '''
import math


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    q, r = divmod(int(run.y), 3)
    await workflow.count.createTask(n=[q, r, int(run.y) // -2, int(run.y) % -4])
    await workflow.sq.createTask(
        x=[run.y // 2, run.y % 2.5, math.fmod(run.y, 2.5), -run.y ** 2 / 7])
    await workflow.count.createTask(n=int(run.y / 2))
''')

case("held7p_match_value_mapping", ["label", "count", "lin"], ["--name", "omega"],
     {"name": "omega"},
     "probe: match on an int output against a dotted class constant and an or-pattern, "
     "then a mapping pattern over a dict holding the output (a capture in the second arm)",
     '''
class Limits:
    SMALL = 4


def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.y:
        case Limits.SMALL:
            await workflow.count.createTask(n=4)
        case 5 | 6:
            await workflow.count.createTask(n=56)
        case _:
            await workflow.count.createTask(n=0)
    match {"y": lab.y, "kind": "label"}:
        case {"y": 1 | 2}:
            await workflow.lin.createTask(x=float(lab.y))
        case {"kind": kind}:
            await workflow.label.createTask(name=kind + "-x")
''')


case("held7p_isinstance", ["sq", "count"], ["--x", "3"], {"x": 3.0},
     "probe: isinstance() of a float output choosing a branch, len(type(output).__name__)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if isinstance(run.y, float):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
    await workflow.count.createTask(n=len(type(run.y).__name__))
''', segments=1, partial=True)

case("held7p_sorted_ties", ["sq", "count"],
     ["--xs", "2", "-2", "1", "-1"], {"xs": [2.0, -2.0, 1.0, -1.0]},
     "probe: sorted(key=) of runs with equal outputs (sq of 2 and -2): stability keeps the "
     "run order; max(key=) takes the first of equal maxima",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    order = sorted(runs, key=lambda rj: rj[0].y)
    await workflow.count.createTask(n=[int(j.x) for r, j in order])
    top = max(runs, key=lambda rj: rj[0].y)
    await workflow.count.createTask(n=int(top[1].x) + 100)
''')

case("held7p_text_ops", ["label", "count"], ["--name", "omega"], {"name": "omega"},
     "probe: startswith and 'in' on a text output in an and, a reversed slice, a slice "
     "repeated, str.count + str.find",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    if run.text.startswith("OM") and "EG" in run.text:
        await workflow.count.createTask(n=len(run.text[::-1]))
    await workflow.label.createTask(name=run.text[1:3].lower() * 2)
    await workflow.count.createTask(n=run.text.count("A") + run.text.find("G"))
''')

case("held7p_tuple_truth", ["pair", "count", "sq"], ["--x", "0"], {"x": 0.0},
     "probe: truthiness of a tuple output and of its zero item, any()/all() of it, sum() "
     "and len() of it",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=0.0)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    lo, hi = run.bounds
    if run.bounds and not lo:
        await workflow.count.createTask(n=3)
    if any(run.bounds):
        await workflow.count.createTask(n=4)
    if all(run.bounds):
        await workflow.count.createTask(n=5)
    await workflow.sq.createTask(x=sum(run.bounds) + len(run.bounds))
''')

case("held7p_round_neg", ["lin", "count"], ["--x", "12.3"], {"x": 12.3},
     "probe: round(v, -1), math.floor of a negated output, math.ceil, digits of str(output)"
     " after the point",
     '''
import math


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=12.3)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    await workflow.count.createTask(n=[int(round(run.y, -1)), math.floor(-run.y),
                                       math.ceil(run.y), int(str(run.y).split(".")[1][:2])])
''', partial=True)

case("held7p_chain_cmp_eval", ["sq", "count"], ["--x", "3"], {"x": 3.0},
     "probe: chained comparisons of two outputs in conditional expressions, a list indexed "
     "by a comparison (bool as index)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (a, _), = await workflow.sq.createTask(x=params["x"])
    (b, _), = await workflow.sq.createTask(x=params["x"] + 1)
    await workflow.count.createTask(n=1 if a.y < b.y < 20 else 2)
    await workflow.count.createTask(n=3 if a.y < b.y > 20 else 4)
    x = [a.y, b.y][a.y > 5]
    await workflow.sq.createTask(x=x)
''')

case("held7p_slices_zip", ["sq", "count", "lin"],
     ["--xs", "1", "2", "3", "4"], {"xs": [1.0, 2.0, 3.0, 4.0]},
     "probe: enumerate(reversed(runs)), zip of runs[::-2] with a longer list, sum of a "
     "generator with a filter, runs[-1] and runs[1:][0]",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for i, (r, j) in enumerate(reversed(runs)):
        await workflow.lin.createTask(x=r.y + 100 * i)
    for (r, j), w in zip(runs[::-2], [0.5, 0.25, 0.125]):
        await workflow.lin.createTask(x=r.y * w)
    await workflow.count.createTask(n=sum(1 for r, j in runs if r.y > 3))
    await workflow.count.createTask(n=int(runs[-1][0].y - runs[1:][0][0].y))
''', partial=True)

case("held7p_membership", ["sq", "label", "count"],
     ["--x", "3", "--name", "mu"], {"x": 3.0, "name": "mu"},
     "probe: an output in a tuple, a text output in a list, dict.get keyed by an output "
     "with a default, text comparison with <, min(output, 5)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)
    parser.add_argument("--name", default="mu")


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    (lab, _), = await workflow.label.createTask(name=params["name"])
    if run.y in (4.0, 9.0):
        await workflow.count.createTask(n=1)
    if lab.text in ["MU", "PI"]:
        await workflow.count.createTask(n=2)
    table = {9.0: 30, 4.0: 40}
    await workflow.count.createTask(n=table.get(run.y, 50))
    if lab.text < "N":
        await workflow.count.createTask(n=min(run.y, 5))
''', segments=2)

case("held7p_param_sorted_inplace", ["sq", "count"],
     ["--xs", "3", "1", "2"], {"xs": [3.0, 1.0, 2.0]},
     "probe: the params list sorted in place and appended to between steps (a step before "
     "and after the mutation)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    xs = params["xs"]
    first = await workflow.sq.createTask(x=xs[0])
    xs.sort()
    second = await workflow.sq.createTask(x=xs[0] + 10)
    xs.append(first[0][0].y)
    await workflow.count.createTask(n=[len(xs), int(second[0][0].y)])
    await workflow.sq.createTask(x=xs[-1] + xs[0])
''')

# held7's match probes (wrong DAGs found blind; cuts now)

case("held7p_match_class_capture", ["label", "count"], ["--name", "omega"], {"name": "omega"},
     "was a wrong DAG (other runs than main), now a cut: match run.text: case str(t): ... "
     "case _: ... -- the DAG "
     "takes the 'case _' arm (count n=0) where main takes 'case str(t)' (count n=len(text)=5); "
     "the DAG guards the count with the text's truthiness alone",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.text:
        case str(t):
            await workflow.count.createTask(n=len(t))
        case _:
            await workflow.count.createTask(n=0)
""", partial=True)

case("held7p_match_int_class_guard", ["count", "sq"], ["--n", "2"], {"n": 2},
     "was a wrong DAG (other runs than main), now a cut: match run.y: case 0 / case int(v) "
     "if v > 10 / case _: the DAG makes sq x=-1.0 (the 'case _' arm) where main makes sq "
     "x=20 (count n=2 gives y=20): the class "
     "pattern with a capture and a guard is dropped, as for str(t)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=2)


async def main(workflow, **params):
    (run, job), = await workflow.count.createTask(n=params["n"])
    match run.y:
        case 0:
            await workflow.sq.createTask(x=0.0)
        case int(v) if v > 10:
            await workflow.sq.createTask(x=float(v))
        case _:
            await workflow.sq.createTask(x=-1.0)
""", partial=True)

case("held7p_match_mapping_output", ["store", "count"], ["--x", "3"], {"x": 3.0},
     "was a wrong DAG (other runs than main), now a cut: a mapping pattern over a dict "
     "output (match run.hist: case {1: v}) and a star sequence pattern over a list output "
     "(match run.nest: case [first, *rest]) are never "
     "taken: the DAG makes count n=-1 and n=-2 (the 'case _' arms) where main makes n=3 and n=11; "
     "a mapping pattern over a dict literal holding an output compiles right",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (run, job), = await workflow.store.createTask(x=params["x"])
    match run.hist:
        case {1: v}:
            await workflow.count.createTask(n=int(v))
        case _:
            await workflow.count.createTask(n=-1)
    match run.nest:
        case [first, *rest]:  # noqa: F841
            await workflow.count.createTask(n=len(rest) + 10)
        case _:
            await workflow.count.createTask(n=-2)
""", partial=True)

case("held7p_match_outputs", ["label", "pair", "count", "sq", "lin"], ["--name", "omega"],
     {"name": "omega"},
     "was a wrong DAG (other runs than main), now a cut: match on outputs: 'case str(t) if len(t) "
     "> 3' over a text output and 'case (lo, hi) if hi - lo > 0.5' over a tuple output are never "
     "taken in the DAG (the class and sequence patterns are tested against the stand-in while "
     "tracing): the DAG makes count n=0 and sq x=-1.0 (the 'case _' arms) where main makes count "
     "n=5 and sq x=11",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.text:
        case "AB" | "BA":
            await workflow.count.createTask(n=1)
        case str(t) if len(t) > 3:
            await workflow.count.createTask(n=len(t))
        case _:
            await workflow.count.createTask(n=0)
    (p, _), = await workflow.pair.createTask(x=float(lab.y))
    match p.bounds:
        case (lo, hi) if hi - lo > 0.5:
            await workflow.sq.createTask(x=lo + hi)
        case _:
            await workflow.sq.createTask(x=-1.0)
    match {"y": p.y, "kind": "pair"}:
        case {"y": 5.0 | 6.0}:
            await workflow.lin.createTask(x=p.y)
        case {"kind": kind}:
            await workflow.label.createTask(name=kind)
''', partial=True)

case("held7p_match_sequence_output", ["pair", "sq"], ["--x", "5"], {"x": 5.0},
     "was a wrong DAG (other runs than main), now a cut: match run.bounds (a tuple output): "
     "case (lo, hi): ... "
     "case _: ... -- the DAG makes sq x=-1.0 (the 'case _' arm) where main makes sq x=lo+hi=11",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=5.0)


async def main(workflow, **params):
    (p, _), = await workflow.pair.createTask(x=params["x"])
    match p.bounds:
        case (lo, hi):
            await workflow.sq.createTask(x=lo + hi)
        case _:
            await workflow.sq.createTask(x=-1.0)
""", partial=True)

case("atk_match_nested_sequence_in_mapping", ["pair", "sq"], ["--x", "2"], {"x": 2.0},
     "a mapping pattern over a plain dict holding a tuple output, a sequence pattern nested "
     "on it (case {'b': (lo, hi)}): Python tests the stand-in's length", """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (p, _), = await workflow.pair.createTask(x=params["x"])
    match {"b": p.bounds, "y": p.y}:
        case {"b": (lo, hi)}:
            await workflow.sq.createTask(x=hi - lo + 10)
        case {"y": y}:
            await workflow.sq.createTask(x=y)
""", partial=True)

case("atk_match_dataclass_capture_whole", ["sq", "count"], ["--x", "3"], {"x": 3.0},
     "a class pattern over the orchestrator's dataclass with keyword captures and a value "
     "pattern on an output field (getattr and ==, both traced): compiles whole", """
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    match Point(params["x"], r.y):
        case Point(y=4.0):
            await workflow.count.createTask(n=4)
        case Point(x=x, y=y):
            await workflow.count.createTask(n=int(y - x))
""")


# ---- refusals of valid orchestrators: Python's own code refusing a stand-in ----
# (issue 18: ord(run.text), pow(run.y, 2, 5), run.text in "XABY" ... were blamed on
# the orchestrator, "main raised TypeError ... fix the orchestrator", where main runs)

REF_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
'''

case("atk_ref_ord", ["label", "count"], ["--name", "a"], {"name": "a"},
     "attack: ord() of a str output (was refused: ord() takes no stand-in): a run-time "
     "call", REF_HEAD + '''
    await workflow.count.createTask(n=ord(run.text))
''')

case("atk_ref_ord_two_chars", ["label", "count"], [], {"name": "ab"},
     "attack: ord() of a two-character output: main raises, the DAG's run-time call "
     "raises the same", REF_HEAD + '''
    await workflow.count.createTask(n=ord(run.text))
''', raises="TypeError: ord() expected a character, but string of length 2 found")

case("atk_ref_pow_mod", ["label", "count"], ["--name", "abc"], {"name": "abc"},
     "attack: pow() of an int output with a modulus (was refused: the symbol's ** takes "
     "two operands): a run-time call", REF_HEAD + '''
    await workflow.count.createTask(n=pow(run.y, 2, 5) + pow(run.y, 2))
''')

case("atk_ref_in_str", ["label", "count"], [], {"name": "ab"},
     "attack: a str output in a constant string, and not in another (was refused: "
     "str's in takes no stand-in): a test at run time", REF_HEAD + '''
    if run.text in "XABY":
        await workflow.count.createTask(n=1)
    if run.text not in "XY":
        await workflow.count.createTask(n=2)
    await workflow.count.createTask(n=3 if "Q" + run.text in "QAB" else 4)
''')

case("atk_ref_in_str_int", ["label", "count"], [], {"name": "ab"},
     "attack: an int output in a string: main raises TypeError, so does the DAG's test",
     REF_HEAD + '''
    if run.y in "123":
        await workflow.count.createTask(n=1)
''', raises="TypeError: 'in <string>' requires string as left operand, not int")

case("atk_ref_percent_star", ["label"], [], {"name": "ab"},
     "attack: '%-*s' % (run.y, 'x'), a width from an output (was refused: * wants an "
     "int): a cut", REF_HEAD + '''
    await workflow.label.createTask(name="%-*s|" % (run.y, "x"))
''', partial=True)

case("atk_ref_intern", ["label"], [], {"name": "ab"},
     "attack: sys.intern() of a str output (was refused): a cut", '''
import sys

''' + REF_HEAD + '''
    await workflow.label.createTask(name=sys.intern(run.text) + "z")
''', partial=True)

case("atk_ref_bit_length", ["label", "count"], ["--name", "abcde"], {"name": "abcde"},
     "attack: int.bit_length(run.y) and int.from_bytes of constants (the tracer's int "
     "had no such attribute: refused): the constant compiles, the output is a cut",
     REF_HEAD + '''
    await workflow.count.createTask(n=int.from_bytes(b"\\x01\\x02", "big"))
    await workflow.count.createTask(n=int.bit_length(run.y))
''', partial=True)

case("atk_ref_percent_tuple_two", ["pair", "label"], [], {"x": 1.0},
     "attack: '%s-%s' % run.bounds, a tuple output as the arguments (was refused): a cut",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    await workflow.label.createTask(name="%s-%s" % run.bounds)
''', partial=True)

case("atk_ref_chr_hex", ["label", "count"], ["--name", "abc"], {"name": "abc"},
     "attack: chr, hex, oct and bin of an int output: run-time calls", REF_HEAD + '''
    await workflow.label.createTask(
        name=[chr(64 + run.y), hex(run.y), oct(run.y * 9), bin(run.y)])
    await workflow.count.createTask(n=len(hex(run.y * 1000)) + ord(chr(run.y + 60)))
''')

case("atk_ref_try_ord", ["label", "count"], [], {"name": "ab"},
     "attack: ord() of a two-character output inside try/except TypeError: main catches "
     "it (n=1); the try runs at run time as a block", REF_HEAD + '''
    try:
        n = ord(run.text)
    except TypeError:
        n = 1
    await workflow.count.createTask(n=n)
''')

case("atk_ref_with_suppress", ["label", "count"], [], {"name": "ab"},
     "attack: contextlib.suppress(TypeError) around ord() of a two-character output: "
     "main swallows the error and keeps n=1 (a deferred ord failed the DAG's task, and "
     "a stand-in's TypeError swallowed while traced kept n=1 for any name): a cut",
     '''
import contextlib

''' + REF_HEAD + '''
    n = 1
    with contextlib.suppress(TypeError):
        n = ord(run.text)
    await workflow.count.createTask(n=n)
''', partial=True)

case("atk_ref_with_suppress_division", ["label", "count", "sq"], [], {"name": "ab"},
     "attack: contextlib.suppress(ZeroDivisionError) around a division by an output that "
     "is zero: main keeps r=-1.0 (the DAG's run-time division failed its task where main "
     "goes on): a cut", '''
import contextlib

''' + REF_HEAD + '''
    r = -1.0
    with contextlib.suppress(ZeroDivisionError):
        r = 1.0 / (run.y - 2)
    await workflow.sq.createTask(x=r)
''', partial=True)

case("atk_ref_with_open_file", ["label", "sq"], [], {"name": "ab"},
     "attack: a with over an opened file (never swallows an error) still compiles",
     '''
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

''' + REF_HEAD + '''
    with open(os.path.join(HERE, "scale.json")) as f:
        scale = json.load(f)["scale"]
    await workflow.sq.createTask(x=scale * run.y)
''', files={"scale.json": '{"scale": 1.5}\n'})

case("atk_ref_try_percent_star", ["label"], [], {"name": "ab"},
     "attack: '%-*s' % (run.y, 'x') inside try/except TypeError (the stand-in's "
     "TypeError must not reach the except)", REF_HEAD + '''
    try:
        s = "%-*s|" % (run.y, "x")
    except TypeError:
        s = "no"
    await workflow.label.createTask(name=s)
''')

case("atk_ref_try_in", ["label", "count"], [], {"name": "ab"},
     "attack: an int output in a string inside try/except TypeError: main catches it "
     "(n=1)", REF_HEAD + '''
    try:
        n = 2 if run.y in "XAY" else 3
    except TypeError:
        n = 1
    await workflow.count.createTask(n=n)
''')

case("atk_ref_str_methods", ["label", "count"], [], {"name": "ab"},
     "attack: str methods given an output, and called through str (str.upper(run.text)): "
     "cuts, where main runs", REF_HEAD + '''
    await workflow.count.createTask(n="XABY".find(run.text))
    await workflow.label.createTask(name=str.lower(run.text) + "XAB".replace(run.text, "-"))
''', partial=True)

case("atk_ref_bytes_conversions", ["label", "count"], ["--name", "abc"], {"name": "abc"},
     "attack: bytes() of a str output with an encoding, int() and float() of outputs",
     REF_HEAD + '''
    await workflow.count.createTask(n=int(float(run.y) * 2) + int(str(run.y)))
    await workflow.count.createTask(n=len(bytes(run.text, "ascii")))
''', partial=True)

case("atk_ref_math_divmod_round", ["label", "count", "sq"], ["--name", "abcdefg"],
     {"name": "abcdefg"},
     "attack: math.gcd, divmod and round(x, n) of an int output: they compile",
     '''
import math

''' + REF_HEAD + '''
    q, r = divmod(run.y, 3)
    await workflow.count.createTask(n=math.gcd(run.y, 14) + q * 10 + r)
    await workflow.sq.createTask(x=round(run.y / 3, 2) + math.floor(run.y / 2))
''')

case("atk_ref_fromhex", ["label", "sq"], [], {"name": "ab"},
     "attack: float.fromhex(hex(run.y)) (a run-time hex given to a method of the type): "
     "a cut", REF_HEAD + '''
    await workflow.sq.createTask(x=float.fromhex(hex(run.y)))
''', partial=True)

case("atk_ref_plain_keyerror_caught", ["label", "count"], [], {"name": "ab"},
     "attack: a KeyError of a plain dict caught by main (its own error, still caught "
     "while traced), then ord() in the same try on an output", REF_HEAD + '''
    table = {"a": 1}
    try:
        n = table["b"]
    except KeyError:
        n = 7
    await workflow.count.createTask(n=n + ord(run.text[0]))
''')

case("atk_ref_plain_typeerror_caught", ["label", "count"], [], {"name": "ab"},
     "attack: main's own TypeError on plain values (1 + 'a'), and a helper's ValueError, "
     "caught by main: still caught while traced, the rest compiles", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


def check(n):
    if n > 1:
        raise ValueError("too many")
    return n


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    try:
        v = 1 + "a"
    except TypeError:
        v = 2
    try:
        w = check(5)
    except ValueError:
        w = 3
    await workflow.count.createTask(n=v * 10 + w + ord(run.text[0]))
''')

case("atk_ref_with_own_manager", ["label", "count", "sq"], [], {"name": "ab"},
     "attack: a context manager of the orchestrator whose __exit__ swallows every error, "
     "around a division by an output that is zero: main keeps r=-1.0: a cut", '''
class Quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    r = -1.0
    with Quiet():
        r = 1.0 / (run.y - 2)
    await workflow.sq.createTask(x=r)
''', partial=True)

case("atk_ref_gather_return_exceptions", ["label", "count"], [], {"name": "ab"},
     "attack: a routine raising on ord() of a two-character output, gathered with "
     "return_exceptions=True: main gets the exception and goes on: a cut", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def code(run):
    return ord(run.text)


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    res, = await asyncio.gather(code(run), return_exceptions=True)
    await workflow.count.createTask(n=1 if isinstance(res, Exception) else 2)
''', partial=True)

case("atk_ref_try_around_gather", ["label", "count"], [], {"name": "ab"},
     "attack: try/except TypeError around awaiting a routine whose ord() of a "
     "two-character output raises: main catches it (n=5)", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def code(run):
    return ord(run.text)


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    try:
        n = await code(run)
    except TypeError:
        n = 5
    await workflow.count.createTask(n=n)
''', partial=True)

# ---- xs.extend(generator over runs): a fan-in, as xs.extend([...]) (attacks) ----

case("atk_cov_extend_gen_plain", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: xs.extend(a generator over runs) twice, an alias of xs read after, a "
     "filter in the second: as xs.extend([...])", "import statistics\n\n\n" + XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [0.5]
    alias = ys
    ys.extend(run.y for run, job in runs)
    ys.extend(run.y + 1.0 for run, job in runs if run.y > 2.0)
    await workflow.lin.createTask(x=statistics.fmean(alias))
    await workflow.count.createTask(n=len(ys))
''')

case("atk_cov_extend_gen_reads_list", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a generator reading the list it extends (natively each element sees it "
     "grown by the ones before): not a fan-in", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [0.0]
    ys.extend(run.y + len(ys) for run, job in runs)
    await workflow.lin.createTask(x=sum(ys))
''')

case("atk_cov_extend_gen_global_helper", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a module list extended with a generator calling a helper that reads that "
     "list (through its globals): not a fan-in", XS + '''
SEEN = [10.0]


def shifted(y):
    return y + SEEN[-1]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    SEEN.extend(shifted(run.y) for run, job in runs)
    await workflow.lin.createTask(x=SEEN[-1])
''', partial=True)

case("atk_cov_extend_gen_closure", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: a generator calling a nested function closing over the list it extends: "
     "not a fan-in", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [1.0]

    def last_plus(y):
        return ys[-1] + y

    ys.extend(last_plus(run.y) for run, job in runs)
    await workflow.lin.createTask(x=ys[-1])
''', partial=True)

case("atk_cov_extend_gen_bound_append", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a generator holding the list's bound append (it grows the list while "
     "extend runs): not a fan-in", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [1.0]
    add = ys.append
    ys.extend(add(run.y) or run.y for run, job in runs)
    await workflow.lin.createTask(x=sum(ys))
''')

case("atk_cov_extend_gen_in_try", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: extend with a generator dividing by an output that is zero for one run, "
     "inside try/except ZeroDivisionError: natively the elements before stay", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    try:
        ys.extend(1.0 / (run.y - 4.0) for run, job in runs)
    except ZeroDivisionError:
        ys.append(-1.0)
    await workflow.lin.createTask(x=sum(ys))
''')

case("atk_cov_extend_gen_in_capped_loop", ["replica", "lin", "count"],
     ["--x", "2", "--batch", "3"], {"x": 2.0, "batch": 3, "tol": 0.01},
     "attack: batches of replicas in a capped while, samples.extend(generator), a test "
     "of the running spread, the list changed after the loop", '''
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=3)
    parser.add_argument("--tol", type=float, default=0.01)


async def main(workflow, **params):
    samples = []
    k = 0
    while k < 4:
        seeds = [k * params["batch"] + i for i in range(params["batch"])]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        samples.extend(run.y for run, job in runs)
        k += 1
        if statistics.pstdev(samples) < params["tol"] * params["x"]:
            break
    samples.append(params["x"])
    await workflow.lin.createTask(x=statistics.fmean(samples))
    await workflow.count.createTask(n=len(samples) + k)
''')

case("cov7_replica_levels_spread", ["replica", "sq", "lin", "count"],
     ["--xs", "1", "2.5", "--reps", "3"], {"xs": [1.0, 2.5], "reps": 3, "maxlev": 3},
     "study: replicas per configuration over refinement levels (a capped for with a "
     "break on the spread), errors gathered with extend of generators, statistics of "
     "them, a follow-up per configuration and a count", '''
import math
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.5])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--maxlev", type=int, default=3)


async def main(workflow, **params):
    ref = await workflow.sq.createTask(x=params["xs"])
    errors = []
    spreads = []
    for level in range(params["maxlev"]):
        seeds = [level * 10 + r for r in range(params["reps"])]
        runs = await workflow.replica.createTask(x=params["xs"], seed=seeds)
        errors.extend(abs(run.y - job.x) for run, job in runs)
        spreads.append(statistics.pstdev(errors))
        if spreads[-1] < 0.05 * max(params["xs"]):
            break
    scale = math.sqrt(statistics.fmean(errors))
    await workflow.lin.createTask(x=[run.y * scale for run, job in ref])
    await workflow.count.createTask(n=len(errors) + len(spreads))
''')

# held7's refusals: now a partial fallback (the two probes), or main as one task
# (--fallback: nothing before the loop compiles)

case("held7p_invert_output", ["lin", "count"], ["--x", "-4"], {"x": -4.0},
     "was refused where main runs: main raised TypeError: bad operand type for unary ~: 'Seq' "
     "while being traced "
     "(~int(run.y); main runs natively and makes count n=6)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    await workflow.count.createTask(n=~int(run.y))
""")

case("held7p_intdiv_negative", ["lin", "count", "sq"], ["--x", "-4"], {"x": -4.0},
     "was refused by motoko run where main runs (exit 2): ~int(run.y) ^ 3: 'main raised TypeError:"
     " bad operand type for unary ~: Seq while being traced; fix the orchestrator' (the unary ~ of"
     " an int made from an output; the other lines compile: held7p_intdiv_mod in make_cases.py)",
     '''
import math


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    q, r = divmod(int(run.y), 3)
    await workflow.count.createTask(n=[q, r, int(run.y) // -2, int(run.y) % -4])
    await workflow.sq.createTask(
        x=[run.y // 2, run.y % 2.5, math.fmod(run.y, 2.5), -run.y ** 2 / 7])
    await workflow.count.createTask(n=int(run.y / 2))
    await workflow.count.createTask(n=~int(run.y) ^ 3)
''')

case("held7_adaptive_regions", ["mesh", "count"], ["--max-levels", "5"],
     {"regions": "regions.yaml", "max_levels": 5},
     "was refused by motoko run where main runs (exit 2): a capped refinement loop with a break on"
     " an output inside a helper called once per region from a for over sorted(dict.items()): 'the"
     " loop ... is made again and again at the same place ... it calls refine(), which line 13 "
     "binds h, which it changes in place' (h /= 2 on a float rebinds, it changes nothing in "
     "place); no segment, no partial fallback. Study-like: regions from YAML, key=lambda on items,"
     " a summary dict",
     '''
from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--regions", default="regions.yaml")
    parser.add_argument("--max-levels", type=int, default=5)


async def refine(workflow, h0, tol, cap):
    history = []
    h = h0
    prev = None
    for _level in range(cap):
        (run, job), = await workflow.mesh.createTask(h=h)
        history.append((h, run.u))
        if prev is not None and abs(run.u - prev) < tol:
            break
        prev = run.u
        h /= 2
    return history


async def main(workflow, **params):
    spec = yaml.safe_load(Path(__file__).with_name(params["regions"]).read_text())
    summary = {}
    for name, region in sorted(spec["regions"].items(), key=lambda kv: kv[1]["tol"]):
        history = await refine(workflow, region["h0"], region["tol"], params["max_levels"])
        summary[name] = history
        print(name, len(history), history[-1])
    finest = {name: h[-1][0] for name, h in summary.items()}
    await workflow.count.createTask(n=sum(len(h) for h in summary.values()))
    await workflow.mesh.createTask(h=min(finest.values()) / 4)
''', files={"regions.yaml": "regions:\n  bulk: {h0: 0.5, tol: 0.05}\n"
                              "  edge: {h0: 0.3, tol: 0.001}\n"
                              "  tip: {h0: 0.4, tol: 0.01}\n"},
     segments=1)

case("held7_bestk_linspace", ["sq", "mix", "count"], ["--target", "5", "--k", "2", "--rounds", "2"],
     {"target": 5.0, "k": 2, "rounds": 2},
     "was refused by motoko run where main runs (exit 2): best-k refinement rounds (15 + 6 guarded"
     " runs): 'this test ... is made in more than 16 iterations of its loop ... it calls "
     ".linspace() (line 17), which may change objects outside it'; no segment, no partial fallback"
     " of the rest of main",
     '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=5.0)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)


async def main(workflow, **params):
    centers = list(np.linspace(0.0, 4.0, 5))
    width = 1.0
    best = []
    for _rnd in range(params["rounds"]):
        candidates = []
        for c in centers:
            for x in np.linspace(c - width / 2, c + width / 2, 3):
                (run, job), = await workflow.sq.createTask(x=round(float(x), 6))
                candidates.append((abs(run.y - params["target"]), float(x)))
        candidates.sort()
        best = candidates[: params["k"]]
        centers = [x for _, x in best]
        width /= 3
    err, x = best[0]
    await workflow.mix.createTask(a=x, b=err)
    await workflow.count.createTask(n=int(np.argmin([e for e, _ in best])))
''')

case("held7_newton_gather", ["newton", "count", "sq", "lin"],
     ["--starts", "1", "3", "100", "--tol", "1e-6", "--max-iter", "6"],
     {"starts": [1.0, 3.0, 100.0], "tol": 1e-6, "max_iter": 6},
     "was refused by motoko run where main runs (exit 2): asyncio.gather of capped Newton chains, "
     "each a helper with a for/break on an output, filling a dataclass "
     "(field(default_factory=list)): 'newton_chain() ... binds chain, which it changes in place, "
     "to an object it may share'; no segment, no partial fallback",
     '''
import asyncio
from dataclasses import dataclass, field


def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--max-iter", type=int, default=8)


@dataclass
class Chain:
    start: float
    iterates: list = field(default_factory=list)
    converged: bool = False


async def newton_chain(workflow, x0, tol, cap):
    chain = Chain(start=x0)
    x = x0
    for _ in range(cap):
        (run, job), = await workflow.newton.createTask(x=x)
        chain.iterates.append(run.next)
        x = run.next
        if run.err < tol:
            chain.converged = True
            break
    return chain


async def main(workflow, **params):
    chains = list(await asyncio.gather(
        *(newton_chain(workflow, x0, params["tol"], params["max_iter"])
          for x0 in params["starts"])))
    chains.sort(key=lambda c: len(c.iterates))
    for c in chains:
        print(c.start, len(c.iterates), c.converged)
    await workflow.count.createTask(n=[len(c.iterates) for c in chains])
    if all(c.converged for c in chains):
        await workflow.sq.createTask(x=chains[0].iterates[-1])
    else:
        stuck = [c for c in chains if not c.converged]
        await workflow.lin.createTask(x=[c.iterates[-1] for c in stuck])
''', segments=3)


case("fmt_marker_width_percent", ["label", "count"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: '%-14s' % str(run.text) padded the "
     "marker str() gave while tracing, not the text: the DAG made count n=len(text)+3 where "
     "main makes n=14",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len("%-14s" % str(run.text)))
""", partial=True)

case("fmt_marker_width_fstring", ["label", "count"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: f'{str(run.text):>14}' padded the "
     "marker, not the text: the DAG made n=len(text)+3 where main makes n=14",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(f"{str(run.text):>14}"))
""", partial=True)

case("atk_fmtw_format_method", ["label", "count"], [], {"name": "ab"},
     "attack: '{:>14}'.format(f'{run.text}'), '{a:>9}'.format(a=...) and "
     "'{0[0]:>7}'.format([...]) pad a string holding the text (a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = f"{run.text}"
    await workflow.count.createTask(n=len("{:>14}".format(text)))
    await workflow.label.createTask(name="{a:>9}|".format(a=text))
    await workflow.label.createTask(name="{0[0]:>7}|".format([text]))  # noqa: UP030
""", partial=True, segments=2)

case("atk_fmtw_format_builtin", ["label", "count"], [], {"name": "ab"},
     "attack: format(str(run.text), '>14') and format() with a spec made from an output "
     "given to a constant (a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(format(str(run.text), ">14")))
    await workflow.label.createTask(name=format(2.5, "." + str(run.y) + "f"))
""", partial=True, segments=1)

case("atk_fmtw_percent_forms", ["label", "count"], [], {"name": "abcdef"},
     "attack: '%.3s', '%9s' in a tuple, '%(a)-8s' from a dict, '%*s' and '%r' of strings "
     "holding the text (each a cut; natively 'ABC', '   ABCDEF'...)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="abcdef")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.label.createTask(name="%.3s" % text)
    await workflow.label.createTask(name="%s|%9s" % ("x", text))
    await workflow.label.createTask(name="%(a)-8s|" % {"a": text})
    await workflow.count.createTask(n=len("%*s" % (12, text)))
    await workflow.count.createTask(n=len("%r" % text))
""", partial=True, segments=4)

case("atk_fmtw_concat_width", ["label", "count"], [], {"name": "ab"},
     "attack: a width given to a string concatenated from the text ('v=' + str(v)), in an "
     "f-string, with %, and after a helper built it (a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


def tag(value):
    return "v=" + str(value)


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(f"{'v=' + str(run.text):>14}"))
    await workflow.count.createTask(n=len("%-12s" % tag(run.text)))
""", partial=True, segments=1)

case("atk_fmtw_repr_escape", ["label"], [], {"name": "it's"},
     "attack: the repr of a string holding the text escapes it (a quote in the text): "
     "f'{s!r}', repr(s), '{!r}'.format(s), str([s]) and f'{[s]}' (natively "
     "\"IT'S\" in double quotes; each a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="it's")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.label.createTask(name=f"{text!r}")
    await workflow.label.createTask(name=repr(text) + "|")
    await workflow.label.createTask(name="{!r}.".format(text))
    await workflow.label.createTask(name=str([text]))
    await workflow.label.createTask(name=f"{[text]}!")
""", partial=True, segments=4)

case("atk_fmtw_format_string_text", ["label"], [], {"name": "a%%b{{c}}"},
     "attack: a format string holding the text ((str(v) + '-%d') % 3, "
     "(str(v) + '-{}').format(3)): the text's own % and braces are parsed natively "
     "(a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="a%%b{{c}}")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name=(str(run.text) + "-%d") % 3)
    await workflow.label.createTask(name=(str(run.text) + "-{}").format(3))
""", partial=True, segments=1)

case("atk_fmtw_augassign", ["label", "count"], [], {"name": "ab"},
     "attack: s = '%-14s'; s %= str(run.text) (an augmented %; a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    line = "%-14s"
    line %= str(run.text)
    await workflow.count.createTask(n=len(line))
""", segments=1)

case("atk_fmtw_str_unbound", ["label", "count"], [], {"name": "ab"},
     "attack: str's methods called on the class: str.ljust(s, 14), "
     "str.format('{:>9}', s), str.__mod__('%-7s', s) (a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=len(str.ljust(text, 14)))
    await workflow.count.createTask(n=len(str.format("{:>9}", text)))
    await workflow.count.createTask(n=len(str.__mod__("%-7s", text)))
""", partial=True)

case("atk_fmtw_format_map_nested", ["label", "count"], [], {"name": "ab"},
     "attack: '{a:>14}'.format_map({...}) and a nested spec: '{:{}}'.format(s, 9), "
     "'{:>{}}'.format('ab', str(run.y)) (a cut)", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=len("{a:>14}".format_map({"a": text})))
    await workflow.count.createTask(n=len("{:{}}".format(text, 9)))
    await workflow.label.createTask(name="{:>{}}|".format("ab", str(run.y)))
""", partial=True)

case("atk_fmtw_object_repr", ["label"], [], {"name": "it's"},
     "attack: a dataclass holding str(run.text), formatted (its repr shows the field's "
     "repr, which escapes the quote; a cut)", """
from dataclasses import dataclass


@dataclass
class Tag:
    text: str


def populate_arg_parser(parser):
    parser.add_argument("--name", default="it's")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name=f"{Tag(str(run.text))}")
""", partial=True)

case("atk_fmtw_helper_pad", ["label", "count"], ["--names", "ab", "wxyz"],
     {"names": ["ab", "wxyz"]},
     "attack: a helper padding with a width (f'{s:<{w}}'), called on str(run.text) in a "
     "loop over runs (a cut inside the mapped loop)", """
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["ab", "wxyz"])


def pad(text, width=10):
    return f"{text:<{width}}"


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        await workflow.count.createTask(n=len(pad(str(run.text))))
""")

case("atk_fmtw_whole_forms", ["label", "count"], [], {"name": "ab"},
     "attack (compiles whole): the text passed on whole: f'{run.text}' as is, "
     "'%s' % str(v), '%s' % (v,), '%(a)s' % {...}, '{}'.format(str(v)), format(str(v)), "
     "'v=' + str(v), a spec on the value itself (f'{run.y:>6}', '{:>6}'.format(run.y)), "
     "% and %% on constants, an int % an output", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.label.createTask(name=f"{run.text}")
    await workflow.label.createTask(name="%s|%s" % (text, run.y))
    await workflow.label.createTask(name="%(a)s-%(b)s" % {"a": text, "b": "c"})
    await workflow.label.createTask(name="%s" % text + "{}".format(text) + format(text))
    await workflow.label.createTask(name="v=" + text + f"{run.y:>6}" + "{:>6}".format(run.y))
    await workflow.label.createTask(name="%d%%-%5.1f" % (7, 2.5) + f"{3.14159:.2f}")
    await workflow.count.createTask(n=run.y % 2 + 17 % run.y)
""")

case("atk_fmtw_whole_loop", ["label", "count"], ["--names", "ab", "xyz"],
     {"names": ["ab", "xyz"]},
     "attack (compiles whole, mapped): in a loop over runs, the text passed on whole "
     "(f'{run.text}-{job.name}', '%s/%s' % (str(run.text), job.name), "
     "'{}:{}'.format(text, job.name))", """
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["ab", "xyz"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        text = str(run.text)
        await workflow.label.createTask(name=f"{run.text}-{job.name}")
        await workflow.label.createTask(name="%s/%s" % (text, job.name))
        await workflow.label.createTask(name="{}:{}".format(text, job.name))
""")

case("fmt_marker_iterated", ["label", "count"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: len(list(str(run.text))) "
     "counted the characters of the marker standing for the text while tracing (11), "
     "fixed in the DAG: count n=11 where "
     "main makes n=2 (sum(1 for c in s), len(tuple(s)), list(s)[0], len(bytes(s, 'utf8')) "
     "too)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(list(str(run.text))))
""", partial=True)

case("fmt_marker_reversed", ["label"], [], {"name": "ab"},
     "was a wrong DAG (now a cut): other runs than main: "
     "''.join(reversed(str(run.text))) reversed the marker (no longer one), and "
     "''.join(c for c in s) joined its characters at run time: the DAG made label "
     "name='\u27e90#decart\u27e8' where main makes name='BA'",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name="".join(reversed(str(run.text))))
""", partial=True)

case("atk_fmtw_iter_forms", ["label", "count"], [], {"name": "aab"},
     "attack: a string holding the text iterated or converted: sum(1 for c in s), "
     "''.join(c for c in s), [*s], a, b, c = s, bytes(s, 'utf8'), bool(s), "
     "dict.fromkeys(s) (each a cut; natively the text's characters 'AAB')", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="aab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=sum(1 for c in text))
    await workflow.label.createTask(name="".join(c for c in text if c != "B"))
    await workflow.count.createTask(n=len([*text]) + 10)
    a, b, c = text
    await workflow.label.createTask(name=c + b + a)
    await workflow.count.createTask(n=int(bool(text)) + 30)
    await workflow.label.createTask(name="".join(dict.fromkeys(text)))
    await workflow.count.createTask(n=len(bytes(text, "utf8")) + 20)
""", partial=True, segments=5)

case("atk_fmtw_iter_whole", ["label", "count"], [], {"name": "cab"},
     "attack (compiles whole): what reads a string holding the text at run time: len(s), "
     "max(s), sorted(s) joined, enumerate(s) counted, int(str(run.y)), s * 2", """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="cab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=len(text) + len(list(enumerate(text))))
    await workflow.label.createTask(name=max(text) + "".join(sorted(text)) + text * 2)
    await workflow.count.createTask(n=int(str(run.y)))
""")


# the truth of a string made only of a traced value's text (the marker standing for it
# is never empty), and a dict or set keyed by such strings (Python hashed the markers)

TRUTH_HEAD = """
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
"""

case("fmt_marker_truth", ["label", "count"], ["--name", ""], {"name": ""},
     "if str(run.text): with an empty text (the marker standing for it is never empty: "
     "the statement is cut, it runs with the text)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    if str(run.text):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
""", partial=True)

case("fmt_marker_augassign_item", ["label", "count"], [], {"name": "ab"},
     "d['k'] %= str(run.text), d['k'] being '%-14s' (checked as s %= is: the width "
     "would pad the marker, so the statement is cut)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    d = {"k": "%-14s"}
    d["k"] %= str(run.text)
    await workflow.count.createTask(n=len(d["k"]))
""")

case("atk_truth_label_or_default", ["label", "count"], [], {"names": ["", "ab"]},
     "a label's text or a default (str(run.text) or 'unnamed'), its length counted, "
     "per run", TRUTH_HEAD + """\
    shown = [str(run.text) or "unnamed" for run, job in labels]
    for text in shown:
        await workflow.count.createTask(n=len(text))
""")

case("atk_truth_comprehension_filter", ["label", "count"], [], {"names": ["", "ab"]},
     "the runs whose text is not empty, kept by a comprehension's if on f'{run.text}'",
     TRUTH_HEAD + """\
    named = [f"{run.text}" for run, job in labels if f"{run.text}"]
    await workflow.count.createTask(n=len(named))
""")

case("atk_truth_any_all_filter", ["label", "count"], [], {"names": ["", "ab"]},
     "any(), all() and filter(None, ...) over the texts of the runs",
     TRUTH_HEAD + """\
    texts = [str(run.text) for run, job in labels]
    n = 1 if any(texts) else 2
    n += 10 if all(texts) else 20
    n += 100 * len(list(filter(None, texts)))
    await workflow.count.createTask(n=n)
""", partial=True)

case("atk_truth_while_text_left", ["label", "count"], ["--names", "", "abc"],
     {"names": ["", "abc"]},
     "a while over what is left of a text (while s: s = s[1:]), capped",
     TRUTH_HEAD + """\
    for run, job in labels:
        s, n = str(run.text), 0
        while s and n < 5:
            s, n = s[1:], n + 1
        await workflow.count.createTask(n=n)
""")

case("atk_truth_text_keys_counted", ["label", "count"], ["--names", "", "a", "A"],
     {"names": ["", "a", "A"]},
     "the distinct texts of the runs counted through a set and a dict keyed by them "
     "('a' and 'A' upper-case alike)",
     TRUTH_HEAD + """\
    distinct = {str(run.text) for run, job in labels}
    first = {str(run.text): job.name for run, job in labels}
    await workflow.count.createTask(n=len(distinct) + 10 * len(first))
""", partial=True)

case("atk_truth_text_plus_prefix_compiles", ["label", "count"], [], {"names": ["", "ab"]},
     "a text with a prefix is true whatever the text (f'#{run.text}'): compiled, no cut",
     TRUTH_HEAD + """\
    for run, job in labels:
        tag = f"#{run.text}"
        await workflow.count.createTask(n=len(tag) if tag else 0)
""")

case("atk_lib_path_of_a_text", ["label", "count"], ["--names", "a/bc.d", "e"],
     {"names": ["a/bc.d", "e"]},
     "the file name and the parts of a path made from a run's text (pathlib.Path(text)."
     "name): a library's class built at run time", TRUTH_HEAD + """\
    import pathlib

    for run, job in labels:
        path = pathlib.Path(str(run.text))
        await workflow.count.createTask(n=len(path.name) + 10 * len(path.parts))
""", partial=True)

case("atk_lib_compiled_pattern_sub", ["label", "count"], ["--names", "ab", "a-b"],
     {"names": ["ab", "a-b"]},
     "a compiled pattern's .sub() on a run's text (re.compile('A').sub): a library "
     "object's C method, made at run time or cut", TRUTH_HEAD + """\
    import re

    vowel = re.compile("A")
    for run, job in labels:
        await workflow.count.createTask(n=len(vowel.sub("xyz", str(run.text))))
""", partial=True)

# a chained comparison (a < b < c) is Python's own: a string formatted from a traced
# value in it was compared as the placeholder standing for its text

case("atk_chain_text_between", ["label", "count"], [], {"names": ["", "ab"]},
     "a run's text between two bounds in a chained comparison ('' < text < '~')",
     TRUTH_HEAD + """\
    for run, job in labels:
        await workflow.count.createTask(n=1 if "" < str(run.text) < "~" else 2)
""", partial=True)

case("atk_chain_text_equal_twice", ["label", "count"], [], {"names": ["", "ab"]},
     "two texts of a run equal to a constant in one chain (str(t) == f'{t}' == 'AB')",
     TRUTH_HEAD + """\
    for run, job in labels:
        same = str(run.text) == f"{run.text}" == "AB"
        await workflow.count.createTask(n=3 if same else 4)
""")

case("atk_chain_text_in_in", ["label", "count"], [], {"names": ["", "ab"]},
     "a letter in a run's text, the text in a list, chained ('A' in t in [...])",
     TRUTH_HEAD + """\
    for run, job in labels:
        known = "A" in str(run.text) in ["AB", "CD"]
        await workflow.count.createTask(n=5 if known else 6)
""")

# a library's callable object called with a string holding a traced value's text

CALLOBJ_HEAD = """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
"""

case("atk_callobj_itemgetter", ["label", "count"], [], {"name": "ab"},
     "operator.itemgetter(0)(str(run.text) + '#'): a library's callable object given a "
     "run's text (made at run time or cut)",
     "import operator\n\n" + CALLOBJ_HEAD + """\
    first = operator.itemgetter(0)(str(run.text) + "#")
    await workflow.count.createTask(n=1 if first == "A" else 2)
""", partial=True)

case("atk_callobj_partial_builtin", ["label", "count"], [], {"name": "ab"},
     "functools.partial(str.replace)(str(run.text), 'A', 'xyz'): a partial of a C "
     "function given a run's text (made at run time or cut)",
     "import functools\n\n" + CALLOBJ_HEAD + """\
    replace = functools.partial(str.replace)
    await workflow.count.createTask(n=len(replace(str(run.text), "A", "xyz")))
""", partial=True)

# a gather of createTasks made in a comprehension over a traced list: one mapped node,
# whose results are one per item (its length, its last, a loop over them, a zip), not
# one list of all its runs (found by probes: len() answered 1 at trace time, a loop over
# the results saw one item); a .sort() of a fan-in, bound again to sorted(...) when
# nothing else holds the list
GATHERED_HEAD = """
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
"""
SCREEN = '    screen = await workflow.gap.createTask(x=params["xs"])\n'
GATHER = ("    squares = await asyncio.gather(\n"
          "        *[workflow.sq.createTask(x=x) for x in params['xs']])\n")
GATHERED = {
    "len": ("a gather of createTasks over a list param: its length",
            GATHER +
            "    await workflow.count.createTask(n=len(squares))\n"),
    "comp_ids": ("a gather of createTasks over the three largest outputs (sorted, sliced): "
                 "one id per result",
                 SCREEN + "    vals = sorted([run.y for run, job in screen if run.y is not None])\n"
                 "    squares = await asyncio.gather(\n"
                 "        *[workflow.sq.createTask(x=y) for y in vals[-3:]])\n"
                 "    await workflow.total.createTask(sq_ids=[r[0][0].id for r in squares])\n"),
    "loop_runs": ("a gather of createTasks over runs, its results read in a loop",
                  SCREEN + "    squares = await asyncio.gather(\n"
                  "        *[workflow.sq.createTask(x=job.x) for run, job in screen])\n"
                  "    ids = []\n    for r in squares:\n        ids.append(r[0][0].id)\n"
                  "    await workflow.total.createTask(sq_ids=ids)\n"),
    "last": ("a gather of createTasks over a list param: the last result's output",
             GATHER +
             "    await workflow.count.createTask(n=int(squares[-1][0][0].y))\n"),
    "zip": ("a gather of createTasks over a list param zipped with it",
            GATHER +
            "    await workflow.total.createTask(\n"
            "        sq_ids=[r[0][0].id for x, r in zip(params['xs'], squares) if x > 3])\n"),
    "flat_multi": ("a gather of createTasks of two jobs each, flattened by a nested "
                   "comprehension (each item's runs after the one before)",
                   "    squares = await asyncio.gather(\n"
                   "        *[workflow.sq.createTask(x=[x + 10, x]) for x in params['xs']])\n"
                   "    await workflow.total.createTask(\n"
                   "        sq_ids=[run.id for runs in squares for run, job in runs])\n"),
    "flat_reversed": ("attack: the gathered results reversed, then flattened (not the node's "
                      "runs in order)",
                      GATHER +
                      "    await workflow.total.createTask(\n"
                      "        sq_ids=[run.id for runs in reversed(squares)\n"
                      "                for run, job in runs])\n"),
    "flat_len": ("attack: a flattened list whose element reads each result's length",
                 "    squares = await asyncio.gather(\n"
                 "        *[workflow.sq.createTask(x=[x, x + 1]) for x in params['xs']])\n"
                 "    await workflow.count.createTask(\n"
                 "        n=[len(runs) + int(run.y) for runs in squares for run, job in runs])\n"),
    "flat_stmt_if": ("gathered results flattened by nested for statements under a test "
                     "of each result",
                     GATHER +
                     "    ids = []\n    for runs in squares:\n        if runs[0][0].y > 20:\n"
                     "            for run, job in runs:\n                ids.append(run.id)\n"
                     "    await workflow.total.createTask(sq_ids=ids)\n"),
}
for _name, (_idiom, _body) in GATHERED.items():
    case(f"atk_gathered_{_name}", ["gap", "sq", "total", "count"], [],
         {"xs": [2.0, 12.0, 5.0, 30.0, 7.5]}, _idiom, GATHERED_HEAD + _body,
         partial=_name in ("flat_reversed", "flat_len"))

# attacks on the gather of createTasks made per item: a list of them measured before it
# is gathered, a gather mixing one per item with other awaitables, or per item of two
# loops (refused with the param symbolic: traced with its value), one in a loop
GATHER_MIXED = {
    "list_first": "    coros = [workflow.sq.createTask(x=x) for x in params['xs']]\n"
                  "    res = await asyncio.gather(*coros)\n"
                  "    await workflow.count.createTask(n=len(res) + len(coros))\n",
    "mixed_len": "    res = await asyncio.gather(\n"
                 "        workflow.lin.createTask(x=1.0),\n"
                 "        *[workflow.sq.createTask(x=x) for x in params['xs']])\n"
                 "    await workflow.count.createTask(n=len(res))\n",
    "two_comprehensions": "    res = await asyncio.gather(\n"
                          "        *[workflow.sq.createTask(x=x) for x in params['xs']],\n"
                          "        *[workflow.lin.createTask(x=x) for x in params['xs']])\n"
                          "    await workflow.count.createTask(n=len(res))\n",
    "two_loops": "    res = await asyncio.gather(\n"
                 "        *[workflow.sq.createTask(x=x * y) for x in params['xs']\n"
                 "          for y in [1.0, 2.0]])\n"
                 "    await workflow.total.createTask(sq_ids=[r[0][0].id for r in res])\n",
    "in_runs_loop": "    base = await workflow.lin.createTask(x=params['xs'])\n"
                    "    out = []\n    for run, job in base:\n"
                    "        res = await asyncio.gather(\n"
                    "            *[workflow.sq.createTask(x=run.y + d) for d in [0.0, 1.0]])\n"
                    "        out.append(len(res))\n"
                    "    await workflow.count.createTask(n=out)\n",
}
for _name, _body in GATHER_MIXED.items():
    case(f"atk_gathered_{_name}", ["sq", "lin", "total", "count"], [],
         {"xs": [2.0, 12.0, 5.0]},
         f"attack on a gather of createTasks made per item: {_name.replace('_', ' ')}",
         GATHERED_HEAD.replace("5.0, 30.0, 7.5]", "5.0]") + _body)


SORT_HEAD = GATHERED_HEAD + SCREEN + """    valid, missing = [], []
    for run, job in screen:
        if run.y is None:
            missing.append(job.x)
        else:
            valid.append((job.x, run.y))
"""
SORT_TAIL = """    squares = await asyncio.gather(
        *[workflow.sq.createTask(x=y) for x, y in valid[:3]])
    await workflow.total.createTask(
        sq_ids=[run.id for runs in squares for run, job in runs])
"""
SORTS = {
    "key_reverse": ("a fan-in sorted in place descending by a key lambda",
                    "    valid.sort(key=lambda p: p[1], reverse=True)\n"),
    "then_append": ("attack: a fan-in sorted in place, then appended to and inserted into",
                    "    valid.sort(key=lambda p: -p[1])\n    valid.append((1.0, 0.5))\n"
                    "    valid.insert(0, (2.0, 0.25))\n"),
    "twice": ("a fan-in sorted in place twice (stable: the second key's ties keep the "
              "first's order)",
              "    valid.sort(key=lambda p: p[1] % 7)\n"
              "    valid.sort(key=lambda p: p[0] > 6, reverse=True)\n"),
    "bound_method": ("attack: a fan-in's append kept as a bound method, then the list "
                     "sorted in place and appended to through it",
                     "    add = valid.append\n    valid.sort(key=lambda p: p[1])\n"
                     "    add((3.0, 9.0))\n"),
    "in_list": ("attack: a fan-in kept inside another list, sorted in place through its "
                "name, read back through the other list",
                "    box = [valid]\n    valid.sort(key=lambda p: p[1], reverse=True)\n"
                "    valid = box[0]\n"),
    "helper": ("attack: a fan-in sorted in place by a helper of main's it is passed to",
               "    def order(rows):\n        rows.sort(key=lambda p: p[1])\n    order(valid)\n"),
    "under_if": ("a fan-in sorted in place under a test of a param",
                 "    if len(params['xs']) > 2:\n        valid.sort(key=lambda p: p[1])\n"),
}
for _name, (_idiom, _body) in SORTS.items():
    case(f"atk_sortfan_{_name}", ["gap", "sq", "total"], [],
         {"xs": [2.0, 12.0, 5.0, 30.0, 7.5]}, _idiom, SORT_HEAD + _body + SORT_TAIL,
         partial=_name in ("bound_method", "in_list", "helper"),
         segments={"then_append": 2, "twice": 1}.get(_name, 0))


# ---- key functions reading variables of main (closures), given their values at run time

CLO_PARAMS = {"xs": [2.0, -12.0, 5.0, 30.0, -7.5], "target": 6.0, "mode": "near"}
CLO_HEAD = '''
TARGET = 100.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])
    parser.add_argument("--target", type=float, default=6.0)
    parser.add_argument("--mode", default="near")


def pick(runs, t):
    return min(runs, key=lambda p: abs(p[0].y - t))


async def main(workflow, **params):
    screen = await workflow.lin.createTask(x=params["xs"])
'''

case("atk_clo_rebound_before_call", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: rebound before call",
     CLO_HEAD + '''
    t = 1.0
    def f(p):
        return abs(p[0].y - t)
    t = params['target']
    best = min(screen, key=f)
    await workflow.sq.createTask(x=best[1].x)
''')

case("atk_clo_rebound_after_call", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: rebound after call",
     CLO_HEAD + '''
    t = params['target']
    def f(p):
        return abs(p[0].y - t)
    best = min(screen, key=f)
    t = -100.0
    worst = min(screen, key=f)
    await workflow.sq.createTask(x=[best[1].x, worst[1].x])
''')

case("atk_clo_list_var", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: list var",
     CLO_HEAD + '''
    ws = [1.0, -1.0]
    best = max(screen, key=lambda p: ws[0] * p[0].y)
    await workflow.sq.createTask(x=best[1].x)
''')

case("atk_clo_loop_item", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: loop item",
     CLO_HEAD + '''
    xs = []
    for run, job in screen:
        other = min(screen, key=lambda p: abs(p[0].y - run.y) if p[0].id != run.id else 1e9)
        xs.append(other[1].x)
    await workflow.sq.createTask(x=xs)
''')

case("atk_clo_late_binding", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: late binding",
     CLO_HEAD + '''
    keys = []
    for c in [1.0, 20.0, 50.0]:
        keys.append(lambda p: abs(p[0].y - c))
    best = min(screen, key=keys[0])
    await workflow.sq.createTask(x=best[1].x)
''')

case("atk_clo_late_binding_traced", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: late binding traced",
     CLO_HEAD + '''
    keys = []
    for run, job in screen:
        keys.append(lambda p: abs(p[0].y - run.y))
    best = min(screen, key=keys[0])
    await workflow.sq.createTask(x=best[1].x)
''', partial=True)

case("atk_clo_nested_def", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: nested def",
     CLO_HEAD + '''
    target = params['target']
    def score(p):
        return abs(p[0].y - target)
    ranked = sorted(screen, key=score)
    await workflow.sq.createTask(x=[j.x for r, j in ranked[:2]])
''')

case("atk_clo_function_var", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: function var",
     CLO_HEAD + '''
    def dist(y):
        return abs(y - params['target'])
    ranked = sorted(screen, key=lambda p: dist(p[0].y))
    await workflow.sq.createTask(x=ranked[0][1].x)
''', partial=True)

case("atk_clo_params_dict", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: params dict",
     CLO_HEAD + '''
    ranked = sorted(screen, key=lambda p: abs(p[0].y - params['target']))
    await workflow.sq.createTask(x=ranked[0][1].x)
''')

case("atk_clo_helper_closure", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: helper closure",
     CLO_HEAD + '''
    best = pick(screen, params['target'])
    await workflow.sq.createTask(x=best[1].x)
''')

case("atk_clo_marked_text", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: marked text",
     CLO_HEAD + '''
    label = f"{screen[0][0].y:.1f}"
    ranked = sorted(screen, key=lambda p: (f"{p[0].y:.1f}" == label, p[1].x))
    await workflow.sq.createTask(x=ranked[-1][1].x)
''')

case("atk_clo_default_and_closure", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: default and closure",
     CLO_HEAD + '''
    t = params['target']
    ranked = sorted(screen, key=lambda p, s=2.0: abs(p[0].y - t) * s, reverse=True)
    await workflow.sq.createTask(x=ranked[0][1].x)
''')

case("atk_clo_max_default", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: max default",
     CLO_HEAD + '''
    t = params['target']
    best = max([p for p in screen if p[0].y > 1e6], key=lambda p: p[0].y - t, default=None)
    await workflow.sq.createTask(x=0.0 if best is None else best[1].x)
''')

case("atk_clo_shadow_global", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: shadow global",
     CLO_HEAD + '''
    TARGET = params['target']
    best = min(screen, key=lambda p: abs(p[0].y - TARGET))
    await workflow.sq.createTask(x=best[1].x)
''')

case("atk_clo_fanin_sort", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: fanin sort",
     CLO_HEAD + '''
    t = params['target']
    ys = []
    for run, job in screen:
        ys.append(run.y)
    ys.sort(key=lambda y: abs(y - t))
    await workflow.count.createTask(n=[int(y) for y in ys[:2]])
''')

case("atk_clo_run_output_var", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: run output var",
     CLO_HEAD + '''
    ref = screen[0][0].y
    ranked = sorted(screen, key=lambda p: abs(p[0].y - ref))
    await workflow.sq.createTask(x=[j.x for r, j in ranked[1:3]])
''')

case("atk_clo_tuple_var", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: tuple var",
     CLO_HEAD + '''
    lim = (0.0, params['target'])
    ranked = sorted(screen, key=lambda p: lim[0] <= p[0].y <= lim[1])
    await workflow.sq.createTask(x=ranked[-1][1].x)
''', segments=1)

case("atk_clo_mode_branch", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: mode branch",
     CLO_HEAD + '''
    mode = params['mode']
    ranked = sorted(screen, key=lambda p: p[0].y if mode == 'near' else -p[0].y)
    await workflow.sq.createTask(x=ranked[0][1].x)
''')

case("atk_clo_counter_in_key", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: counter in key",
     CLO_HEAD + '''
    seen = [0]
    def key(p):
        seen[0] += 1
        return p[0].y
    best = min(screen, key=key)
    await workflow.count.createTask(n=seen[0])
    await workflow.sq.createTask(x=best[1].x)
''', partial=True)

case("atk_clo_cell_in_loop_after", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: cell in loop after",
     CLO_HEAD + '''
    best = None
    for t in [1.0, params['target']]:
        best = min(screen, key=lambda p: abs(p[0].y - t))
        await workflow.sq.createTask(x=best[1].x)
''')

case("atk_clo_items_sort", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: items sort",
     CLO_HEAD + '''
    t = params['target']
    d = {}
    for run, job in screen:
        d[job.x] = run.y
    ranked = sorted(d.items(), key=lambda kv: abs(kv[1] - t))
    await workflow.sq.createTask(x=[k for k, v in ranked[:3]])
''')

case("atk_clo_items_sort_tuple_key", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: items sort tuple key",
     CLO_HEAD + '''
    t = params['target']
    d = {}
    for run, job in screen:
        d[(job.x, 1)] = run.y
    ranked = sorted(d.items(), key=lambda kv: abs(kv[1] - t))
    await workflow.sq.createTask(x=[k[0] for k, v in ranked[:3]])
    await workflow.count.createTask(n=len(str(ranked[0])))
''')

case("atk_clo_items_str", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: items str",
     CLO_HEAD + '''
    d = {}
    for run, job in screen:
        d[job.x] = run.y
    ranked = sorted(d.items(), key=lambda kv: kv[1])
    await workflow.label.createTask(name=str(ranked[0]))
''')

case("atk_clo_open_loop", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: open loop",
     CLO_HEAD + '''
    xs = []
    for run, job in screen:
        near = sorted(params['xs'], key=lambda x: abs(x - run.y))
        xs.append(near[1])
    await workflow.sq.createTask(x=xs)
''')

case("atk_clo_comprehension", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: comprehension",
     CLO_HEAD + '''
    xs = [min(params['xs'], key=lambda x: abs(x - r.y)) for r, j in screen]
    await workflow.sq.createTask(x=xs)
''')

case("atk_clo_gathered_helper", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: gathered helper",
     "import asyncio\n" + CLO_HEAD + '''
    async def refine(t):
        runs = await workflow.sq.createTask(x=params['xs'])
        return min(runs, key=lambda p: abs(p[0].y - t))[1].x
    best = await asyncio.gather(*[refine(t) for t in [1.0, params['target']]])
    await workflow.count.createTask(n=[int(b) for b in best] + [len(screen)])
''')

case("atk_clo_stale_item", ["lin", "sq", "count", "label"], [], CLO_PARAMS,
     "a key function reading a variable of main: stale item",
     CLO_HEAD + '''
    last = None
    for run, job in screen:
        last = run.y
    best = min(screen, key=lambda p: abs(p[0].y - last))
    await workflow.sq.createTask(x=best[1].x)
''')


# ---- a generator or iterator given to min/sorted with a key, read again after

ATK_GENKEY_PARAMS = {"xs": [2.0, -12.0, 5.0, 30.0, -7.5]}
ATK_GENKEY_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    target = 3.0
'''

case("atk_genkey_min_then_list", ["lin", "sq"], [], ATK_GENKEY_PARAMS,
     "a generator or iterator given to min/sorted with a key, read again after: min then list",
     ATK_GENKEY_HEAD + '''
    ys = (run.y for run, job in runs)
    closest = min(ys, key=lambda v: abs(v - target))
    await workflow.sq.createTask(x=closest + float(len(list(ys))))
''')

case("atk_genkey_min_plain_then_list", ["lin", "sq"], [], ATK_GENKEY_PARAMS,
     "a generator or iterator given to min/sorted with a key, read again after: "
     "min plain then list",
     ATK_GENKEY_HEAD + '''
    ys = (run.y for run, job in runs)
    closest = min(ys) + target
    await workflow.sq.createTask(x=closest + float(len(list(ys))))
''')

case("atk_genkey_sorted_then_sum", ["lin", "sq"], [], ATK_GENKEY_PARAMS,
     "a generator or iterator given to min/sorted with a key, read again after: sorted then sum",
     ATK_GENKEY_HEAD + '''
    ys = (run.y for run, job in runs)
    s = sorted(ys, key=lambda v: abs(v - target))
    await workflow.sq.createTask(x=s[0] + sum(ys))
''')

case("atk_genkey_map_iter", ["lin", "sq"], [], ATK_GENKEY_PARAMS,
     "a generator or iterator given to min/sorted with a key, read again after: map iter",
     ATK_GENKEY_HEAD + '''
    ys = map(lambda p: p[0].y - target, runs)
    best = max(ys, key=lambda v: abs(v - target))
    await workflow.sq.createTask(x=best + float(len(list(ys))))
''', partial=True)

case("atk_genkey_filter_iter", ["lin", "sq"], [], ATK_GENKEY_PARAMS,
     "a generator or iterator given to min/sorted with a key, read again after: filter iter",
     ATK_GENKEY_HEAD + '''
    ys = iter([run.y for run, job in runs])
    first = next(ys)
    best = max(ys, key=lambda v: abs(v - target))
    await workflow.sq.createTask(x=best + first)
''', partial=True)


# ---- a list built over runs given to a call or a block, its elements numbers or pairs

ATK_RUNSGIVEN_PARAMS = {"xs": [2.0, -12.0, 5.0, 30.0, -7.5]}
ATK_RUNSGIVEN_HEAD = '''
import itertools  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
'''

case("atk_runsgiven_islice_pairs", ["lin", "sq"], [], ATK_RUNSGIVEN_PARAMS,
     "a list built over runs given to a call or a block, its elements numbers or pairs: "
     "islice pairs",
     ATK_RUNSGIVEN_HEAD + '''
    firsts = [p for p in itertools.islice(runs, 2)]
    for run, job in firsts:
        await workflow.sq.createTask(x=job.x)
''', partial=True)

case("atk_runsgiven_islice_numbers", ["lin", "sq"], [], ATK_RUNSGIVEN_PARAMS,
     "a list built over runs given to a call or a block, its elements numbers or pairs: "
     "islice numbers",
     ATK_RUNSGIVEN_HEAD + '''
    ys = [p[0].y - 1 for p in itertools.islice(runs, 3)]
    for y in ys:
        await workflow.sq.createTask(x=y)
''')

case("atk_runsgiven_sorted_negated", ["lin", "sq"], [], ATK_RUNSGIVEN_PARAMS,
     "a list built over runs given to a call or a block, its elements numbers or pairs: "
     "sorted negated",
     ATK_RUNSGIVEN_HEAD + '''
    ys = [-p[0].y for p in sorted(runs, key=lambda p: p[0].y)]
    await workflow.sq.createTask(x=ys[:2])
''')

case("atk_runsgiven_block_pairs", ["lin", "sq"], [], ATK_RUNSGIVEN_PARAMS,
     "a list built over runs given to a call or a block, its elements numbers or pairs: "
     "block pairs",
     ATK_RUNSGIVEN_HEAD + '''
    picked = []
    for run, job in runs:
        if run.y > 0:
            picked.append((run, job))
    xs = [p[1].x / 2 for p in picked]
    await workflow.sq.createTask(x=xs)
''')

case("atk_runsgiven_block_pairs_whole", ["lin", "sq"], [], ATK_RUNSGIVEN_PARAMS,
     "a list built over runs given to a call or a block, its elements numbers or pairs: "
     "block pairs whole",
     ATK_RUNSGIVEN_HEAD + '''
    picked = []
    for run, job in runs:
        if run.y > 0:
            picked.append((run, job))
    again = [p for p in picked]
    await workflow.sq.createTask(x=[j.x for r, j in again])
''', partial=True)

case("atk_runsgiven_tuple_numbers", ["lin", "sq"], [], ATK_RUNSGIVEN_PARAMS,
     "a list built over runs given to a call or a block, its elements numbers or pairs: "
     "tuple numbers",
     ATK_RUNSGIVEN_HEAD + '''
    bounds = [tuple([run.y, run.y + 1]) for run, job in runs]
    mids = [(lo + hi) / 2 for lo, hi in sorted(bounds, key=lambda b: b[0])]
    for m in mids[:2]:
        await workflow.sq.createTask(x=m)
''')


# ---- a capped replica loop whose exit reads a running mean

ATK_CAPMEAN_PARAMS = {"x": 1.0, "max_seeds": 6, "tol": 0.05}
ATK_CAPMEAN_HEAD = '''
import itertools  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)
    parser.add_argument("--max_seeds", type=int, default=6)
    parser.add_argument("--tol", type=float, default=0.05)


async def main(workflow, **params):
    ys = []
'''

case("atk_capmean_len_and", ["replica", "sq", "count"], [], ATK_CAPMEAN_PARAMS,
     "a capped replica loop whose exit reads a running mean: len and",
     ATK_CAPMEAN_HEAD + '''
    for seed in range(params['max_seeds']):
        (run, job), = await workflow.replica.createTask(x=params['x'], seed=seed)
        ys.append(run.y)
        if len(ys) >= 3 and abs(ys[-1] - ys[-2]) < params['tol']:
            break
    await workflow.count.createTask(n=len(ys))
''')

case("atk_capmean_means_comp", ["replica", "sq", "count"], [], ATK_CAPMEAN_PARAMS,
     "a capped replica loop whose exit reads a running mean: means comp",
     ATK_CAPMEAN_HEAD + '''
    means = []
    for seed in range(params['max_seeds']):
        (run, job), = await workflow.replica.createTask(x=params['x'], seed=seed)
        ys.append(run.y)
        means = [s / (i + 1) for i, s in enumerate(itertools.accumulate(ys))]
        if len(means) >= 3 and abs(means[-1] - means[-2]) < params['tol']:
            break
    await workflow.count.createTask(n=len(ys))
    await workflow.sq.createTask(x=means[-1])
''')

case("atk_capmean_means_seed", ["replica", "sq", "count"], [], ATK_CAPMEAN_PARAMS,
     "a capped replica loop whose exit reads a running mean: means seed",
     ATK_CAPMEAN_HEAD + '''
    means = []
    for seed in range(params['max_seeds']):
        (run, job), = await workflow.replica.createTask(x=params['x'], seed=seed)
        ys.append(run.y)
        means = [s / (i + 1) for i, s in enumerate(itertools.accumulate(ys))]
        if seed >= 2 and abs(means[-1] - means[-2]) < params['tol']:
            break
    await workflow.count.createTask(n=len(ys))
''')


# ---- a list computed from a sorted fan-in, then gathered or looped over

ATK_ITFAN_PARAMS = {"xs": [2.0, -12.0, 5.0, 30.0, -7.5]}
ATK_ITFAN_HEAD = '''
import asyncio  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
'''

case("atk_itfan_gather_over_fanin", ["lin", "sq"], [], ATK_ITFAN_PARAMS,
     "a list computed from a sorted fan-in, then gathered or looped over: gather over fanin",
     ATK_ITFAN_HEAD + '''
    ys = [run.y for run, job in runs]
    mids = [y / 2 for y in ys]
    await asyncio.gather(*[workflow.sq.createTask(x=m) for m in mids])
''')

case("atk_itfan_gather_over_sorted_fanin", ["lin", "sq"], [], ATK_ITFAN_PARAMS,
     "a list computed from a sorted fan-in, then gathered or looped over: gather over sorted fanin",
     ATK_ITFAN_HEAD + '''
    ys = sorted(run.y for run, job in runs)
    mids = [y / 2 for y in ys]
    await asyncio.gather(*[workflow.sq.createTask(x=m) for m in mids])
''')

case("atk_itfan_for_over_fanin", ["lin", "sq"], [], ATK_ITFAN_PARAMS,
     "a list computed from a sorted fan-in, then gathered or looped over: for over fanin",
     ATK_ITFAN_HEAD + '''
    ys = sorted(run.y for run, job in runs)
    mids = [y / 2 for y in ys]
    for m in mids:
        await workflow.sq.createTask(x=m)
''')

case("atk_itfan_pairs_gather", ["lin", "sq"], [], ATK_ITFAN_PARAMS,
     "a list computed from a sorted fan-in, then gathered or looped over: pairs gather",
     ATK_ITFAN_HEAD + '''
    ps = sorted((run.y, job.x) for run, job in runs)
    mids = [(a + b) / 2 for a, b in ps]
    await asyncio.gather(*[workflow.sq.createTask(x=m) for m in mids])
''')


# ---- a dict keyed by numbers, bools or None given to a block or a run-time call

ATK_NUMKEY_PARAMS = {"xs": [1.0, 2.0, 3.0, 4.0]}
ATK_NUMKEY_HEAD = '''
import statistics  # noqa: F401
from collections import defaultdict  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0, 4.0])


async def main(workflow, **params):
    owner = {1.0: "steel", 2: "steel", 3.0: "wood", 4.0: "wood"}  # noqa: F841
    runs = await workflow.lin.createTask(x=params["xs"])
'''

case("atk_numkey_group_by_owner", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: group by owner",
     ATK_NUMKEY_HEAD + '''
    groups = defaultdict(list)
    for run, job in runs:
        groups[owner[job.x]].append(run.y)
    spread = {m: statistics.pstdev(v) for m, v in groups.items()}
    best = min(spread, key=spread.get)
    await workflow.label.createTask(name=best)
''')

case("atk_numkey_bool_none_keys", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: bool none keys",
     ATK_NUMKEY_HEAD + '''
    flags = {True: 'yes', None: 'none', 0: 'zero'}
    groups = defaultdict(list)
    for run, job in runs:
        groups[flags.get(run.y > 3.0, 'other')].append(owner[job.x])
    await workflow.label.createTask(name=sorted(groups))
''')

case("atk_numkey_tuple_keys", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: tuple keys",
     ATK_NUMKEY_HEAD + '''
    grid = {(1.0, 0): 'a', (2.0, 0): 'b', (3.0, 0): 'c', (4.0, 0): 'd'}
    names = []
    for run, job in runs:
        names.append(grid.get((job.x, 0), '?') + str(run.y > 2))
    await workflow.label.createTask(name=names)
''', partial=True)

case("atk_numkey_aliased_then_changed", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: "
     "aliased then changed",
     ATK_NUMKEY_HEAD + '''
    groups = defaultdict(list)
    for run, job in runs:
        groups[owner[job.x]].append(run.y)
        same = owner
    owner[1.0] = 'gold'
    await workflow.label.createTask(name=sorted(set(same.values())))
    await workflow.count.createTask(n=len(groups))
''', partial=True)

case("atk_numkey_changed_after_block", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: "
     "changed after block",
     ATK_NUMKEY_HEAD + '''
    groups = defaultdict(list)
    for run, job in runs:
        groups[owner[job.x]].append(run.y)
    owner[2] = 'gold'
    groups2 = defaultdict(list)
    for run, job in runs:
        groups2[owner[job.x]].append(run.y)
    await workflow.label.createTask(name=sorted(groups) + sorted(groups2))
''')

case("atk_numkey_list_values", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: list values",
     ATK_NUMKEY_HEAD + '''
    table = {1: [1.0, 2.0], 2: [3.0], 3: []}
    tot = {}
    for run, job in runs:
        tot[job.x] = sum(table.get(int(job.x), [0.0])) + run.y
    await workflow.sq.createTask(x=[tot[k] for k in sorted(tot)])
''')

case("atk_numkey_run_time_call", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: run time call",
     ATK_NUMKEY_HEAD + '''
    ranked = sorted(owner, key=lambda k: owner[k] + str(k))
    ys = {job.x: run.y for run, job in runs}
    await workflow.label.createTask(name=[owner[k] for k in ranked])
    await workflow.sq.createTask(x=max(ys.items(), key=lambda kv: kv[1])[0])
''', partial=True)

case("atk_numkey_items_strs", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: items strs",
     ATK_NUMKEY_HEAD + '''
    groups = defaultdict(list)
    for run, job in runs:
        groups[owner[job.x]].append(run.y)
    shown = [str(kv) for kv in groups.items()]
    await workflow.label.createTask(name=shown)
''')

case("atk_numkey_items_rounded", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: items rounded",
     ATK_NUMKEY_HEAD + '''
    sens = {}
    for run, job in runs:
        try:
            sens[owner[job.x] + str(job.x)] = 1.0 / (run.y - 3.0)
        except ZeroDivisionError:
            sens[owner[job.x] + str(job.x)] = 0.0
    shown = {k: round(v, 4) for k, v in sens.items()}
    await workflow.label.createTask(name=str(shown))
''')

case("atk_numkey_nan_key", ["lin", "sq", "count", "label"], [], ATK_NUMKEY_PARAMS,
     "a dict keyed by numbers, bools or None given to a block or a run-time call: nan key",
     ATK_NUMKEY_HEAD + '''
    odd = {float('nan'): 'nan', 1.0: 'one'}
    names = []
    for run, job in runs:
        names.append(odd.get(job.x, 'none'))
    await workflow.label.createTask(name=names)
''', partial=True)


# ---- a list built over runs shown as text, or sorted by operator.itemgetter

ATK_TEXT_PARAMS = {"xs": [2.0, -12.0, 5.0, 30.0, -7.5]}
ATK_TEXT_HEAD = '''
from operator import itemgetter  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]  # noqa: F841
'''

case("atk_text_print_list", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: print list",
     ATK_TEXT_HEAD + '''
    print(ys)
    await workflow.sq.createTask(x=ys)
''')

case("atk_text_print_fstring", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: print fstring",
     ATK_TEXT_HEAD + '''
    print(f'outputs: {ys}')
    await workflow.sq.createTask(x=ys)
''')

case("atk_text_print_args", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: print args",
     ATK_TEXT_HEAD + '''
    print('outputs:', ys, len(ys))
    await workflow.sq.createTask(x=ys)
''')

case("atk_text_str_to_label", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: str to label",
     ATK_TEXT_HEAD + '''
    await workflow.label.createTask(name=str(ys))
''')

case("atk_text_fstring_to_label", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: fstring to label",
     ATK_TEXT_HEAD + '''
    await workflow.label.createTask(name=f'{ys}')
''')

case("atk_text_repr_pairs", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: repr pairs",
     ATK_TEXT_HEAD + '''
    pairs = [(job.x, run.y) for run, job in runs]
    print(pairs)
    await workflow.label.createTask(name=repr(pairs[:2]))
''')

case("atk_text_itemgetter_sort", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: itemgetter sort",
     ATK_TEXT_HEAD + '''
    rows = [{'x': job.x, 'y': run.y} for run, job in runs]
    rows.sort(key=itemgetter('y'))
    await workflow.sq.createTask(x=[r['x'] for r in rows[:2]])
''')

case("atk_text_itemgetter_two", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: itemgetter two",
     ATK_TEXT_HEAD + '''
    rows = [{'x': job.x, 'y': run.y} for run, job in runs]
    best = min(rows, key=itemgetter('y', 'x'))
    await workflow.sq.createTask(x=best['x'])
''')

case("atk_text_itemgetter_pairs", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: itemgetter pairs",
     ATK_TEXT_HEAD + '''
    pairs = [(run.y, job.x) for run, job in runs]
    ranked = sorted(pairs, key=itemgetter(1), reverse=True)
    await workflow.sq.createTask(x=[p[1] for p in ranked[:3]])
''')

case("atk_text_str_of_pairs", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: str of pairs",
     ATK_TEXT_HEAD + '''
    pairs = [(job.x, run.y) for run, job in runs]
    await workflow.label.createTask(name=str(pairs))
''')

case("atk_text_str_of_runs", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: str of runs",
     ATK_TEXT_HEAD + '''
    rs = [run for run, job in runs]
    await workflow.label.createTask(name=str(len(str(rs)) > 0))
''', partial=True)

case("atk_text_repr_strings", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: repr strings",
     ATK_TEXT_HEAD + '''
    names = [f"it's {run.y:.1f}" for run, job in runs]
    await workflow.label.createTask(name=repr(names))
''')

case("atk_text_fstring_r", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: fstring r",
     ATK_TEXT_HEAD + '''
    await workflow.label.createTask(name=f'{ys!r}')
''')

case("atk_text_fstring_s_spec", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: fstring s spec",
     ATK_TEXT_HEAD + '''
    await workflow.label.createTask(name=f'{ys!s:>60}')
''', partial=True)

case("atk_text_percent", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: percent",
     ATK_TEXT_HEAD + '''
    await workflow.label.createTask(name='%s' % (ys,))
''')

case("atk_text_str_compared", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: str compared",
     ATK_TEXT_HEAD + '''
    if str(ys) == '[]':
        await workflow.sq.createTask(x=0.0)
    else:
        await workflow.sq.createTask(x=float(len(str(ys))))
''', partial=True)

case("atk_text_str_filtered", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: str filtered",
     ATK_TEXT_HEAD + '''
    pos = [y for y in ys if y > 0]
    await workflow.label.createTask(name=str(pos))
''')

case("atk_text_itemgetter_param", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: itemgetter param",
     ATK_TEXT_HEAD + '''
    rows = [{'x': job.x, 'y': run.y} for run, job in runs]
    col = params['xs'][0] > 0 and 'y' or 'x'
    best = min(rows, key=itemgetter(col))
    await workflow.sq.createTask(x=best['x'])
''')

case("atk_text_itemgetter_unsortable", ["lin", "sq", "label"], [], ATK_TEXT_PARAMS,
     "a list built over runs shown as text, or sorted by operator.itemgetter: "
     "itemgetter unsortable",
     ATK_TEXT_HEAD + '''
    rows = [(run.y, {'x': job.x}) for run, job in runs]
    best = sorted(rows, key=itemgetter(0, 1))
    await workflow.sq.createTask(x=best[0][1]['x'])
''')


# ---- a dict or list of main given to a call that keeps it, then changed in place

ATK_DICTALIAS_PARAMS = {"xs": [1.0, 2.0, 3.0]}
ATK_DICTALIAS_HEAD = '''
from collections import ChainMap  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
'''

case("atk_dictalias_num_box", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: num box",
     ATK_DICTALIAS_HEAD + '''
    owner = {1.0: 'steel'}
    box = []
    for run, job in runs:
        if run.y > 0:
            box.append(owner)
    owner[1.0] = 'gold'
    await workflow.label.createTask(name=[b[1.0] for b in box])
''', partial=True)

case("atk_dictalias_num_chain", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: num chain",
     ATK_DICTALIAS_HEAD + '''
    owner = {1.0: 'steel'}
    ys = [run.y for run, job in runs]
    view = ChainMap(owner, {'n': len(ys)})
    owner[1.0] = 'gold'
    await workflow.label.createTask(name=str(view[1.0]) + str(view['n']))
''', partial=True)

case("atk_dictalias_num_block_alias", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: num block alias",
     ATK_DICTALIAS_HEAD + '''
    owner = {1.0: 'steel'}
    kept = None
    for run, job in runs:
        kept = owner if run.y > 0 else kept
    owner[1.0] = 'gold'
    await workflow.label.createTask(name=kept[1.0])
''', partial=True)

case("atk_dictalias_num_sorted_vals", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: num sorted vals",
     ATK_DICTALIAS_HEAD + '''
    owner = {1.0: [3.0, 1.0]}
    ys = [run.y for run, job in runs]
    top = max([owner[1.0], ys], key=len)
    owner[1.0].append(9.0)
    await workflow.sq.createTask(x=top)
''', partial=True)

case("atk_dictalias_str_box", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: str box",
     ATK_DICTALIAS_HEAD + '''
    owner = {'a': 'steel'}
    box = []
    for run, job in runs:
        if run.y > 0:
            box.append(owner)
    owner['a'] = 'gold'
    await workflow.label.createTask(name=[b['a'] for b in box])
''', partial=True)

case("atk_dictalias_str_chain", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: str chain",
     ATK_DICTALIAS_HEAD + '''
    owner = {'a': 'steel'}
    ys = [run.y for run, job in runs]
    view = ChainMap(owner, {'n': len(ys)})
    owner['a'] = 'gold'
    await workflow.label.createTask(name=str(view['a']) + str(view['n']))
''', partial=True)

case("atk_dictalias_str_block_alias", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: str block alias",
     ATK_DICTALIAS_HEAD + '''
    owner = {'a': 'steel'}
    kept = None
    for run, job in runs:
        kept = owner if run.y > 0 else kept
    owner['a'] = 'gold'
    await workflow.label.createTask(name=kept['a'])
''', partial=True)

case("atk_dictalias_str_sorted_vals", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: str sorted vals",
     ATK_DICTALIAS_HEAD + '''
    owner = {'a': [3.0, 1.0]}
    ys = [run.y for run, job in runs]
    top = max([owner['a'], ys], key=len)
    owner['a'].append(9.0)
    await workflow.sq.createTask(x=top)
''', partial=True)

case("atk_dictalias_zip_iterator", ["lin", "sq", "label"], [], ATK_DICTALIAS_PARAMS,
     "a dict or list of main given to a call that keeps it, then changed in place: zip iterator",
     ATK_DICTALIAS_HEAD + '''
    names = ['a', 'b', 'c']
    ys = [run.y for run, job in runs]
    pairs = zip(names, ys)
    names[0] = 'z'
    await workflow.label.createTask(name=[n + str(y) for n, y in pairs])
''', partial=True)


# ---- an item looked up with an output's key, then changed in place

ATK_ITEMLOOK_PARAMS = {"xs": [1.0, 2.0, 3.0]}
ATK_ITEMLOOK_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    top = max(run.y for run, job in runs)
'''

case("atk_itemlook_dict_item_then_changed", ["lin", "sq"], [], ATK_ITEMLOOK_PARAMS,
     "an item looked up with an output's key, then changed in place: dict item then changed",
     ATK_ITEMLOOK_HEAD + '''
    table = {'lo': [1.0], 'hi': [2.0]}
    key = 'hi' if top > 2 else 'lo'
    chosen = table[key]
    table['hi'].append(9.0)
    await workflow.sq.createTask(x=chosen)
''')

case("atk_itemlook_dict_item_changed_through", ["lin", "sq"], [], ATK_ITEMLOOK_PARAMS,
     "an item looked up with an output's key, then changed in place: dict item changed through",
     ATK_ITEMLOOK_HEAD + '''
    table = {'lo': [1.0], 'hi': [2.0]}
    key = 'hi' if top > 2 else 'lo'
    chosen = table[key]
    chosen.append(7.0)
    await workflow.sq.createTask(x=table['hi'] + table['lo'])
''')

case("atk_itemlook_nested_dict_then_changed", ["lin", "sq"], [], ATK_ITEMLOOK_PARAMS,
     "an item looked up with an output's key, then changed in place: nested dict then changed",
     ATK_ITEMLOOK_HEAD + '''
    cfg = {'a': {'x': 1.0}, 'b': {'x': 2.0}}
    sub = cfg['a' if top > 2 else 'b']
    cfg['a']['x'] = 3.0
    await workflow.sq.createTask(x=[sub['x']])
''')

case("atk_itemlook_max_values_then_changed", ["lin", "sq"], [], ATK_ITEMLOOK_PARAMS,
     "an item looked up with an output's key, then changed in place: max values then changed",
     ATK_ITEMLOOK_HEAD + '''
    table = {'lo': [1.0], 'hi': [2.0]}
    best = max(table.values(), key=lambda v: v[0] * top)
    table['hi'].append(9.0)
    await workflow.sq.createTask(x=best)
''')

case("atk_itemlook_item_of_fanin_row_changed", ["lin", "sq"], [], ATK_ITEMLOOK_PARAMS,
     "an item looked up with an output's key, then changed in place: item of fanin row changed",
     ATK_ITEMLOOK_HEAD + '''
    rows = {'a': [run.y for run, job in runs], 'b': [1.0]}
    pick = rows['a' if top > 2 else 'b']
    rows['a'].append(11.0)
    await workflow.sq.createTask(x=pick)
''')

case("atk_itemlook_item_then_sort", ["lin", "sq"], [], ATK_ITEMLOOK_PARAMS,
     "an item looked up with an output's key, then changed in place: item then sort",
     ATK_ITEMLOOK_HEAD + '''
    table = {'lo': [3.0, 1.0], 'hi': [2.0, 0.5]}
    key = 'hi' if top > 2 else 'lo'
    chosen = table[key]
    table['hi'].sort()
    await workflow.sq.createTask(x=chosen)
''')


# ---- an item looked up with an output's key, kept while its dict changes

ATK_ITEMKEEP_PARAMS = {"xs": [1.0, 2.0, 3.0]}
ATK_ITEMKEEP_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


def grow(values):
    values.append(9.0)


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    top = max(run.y for run, job in runs)
    table = {'lo': [1.0], 'hi': [2.0]}
    key = 'hi' if top > 2 else 'lo'
'''

case("atk_itemkeep_rebound_lo_after", ["lin", "sq"], [], ATK_ITEMKEEP_PARAMS,
     "an item looked up with an output's key, kept while its dict changes: rebound lo after",
     ATK_ITEMKEEP_HEAD + '''
    chosen = table[key]
    table['lo'] = [8.0]
    table['hi'] = [7.0]
    await workflow.sq.createTask(x=chosen)
''')

case("atk_itemkeep_alias_before", ["lin", "sq"], [], ATK_ITEMKEEP_PARAMS,
     "an item looked up with an output's key, kept while its dict changes: alias before",
     ATK_ITEMKEEP_HEAD + '''
    hi = table['hi']
    chosen = table[key]
    hi.append(9.0)
    await workflow.sq.createTask(x=chosen)
''')

case("atk_itemkeep_helper_grows", ["lin", "sq"], [], ATK_ITEMKEEP_PARAMS,
     "an item looked up with an output's key, kept while its dict changes: helper grows",
     ATK_ITEMKEEP_HEAD + '''
    chosen = table[key]
    grow(table['hi'])
    await workflow.sq.createTask(x=chosen)
''')

case("atk_itemkeep_shallow_copy", ["lin", "sq"], [], ATK_ITEMKEEP_PARAMS,
     "an item looked up with an output's key, kept while its dict changes: shallow copy",
     ATK_ITEMKEEP_HEAD + '''
    snap = dict(table)
    chosen = snap[key]
    table['hi'].append(9.0)
    await workflow.sq.createTask(x=chosen)
''')

case("atk_itemkeep_pop_after", ["lin", "sq"], [], ATK_ITEMKEEP_PARAMS,
     "an item looked up with an output's key, kept while its dict changes: pop after",
     ATK_ITEMKEEP_HEAD + '''
    chosen = table[key]
    gone = table.pop('hi')
    gone.append(3.0)
    await workflow.sq.createTask(x=chosen)
''')

case("atk_itemkeep_lookup_in_loop", ["lin", "sq"], [], ATK_ITEMKEEP_PARAMS,
     "an item looked up with an output's key, kept while its dict changes: lookup in loop",
     ATK_ITEMKEEP_HEAD + '''
    picks = []
    for k in ['lo', 'hi']:
        picks.append(table[key] if k == 'lo' else table[k])
    picks[0].append(3.5)
    await workflow.sq.createTask(x=table['hi'] + picks[1])
''')

case("atk_itemkeep_key_rebound_after", ["lin", "sq"], [], ATK_ITEMKEEP_PARAMS,
     "an item looked up with an output's key, kept while its dict changes: key rebound after",
     ATK_ITEMKEEP_HEAD + '''
    chosen = table[key]
    key = 'lo'
    table[key].append(0.5)
    await workflow.sq.createTask(x=chosen)
''')


# ---- lists a loop fills under a test of its item, read after it

ATK_TESTED_PARAMS = {"xs": [2.0, 12.0, 5.0, 30.0, 7.5]}
ATK_TESTED_HEAD = '''
import asyncio  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid, missing = [], []
    for run, job in screen:
        if run.y is None:
            missing.append(job.x)
        else:
            valid.append(run.y)
'''

case("atk_tested_print_missing", ["gap", "sq"], [], ATK_TESTED_PARAMS,
     "lists a loop fills under a test of its item, read after it: print missing",
     ATK_TESTED_HEAD + '''
    print(f'{len(valid)} valid, missing: {missing}')
    await workflow.sq.createTask(x=valid)
''')

case("atk_tested_index_last_missing", ["gap", "sq"], [], ATK_TESTED_PARAMS,
     "lists a loop fills under a test of its item, read after it: index last missing",
     ATK_TESTED_HEAD + '''
    await workflow.sq.createTask(x=[missing[-1], valid[-1]])
''')

case("atk_tested_loop_index_missing", ["gap", "step"], [], ATK_TESTED_PARAMS,
     "lists a loop fills under a test of its item, read after it: loop index missing",
     ATK_TESTED_HEAD + '''
    for i in range(len(missing)):
        await workflow.step.createTask(x=missing[i], i=i)
''')

case("atk_tested_extend_then_index", ["gap", "sq"], [], ATK_TESTED_PARAMS,
     "lists a loop fills under a test of its item, read after it: extend then index",
     ATK_TESTED_HEAD + '''
    valid += missing
    await workflow.sq.createTask(x=valid[1])
''', segments=1)

case("atk_tested_len_branch", ["gap", "sq"], [], ATK_TESTED_PARAMS,
     "lists a loop fills under a test of its item, read after it: len branch",
     ATK_TESTED_HEAD + '''
    if len(valid) > 2:
        await workflow.sq.createTask(x=valid[2])
''')

case("atk_tested_dict_from_lists", ["gap", "sq"], [], ATK_TESTED_PARAMS,
     "lists a loop fills under a test of its item, read after it: dict from lists",
     ATK_TESTED_HEAD + '''
    table = {'valid': valid, 'missing': missing}
    await workflow.sq.createTask(x=table['valid'][:1])
''')



# ---- the screening loop several families share: a loop over a sweep's runs filling
# valid (outputs) or missing (inputs) by a test of the item


def xs_arg(default: list[float]) -> str:
    """populate_arg_parser's --xs line, with this default."""
    return f'    parser.add_argument("--xs", type=float, nargs="+", default={default})\n'


SPLIT_SCREEN = '''

async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid, missing = [], []
    for run, job in screen:
        if run.y is None:
            missing.append(job.x)
        else:
            valid.append(run.y)
'''

# ---- lists a loop fills in the two branches of a test of its item, joined

ATK_JOINED_PARAMS = {"xs": [2.0, 12.0, 5.0, 30.0, 7.5]}
ATK_JOINED_HEAD = '''
def populate_arg_parser(parser):
''' + xs_arg([2.0, 12.0, 5.0, 30.0, 7.5]) + SPLIT_SCREEN

case("atk_joined_extend_pass", ["gap", "sq"], [], ATK_JOINED_PARAMS,
     "lists a loop fills in the two branches of a test of its item, joined: extend pass",
     ATK_JOINED_HEAD + '''
    valid += missing
    await workflow.sq.createTask(x=valid)
''', segments=1)

case("atk_joined_concat_enumerate", ["gap", "step"], [], ATK_JOINED_PARAMS,
     "lists a loop fills in the two branches of a test of its item, joined: concat enumerate",
     ATK_JOINED_HEAD + '''
    for i, b in enumerate(valid + missing):
        await workflow.step.createTask(x=b, i=i)
''', partial=True)

case("atk_joined_concat_len", ["gap", "count"], [], ATK_JOINED_PARAMS,
     "lists a loop fills in the two branches of a test of its item, joined: concat len",
     ATK_JOINED_HEAD + '''
    await workflow.count.createTask(n=len(valid + missing))
''', partial=True)

case("atk_joined_one_list_two_appends", ["gap", "sq"], [], ATK_JOINED_PARAMS,
     "lists a loop fills in the two branches of a test of its item, joined: one list two appends",
     ATK_JOINED_HEAD + '''
    out = []
    for run, job in screen:
        if run.y is None:
            out.append(job.x)
        else:
            out.append(run.y)
    await workflow.sq.createTask(x=out)
''')

case("atk_joined_valid_then_const", ["gap", "sq"], [], ATK_JOINED_PARAMS,
     "lists a loop fills in the two branches of a test of its item, joined: valid then const",
     ATK_JOINED_HEAD + '''
    valid.append(99.0)
    await workflow.sq.createTask(x=valid + missing)
''', partial=True)


# ---- lists and dicts a loop fills in the branches of a test of its item, combined

ATK_BRANCHLISTS_PARAMS = {"xs": [2.0, 12.0, 5.0, 30.0, 7.5]}
ATK_BRANCHLISTS_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
'''

case("atk_branchlists_setdefault_lists_concat", ["gap", "sq"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined:"
     " setdefault lists concat",
     ATK_BRANCHLISTS_HEAD + '''
    out = {}
    for run, job in screen:
        if run.y is None:
            out.setdefault('m', []).append(job.x)
        else:
            out.setdefault('v', []).append(run.y)
    await workflow.sq.createTask(x=out.get('v', []) + out.get('m', []))
''')

case("atk_branchlists_dict_update_merge", ["gap", "sq"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined:"
     " dict update merge",
     ATK_BRANCHLISTS_HEAD + '''
    good, bad = {}, {}
    for run, job in screen:
        if run.y is None:
            bad[job.x] = 0.5
        else:
            good[job.x] = run.y
    good.update(bad)
    await workflow.sq.createTask(x=list(good.values()))
''')

case("atk_branchlists_same_element_two_lists_enum", ["gap", "step"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined:"
     " same element two lists enum",
     ATK_BRANCHLISTS_HEAD + '''
    a, b = [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        else:
            b.append(job.x)
    for i, v in enumerate(b + a):
        await workflow.step.createTask(x=v, i=i)
''', partial=True)

case("atk_branchlists_sum_lists", ["gap", "step"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined: sum lists",
     ATK_BRANCHLISTS_HEAD + '''
    a, b = [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        else:
            b.append(run.y)
    both = sum([b, a], [])
    await workflow.step.createTask(x=both, i=[k for k in range(len(both))])
''')

case("atk_branchlists_tuple_concat", ["gap", "sq"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined: tuple concat",
     ATK_BRANCHLISTS_HEAD + '''
    a, b = [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        else:
            b.append(run.y)
    both = tuple(b) + tuple(a)
    await workflow.sq.createTask(x=list(both))
''')

case("atk_branchlists_comp_two_lists", ["gap", "step"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined: comp two lists",
     ATK_BRANCHLISTS_HEAD + '''
    a, b = [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        else:
            b.append(run.y)
    both = [v for v in b] + [v for v in a]
    for i, v in enumerate(both):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_branchlists_slice_assign", ["gap", "step"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined: slice assign",
     ATK_BRANCHLISTS_HEAD + '''
    a, b = [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        else:
            b.append(run.y)
    b[len(b):] = a
    for i, v in enumerate(b):
        await workflow.step.createTask(x=v, i=i)
''', partial=True)

case("atk_branchlists_append_other_list", ["gap", "step"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined:"
     " append other list",
     ATK_BRANCHLISTS_HEAD + '''
    a, b = [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        else:
            b.append(run.y)
    for v in a:
        b.append(v)
    for i, v in enumerate(b):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_branchlists_nested_if_two_lists", ["gap", "step"], [], ATK_BRANCHLISTS_PARAMS,
     "lists and dicts a loop fills in the branches of a test of its item, combined:"
     " nested if two lists",
     ATK_BRANCHLISTS_HEAD + '''
    a, b, c = [], [], []
    for run, job in screen:
        if run.y is None:
            a.append(job.x)
        elif run.y > 4:
            b.append(run.y)
        else:
            c.append(run.y)
    for i, v in enumerate(c + b):
        await workflow.step.createTask(x=v, i=i)
''')


# ---- a fan-in list read, then sorted in place

ATK_SORTAFTER_PARAMS = {"xs": [2.0, 12.0, 5.0, 30.0, 7.5]}
ATK_SORTAFTER_HEAD = '''import asyncio  # noqa: F401


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid = []
    for run, job in screen:
        if run.y is not None:
            valid.append(run.y)
    plain = [run.y * 2 for run, job in screen if run.y is not None]  # noqa: F841
    desc = [-job.x for run, job in screen]  # noqa: F841
'''

case("atk_sortafter_index_before_sort", ["gap", "sq"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: index before sort",
     ATK_SORTAFTER_HEAD + '''
    first = valid[0]
    valid.sort(reverse=True)
    await workflow.sq.createTask(x=[first, valid[0]])
''')

case("atk_sortafter_text_before_sort", ["gap", "label", "sq"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: text before sort",
     ATK_SORTAFTER_HEAD + '''
    text = str(valid)
    valid.sort(reverse=True)
    await workflow.label.createTask(name=text)
    await workflow.sq.createTask(x=valid[:1])
''')

case("atk_sortafter_task_before_sort", ["gap", "sq", "step"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: task before sort",
     ATK_SORTAFTER_HEAD + '''
    await workflow.sq.createTask(x=valid)
    valid.sort(reverse=True)
    for i, v in enumerate(valid):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_sortafter_copy_before_sort", ["gap", "step"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: copy before sort",
     ATK_SORTAFTER_HEAD + '''
    snap = valid[:]
    valid.sort(reverse=True)
    for i, v in enumerate(snap + valid):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_sortafter_alias_then_sort", ["gap", "sq"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: alias then sort",
     ATK_SORTAFTER_HEAD + '''
    other = valid
    valid.sort(reverse=True)
    await workflow.sq.createTask(x=other[:2])
''', partial=True)

case("atk_sortafter_undecided_task_sort_enum", ["gap", "lin", "step"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: undecided task sort enum",
     ATK_SORTAFTER_HEAD + '''
    await workflow.lin.createTask(x=desc)
    desc.sort()
    for i, v in enumerate(desc):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_sortafter_sort_twice", ["gap", "sq"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: sort twice",
     ATK_SORTAFTER_HEAD + '''
    a = valid[-1]
    valid.sort()
    b = valid[-1]
    valid.sort(reverse=True)
    await workflow.sq.createTask(x=[a, b, valid[-1]])
''', segments=1)

case("atk_sortafter_dict_holds_then_sort", ["gap", "sq"], [], ATK_SORTAFTER_PARAMS,
     "a fan-in list read, then sorted in place: dict holds then sort",
     ATK_SORTAFTER_HEAD + '''
    table = {'v': valid}
    valid.sort(reverse=True)
    await workflow.sq.createTask(x=table['v'][:1])
''', partial=True)


# ---- two lists a loop fills in the branches of a test of its item, read side by side or
# one after the other

ATK_PAIRLISTS_PARAMS = {"xs": [2.0, 12.0, 5.0, 30.0, 7.5, 40.0]}
ATK_PAIRLISTS_HEAD = '''import operator  # noqa: F401


def populate_arg_parser(parser):
''' + xs_arg([2.0, 12.0, 5.0, 30.0, 7.5, 40.0]) + SPLIT_SCREEN

case("atk_pairlists_index_pairs", ["gap", "step"], [], ATK_PAIRLISTS_PARAMS,
     "two lists a loop fills in the branches of a test of its item, read side by side"
     " or one after the other: index pairs",
     ATK_PAIRLISTS_HEAD + '''
    n = min(len(valid), len(missing))
    for i in range(n):
        await workflow.step.createTask(x=valid[i] + missing[i], i=i)
''')

case("atk_pairlists_interleave_loop", ["gap", "step"], [], ATK_PAIRLISTS_PARAMS,
     "two lists a loop fills in the branches of a test of its item, read side by side"
     " or one after the other: interleave loop",
     ATK_PAIRLISTS_HEAD + '''
    merged = []
    for v in valid:
        merged.append(v)
    for m in missing:
        merged.append(m)
    for i, v in enumerate(merged):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_pairlists_nested_list_sum", ["gap", "step"], [], ATK_PAIRLISTS_PARAMS,
     "two lists a loop fills in the branches of a test of its item, read side by side"
     " or one after the other: nested list sum",
     ATK_PAIRLISTS_HEAD + '''
    groups = [valid, missing]
    flat = sum(groups, [])
    for i, v in enumerate(flat):
        await workflow.step.createTask(x=v, i=i)
''')


# ---- two lists a loop fills in the branches of a test of its item, copied or joined by
# list.__add__, then read by position (wrong DAGs once: the joined list was read in the
# loop's order)

ATK_BRANCHCOPY_HEAD = '''
def populate_arg_parser(parser):
''' + xs_arg([2.0, 12.0, 5.0, 30.0, 7.5, 3.0]) + SPLIT_SCREEN
ATK_BRANCHCOPY_PARAMS = {"xs": [2.0, 12.0, 5.0, 30.0, 7.5, 3.0]}

case("atk_branchcopy_copies_joined", ["gap", "step"], [], ATK_BRANCHCOPY_PARAMS,
     "two lists filled in the branches of a test of the item, copied, joined, enumerated",
     ATK_BRANCHCOPY_HEAD + '''    for i, v in enumerate(list(valid) + list(missing)):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_branchcopy_unbound_add", ["gap", "step"], [], ATK_BRANCHCOPY_PARAMS,
     "two lists filled in the branches of a test of the item, joined by list.__add__",
     ATK_BRANCHCOPY_HEAD + '''    for i, v in enumerate(list.__add__(valid, missing)):
        await workflow.step.createTask(x=v, i=i)
''', partial=True)

case("atk_branchcopy_copy_extended", ["gap", "step"], [], ATK_BRANCHCOPY_PARAMS,
     "a copy of one list filled in a branch of a test of the item extended with a "
     "copy of the other",
     ATK_BRANCHCOPY_HEAD + '''    both = list(valid)
    both.extend(list(missing))
    for i, v in enumerate(both):
        await workflow.step.createTask(x=v, i=i)
''')


# ---- a list a tested loop fills, joined with constants or read under a test of it, then
# looped over by createTask: the paths loop over lists of different shapes (refused once
# with "call createTask once per branch"; now the test deciding it is a fallback point)

ATK_CONV_HEAD = ('''
def populate_arg_parser(parser):
''' + xs_arg([2.0, 12.0, 5.0, 30.0, 7.5, 3.0])
                 + '''    parser.add_argument("--extra", type=float, nargs="+", default=[0.5, 1.5])
'''
                 + SPLIT_SCREEN)
ATK_CONV_PARAMS = {'xs': [2.0, 12.0, 5.0, 30.0, 7.5, 3.0], 'extra': [0.5, 1.5]}

case("atk_conv_param_list", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a list filled under a test of the item joined with a constant list",
     ATK_CONV_HEAD + '''    for i, v in enumerate(list(valid) + [1.0]):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_conv_const_first", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a constant list joined before a list filled under a test of the item",
     ATK_CONV_HEAD + '''    for i, v in enumerate([1.0] + list(valid)):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_conv_param_tail", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a list filled under a test of the item joined with a list param",
     ATK_CONV_HEAD + '''    for i, v in enumerate(valid + params["extra"]):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_conv_or_default", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a list filled under a test of the item, or a default when it is empty",
     ATK_CONV_HEAD + '''    for i, v in enumerate(missing or [0.0]):
        await workflow.step.createTask(x=v, i=i)
''', partial=True)

case("atk_conv_no_enum_const", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a copy of a list filled under a test of the item joined with a constant, looped over",
     ATK_CONV_HEAD + '''    for v in list(missing) + [1.0]:
        await workflow.step.createTask(x=v, i=0)
''', partial=True)

case("atk_conv_mapped_call", ["gap", "step"], [], ATK_CONV_PARAMS,
     "createTask mapped over a list filled under a test of the item joined with a constant",
     ATK_CONV_HEAD + '''    await workflow.step.createTask(x=list(valid) + [1.0], i=0)
''')

case("atk_conv_zip_const", ["gap", "step"], [], ATK_CONV_PARAMS,
     "two lists filled in the branches of a test of the item, each joined with a constant, zipped",
     ATK_CONV_HEAD + '''    for i, (a, b) in enumerate(zip(valid + [1.0], [3.0] + missing)):
        await workflow.step.createTask(x=a + b, i=i)
''', partial=True)

case("atk_conv_len_shape", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a list filled under a test of the item, or constants when it is short",
     ATK_CONV_HEAD + '''    xs = valid if len(valid) > 2 else [1.0, 2.0]
    for i, v in enumerate(xs):
        await workflow.step.createTask(x=v, i=i)
''', partial=True)

case("atk_conv_output_branch", ["gap", "step"], [], ATK_CONV_PARAMS,
     "constants or halves of a list filled under a test of the item, by its maximum",
     ATK_CONV_HEAD + '''    best = max(valid) if valid else 0.0
    xs = [1.0, 2.0] if best > 20 else [v / 2 for v in valid]
    for i, v in enumerate(xs):
        await workflow.step.createTask(x=v, i=i)
''')

case("atk_conv_two_lists_range", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a range sized by a list filled under a test of the item",
     ATK_CONV_HEAD + '''    for i in range(len(valid) + 1):
        await workflow.step.createTask(x=float(i), i=i)
''')

case("atk_conv_sorted_plus", ["gap", "step"], [], ATK_CONV_PARAMS,
     "a sorted list filled under a test of the item joined with a constant",
     ATK_CONV_HEAD + '''    for i, v in enumerate(sorted(valid) + [100.0]):
        await workflow.step.createTask(x=v, i=i)
''')


# ---- a test deciding what a later createTask loops over, or its parameter names (refused
# once: 'call createTask once per branch'; now that test is a fallback point)

ATK_SHAPE_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0])
    parser.add_argument("--wide", action="store_true")


async def pick(workflow, runs):
    if runs[0][0].y is None:
        return [1.0]
    return [r.y for r, j in runs if r.y is not None]
'''
ATK_SHAPE_PARAMS = {'xs': [2.0, 12.0, 5.0], 'wide': False}

case("atk_shape_param_flag", ["gap", "step"], [], ATK_SHAPE_PARAMS,
     "a list param or a constant list by a flag, looped over by createTask",
     ATK_SHAPE_HEAD + '''
async def main(workflow, **params):
    xs = params["xs"] if params["wide"] else [1.0]
    for i, x in enumerate(xs):
        await workflow.step.createTask(x=x, i=i)
''')

case("atk_shape_helper_output", ["gap", "step"], [], ATK_SHAPE_PARAMS,
     "a helper returning outputs or a constant list by a test of an output",
     ATK_SHAPE_HEAD + '''
async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    xs = await pick(workflow, runs)
    for i, x in enumerate(xs):
        await workflow.step.createTask(x=x, i=i)
    await workflow.step.createTask(x=100.0, i=len(xs))
''', partial=True)

case("atk_shape_twice", ["gap", "step"], [], ATK_SHAPE_PARAMS,
     "outputs or a constant list by a test of an output, twice in a loop over constants",
     ATK_SHAPE_HEAD + '''
async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    for k in range(2):
        xs = [r.y for r, j in runs if r.y is not None] if runs[k][0].y is not None else [float(k)]
        for i, x in enumerate(xs):
            await workflow.step.createTask(x=x, i=10 * k + i)
''')

case("atk_shape_names", ["gap", "step"], [], ATK_SHAPE_PARAMS,
     "createTask mapped over x on one side of a test of an output, over i on the other",
     ATK_SHAPE_HEAD + '''
async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    if runs[1][0].y is None:
        await workflow.step.createTask(x=[1.0, 2.0], i=0)
    else:
        await workflow.step.createTask(x=runs[1][0].y, i=[0, 1])
    await workflow.step.createTask(x=50.0, i=7)
''')

case("atk_shape_loop_after", ["gap", "step"], [], ATK_SHAPE_PARAMS,
     "a filtered list of outputs, or it with a constant when short, looped over, then summed",
     ATK_SHAPE_HEAD + '''
async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    ok = [r.y for r, j in runs if r.y is not None]
    xs = ok if len(ok) >= 2 else ok + [0.5]
    for i, x in enumerate(xs):
        await workflow.step.createTask(x=x, i=i)
    total = sum(xs)
    await workflow.step.createTask(x=total, i=99)
''', partial=True)


# ---- len() of a list of outputs filtered by a comprehension, branched on or passed on

ATK_LENFILTER_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0])
'''
ATK_LENFILTER_PARAMS = {'xs': [2.0, 12.0, 5.0, 30.0]}

case("atk_lenfilter_branch", ["gap", "step"], [], ATK_LENFILTER_PARAMS,
     "len() of a filtered comprehension of outputs branched on",
     ATK_LENFILTER_HEAD + '''

async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    ok = [r.y for r, j in runs if r.y is not None]
    if len(ok) >= 3:
        await workflow.step.createTask(x=1.0, i=1)
    else:
        await workflow.step.createTask(x=2.0, i=2)
''')

case("atk_lenfilter_value", ["gap", "step"], [], ATK_LENFILTER_PARAMS,
     "len() of a filtered comprehension of outputs as a job parameter",
     ATK_LENFILTER_HEAD + '''

async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    ok = [r.y for r, j in runs if r.y is not None]
    await workflow.step.createTask(x=float(len(ok)), i=0)
''')


# ---- a capped Newton loop per start (the product of their exits explored as guarded
# iterations up to 128 paths): counts tested after, a value carried from start to start,
# a for/else, two tests per iteration

ATK_MULTISTART_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0, 40.0])
    parser.add_argument("--tol", type=float, default=1e-3)
    parser.add_argument("--cap", type=int, default=4)
'''
ATK_MULTISTART_PARAMS = {'starts': [1.0, 3.0, 40.0], 'tol': 0.001, 'cap': 4}

case("atk_multistart_count_after", ["newton", "sq", "total"], [], ATK_MULTISTART_PARAMS,
     "a capped Newton loop per start, the iteration counts tested after all starts",
     ATK_MULTISTART_HEAD + '''

async def main(workflow, **params):
    counts = []
    for x0 in params["starts"]:
        x, n = x0, 0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x, n = run.next, n + 1
            if run.err < params["tol"]:
                break
        counts.append(n)
    if max(counts) == params["cap"]:
        await workflow.sq.createTask(x=float(sum(counts)))
    else:
        await workflow.sq.createTask(x=-1.0)
''')

case("atk_multistart_last_shared", ["newton", "sq", "total"], [], ATK_MULTISTART_PARAMS,
     "a capped Newton loop per start, each start from the last root and the next start",
     ATK_MULTISTART_HEAD + '''

async def main(workflow, **params):
    x = None
    for x0 in params["starts"]:
        x = x0 if x is None else (x + x0) / 2
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x = run.next
            if run.err < params["tol"]:
                break
    await workflow.sq.createTask(x=x)
''', segments=1)

case("atk_multistart_else", ["newton", "sq", "total"], [], ATK_MULTISTART_PARAMS,
     "a capped Newton loop per start with a for/else, the roots found swept",
     ATK_MULTISTART_HEAD + '''

async def main(workflow, **params):
    good = []
    for x0 in params["starts"]:
        x = x0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            x = run.next
            if run.err < params["tol"]:
                good.append(x)
                break
        else:
            print("no root from", x0)
    checks = await workflow.sq.createTask(x=good or [0.0])
    await workflow.total.createTask(sq_ids=[r.id for r, j in checks])
''')

case("atk_multistart_two_tests", ["newton", "sq", "total"], [], ATK_MULTISTART_PARAMS,
     "a capped Newton loop per start with a continue on a large step and a break on the error",
     ATK_MULTISTART_HEAD + '''

async def main(workflow, **params):
    xs = []
    for x0 in params["starts"][:2]:
        x = x0
        for _ in range(params["cap"]):
            (run, job), = await workflow.newton.createTask(x=x)
            if run.next > 10:
                x = run.next / 2
                continue
            x = run.next
            if run.err < params["tol"]:
                break
        xs.append(x)
    await workflow.sq.createTask(x=xs)
''', segments=1)


# ---- a file written between steps: the with statement runs as a segment -------------

def file_xs(*modules: str) -> str:
    """The head of the cases writing files: ``modules`` imported, HERE, --xs."""
    return "".join(f"import {m}\n" for m in modules) + '''\
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
'''

case("atk_filew_csv_then_steps", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a CSV of outputs written with csv.writer between two stages, the steps "
     "after it reading values made before it", file_xs("csv") + '''

async def main(workflow, **params):
    rows = [(job.x, run.y) for run, job in await workflow.sq.createTask(x=params["xs"])]
    with open(HERE / "squares.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["x", "y"])
        for x, y in rows:
            w.writerow([x, y])
    await workflow.lin.createTask(x=[y for _, y in rows])
    await workflow.count.createTask(n=len(rows))
''', segments=1)

case("atk_filew_read_back", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a CSV of outputs written, then read back and its largest value given to the "
     "next stage (the read must see what the write put there, at run time)", file_xs("csv") + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "out.csv", "w", newline="") as f:
        w = csv.writer(f)
        for run, job in runs:
            w.writerow([job.x, run.y])
    with open(HERE / "out.csv", newline="") as f:
        ys = [float(row[1]) for row in csv.reader(f)]
    await workflow.lin.createTask(x=max(ys))
''', segments=2)

case("atk_filew_json_before_steps", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a JSON of the params written before any step, a step, then the JSON read "
     "back and its values given to a step", file_xs("json") + '''

async def main(workflow, **params):
    with open(HERE / "plan.json", "w") as f:
        json.dump({"xs": params["xs"], "scale": 3.0}, f)
    await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "plan.json") as f:
        plan = json.load(f)
    await workflow.lin.createTask(x=[x * plan["scale"] for x in plan["xs"]])
''', writes=["plan.json"])

case("atk_filew_append_log", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a log file appended to (mode a) between two stages: a task retried would "
     "append twice", file_xs() + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "log.txt", "a") as f:
        for run, job in runs:
            f.write(f"{job.x} {run.y}\\n")
    await workflow.lin.createTask(x=[run.y for run, job in runs])
''', partial=True)

case("atk_filew_in_loop", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: one file written per run inside a loop over runs, a step after each write",
     file_xs() + '''

async def main(workflow, **params):
    for run, job in await workflow.sq.createTask(x=params["xs"]):
        with open(HERE / f"run-{job.x}.txt", "w") as f:
            f.write(str(run.y))
        await workflow.lin.createTask(x=run.y)
''', fallback=True)

case("atk_filew_file_read_after", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: the file object read after its with (a closed file cannot be passed on)",
     file_xs() + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "ys.txt", "w") as f:
        f.write(" ".join(str(run.y) for run, job in runs))
    await workflow.lin.createTask(x=[run.y for run, job in runs])
    print("closed:", f.closed)
''', writes=["ys.txt"])


case("atk_filew_os_path_param", ["sq", "lin"], ["--xs", "1", "2", "--out", "ys.json"],
     {"xs": [1.0, 2.0], "out": "ys.json"},
     "attack: a JSON written to os.path.join(folder of main, a param), its mean taken "
     "with fmean imported by name, a step after it", '''
import json
import os
from statistics import fmean


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--out", default="ys.json")


async def main(workflow, **params):
    ys = [run.y for run, job in await workflow.sq.createTask(x=params["xs"])]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), params["out"]),
              "w") as f:
        json.dump({"ys": ys, "mean": fmean(ys)}, f)
        centre = fmean(ys)
    await workflow.lin.createTask(x=centre)
''', writes=["ys.json"])

case("atk_filew_imported_name_shadowed", ["sq", "lin"], ["--xs", "1", "2", "4"],
     {"xs": [1.0, 2.0, 4.0]},
     "attack: fmean bound to statistics.median (from statistics import median as fmean) "
     "in a with writing a file: not the function the rules let a segment call",
     '''
from pathlib import Path
from statistics import median as fmean

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    ys = [run.y for run, job in await workflow.sq.createTask(x=params["xs"])]
    with open(HERE / "centre.txt", "w") as f:
        centre = fmean(ys)
        f.write(str(centre))
    await workflow.lin.createTask(x=centre)
''', writes=["centre.txt"])


# ---- a list or set main changes in place, held by an object the tracer may not see ---
# (a module of a library imported before the trace: its objects are frozen, gc.freeze,
# and gc.get_referrers misses them; an object, a default, a class or a partial of main's)

_HELD_ARGS = (["--x", "2.0"], {"x": 2.0, "batch": 2, "max_batches": 4, "se_max": 0.005})


def _held_case(name: str, idiom: str, imports: str, hold: str, read: str,
               counter: bool = True, before: str = "", fallback: bool = True) -> None:
    """The loop fills ``ys``; with ``counter`` it also counts the values in a Counter
    (which makes it a segment), else it compiles to guarded iterations."""
    counter_import = "from collections import Counter\n" if counter else ""
    count_init = "    seen = Counter()\n" if counter else ""
    count_step = "            seen[round(run.y, 6)] += 1\n" if counter else ""
    plain = "".join(sorted(["import math\n", "import statistics\n", imports]))
    source = f'''
{plain}{counter_import}{before}

def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
{hold}{count_init}    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
{count_step}        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
    kept = {read}
    await workflow.lin.createTask(x=float(len(kept)) + sum(kept))
'''
    case(name, ["replica", "lin"], *_HELD_ARGS, idiom, source, fallback=fallback)


_held_case("atk_held_os_attribute",
           "attack: the list a segment fills is kept as an attribute of the os module too"
           " (imported before the trace), read back after it",
           "import os\n", "    os.kept_ys = ys\n", "os.kept_ys")
_held_case("atk_held_os_attribute_compiled",
           "attack: the list a loop of guarded iterations fills is kept as an attribute of"
           " the os module too, read back after it",
           "import os\n", "    os.kept_ys = ys\n", "os.kept_ys", counter=False,
           fallback=False)
_held_case("atk_held_root_logger",
           "attack: the list a segment fills is kept on the root logger (made before the"
           " trace), read back after it",
           "import logging\n", "    logging.getLogger().kept_ys = ys\n",
           "logging.getLogger().kept_ys")
_held_case("atk_held_namespace",
           "attack: the list a segment fills is an attribute of a namespace of main's too",
           "import types\n", "    state = types.SimpleNamespace(ys=ys)\n", "state.ys")
_held_case("atk_held_nested_dict",
           "attack: the list a segment fills is held two dicts deep by a variable of main",
           "", '    book = {"stats": {"ys": ys}}\n', 'book["stats"]["ys"]')
_held_case("atk_held_default_argument",
           "attack: the list a segment fills is kept in a function's default argument",
           "", "    remember(ys)\n", "remember(None)[0]",
           before="\n\ndef remember(item, _kept=[]):\n    if item is not None:\n"
                  "        _kept.append(item)\n    return _kept\n")
_held_case("atk_held_class_attribute",
           "attack: the list a segment fills is kept in a class attribute of the module",
           "", "    History.kept.append(ys)\n", "History.kept[-1]",
           before="\n\nclass History:\n    kept = []\n")
_held_case("atk_held_partial",
           "attack: a functools.partial made before the segment holds the list it fills;"
           " called after it",
           "import functools\n", "    total = functools.partial(sorted, ys)\n", "total()")
_held_case("atk_held_generator",
           "attack: a generator over the list a segment fills, made before it and"
           " consumed after it",
           "", "    later = (y for y in ys)\n", "list(later)")
_held_case("atk_held_module_list",
           "attack: the list a segment fills is appended to a list of the module's top"
           " level",
           "", "    SEEN.append(ys)\n", "SEEN[-1]", before="\nSEEN = []\n")


_HELD_SECANT = '''
def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    steps = []
HOLD    for it in range(params["maxit"]):
        try:
            steps.append(h1 - f1 * (h1 - h0) / (f1 - f0))
            h2 = steps[-1]
        except ZeroDivisionError:
            h2 = h1 - 0.1
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1 + 10 * len(READ))
'''

case("atk_held_block_os_attribute", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "3"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 3},
     "attack: the list a block in a capped loop appends to is kept as an attribute of the"
     " os module too (imported before the trace: frozen, unseen by gc.get_referrers)",
     "import os\n\n" + _HELD_SECANT.replace("HOLD", "    os.kept_steps = steps\n").replace(
         "READ", "os.kept_steps"), partial=True)

case("atk_held_block_namespace", ["mesh", "lin"],
     ["--h0", "0.5", "--h1", "0.45", "--maxit", "3"],
     {"h0": 0.5, "h1": 0.45, "target": 3.0, "maxit": 3},
     "attack: the list a block in a capped loop appends to is an attribute of a namespace"
     " of main's too",
     "import types\n\n" + _HELD_SECANT.replace(
         "HOLD", "    state = types.SimpleNamespace(steps=steps)\n").replace(
         "READ", "state.steps"), partial=True)


_HELD_TWICE = '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--max_batches", type=int, default=4)
    parser.add_argument("--se_max", type=float, default=0.005)


async def main(workflow, **params):
    ys = []
    seen = Counter()
    seed = 0
    for b in range(params["max_batches"]):
        seeds = list(range(seed, seed + params["batch"]))
        seed += params["batch"]
        runs = await workflow.replica.createTask(x=params["x"], seed=seeds)
        for run, job in runs:
            ys.append(run.y)
            seen[round(run.y, 6)] += 1
        se = statistics.stdev(ys) / math.sqrt(len(ys))
        if se < params["se_max"]:
            break
HOLD    extra = Counter()
    for b in range(2):
        runs = await workflow.replica.createTask(x=params["x"] + 1.0, seed=[100 + b])
        for run, job in runs:
            ys.append(run.y)
            extra[round(run.y, 6)] += 1
        if len(extra) > 5:
            break
    kept = READ
    await workflow.lin.createTask(x=float(len(kept)) + sum(kept))
'''

case("atk_held_second_segment_os_attribute", ["replica", "lin"], *_HELD_ARGS,
     "attack: the list a first segment made is kept as an attribute of the os module"
     " (frozen before the trace), then a second segment appends to it; read back after",
     "import math\nimport os\nimport statistics\nfrom collections import Counter\n\n"
     + _HELD_TWICE.replace("HOLD", "    os.kept_ys = ys\n").replace("READ", "os.kept_ys"),
     partial=True)

case("atk_held_second_segment_namespace", ["replica", "lin"], *_HELD_ARGS,
     "attack: the list a first segment made is an attribute of a namespace of main's,"
     " then a second segment appends to it; read back after",
     "import math\nimport statistics\nimport types\nfrom collections import Counter\n\n"
     + _HELD_TWICE.replace("HOLD", "    state = types.SimpleNamespace(ys=ys)\n").replace(
         "READ", "state.ys"), partial=True)


# ---- a record class with properties computed from its fields ---------------------------
# (a segment passes its objects on, made again by the class in each task; a run-time call
# makes them again too: the property must answer the same there)

_PROP_HEAD = '''import math
import os
from dataclasses import dataclass
'''

_PROP_MAIN = '''

def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--levels", type=int, default=3)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    levels = []
    h = params["h0"]
    for _ in range(params["levels"]):
        levels.append(await run_level(workflow, h))
        h = h / 2
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "levels.csv"), "w") as f:
        for lv in levels:
            f.write(f"{lv.h},{lv.u},{lv.cells},WRITE\\n")
BODY
'''


def _prop_case(name: str, idiom: str, level: str, body: str, head: str = "",
               write: str = "{lv.error}") -> None:
    """Levels made by a helper per level, written to a CSV file in a with (a step,
    reading ``write`` of each level), then ``body``."""
    source = _PROP_MAIN.replace("BODY", body).replace("WRITE", write)
    case(name, ["mesh", "sq", "count"], ["--levels", "3"], {"h0": 0.5, "levels": 3},
         idiom, _PROP_HEAD + head + "\n\n" + level + source, writes=["levels.csv"])


_LEVEL = '''@dataclass
class Level:
    h: float
    u: float
    cells: int

    @property
    def error(self):
        """The distance to the exact value."""
        return abs(self.u - 1.0)

    @property
    def log_h(self):
        return math.log(self.h) if self.h > 0 else -math.inf
'''

_prop_case("atk_prop_segment_then_key",
           "a dataclass with properties of its fields, written to a CSV in a with (a"
           " segment reading a property), then max(key=) and a property read on the result"
           " (records made again by the class in the tasks)", _LEVEL, '''\
    finest = max(levels, key=lambda lv: lv.cells)
    await workflow.count.createTask(n=len(levels))
    await workflow.sq.createTask(x=finest.error * 1000 + finest.log_h)
''')

_prop_case("atk_prop_sorted_by_property",
           "a dataclass with properties of its fields given to sorted(key=) and zip at run"
           " time after a segment, the property read on the result", _LEVEL, '''\
    ranked = sorted(levels, key=lambda lv: lv.error)
    rates = [math.log(a.error / b.error) / math.log(2) for a, b in zip(levels, levels[1:])]
    await workflow.count.createTask(n=round(min(rates)))
    await workflow.sq.createTask(x=ranked[0].error + ranked[-1].log_h)
''', write="{lv.log_h}")

_prop_case("atk_prop_appends_to_a_global",
           "attack: a property that appends to a list of the module (not computed from the"
           " fields alone), read by the with writing the levels; the list's length after",
           _LEVEL.replace("return math.log(self.h) if self.h > 0 else -math.inf",
                          "return LOG.append(self.h) or math.log(self.h)"), '''\
    await workflow.sq.createTask(x=float(len(LOG)))
''', head="\nLOG = []", write="{lv.log_h}")

_prop_case("atk_prop_reads_a_global",
           "attack: a property reading a module variable main changes after the with that"
           " reads it", _LEVEL.replace("return abs(self.u - 1.0)",
                                       "return abs(self.u - 1.0) * SCALE"), '''\
    global SCALE
    SCALE = 1000.0
    await workflow.sq.createTask(x=max(levels, key=lambda lv: lv.cells).error)
''', head="\nSCALE = 1.0")

_prop_case("atk_prop_abs_shadowed",
           "attack: the module binds abs to its own function, which the property calls",
           _LEVEL, '''\
    await workflow.sq.createTask(x=max(levels, key=lambda lv: lv.cells).error)
''', head="\n\ndef abs(x):\n    return x * 10.0\n")

_prop_case("atk_prop_with_setter",
           "attack: a property with a setter, read in the with and set after it",
           _LEVEL.replace('''    @property
    def log_h(self):
        return math.log(self.h) if self.h > 0 else -math.inf
''', '''    @property
    def log_h(self):
        return math.log(self.h)

    @log_h.setter
    def log_h(self, value):
        self.h = math.exp(value)
'''), '''\
    finest = max(levels, key=lambda lv: lv.cells)
    finest.log_h = finest.log_h + 1.0
    await workflow.sq.createTask(x=finest.h)
''', write="{lv.log_h}")

_prop_case("atk_prop_lambda_param_named_as_main_variable",
           "attack: a lambda's parameter named as the variable the with's loop binds, that"
           " variable read after it too", _LEVEL, '''\
    finest = max(levels, key=lambda lv: lv.cells)
    await workflow.sq.createTask(x=finest.error + lv.h)
''')


# ---- namedtuple records read by a segment ----------------------------------------------

_NT_MAIN = '''

def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--levels", type=int, default=3)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h, run.u, run.cells)


async def main(workflow, **params):
    levels = []
    h = params["h0"]
    for _ in range(params["levels"]):
        levels.append(await run_level(workflow, h))
        h = h / 2
    with open(Path(__file__).with_name("levels.csv"), "w") as f:
        for lv in levels:
            f.write(f"{lv.h},{lv.u},{lv.cells}\\\\n")
    finest = max(levels, key=lambda lv: lv.cells)
    await workflow.count.createTask(n=len(levels))
    await workflow.sq.createTask(x=abs(finest.u - 1.0) * 1000)
'''


def _nt_case(name: str, idiom: str, head: str, written: str = "levels.csv") -> None:
    case(name, ["mesh", "sq", "count"], ["--levels", "3"], {"h0": 0.5, "levels": 3},
         idiom, head + _NT_MAIN, writes=[written])


_nt_case("atk_ntup_segment_reads_namedtuples",
         "levels kept as collections.namedtuple records, written to a CSV next to main"
         " (Path(__file__).with_name) in a with (a segment), then max(key=) and a step",
         '''from collections import namedtuple
from pathlib import Path

Level = namedtuple("Level", "h u cells")
''')

_nt_case("atk_ntup_field_list_module_qualified",
         "levels kept as collections.namedtuple records declared with a list of names,"
         " written in a with (a segment)",
         '''import collections
from pathlib import Path

Level = collections.namedtuple("Level", ["h", "u", "cells"])
''')

_nt_case("atk_ntup_namedtuple_shadowed",
         "attack: the module's own namedtuple() makes a class with a method of its own",
         '''import collections
from pathlib import Path


def namedtuple(name, fields):
    base = collections.namedtuple(name, fields)
    return type(name, (base,), {"__slots__": (), "total": lambda self: sum(self)})


Level = namedtuple("Level", "h u cells")
''')

_nt_case("atk_ntup_defaults_keyword",
         "attack: a namedtuple with defaults= (a keyword: not taken for a plain record)",
         '''from collections import namedtuple
from pathlib import Path

Level = namedtuple("Level", "h u cells", defaults=[0])
''')

_nt_case("atk_ntup_path_shadowed",
         "attack: the module binds Path to its own class, whose with_name writes elsewhere",
         '''import pathlib
from collections import namedtuple

Level = namedtuple("Level", "h u cells")


class Path(type(pathlib.Path())):
    def with_name(self, name):
        return super().with_name("other-" + name)
''', written="other-levels.csv")


# ---- itertools in a segment ------------------------------------------------------------

_ITT_MAIN = '''

def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max_seeds", type=int, default=4)


async def main(workflow, **params):
    done = {}
    for x in params["xs"]:
        ys = []
        for seed in range(params["max_seeds"]):
            (run, job), = await workflow.replica.createTask(x=x, seed=seed)
            ys.append(run.y)
            if len(ys) >= 2 and abs(ys[-1] - ys[-2]) < 0.05:
                break
BODY
'''


def _itt_case(name: str, idiom: str, body: str, head: str = "import itertools\n",
              partial: bool = False, segments: int = 1) -> None:
    case(name, ["replica", "lin", "count"], ["--xs", "1.0", "2.0"],
         {"xs": [1.0, 2.0], "max_seeds": 4}, idiom,
         head + _ITT_MAIN.replace("BODY", body), partial=partial,
         segments=0 if partial else segments)


_itt_case("atk_itt_running_sums_in_a_segment",
          "per x, replicas until two agree, running sums with itertools.accumulate and"
          " pairs with itertools.pairwise inside the loop (a segment), steps after it",
          '''\
        sums = list(itertools.accumulate(ys))
        jumps = [abs(b - a) for a, b in itertools.pairwise(ys)]
        done[x] = round(sums[-1] / len(ys), 9) + (max(jumps) if jumps else 0.0)
    await workflow.lin.createTask(x=[done[x] for x in sorted(done)])
    await workflow.count.createTask(n=len(done))
''', segments=0)

_itt_case("atk_itt_iterator_read_after",
          "attack: an itertools iterator the segment makes (cycle over the values), read"
          " after it with next()",
          '''\
        sums = list(itertools.accumulate(ys))
        done[x] = sums[-1]
        cycle = itertools.cycle(ys)
    await workflow.lin.createTask(x=[next(cycle), next(cycle), next(cycle)])
''', partial=True)

_itt_case("atk_itt_module_shadowed",
          "attack: the name itertools is bound to a namespace of the module's own, whose"
          " accumulate counts its calls (called while traced on stand-ins: compiled)",
          '''\
        done[x] = list(itertools.accumulate(ys))[-1]
    await workflow.lin.createTask(x=[done[x] for x in sorted(done)])
    await workflow.count.createTask(n=CALLS[0])
''', head='''import itertools as _itertools
import types

CALLS = [0]


def _accumulate(values):
    CALLS[0] += 1
    return _itertools.accumulate(values)


itertools = types.SimpleNamespace(accumulate=_accumulate)
''', segments=0)


# ---- helpers' locals halved in place, records changed in the helper that made them, ----
# ---- a comprehension over a list of numbers (segments) ----------------------------------

_CHAIN = '''\
from dataclasses import dataclass, field


@dataclass
class Chain:
    start: float
    iterates: list = field(default_factory=list)
    converged: bool = False


'''

case("atk_numupd_regions_helper", ["mesh", "count", "sq"],
     ["--h0s", "0.5", "0.4", "--tol", "0.01"], {"h0s": [0.5, 0.4], "tol": 0.01},
     "a helper's capped refinement loop halving a local (h /= 2, h bound from a "
     "parameter) with a break on an output, called per start; sizes and the finest h "
     "after", '''
def populate_arg_parser(parser):
    parser.add_argument("--h0s", type=float, nargs="+", default=[0.5, 0.4])
    parser.add_argument("--tol", type=float, default=0.01)


async def refine(workflow, h0, tol):
    h = h0
    prev = None
    history = []
    for _ in range(4):
        (run, job), = await workflow.mesh.createTask(h=h)
        history.append(run.u)
        if prev is not None and abs(run.u - prev) < tol:
            break
        prev = run.u
        h /= 2
    return h, history


async def main(workflow, **params):
    results = []
    for h0 in params["h0s"]:
        results.append(await refine(workflow, h0, params["tol"]))
    await workflow.count.createTask(n=sum(len(hist) for _, hist in results))
    await workflow.sq.createTask(x=min(h for h, _ in results))
''', segments=1)

case("atk_numupd_list_raises", ["sq", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: a helper's uncapped loop halves a local bound to a list param (h = hs; "
     "h /= 2): Python raises TypeError at the first halving", XS + '''

async def halve_all(workflow, hs):
    h = hs
    while True:
        runs = await workflow.sq.createTask(x=h)
        if runs[0][0].y < 0.1:
            break
        h /= 2
    return h


async def main(workflow, **params):
    out = await halve_all(workflow, list(params["xs"]))
    await workflow.count.createTask(n=len(out))
''', raises="TypeError: unsupported operand type(s) for /=: 'list' and 'int'", fallback=True)

case("atk_numupd_numpy_input", ["mesh", "sq", "count"],
     ["--hs", "0.5", "0.25", "--tol", "0.02"], {"hs": [0.5, 0.25], "tol": 0.02},
     "attack: a helper halves a local bound to main's numpy array (h = g; h /= 2 changes "
     "the array in place); main reads the array after", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=0.02)


async def shrink(workflow, g, tol):
    h = g
    for _ in range(4):
        runs = await workflow.mesh.createTask(h=[float(v) for v in h])
        if max(r.u for r, _ in runs) - 1.0 < tol:
            break
        h /= 2
    return len(runs)


async def main(workflow, **params):
    grid = np.array(params["hs"])
    n = await shrink(workflow, grid, params["tol"])
    await workflow.sq.createTask(x=float(grid[0]))
    await workflow.count.createTask(n=n)
''')

case("atk_rec_given_list", ["newton", "count", "sq"],
     ["--starts", "3", "5", "7", "--tol", "1e-6"], {"starts": [3.0, 5.0, 7.0], "tol": 1e-6},
     "attack: a record made in a helper with main's list as a field (Chain(x0, hist)), "
     "its field appended to: main's list changes; main reads it after", _CHAIN + '''
def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[3.0])
    parser.add_argument("--tol", type=float, default=1e-6)


async def run_chain(workflow, x0, hist, tol):
    chain = Chain(x0, hist)
    x = x0
    for _ in range(6):
        (run, job), = await workflow.newton.createTask(x=x)
        chain.iterates.append(run.next)
        x = run.next
        if run.err < tol:
            chain.converged = True
            break
    return chain


async def main(workflow, **params):
    hist = []
    for x0 in params["starts"]:
        chain = await run_chain(workflow, x0, hist, params["tol"])
    await workflow.count.createTask(n=len(hist))
    await workflow.sq.createTask(x=chain.iterates[-1])
''', fallback=True)

case("atk_rec_field_set_then_changed", ["newton", "count"], ["--starts", "3", "5", "7"],
     {"starts": [3.0, 5.0, 7.0]},
     "attack: a record made in a helper, one of its fields set to main's list, then "
     "appended to through the record: main's list changes", _CHAIN + '''
def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[3.0])


async def run_chain(workflow, x0, log):
    chain = Chain(start=x0)
    chain.iterates = log
    x = x0
    for _ in range(6):
        (run, job), = await workflow.newton.createTask(x=x)
        chain.iterates.append(run.next)
        x = run.next
        if run.err < 1e-6:
            break
    return chain.start


async def main(workflow, **params):
    log = []
    for x0 in params["starts"]:
        start = await run_chain(workflow, x0, log)
    await workflow.count.createTask(n=[len(log), int(start)])
''', fallback=True)

case("atk_rec_fresh_gather", ["newton", "count", "sq"],
     ["--starts", "1", "4", "--tol", "1e-8"], {"starts": [1.0, 4.0], "tol": 1e-8},
     "Newton chains from several starts gathered, each kept in a record the helper makes "
     "and fills (iterates appended, converged set); the iteration counts and the best "
     "root after", "import asyncio\n" + _CHAIN + '''
def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 4.0])
    parser.add_argument("--tol", type=float, default=1e-8)


async def newton_chain(workflow, x0, tol):
    chain = Chain(start=x0)
    x = x0
    for _ in range(8):
        (run, job), = await workflow.newton.createTask(x=x)
        chain.iterates.append(run.next)
        x = run.next
        if run.err < tol:
            chain.converged = True
            break
    return chain


async def main(workflow, **params):
    chains = await asyncio.gather(
        *(newton_chain(workflow, x0, params["tol"]) for x0 in params["starts"]))
    await workflow.count.createTask(n=[len(c.iterates) for c in chains])
    await workflow.sq.createTask(x=chains[0].iterates[-1])
''')

case("atk_rec_kept_in_main_list", ["newton", "count"], ["--starts", "1", "3", "6"],
     {"starts": [1.0, 3.0, 6.0]},
     "records a helper makes, puts in main's list, then fills: main reads the list after",
     _CHAIN + '''
def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0])


async def track(workflow, x0, done):
    chain = Chain(start=x0)
    done.append(chain)
    x = x0
    for _ in range(6):
        (run, job), = await workflow.newton.createTask(x=x)
        chain.iterates.append(run.next)
        x = run.next
        if run.err < 1e-6:
            chain.converged = True
            break


async def main(workflow, **params):
    done = []
    for x0 in params["starts"]:
        await track(workflow, x0, done)
    await workflow.count.createTask(n=[len(c.iterates) for c in done])
''', segments=1)

case("atk_scalar_items_nested_lists", ["sq", "count"],
     ["--groups", "0.1,2.0", "3.0", "--tol", "0.5"],
     {"groups": ["0.1,2.0", "3.0"], "tol": 0.5},
     "attack: gathered helpers over a param's lists may return the very list they were "
     "given (a list of lists is no list of numbers); main appends to it after", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--groups", nargs="+", default=["0.1,2.0", "3.0"])
    parser.add_argument("--tol", type=float, default=0.5)


async def settle(workflow, group, tol):
    for _ in range(4):
        runs = await workflow.sq.createTask(x=group)
        if min(r.y for r, _ in runs) < tol:
            break
        group = [g / 2 for g in group]
    return group


async def main(workflow, **params):
    groups = [[float(v) for v in g.split(",")] for g in params["groups"]]
    finals = await asyncio.gather(*(settle(workflow, g, params["tol"]) for g in groups))
    groups[0].append(9.0)
    await workflow.count.createTask(n=[len(f) for f in finals])
''', fallback=True)

case("atk_scalar_items_changed_in_block", ["newton", "count"],
     ["--starts", "1", "3"], {"starts": [1.0, 3.0]},
     "attack: a gather over a list param of numbers whose statement also appends to "
     "that list (its items are no longer only the ones read)", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0])


async def walk(workflow, x0):
    x = x0
    for k in range(6):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < 1e-6:
            return [x0, k]
    return [x0, -1]


async def main(workflow, **params):
    starts = params["starts"]
    found = await asyncio.gather(*(walk(workflow, s) for s in starts + [starts.append(2.0) or 2.0]))
    await workflow.count.createTask(n=[len(starts), len(found)] + [f[1] for f in found])
''', fallback=True)

case("atk_inplace_array_alias_sub", ["sq", "lin"], ["--xs", "0.5", "0.25"],
     {"xs": [0.5, 0.25]},
     "attack: an array made from a param (numpy.array at run time), another name for it, "
     "then arr -= <output>: natively the other name sees the change", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    arr = np.array(params["xs"])
    shifted = arr
    runs = await workflow.sq.createTask(x=params["xs"])
    shifted -= runs[0][0].y
    await workflow.lin.createTask(x=[float(v) for v in arr])
''', partial=True)

case("atk_inplace_array_onto_output", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: a numpy array of main's own, another name for it, then base += <output>: "
     "natively the array itself grows by it, and the other name sees that", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    base = np.zeros(2)
    alias = base
    runs = await workflow.sq.createTask(x=params["xs"])
    base += runs[0][0].y
    await workflow.lin.createTask(x=[float(v) for v in alias])
''', partial=True)

case("atk_inplace_scalar_div_output", ["mesh", "sq"], ["--h", "0.5"], {"h": 0.5},
     "a step size halved with h /= 2 from a run output, kept in another name first: a "
     "float rebinds, the other name keeps the old value", '''
def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.5)


async def main(workflow, **params):
    (run, job), = await workflow.mesh.createTask(h=params["h"])
    h = run.u
    first = h
    h /= 2
    h -= 0.25
    await workflow.sq.createTask(x=[first, h])
''')

case("atk_itercap_list_grows_while_walked", ["sq", "count"],
     ["--xs", "1", "2", "--tol", "0.5"], {"xs": [1.0, 2.0], "tol": 0.5},
     "attack: a helper walks a param list and inserts into it unless the item passes a "
     "param test; natively it stops at once, on the trace's other path the loop never "
     "ends (the trace stops it at its iteration cap)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--tol", type=float, default=0.5)


async def refine(workflow, params):
    levels = params["xs"]
    for level in levels:
        if level > params["tol"]:
            break
        levels.insert(0, sum(levels) / 2)
    return await workflow.sq.createTask(x=levels[:2])


async def main(workflow, **params):
    runs = await refine(workflow, params)
    await workflow.count.createTask(n=len(runs))
''')

case("atk_itercap_until_param_flag", ["sq", "count"],
     ["--xs", "1", "2", "--restart"], {"xs": [1.0, 2.0], "restart": True},
     "attack: a while loop that ends when a flag param is set; on the trace's path where "
     "the flag is unset it would run a billion times (stopped at the iteration cap); the "
     "count of sweeps is read after it", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--restart", action="store_true")


async def main(workflow, **params):
    done = False
    sweeps = 0
    while not done:
        sweeps += 1
        if params["restart"]:
            done = True
        elif sweeps > 10**9:
            break
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=len(runs) + sweeps)
''')

case("atk_itercap_long_constant_loop", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a loop of 2,500 iterations over a constant range, a step every thousandth, "
     "samples scaled by an output: over the trace's iteration cap, it runs as a segment "
     "and the step after it is compiled", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scale = runs[-1][0].y
    samples = []
    for i in range(2500):
        if i % 1000 == 999:
            await workflow.count.createTask(n=len(samples))
        samples.append(scale * i)
    await workflow.sq.createTask(x=samples[-2:])
''', segments=1)

case("atk_outermost_many_checks", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "a loop of 1,500 iterations over a constant range with a step every 500th, each "
     "iteration a value of an output divided by a number (1,500 values main computes, "
     "checked by the steps after)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scale = runs[-1][0].y
    samples = []
    for i in range(1500):
        if i % 500 == 499:
            await workflow.count.createTask(n=len(samples))
        samples.append(scale / (i + 1))
    await workflow.sq.createTask(x=samples[-2:])
''')

case("atk_anyall_gen_over_fanin", ["sq", "lin", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "all() and any() of generators over a list of outputs built in a loop decide the "
     "next steps", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    if all(y > 0.5 for y in ys):
        await workflow.lin.createTask(x=ys)
    if any(y > 100 for y in ys):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=len(ys))
''')

case("atk_anyall_gen_may_raise", ["sq", "count"], ["--xs", "2", "0", "3"],
     {"xs": [2.0, 0.0, 3.0]},
     "attack: any() of a generator dividing by outputs: the first item decides, the "
     "second would divide by zero (natively never evaluated); a graph computing the "
     "whole list would raise", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    if any(10.0 / y > 1.0 for y in ys):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
''', partial=True)

case("atk_anyall_param_gen_may_raise", ["sq", "count"],
     ["--xs", "1", "2", "--ds", "1", "0"], {"xs": [1.0, 2.0], "ds": [1.0, 0.0]},
     "attack: all() of a generator over a list param dividing an output by each item: "
     "natively it stops at the first False before the zero", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--ds", type=float, nargs="+", default=[1.0, 0.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    top = runs[-1][0].y
    if all(top / d > 10.0 for d in params["ds"]):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
''')

case("atk_anyall_list_comprehension_of_runs", ["sq", "lin", "count"],
     ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "all() of a list comprehension over runs and any() of the fan-in list itself "
     "(numbers' truth)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if all([run.y >= 1.0 for run, job in runs]):
        await workflow.lin.createTask(x=[run.y for run, job in runs])
    flags = []
    for run, job in runs:
        flags.append(run.y - 1.0)
    await workflow.count.createTask(n=3 if any(flags) else 4)
''')

case("atk_anyall_filtered_empty", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "all() of a filtered generator that keeps no item (True), any() of it (False)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    good = all(y > 100 for y in ys if y < 0)
    bad = any(y for y in ys if y > 100)
    await workflow.count.createTask(n=int(good) * 10 + int(bad))
''')

case("atk_anyall_record_fields", ["newton", "count", "sq"],
     ["--starts", "1", "3"], {"starts": [1.0, 3.0]},
     "all() of a generator over records a helper made per start (a record's bool "
     "field), after a gather", '''
import asyncio
from dataclasses import dataclass, field


def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[1.0, 3.0])


@dataclass
class Chain:
    start: float
    iterates: list = field(default_factory=list)
    converged: bool = False


async def chain(workflow, x0):
    c = Chain(start=x0)
    (run, job), = await workflow.newton.createTask(x=x0)
    c.iterates.append(run.next)
    c.converged = run.err < 1.0
    return c


async def main(workflow, **params):
    chains = await asyncio.gather(*(chain(workflow, x0) for x0 in params["starts"]))
    if all(c.converged for c in chains):
        await workflow.sq.createTask(x=[c.iterates[-1] for c in chains])
    await workflow.count.createTask(n=sum(1 for c in chains if c.converged))
''')

case("atk_anyall_shared_iterator", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: any() of a generator over an iterator main keeps in a name: natively it "
     "stops at the first run over 1, and the list of the iterator after it holds the "
     "runs left", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    it = iter(runs)
    found = any(run.y > 1.0 for run, job in it)
    rest = list(it)
    await workflow.count.createTask(n=len(rest) + (10 if found else 0))
''', partial=True)

case("atk_anyall_generator_kept_then_any", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a generator over outputs kept in a name, any() of it, then the rest of it "
     "listed (natively the items after the first that decides)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    big = (y > 1.0 for y in ys)
    found = any(big)
    rest = list(big)
    await workflow.count.createTask(n=len(rest) + (10 if found else 0))
''', partial=True)

case("atk_anyall_gen_appends", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: any() of a generator that appends each item it looks at to a list: "
     "natively only the items up to the first over 1 are appended", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    seen = []
    found = any(seen.append(y) or y > 1.0 for y in ys)
    await workflow.count.createTask(n=len(seen) + (10 if found else 0))
''')

case("atk_anyall_gen_walrus", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: any() of a generator binding each item with := : natively the name holds "
     "the item that decided, not the last", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    last = 0.0
    if any((last := y) > 1.0 for y in ys):
        await workflow.lin.createTask(x=last)
''', partial=True)

case("atk_anyall_gen_own_function", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: all() of a generator calling a function of main's that counts its calls "
     "in a module dict; natively all() stops at the first item under 2", XS + '''

CALLS = {"n": 0}


def big(y):
    CALLS["n"] += 1
    return y > 2.0


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    ok = all(big(y) for y in ys)
    await workflow.count.createTask(n=CALLS["n"] + (10 if ok else 0))
''', partial=True)

case("atk_anyall_gen_shadowed_abs", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: any() of a generator calling abs, which the module binds to its own "
     "function counting its calls", XS + '''

TIMES = []


def abs(v):  # noqa: A001
    TIMES.append(v)
    return v if v >= 0 else -v


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    hit = any(abs(y) > 1.0 for y in ys)
    await workflow.count.createTask(n=len(TIMES) + (10 if hit else 0))
''', partial=True)

case("atk_anyall_gen_builtin_calls", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "all() and any() of generators calling built-ins (abs, round, len of a "
     "string) over outputs", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    if all(abs(y) >= 1.0 and round(y, 1) == y for y in ys):
        await workflow.lin.createTask(x=ys[-1])
    if any(len(str(y)) > 3 for y in ys):
        await workflow.lin.createTask(x=ys[0])
''')

case("atk_bits_int_ops", ["lin", "count"], ["--x", "-4"], {"x": -4.0},
     "bitwise operators on ints of outputs (&, |, ^, <<, >>, ~), negative ones included",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    k = int(run.y)
    await workflow.count.createTask(
        n=[k & 3, k | 8, k ^ 5, 1 << abs(k), k >> 1, ~k, -k & 0xFF, (k ^ -1) >> 2])
''')

case("atk_bits_invert_float_raises", ["lin", "count"], ["--x", "2"], {"x": 2.0},
     "attack: ~ of a float output (Python raises TypeError where main computes it)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    flipped = ~run.y
    await workflow.count.createTask(n=3)
    await workflow.count.createTask(n=int(flipped))
''', raises="TypeError: bad operand type for unary ~: 'float'")

case("atk_bits_negative_shift_raises", ["lin", "count"], ["--x", "-3"], {"x": -3.0},
     "attack: a shift by a negative count from an output (ValueError), the value unread "
     "until after another step", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-3.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    mask = 1 << int(run.y)
    await workflow.count.createTask(n=1)
    await workflow.count.createTask(n=mask)
''', raises="ValueError: negative shift count")

case("atk_bits_bool_flags", ["sq", "lin"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "bools of outputs combined with & | ^ (bools stay bools: True | False is True), "
     "deciding steps", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    lo = runs[0][0].y > 2.0
    hi = runs[-1][0].y > 2.0
    if lo | hi:
        await workflow.lin.createTask(x=1.0)
    if lo & hi:
        await workflow.lin.createTask(x=2.0)
    if lo ^ hi:
        await workflow.lin.createTask(x=3.0)
    await workflow.lin.createTask(x=float(str(lo | hi) == "True"))
''', partial=True)

case("atk_bits_set_inplace_alias", ["sq", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: a set of main's held by two names, |= and ^= a set holding an output's int "
     "(natively the set changes in place, the second name sees it)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = {0}
    also = seen
    seen |= {int(runs[-1][0].y)}
    seen ^= {0}
    await workflow.count.createTask(n=len(also) * 10 + sum(also))
''', partial=True)

case("atk_bits_dict_merge_runtime", ["sq", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "a dict of outputs keyed by labels merged with | into a dict of defaults (the "
     "outputs win)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = dict(zip(["a", "b"], [r.y for r, j in runs]))
    merged = {"a": 0.0, "c": 5.0} | table
    await workflow.count.createTask(n=int(sum(merged.values())) + len(merged))
''')

case("atk_strm_output_methods", ["label", "count"], ["--names", "omega", "delta"],
     {"names": ["omega", "delta"]},
     "str methods of a text output (startswith, find, lower, split, replace, zfill, "
     "isalpha) deciding and feeding steps, per run and after", '''
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["omega", "delta"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    first = runs[0][0].text
    if first.startswith("OM") and first.find("G") > 1:
        await workflow.count.createTask(n=first.find("G"))
    await workflow.label.createTask(name=first.lower().replace("o", "0").zfill(8))
    parts = runs[-1][0].text.split("L")
    await workflow.count.createTask(n=len(parts) * 10 + int(first.isalpha()))
    for run, job in runs:
        await workflow.count.createTask(n=len(run.text.strip("A")))
''')

case("atk_strm_method_of_a_float_raises", ["sq", "count"], ["--xs", "2"], {"xs": [2.0]},
     "attack: a str method called on a float output (natively AttributeError), its value "
     "read after another step", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    loud = runs[0][0].y.upper()
    await workflow.count.createTask(n=1)
    await workflow.count.createTask(n=len(loud))
''', raises="AttributeError: 'float' object has no attribute 'upper'")

case("atk_strm_split_index_raises", ["label", "count"], ["--name", "omega"],
     {"name": "omega"},
     "attack: the second part of a text output split on a letter it lacks (IndexError)",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    tail = run.text.split("Z")[1]
    await workflow.count.createTask(n=len(tail))
''', raises="IndexError: list index out of range")

case("atk_strm_record_method_named_split", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a record class of main's with a method named split (it counts its calls), "
     "the record picked at run time by min with a key", XS + '''
CALLS = []


class Point:
    def __init__(self, y):
        self.y = y

    def split(self, sep):
        CALLS.append(sep)
        return [self.y, self.y]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = min((Point(r.y) for r, j in runs), key=lambda p: p.y)
    halves = best.split("/")
    await workflow.count.createTask(n=len(halves) + len(CALLS))
''', partial=True)

case("atk_strm_keywords_and_param", ["label", "count"], ["--name", "omega"],
     {"name": "omega"},
     "a str method with a keyword (split(sep=...): a block of main's statements), after "
     "a param's str methods", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    await workflow.label.createTask(name=params["name"].upper().center(9, "*"))
    (run, job), = await workflow.label.createTask(name=params["name"].title())
    parts = run.text.split(sep="E")
    await workflow.count.createTask(n=len(parts))
''')

case("atk_anyall_gen_key_function", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: any() of a generator calling sorted with a key function of main's that "
     "records each value it is given (natively only up to the deciding item)", XS + '''

SEEN = []


def noted(v):
    SEEN.append(v)
    return v


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    hit = any(sorted([y, 0.5], key=noted)[-1] > 3.0 for y in ys)
    await workflow.count.createTask(n=len(SEEN) + (10 if hit else 0))
''', partial=True)

case("atk_ord_sorted_dict_by_ratio", ["sq", "count"], ["--xs", "3", "-1", "2", "1"],
     {"xs": [3.0, -1.0, 2.0, 1.0]},
     "the keys of a dict sorted by a key function reading the dict's outputs (ties of "
     "sq(-1) and sq(1) kept in order), the best two refined, the rest counted", XS + '''

async def main(workflow, **params):
    out = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        out[f"x{x:+.0f}"] = (run.y, x)
    ranked = sorted(out, key=lambda name: out[name][0])
    for name in ranked[:2]:
        await workflow.count.createTask(n=len(name) + int(out[name][1] * 10) + 100)
    await workflow.count.createTask(n=len(ranked))
''')

case("atk_ord_sort_pairs_in_place", ["sq", "mix", "count"], ["--xs", "0.5", "2", "1.5", "3"],
     {"xs": [0.5, 2.0, 1.5, 3.0]},
     "(error, x) pairs sorted in place, the best k refined, the list also held by a dict "
     "that sees it sorted", XS + '''

async def main(workflow, **params):
    cand = []
    book = {"cand": cand}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        cand.append((abs(run.y - 4.0), x))
    cand.sort()
    for err, x in cand[:2]:
        await workflow.mix.createTask(a=x, b=round(err, 6))
    await workflow.count.createTask(n=int(book["cand"][0][1] * 100))
''')

case("atk_ord_sort_key_sees_empty_list", ["sq", "count"], ["--xs", "2", "1", "3"],
     {"xs": [2.0, 1.0, 3.0]},
     "attack: a key function of .sort() that reads the list being sorted (natively it is "
     "empty meanwhile) and counts its calls", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    seen = []

    def key(y):
        seen.append(len(ys))
        return -y

    ys.sort(key=key)
    await workflow.count.createTask(n=sum(seen) + 10 * len(seen))
    await workflow.sq.createTask(x=ys[0])
''', partial=True)

case("atk_ord_reverse_ties_stable", ["sq", "count"], ["--xs", "-2", "1", "2", "-1"],
     {"xs": [-2.0, 1.0, 2.0, -1.0]},
     "attack: sorted(..., reverse=True) of plain items whose keys tie in pairs (sq of 2 "
     "and -2): the ties keep the items' order", XS + '''

async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[x] = run.y
    order = sorted(params["xs"], key=lambda x: y[x], reverse=True)
    await workflow.count.createTask(n=[int(x) for x in order])
''')

case("atk_ord_min_max_first_of_ties", ["sq", "count"], ["--xs", "1", "-1", "2", "-2"],
     {"xs": [1.0, -1.0, 2.0, -2.0]},
     "attack: min and max with a key reading a dict of outputs, tied keys: the first item "
     "of equal ones, as Python's", XS + '''

async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[str(x)] = run.y
    lo = min(y, key=y.get)
    hi = max(y, key=lambda k: y[k])
    await workflow.count.createTask(n=int(float(lo) * 10))
    await workflow.count.createTask(n=int(float(hi) * 100))
''')

case("atk_ord_keys_tuple_and_list_raise", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a key function giving a tuple for one item and a list for the other "
     "(natively a TypeError when they are compared)", XS + '''

async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[x] = run.y
    best = min(params["xs"], key=lambda x: (y[x], x) if x < 1.5 else [y[x], x])
    await workflow.count.createTask(n=int(best))
''', partial=True, raises="TypeError: '<' not supported between instances of 'list' and 'tuple'")

case("atk_ord_key_none_raises_late", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a key that is None for one item (natively a TypeError at the sort), the "
     "sorted list read only after another step", XS + '''

async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[x] = run.y if x != 2.0 else None
    ranked = sorted(params["xs"], key=lambda x: y[x])
    await workflow.count.createTask(n=7)
    await workflow.count.createTask(n=int(ranked[0]))
''', raises="TypeError: '<' not supported between instances of 'NoneType' and 'float'")

case("atk_ord_record_picked_then_changed", ["sq", "count"], ["--xs", "3", "1", "2"],
     {"xs": [3.0, 1.0, 2.0]},
     "attack: levels (a dataclass holding outputs) picked by min with a key, the picked "
     "one changed: natively the list's object changes too", '''
from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


@dataclass
class Level:
    x: float
    y: float


async def main(workflow, **params):
    levels = []
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        levels.append(Level(x, run.y))
    scores = {lv.x: lv.y for lv in levels}
    best = min(levels, key=lambda lv: scores[lv.x])
    best.x = 100.0
    await workflow.count.createTask(n=[int(lv.x) for lv in levels])
''')

case("atk_ord_key_calls_in_order_with_effects", ["sq", "count"], ["--xs", "2", "3", "1"],
     {"xs": [2.0, 3.0, 1.0]},
     "attack: a key function that appends each item it sees to a list (called once per "
     "item, in order) and reads outputs; the log and the order both feed steps", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    y = {x: runs[i][0].y for i, x in enumerate(params["xs"])}
    log = []

    def key(x):
        log.append(x)
        return y[x] if len(log) % 2 else -y[x]

    ranked = sorted(params["xs"], key=key)
    await workflow.count.createTask(n=[int(v) for v in log])
    await workflow.count.createTask(n=[int(v) for v in ranked])
''')

case("atk_ord_many_items", ["sq", "count"], ["--n", "70"], {"n": 70},
     "attack: sorted with a key reading outputs over 70 items (more than the trace orders "
     "at run time): whatever compiles, the results are main's", '''
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=70)


async def main(workflow, **params):
    xs = [float(i % 7) for i in range(params["n"])]
    plain = sorted(set(xs))
    runs = await workflow.sq.createTask(x=plain)
    y = {x: runs[i][0].y for i, x in enumerate(plain)}
    ranked = sorted(xs, key=lambda x: -y[x])
    await workflow.count.createTask(n=int(ranked[0]) + int(ranked[-1]) * 10)
''')

case("atk_ord_sort_inside_loop_over_runs", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a list sorted by a key reading outputs inside a loop over runs (one "
     "iteration traced for every run)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        pair = [run.y, job.x, 1.5]
        pair.sort(key=lambda v: -v)
        await workflow.count.createTask(n=int(pair[0] * 10) + int(pair[-1]))
''')

case("atk_ord_best_k_mapped_back", ["sq", "lin", "count"],
     ["--xs", "0.1", "0.7", "1.3", "1.9", "2.5", "--k", "2"],
     {"xs": [0.1, 0.7, 1.3, 1.9, 2.5], "k": 2},
     "a sweep's x ranked by a score dict of outputs, the best k refined around, and "
     "a summary of the best scores", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    score = {}
    for i, x in enumerate(params["xs"]):
        score[x] = abs(runs[i][0].y - 2.0)
    best = sorted(params["xs"], key=lambda x: score[x])[: params["k"]]
    for x in best:
        for dx in (-0.05, 0.05):
            await workflow.lin.createTask(x=round(x + dx, 6))
    top = max(best, key=lambda x: -score[x])
    await workflow.count.createTask(n=int(top * 100))
''')

case("atk_ord_plain_list_key_sees_it_empty", ["sq", "count"], ["--xs", "2", "1", "3"],
     {"xs": [2.0, 1.0, 3.0]},
     "attack: a plain list of outputs sorted in place by a key function that reads the "
     "list (natively empty meanwhile) and an output", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [runs[0][0].y, runs[1][0].y, runs[2][0].y]
    sizes = []
    ys.sort(key=lambda y: (sizes.append(len(ys)), -y)[1])
    await workflow.count.createTask(n=sizes)
    await workflow.sq.createTask(x=ys[0])
    await workflow.sq.createTask(x=ys[2] + 0.5)
''')

case("atk_ord_choice_looked_up_missing_key", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: the x picked by min with a key reading outputs looked up in a dict that "
     "lacks one of the xs (natively a KeyError only if that one is picked)", XS + '''

async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[x] = abs(run.y - 4.5)
    names = {1.0: "one", 2.0: "two"}
    best = min(params["xs"], key=lambda x: y[x])
    await workflow.count.createTask(n=len(names[best]))
''', partial=True)

case("atk_ord_choice_equal_keys_1_and_true", ["sq", "count"], ["--xs", "1", "0"],
     {"xs": [1.0, 0.0]},
     "attack: a choice among 1.0 and 0.0 looked up in a dict keyed by True and False "
     "(equal keys: natively found)", XS + '''

async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[x] = run.y
    table = {True: 7, False: 3}
    top = max(params["xs"], key=lambda x: y[x])
    await workflow.count.createTask(n=table[top] + int(top))
''')

case("atk_ord_tuple_item_printed_and_compared", ["sq", "label", "count"],
     ["--xs", "2", "0.5", "1.5"], {"xs": [2.0, 0.5, 1.5]},
     "attack: (name, x, y) tuples ordered by y at run time, the best one formatted with "
     "str() and compared with a tuple and a list", XS + '''

async def main(workflow, **params):
    rows = []
    for i, x in enumerate(params["xs"]):
        (run, job), = await workflow.sq.createTask(x=x)
        rows.append((f"p{i}", x, run.y))
    best = max(rows, key=lambda r: r[2])
    await workflow.label.createTask(name=str(best[:2]))
    same = best == ("p0", 2.0, 4.0)
    other = best == ["p0", 2.0, 4.0]
    await workflow.count.createTask(n=int(same) * 10 + int(other))
    name, x, y = sorted(rows, key=lambda r: -r[2])[-1]
    await workflow.label.createTask(name=name + str(x))
''')

case("atk_ord_identity_of_picked_tuple", ["sq", "count"], ["--xs", "2", "3"],
     {"xs": [2.0, 3.0]},
     "attack: an identity test between the tuple max picked and the list's own tuple "
     "(natively the same object)", XS + '''

async def main(workflow, **params):
    rows = []
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        rows.append((run.y, x))
    best = max(rows, key=lambda r: r[0])
    await workflow.count.createTask(n=int(best is rows[-1]) + 5)
''', partial=True)


case("atk_arr_methods_of_a_grid", ["sq", "mix", "count"], ["--xs", "1", "2", "4"],
     {"xs": [1.0, 2.0, 4.0]},
     "a numpy array made from outputs: its mean, std(ddof=1), argmin, max and tolist feed "
     "steps", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([run.y for run, job in runs])
    await workflow.mix.createTask(a=float(ys.mean()), b=float(ys.std(ddof=1)))
    await workflow.count.createTask(n=int(ys.argmin()) + 10 * int(ys.max()))
    await workflow.count.createTask(n=[int(v) for v in ys.tolist()])
    centred = ys - ys.mean()
    await workflow.mix.createTask(a=round(float(centred.round(3).sum()), 6), b=1.0)
''')

case("atk_arr_linspace_around_an_output", ["sq", "count"], ["--x", "1.5"], {"x": 1.5},
     "a numpy grid around an output (linspace of run-time bounds), its argmax and the "
     "cumulative sum's last item", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    grid = np.linspace(run.y - 1.0, run.y + 1.0, 5)
    await workflow.count.createTask(n=int(grid.argmax()) + int(grid.cumsum()[-1]))
    await workflow.sq.createTask(x=float(grid.clip(0.0, 2.5).max()))
''')

case("atk_arr_sum_of_a_float_raises", ["sq", "count"], ["--xs", "2"], {"xs": [2.0]},
     "attack: .sum() of a float output (natively AttributeError), read after another step",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    total = runs[0][0].y.sum()
    await workflow.count.createTask(n=1)
    await workflow.count.createTask(n=int(total))
''', raises="AttributeError: 'float' object has no attribute 'sum'")

case("atk_arr_record_method_named_mean", ["sq", "count"], ["--xs", "1", "3"],
     {"xs": [1.0, 3.0]},
     "attack: a record class of main's with a method named mean that counts its calls, "
     "picked at run time by min with a key", '''
CALLS = []


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


class Series:
    def __init__(self, y):
        self.y = y

    def mean(self):
        CALLS.append(self.y)
        return self.y / 2


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    series = [Series(runs[0][0].y), Series(runs[1][0].y)]
    best = min(series, key=lambda s: -s.y)
    await workflow.count.createTask(n=int(best.mean()) + 100 * len(CALLS))
''')

case("atk_arr_argsort_picks_xs", ["sq", "lin", "count"], ["--xs", "3", "-1", "2"],
     {"xs": [3.0, -1.0, 2.0]},
     "the xs ordered by a numpy argsort of outputs (an index array used on a plain list "
     "in a comprehension), the first refined", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = np.array([run.y for run, job in runs])
    order = ys.argsort()
    await workflow.count.createTask(n=[int(i) for i in order])
    await workflow.lin.createTask(x=float(ys[order[0]]))
''')


case("atk_clo_key_reads_params_item", ["sq", "count"], ["--xs", "1", "2", "3", "--target", "3.5"],
     {"xs": [1.0, 2.0, 3.0], "target": 3.5},
     "runs ranked by a key lambda reading params['target'] (a dict of main's read by a "
     "constant key), the closest refined", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=3.5)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = sorted(runs, key=lambda rj: abs(rj[0].y - params["target"]))
    await workflow.sq.createTask(x=ranked[0][1].x + 0.25)
    worst = max(runs, key=lambda rj: abs(rj[0].y - params["target"]))
    await workflow.count.createTask(n=int(worst[1].x))
''')

case("atk_clo_key_dict_changed_after", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a key lambda reading cfg['scale'], cfg changed right after the sort (the "
     "sort saw the old value), then sorted again", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cfg = {"scale": -1.0, "name": "neg"}
    first = sorted(runs, key=lambda rj: cfg["scale"] * rj[0].y)
    cfg["scale"] = 1.0
    second = sorted(runs, key=lambda rj: cfg["scale"] * rj[0].y)
    await workflow.count.createTask(n=[int(first[0][1].x), int(second[0][1].x)])
''')

case("atk_clo_key_dict_by_variable_key", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a key lambda reading a dict of main's by a variable key and by len(): the "
     "whole dict is needed", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    w = {"a": 2.0, "b": -1.0}
    pick = "b"
    ranked = sorted(runs, key=lambda rj: w[pick] * rj[0].y + len(w))
    await workflow.count.createTask(n=int(ranked[0][1].x))
''')

case("atk_clo_key_dict_list_item", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a key lambda reading a list held in a dict of main's (cfg['w'][1])", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cfg = {"w": [1.0, -1.0]}
    best = min(runs, key=lambda rj: cfg["w"][1] * rj[0].y)
    await workflow.count.createTask(n=int(best[1].x))
''')

case("atk_clo_key_dict_missing_key_raises", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a key lambda reading a key its dict lacks (natively a KeyError at the sort)",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cfg = {"scale": 2.0}
    best = min(runs, key=lambda rj: cfg["offset"] + rj[0].y)
    await workflow.count.createTask(n=int(best[1].x))
''', raises="KeyError: 'offset'")

case("atk_arr_constant_operands", ["sq", "mix", "count"], ["--x", "1.5"], {"x": 1.5},
     "attack: numpy arrays known at trace time (float32, int, bool, 2-D) combined with an "
     "output; one changed in place after its use", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    offsets = np.array([-0.25, 0.0, 0.25])
    xs = run.y + offsets
    offsets[0] = 100.0
    await workflow.mix.createTask(a=float(xs[0]), b=float(xs[2]))
    small = run.y * np.array([0.1, 0.2], dtype=np.float32)
    await workflow.mix.createTask(a=float(small[0]), b=float(small.sum()))
    counts = run.y + np.arange(3)
    mask = run.y > np.array([True, False])
    grid = run.y - np.ones((2, 2))
    await workflow.count.createTask(n=[int(counts[-1]), int(mask.sum()), int(grid.sum())])
    await workflow.count.createTask(n=int((offsets + run.y).max()))
''', partial=True)


case("atk_nest_runs_in_nested_traced_loops", ["sq", "mix", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "a refinement per run over a numpy grid around its output (two loops traced once, "
     "one inside the other, a step in the inner one), the outputs collected in one list",
     '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    fine = []
    for run, job in runs:
        for d in np.linspace(run.y, run.y + 1.0, 2):
            (r2, j2), = await workflow.sq.createTask(x=float(d))
            fine.append(r2.y)
    await workflow.mix.createTask(a=sum(fine), b=float(len(fine)))
    await workflow.count.createTask(n=[int(v) for v in fine])
    await workflow.count.createTask(n=int(fine[0]) + int(fine[-1]))
''')

case("atk_nest_filtered_inner_item", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: outputs of the inner loop collected only where a test of the inner item "
     "holds", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = []
    for run, job in runs:
        for d in np.linspace(run.y, run.y + 2.0, 3):
            (r2, j2), = await workflow.sq.createTask(x=float(d))
            if r2.y > 5.0:
                big.append(r2.y)
    await workflow.count.createTask(n=len(big))
    await workflow.count.createTask(n=[int(v) for v in big])
''', partial=True)

case("atk_nest_filtered_outer_item", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: the inner loop (a step per item) only for outer items passing a test of "
     "their output, its outputs collected", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    got = []
    for run, job in runs:
        if run.y > 2.0:
            for d in np.linspace(0.0, run.y, 2):
                (r2, j2), = await workflow.sq.createTask(x=float(d))
                got.append(r2.y)
    await workflow.count.createTask(n=[int(v) for v in got])
''', partial=True)

case("atk_nest_two_appends_per_inner_item", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: two elements added per inner item (an output and its job's x), then the "
     "list given whole", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    flat = []
    for run, job in runs:
        for d in np.linspace(run.y, run.y + 1.0, 2):
            (r2, j2), = await workflow.sq.createTask(x=float(d))
            flat.append(r2.y)
            flat.append(j2.x)
    await workflow.count.createTask(n=[int(v) for v in flat])
''', partial=True)

case("atk_nest_inner_over_output_tuple", ["pair", "sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: the inner loop over a tuple output of the outer run (its bounds), a step "
     "per bound, the outputs collected and the list's length and last item read",
     '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        for b in run.bounds:
            (r2, j2), = await workflow.sq.createTask(x=b)
            ys.append(r2.y + job.x)
    await workflow.count.createTask(n=len(ys) * 100 + int(ys[-1]))
''')

case("atk_nest_extend_then_best", ["sq", "mix", "count"], ["--xs", "0.5", "1.5", "2.5"],
     {"xs": [0.5, 1.5, 2.5]},
     "the best two runs refined around their x with a numpy array of offsets (the "
     "refinement's runs extended into one list), the best refined run picked by min "
     "with a key", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = sorted(runs, key=lambda rj: abs(rj[0].y - 2.0))[:2]
    offsets = np.array([-0.25, 0.25])
    fine = []
    for run, job in best:
        for x in job.x + offsets:
            fine.extend(await workflow.sq.createTask(x=float(x)))
    winner = min(fine, key=lambda rj: abs(rj[0].y - 2.0))
    await workflow.mix.createTask(a=winner[1].x, b=abs(winner[0].y - 2.0))
    await workflow.count.createTask(n=len(fine))
''', partial=True, segments=1)


case("atk_nest_sequential_loops_not_nested", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a list filled in a loop over runs with an element reading the item left "
     "by an earlier loop over other runs (two loops that ended, one after the other, "
     "not nested)", '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.sq.createTask(x=run.y + 0.5)
    got = []
    for r, j in runs:
        (r2, j2), = await workflow.sq.createTask(x=r.y + 0.25)
        got.append(r2.y + job.x)
    await workflow.count.createTask(n=[int(v) for v in got])
''', partial=True)

case("atk_nest_three_levels", ["sq", "count"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: outputs collected from a step three loops deep (each traced once)", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    deep = []
    for run, job in runs:
        for a in np.linspace(0.0, run.y, 2):
            for b in np.linspace(a, a + 1.0, 2):
                (r2, j2), = await workflow.sq.createTask(x=float(b))
                deep.append(r2.y)
    await workflow.count.createTask(n=[int(v) for v in deep])
''', partial=True)


# ---- held8_: study-like orchestrators combining several idioms (written blind) -------

case("held8_mesh_gci_yaml", ["mesh", "count"], [],
     {"config": "mesh.yaml", "target_gci": 0.002},
     "three mesh levels from a YAML file solved under asyncio.gather (a helper returning "
     "a namedtuple), observed order and a Grid Convergence Index with math.log, a JSON "
     "report written, an extra level sized from the GCI when it is too large",
     '''
import asyncio
import json
import math
from collections import namedtuple
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
Level = namedtuple("Level", "h u cells")


def populate_arg_parser(parser):
    parser.add_argument("--config", default="mesh.yaml", help="mesh levels and safety factor")
    parser.add_argument("--target-gci", type=float, default=0.002,
                        help="relative discretisation error wanted on the fine mesh")


async def solve(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(job.h, run.u, run.cells)


async def main(workflow, **params):
    with open(HERE / params["config"]) as f:
        cfg = yaml.safe_load(f)
    r = cfg["ratio"]
    hs = [round(cfg["h_coarse"] / r ** k, 6) for k in range(3)]
    coarse, medium, fine = await asyncio.gather(*(solve(workflow, h) for h in hs))
    e21 = medium.u - fine.u
    e32 = coarse.u - medium.u
    p = math.log(abs(e32 / e21)) / math.log(r)
    u_ext = (r ** p * fine.u - medium.u) / (r ** p - 1)
    gci_fine = cfg["safety"] * abs(e21 / fine.u) / (r ** p - 1)
    print(f"{'h':>8} {'cells':>6} {'u':>12}")
    for lv in (coarse, medium, fine):
        print(f"{lv.h:8.4f} {lv.cells:6d} {lv.u:12.8f}")
    print(f"p = {p:.3f}  u_ext = {u_ext:.8f}  GCI_fine = {100 * gci_fine:.3f}%")
    report = {"order": p, "extrapolated": u_ext, "gci_fine": gci_fine,
              "levels": [lv._asdict() for lv in (coarse, medium, fine)]}
    with open(HERE / "gci.json", "w") as f:
        json.dump(report, f, indent=2)
    if gci_fine > params["target_gci"]:
        # the GCI scales like h^p: the mesh size that should meet the target
        h_new = fine.h * (params["target_gci"] / gci_fine) ** (1.0 / p)
        (run, job), = await workflow.mesh.createTask(h=round(h_new, 4))
        print(f"extra level h={job.h}: |u - u_ext| = {abs(run.u - u_ext):.2e}")
        await workflow.count.createTask(n=run.cells)
    else:
        await workflow.count.createTask(n=fine.cells)
''', files={"mesh.yaml": '''
# three levels, coarse to fine
h_coarse: 0.6
ratio: 1.5
safety: 1.25
'''}, writes=["gci.json"])

case("held8_replica_ci_screen", ["replica", "lin", "count"],
     ["--x-max", "2.5", "--nrep", "4", "--max-rel-ci", "0.06"],
     {"x_min": 0.5, "x_max": 2.5, "step": 0.5, "nrep": 4, "max_rel_ci": 0.06},
     "a numpy arange of configurations, replicas (a seed list) per configuration grouped "
     "in a defaultdict by job field, numpy mean/std and a t-table confidence interval, a "
     "verdict dict comprehension tallied with Counter, the tight ones followed up",
     '''
from collections import Counter, defaultdict

import numpy as np

T95 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776}  # two-sided 95% t quantile by sample size


def populate_arg_parser(parser):
    parser.add_argument("--x-min", type=float, default=0.5)
    parser.add_argument("--x-max", type=float, default=2.0)
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("--nrep", type=int, default=3, choices=sorted(T95))
    parser.add_argument("--max-rel-ci", type=float, default=0.05,
                        help="largest accepted CI half-width relative to the mean")


async def main(workflow, **params):
    xs = np.arange(params["x_min"], params["x_max"] + 1e-9, params["step"])
    samples = defaultdict(list)
    for x in xs:
        runs = await workflow.replica.createTask(x=round(float(x), 6),
                                                 seed=list(range(params["nrep"])))
        for run, job in runs:
            samples[job.x].append(run.y)
    t = T95[params["nrep"]]
    summary = {}
    for x, ys in samples.items():
        mean = float(np.mean(ys))
        half = t * float(np.std(ys, ddof=1)) / np.sqrt(len(ys))
        summary[x] = (mean, half)
    verdict = {x: ("tight" if half / abs(mean) <= params["max_rel_ci"] else "loose")
               for x, (mean, half) in summary.items()}
    tally = Counter(verdict.values())
    print(f"{'x':>6} {'mean':>9} {'+-95%':>9}  verdict")
    for x in sorted(summary):
        mean, half = summary[x]
        print(f"{x:6.2f} {mean:9.4f} {half:9.4f}  {verdict[x]}")
    print(", ".join(f"{k}: {v}" for k, v in sorted(tally.items())))
    tight = [x for x in sorted(summary) if verdict[x] == "tight"]
    if tight:
        await workflow.lin.createTask(x=[round(summary[x][0], 6) for x in tight])
    await workflow.count.createTask(n=tally["loose"])
''')

case("held8_illinois_gather", ["sq", "lin", "follow", "label"], ["--target", "7.5"],
     {"target": 7.5, "bracket": [0.0, 4.0], "xtol": 1e-06, "ftol": 1e-09, "maxiter": 20},
     "a regula falsi (Illinois) root search capped by a param with two tolerance breaks, "
     "each residual from two studies run under asyncio.gather in a helper, a history of "
     "tuples searched with min(key=), a follow-up on the best run's id",
     '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, required=True,
                        help="value wanted for x^2 + (2x + 1)")
    parser.add_argument("--bracket", type=float, nargs=2, default=[0.0, 4.0])
    parser.add_argument("--xtol", type=float, default=1e-6)
    parser.add_argument("--ftol", type=float, default=1e-9)
    parser.add_argument("--maxiter", type=int, default=20)


async def residual(workflow, x, target):
    """x^2 + (2x + 1) - target; the two terms are computed by two studies at once."""
    sq_runs, lin_runs = await asyncio.gather(workflow.sq.createTask(x=x),
                                             workflow.lin.createTask(x=x))
    (sq_run, _), = sq_runs
    (lin_run, _), = lin_runs
    return sq_run.y + lin_run.y - target, sq_run


async def main(workflow, **params):
    target = params["target"]
    a, b = params["bracket"]
    fa, _ = await residual(workflow, a, target)
    fb, _ = await residual(workflow, b, target)
    if fa * fb > 0:
        raise ValueError(f"[{a}, {b}] does not bracket a root")
    history = []
    side = 0
    c_prev = None
    for it in range(params["maxiter"]):
        c = (a * fb - b * fa) / (fb - fa)
        fc, run = await residual(workflow, c, target)
        history.append((it, c, fc, run))
        print(f"it {it:2d}: x = {c:.8f}  f = {fc: .3e}")
        if abs(fc) < params["ftol"]:
            break
        if c_prev is not None and abs(c - c_prev) < params["xtol"]:
            break
        c_prev = c
        if fc * fb > 0:
            b, fb = c, fc
            if side == -1:
                fa /= 2.0
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb /= 2.0
            side = 1
    else:
        print("no convergence within", params["maxiter"], "iterations")
    it, root, froot, best = min(history, key=lambda h: abs(h[2]))
    print(f"best x = {root:.8f} after {len(history)} iterations (|f| = {abs(froot):.1e})")
    # re-check the residual from the stored square: follow gives sq.y + (2x + 1 - target)
    (chk, _), = await workflow.follow.createTask(sq_id=best.id, x=2.0 * root + 1.0 - target)
    status = "ok" if abs(chk.y) < 1e-6 else "off"
    await workflow.label.createTask(name=f"root-{root:.5f}-{status}")
''', partial=True)

case("held8_dt_schemes_csv", ["solve", "lin", "count"], ["--max-tries", "8"],
     {"schemes": "schemes.csv", "max_tries": 8},
     "time-integration schemes read with csv.DictReader, a helper reducing dt geometrically "
     "until stable (return inside a capped loop, None when it never is), a dict filtered "
     "by comprehension and ranked with sorted(key=, reverse=), a JSON written, a cost sum",
     '''
import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--schemes", default="schemes.csv")
    parser.add_argument("--max-tries", type=int, default=6)


async def first_stable(workflow, dt, factor, max_tries):
    tried = []
    for _ in range(max_tries):
        (run, job), = await workflow.solve.createTask(dt=round(dt, 6))
        tried.append((job.dt, run.ok, run.res))
        if run.ok:
            return job.dt, run.res, tried
        dt *= factor
    return None, None, tried


async def main(workflow, **params):
    with open(HERE / params["schemes"], newline="") as f:
        rows = list(csv.DictReader(f))
    found = {}
    for row in rows:
        dt, res, tried = await first_stable(workflow, float(row["dt0"]), float(row["factor"]),
                                            params["max_tries"])
        found[row["scheme"]] = {"dt": dt, "res": res, "tries": len(tried)}
    stable = {k: v for k, v in found.items() if v["dt"] is not None}
    ranking = sorted(stable, key=lambda k: stable[k]["dt"], reverse=True)
    print(f"{'scheme':<10}{'dt':>10}{'res':>12}{'tries':>6}")
    for name in ranking:
        v = stable[name]
        print(f"{name:<10}{v['dt']:>10.4f}{v['res']:>12.3e}{v['tries']:>6d}")
    for name in sorted(set(found) - set(stable)):
        print(f"{name:<10}{'unstable':>10}{'-':>12}{found[name]['tries']:>6d}")
    with open(HERE / "stable_dt.json", "w") as f:
        json.dump(found, f, indent=1, sort_keys=True)
    best = ranking[0]
    steps_per_unit_time = {k: 1.0 / v["dt"] for k, v in stable.items()}
    await workflow.lin.createTask(x=stable[best]["dt"])
    await workflow.count.createTask(n=round(sum(steps_per_unit_time.values())))
''', files={"schemes.csv": '''
scheme,dt0,factor
euler,1.0,0.5
heun,0.9,0.7
rk4,0.3,0.8
leapfrog,5.0,0.9
'''}, segments=4)

case("held8_label_catalogue_yaml", ["label", "count", "sq"], [],
     {"catalogue": "specimens.yaml", "min_count": 2},
     "a specimen catalogue from YAML swept at once, a dict comprehension keyed by a job "
     "field, a defaultdict per material, Counter.most_common of an output's first letter, "
     "max with a tuple key, a reference label and a JSON summary written",
     '''
import json
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--catalogue", default="specimens.yaml")
    parser.add_argument("--min-count", type=int, default=2,
                        help="materials with fewer specimens are not counted")


async def main(workflow, **params):
    spec = yaml.safe_load((HERE / params["catalogue"]).read_text())
    material_of = {s["name"]: s["material"] for s in spec["specimens"]}
    runs = await workflow.label.createTask(name=list(material_of))
    by_name = {job.name: run for run, job in runs}
    per_material = defaultdict(list)
    for name, run in by_name.items():
        per_material[material_of[name]].append(run.text)
    initials = Counter(run.text[0] for run in by_name.values())
    print("initials:", ", ".join(f"{c}={k}" for c, k in initials.most_common()))
    for material in sorted(per_material):
        texts = per_material[material]
        print(f"{material:<9} {len(texts)}: {' '.join(sorted(texts))}")
    frequent = sorted(m for m, texts in per_material.items() if len(texts) >= params["min_count"])
    letters = {m: sum(len(t) for t in per_material[m]) for m in frequent}
    for m in frequent:
        (run, job), = await workflow.count.createTask(n=letters[m])
        print(f"{m}: {job.n} letters -> {run.y}")
    longest = max(by_name.values(), key=lambda r: (r.y, r.text))
    (ref, _), = await workflow.label.createTask(name=f"{longest.text.lower()}_ref")
    with open(HERE / "catalogue_summary.json", "w") as f:
        json.dump({"materials": {m: sorted(t) for m, t in per_material.items()},
                   "initials": dict(initials), "reference": ref.text}, f, indent=2)
    await workflow.sq.createTask(x=float(ref.y))
''', files={"specimens.yaml": '''
specimens:
  - {name: beam, material: steel}
  - {name: rib, material: aluminium}
  - {name: bolt, material: steel}
  - {name: skin, material: aluminium}
  - {name: panel, material: cfrp}
  - {name: plate, material: steel}
  - {name: spar, material: aluminium}
'''}, writes=["catalogue_summary.json"])

case("held8_newton_logspace_gather", ["newton", "sq", "count"],
     ["--starts", "4", "--tol", "1e-6"],
     {"decades": [-1.0, 1.0], "starts": 4, "tol": 1e-6, "cap": 12},
     "starting points from np.logspace, one capped Newton iteration per start (return "
     "from inside the loop on a tolerance) run under asyncio.gather, NamedTuple results "
     "sorted for a table, statistics.mean of steps, the slowest start followed up",
     '''
import asyncio
import statistics
from typing import NamedTuple

import numpy as np


class Solve(NamedTuple):
    start: float
    root: float
    steps: int
    converged: bool


def populate_arg_parser(parser):
    parser.add_argument("--decades", type=float, nargs=2, default=[-1.0, 1.0],
                        help="log10 of the smallest and largest start")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--tol", type=float, default=1e-8)
    parser.add_argument("--cap", type=int, default=12)


async def iterate(workflow, x0, tol, cap):
    x = x0
    for k in range(1, cap + 1):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return Solve(x0, x, k, True)
    return Solve(x0, x, cap, False)


async def main(workflow, **params):
    lo, hi = params["decades"]
    starts = np.logspace(lo, hi, params["starts"])
    results = await asyncio.gather(*[iterate(workflow, float(s), params["tol"], params["cap"])
                                     for s in starts])
    for r in sorted(results, key=lambda r: (r.steps, r.start)):
        flag = "" if r.converged else "  (cap reached)"
        print(f"x0 = {r.start:9.4f} -> {r.root:.12f} in {r.steps:2d} steps{flag}")
    print(f"mean number of steps: {statistics.mean(r.steps for r in results):.2f}")
    roots = np.array([r.root for r in results if r.converged])
    if roots.size > 1:
        print(f"spread of the roots: {roots.max() - roots.min():.1e}")
    slowest = max(results, key=lambda r: (r.steps, r.start))
    await workflow.sq.createTask(x=slowest.root)
    await workflow.count.createTask(n=sum(r.steps for r in results))
''', segments=2)

case("held8_mix_contour_gather", ["mix", "lin", "count"], ["--a", "1", "2", "3", "--level", "5"],
     {"a": [1.0, 2.0, 3.0], "b_max": 3.0, "nb": 4, "level": 5.0},
     "one b-sweep per a run under asyncio.gather and chained with itertools, a field dict "
     "keyed by a (job.a, job.b) tuple, rows grouped in a defaultdict, a contour crossing "
     "found by zip of neighbours and linear interpolation, each crossing verified by a run",
     '''
import asyncio
import itertools
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", required=True)
    parser.add_argument("--b-max", type=float, default=3.0)
    parser.add_argument("--nb", type=int, default=4)
    parser.add_argument("--level", type=float, default=4.0, help="contour level of y")


async def main(workflow, **params):
    bs = [params["b_max"] * k / (params["nb"] - 1) for k in range(params["nb"])]
    batches = await asyncio.gather(*(workflow.mix.createTask(a=a, b=bs) for a in params["a"]))
    runs = list(itertools.chain.from_iterable(batches))
    field = {(job.a, job.b): run.y for run, job in runs}
    print("     " + "".join(f"{b:>8.2f}" for b in bs))
    for a in params["a"]:
        print(f"{a:5.2f}" + "".join(f"{field[a, b]:8.2f}" for b in bs))
    rows = defaultdict(list)
    for (a, b), y in field.items():
        rows[a].append((b, y - params["level"]))
    crossings = []
    for a, pts in sorted(rows.items()):
        pts.sort()
        for (b0, f0), (b1, f1) in zip(pts, pts[1:]):
            if f0 == 0 or f0 * f1 < 0:
                crossings.append((a, b0 - f0 * (b1 - b0) / (f1 - f0)))
                break
        else:
            print(f"a = {a}: no crossing of y = {params['level']}")
    residuals = []
    for a, b in crossings:
        (run, job), = await workflow.mix.createTask(a=a, b=round(b, 9))
        residuals.append(abs(run.y - params["level"]))
        print(f"a = {a}: b* = {job.b:.6f}, y = {run.y:.6f}")
    if crossings:
        worst = max(range(len(crossings)), key=lambda i: residuals[i])
        await workflow.lin.createTask(x=crossings[worst][1])
    await workflow.count.createTask(n=len(crossings))
''', partial=True)

case("held8_pipeline_json_clip", ["lin", "sq", "total", "count"], ["--stages", "lin > sq > lin"],
     {"stages": "lin > sq > lin", "inputs": "inputs.json"},
     "a pipeline whose stages come from a '>'-separated param (getattr on the workflow), "
     "inputs and a clip from JSON, values filtered between stages with an early break when "
     "none remain, a JSON trail written, a fan-in of the kept squares",
     '''
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--stages", default="lin>sq", help="studies to chain, separated by '>'")
    parser.add_argument("--inputs", default="inputs.json")


async def main(workflow, **params):
    cfg = json.loads((HERE / params["inputs"]).read_text())
    stages = [s.strip() for s in params["stages"].split(">") if s.strip()]
    values = [float(v) for v in cfg["x"]]
    sq_ids = []
    trail = [{"stage": "input", "values": values}]
    for stage in stages:
        runs = await getattr(workflow, stage).createTask(x=values)
        kept = [(run, job) for run, job in runs if run.y <= cfg["clip"]]
        if stage == "sq":
            sq_ids += [run.id for run, job in kept]
        values = [run.y for run, job in kept]
        trail.append({"stage": stage, "values": values, "dropped": len(runs) - len(kept)})
        print(f"{stage:>4}: kept {len(kept)} of {len(runs)}")
        if not values:
            print("nothing left after", stage)
            break
    with open(HERE / "pipeline_trail.json", "w") as f:
        json.dump(trail, f, indent=1)
    if sq_ids:
        (tot, _), = await workflow.total.createTask(sq_ids=sq_ids)
        print(f"sum of the kept squares: {tot.y:g} over {tot.n} runs")
    await workflow.count.createTask(n=len(values))
''', files={"inputs.json": '{"x": [0.5, 1.0, 1.5, 2.0], "clip": 20.0}\n'},
     writes=["pipeline_trail.json"])

case("held8_replica_welford_yaml", ["replica", "lin", "count"], ["--rel-sem", "0.0165"],
     {"config": "replicas.yaml", "rel_sem": 0.0165},
     "configurations from YAML, per configuration a helper adding replicas one by one to a "
     "Welford accumulator dataclass (with a property) until its standard error is small or "
     "a cap is hit, the helpers run under asyncio.gather, a param overriding the file",
     '''
import asyncio
import math
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass
class Welford:
    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def push(self, y):
        self.n += 1
        d = y - self.mean
        self.mean += d / self.n
        self.m2 += d * (y - self.mean)

    @property
    def sem(self):
        return math.sqrt(self.m2 / (self.n - 1) / self.n) if self.n > 1 else math.inf


def populate_arg_parser(parser):
    parser.add_argument("--config", default="replicas.yaml")
    parser.add_argument("--rel-sem", type=float, default=None,
                        help="overrides rel_sem of the config file")


async def converge(workflow, x, cfg, rel_sem):
    acc = Welford()
    seed = 0
    while acc.n < cfg["max_rep"]:
        (run, job), = await workflow.replica.createTask(x=x, seed=seed)
        acc.push(run.y)
        seed += 1
        if acc.n >= cfg["min_rep"] and acc.sem < rel_sem * abs(acc.mean):
            return acc, True
    return acc, False


async def main(workflow, **params):
    cfg = yaml.safe_load(Path(__file__).with_name(params["config"]).read_text())
    rel_sem = params["rel_sem"] if params["rel_sem"] is not None else cfg["rel_sem"]
    configs = cfg["configs"]
    outcomes = await asyncio.gather(*(converge(workflow, c["x"], cfg, rel_sem) for c in configs))
    table = {c["name"]: (c["x"], acc, ok) for c, (acc, ok) in zip(configs, outcomes)}
    for name, (x, acc, ok) in sorted(table.items(), key=lambda kv: kv[1][1].n):
        print(f"{name:<6} x={x:4.2f} n={acc.n:2d} mean={acc.mean:.4f} "
              f"sem={acc.sem:.4f} {'ok' if ok else 'CAP'}")
    converged = {name: v for name, v in table.items() if v[2]}
    if converged:
        name = min(converged, key=lambda k: converged[k][1].sem / converged[k][1].mean)
        await workflow.lin.createTask(x=round(converged[name][1].mean, 6))
    await workflow.count.createTask(n=sum(acc.n for acc, ok in outcomes))
''', files={"replicas.yaml": '''
rel_sem: 0.02
min_rep: 3
max_rep: 6
configs:
  - {name: soft, x: 1.2}
  - {name: mid, x: 2.4}
  - {name: stiff, x: 3.6}
'''}, partial=True)

case("held8_step_load_history", ["step", "interval", "pair", "count", "lin"],
     ["--limit", "60", "--relax", "0.5"],
     {"x0": 0.5, "limit": 60.0, "relax": 0.5, "max_steps": 10},
     "load increments applied in a for/else with a break when an output passes a limit, "
     "the next input relaxed from the last output, a history of tuples printed as a table, "
     "increments by zip, a tuple output unpacked, a chain of follow-up steps",
     '''
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=0.5)
    parser.add_argument("--limit", type=float, default=50.0)
    parser.add_argument("--relax", type=float, default=0.5)
    parser.add_argument("--max-steps", type=int, default=10)


async def main(workflow, **params):
    x = params["x0"]
    history = []
    for i in range(params["max_steps"]):
        (run, job), = await workflow.step.createTask(x=x, i=i)
        history.append((job.i, job.x, run.y))
        if run.y > params["limit"]:
            print(f"limit {params['limit']} passed at increment {i}")
            break
        x = params["relax"] * run.y + 1.0
    else:
        print("limit never reached")
    print(f"{'i':>3} {'x':>9} {'y':>9}")
    for i, xi, yi in history:
        print(f"{i:3d} {xi:9.3f} {yi:9.3f}")
    increments = [b[2] - a[2] for a, b in zip(history, history[1:])]
    i_last, x_last, y_last = history[-1]
    (iv, _), = await workflow.interval.createTask(x=y_last)
    lo, hi = iv.b
    (p, _), = await workflow.pair.createTask(x=hi - lo)
    print(f"final bracket [{lo:.3f}, {hi:.3f}], pair bounds {p.bounds}")
    await workflow.count.createTask(n=len(history))
    if increments:
        await workflow.lin.createTask(x=statistics.median(increments))
''')

case("held8_gap_threshold_bisect", ["gap", "lin", "count"], ["--points", "9", "--tol", "0.1"],
     {"span": [0.0, 16.0], "points": 9, "bin": 5.0, "tol": 0.1, "cap": 8},
     "a numpy linspace sweep with missing (None) outputs, present/missing tallied in two "
     "Counters by bin (a conditional expression as the target), a coverage dict "
     "comprehension, then a capped bisection with a helper for where outputs vanish",
     '''
from collections import Counter

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--span", type=float, nargs=2, default=[0.0, 16.0])
    parser.add_argument("--points", type=int, default=5)
    parser.add_argument("--bin", type=float, default=5.0)
    parser.add_argument("--tol", type=float, default=0.5)
    parser.add_argument("--cap", type=int, default=8)


async def has_output(workflow, x):
    (run, job), = await workflow.gap.createTask(x=x)
    return run.y is not None


async def main(workflow, **params):
    grid = np.linspace(*params["span"], params["points"])
    runs = await workflow.gap.createTask(x=grid.tolist())
    present, missing = Counter(), Counter()
    for run, job in runs:
        (present if run.y is not None else missing)[int(job.x // params["bin"])] += 1
    bins = sorted(set(present) | set(missing))
    coverage = {b: present[b] / (present[b] + missing[b]) for b in bins}
    for b in bins:
        lo_edge, hi_edge = b * params["bin"], (b + 1) * params["bin"]
        print(f"[{lo_edge:5.1f}, {hi_edge:5.1f}): {present[b]} ok, {missing[b]} missing "
              f"({coverage[b]:.0%})")
    ok_xs = [job.x for run, job in runs if run.y is not None]
    bad_xs = [job.x for run, job in runs if run.y is None]
    if not bad_xs or not ok_xs:
        await workflow.count.createTask(n=len(bad_xs))
        return
    lo, hi = max(ok_xs), min(bad_xs)
    probes = 0
    while hi - lo > params["tol"] and probes < params["cap"]:
        mid = 0.5 * (lo + hi)
        if await has_output(workflow, mid):
            lo = mid
        else:
            hi = mid
        probes += 1
    print(f"outputs vanish between x = {lo:.4f} and x = {hi:.4f} ({probes} probes)")
    await workflow.lin.createTask(x=lo)
    await workflow.count.createTask(n=sum(missing.values()))
''', segments=1)

case("held8_follow_offsets_fanin", ["sq", "follow", "total", "lin"],
     ["--offsets", "0.1", "1", "--keep-above", "2"],
     {"start": 0.5, "stop": 2.0, "step": 0.5, "offsets": [0.1, 1.0], "keep_above": 2.0},
     "parents from a numpy arange, nested loops of follow-up runs per parent and offset "
     "filling a defaultdict of dicts keyed by job fields, a math.isclose consistency check, "
     "a dict comprehension of spreads, the parents passing a threshold fanned in",
     '''
import math
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--start", type=float, default=0.5)
    parser.add_argument("--stop", type=float, default=2.0)
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("--offsets", type=float, nargs="+", default=[0.0, 1.0])
    parser.add_argument("--keep-above", type=float, default=1.0)


async def main(workflow, **params):
    xs = np.arange(params["start"], params["stop"] + params["step"] / 2, params["step"])
    parents = await workflow.sq.createTask(x=[float(x) for x in xs])
    children = defaultdict(dict)
    ids = {}
    for parent, pjob in parents:
        ids[pjob.x] = parent.id
        for dx in params["offsets"]:
            (child, cjob), = await workflow.follow.createTask(sq_id=parent.id, x=dx)
            children[pjob.x][cjob.x] = child.y
            if not math.isclose(child.y - parent.y, dx, rel_tol=1e-9, abs_tol=1e-12):
                raise RuntimeError(f"follow of sq.{parent.id} is off: {child.y} - {parent.y}")
    spread = {x: max(c.values()) - min(c.values()) for x, c in children.items()}
    print(f"{'x':>5} " + " ".join(f"{'+' + str(dx):>8}" for dx in params["offsets"]))
    for x in sorted(children):
        print(f"{x:5.2f} " + " ".join(f"{children[x][dx]:8.3f}" for dx in params["offsets"]))
    keep = sorted(x for x, c in children.items() if max(c.values()) > params["keep_above"])
    print(f"kept {keep}, spreads {sorted(set(round(s, 9) for s in spread.values()))}")
    if not keep:
        return
    (tot, _), = await workflow.total.createTask(sq_ids=[ids[x] for x in keep])
    await workflow.lin.createTask(x=tot.y / tot.n)
''', segments=3)

case("held8_richardson_early_stop_csv", ["mesh", "lin", "count"], ["--tol", "1e-4"],
     {"h0": 0.5, "ratio": 2.0, "order": 2.0, "tol": 1e-4, "max_levels": 7,
      "out": "richardson.csv"},
     "mesh halving with a Richardson extrapolation per level (assumed order from a param), "
     "an early stop when two extrapolations agree (nan before), namedtuple rows written "
     "with csv.writer, observed orders from zip of three levels, a conditional follow-up",
     '''
import csv
import math
from collections import namedtuple
from pathlib import Path

Row = namedtuple("Row", ["level", "h", "cells", "u", "u_rich", "change"])


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--ratio", type=float, default=2.0)
    parser.add_argument("--order", type=float, default=2.0, help="assumed order of the scheme")
    parser.add_argument("--tol", type=float, default=5e-4)
    parser.add_argument("--max-levels", type=int, default=7)
    parser.add_argument("--out", default="richardson.csv")


async def main(workflow, **params):
    r, p = params["ratio"], params["order"]
    factor = r ** p - 1.0
    rows = []
    h = params["h0"]
    for level in range(params["max_levels"]):
        (run, job), = await workflow.mesh.createTask(h=h)
        if not rows:
            rows.append(Row(level, job.h, run.cells, run.u, math.nan, math.nan))
        else:
            u_rich = run.u + (run.u - rows[-1].u) / factor
            change = abs(u_rich - rows[-1].u_rich)
            rows.append(Row(level, job.h, run.cells, run.u, u_rich, change))
            if change < params["tol"]:
                break
        h /= r
    print(f"{'lvl':>3} {'h':>8} {'cells':>5} {'u':>11} {'u_rich':>11} {'change':>9}")
    for row in rows:
        print(f"{row.level:3d} {row.h:8.5f} {row.cells:5d} {row.u:11.8f} "
              f"{row.u_rich:11.8f} {row.change:9.2e}")
    with open(Path(__file__).with_name(params["out"]), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(Row._fields)
        w.writerows(rows)
    orders = [math.log(abs(a.u - b.u) / abs(b.u - c.u)) / math.log(r)
              for a, b, c in zip(rows, rows[1:], rows[2:])]
    print("observed orders:", ", ".join(f"{q:.3f}" for q in orders))
    last = rows[-1]
    if last.change < params["tol"]:
        await workflow.lin.createTask(x=round(last.u_rich, 8))
        await workflow.count.createTask(n=last.cells)
    else:
        await workflow.count.createTask(n=-len(rows))
''', writes=["richardson.csv"])

case("held8_polyfit_model_select", ["lin", "sq", "label", "count"], ["--n", "5"],
     {"studies": ["lin", "sq"], "n": 5, "span": [-1.0, 3.0], "max_degree": 3, "atol": 1e-8},
     "per study named in a param (getattr), a numpy linspace sweep fitted with np.polyfit "
     "of growing degree until the residual is below a tolerance (for/break), a dict of "
     "models, one extrapolation run per model checked against np.polyval, a label built "
     "from the chosen degrees",
     '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--studies", nargs="+", default=["lin", "sq"])
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--span", type=float, nargs=2, default=[-1.0, 3.0])
    parser.add_argument("--max-degree", type=int, default=3)
    parser.add_argument("--atol", type=float, default=1e-8)


async def main(workflow, **params):
    xs = np.linspace(*params["span"], params["n"])
    models = {}
    for name in params["studies"]:
        runs = await getattr(workflow, name).createTask(x=xs.tolist())
        x = np.array([job.x for run, job in runs])
        y = np.array([run.y for run, job in runs])
        for deg in range(params["max_degree"] + 1):
            coeffs = np.polyfit(x, y, deg)
            err = float(np.max(np.abs(np.polyval(coeffs, x) - y)))
            if err < params["atol"]:
                break
        models[name] = (deg, coeffs, err)
        print(f"{name:>4}: degree {deg}, max residual {err:.1e}, "
              f"coefficients {[round(float(c), 6) for c in coeffs]}")
    lo, hi = params["span"]
    x_new = hi + (hi - lo) / 2
    worst = 0.0
    for name, (deg, coeffs, err) in models.items():
        (run, job), = await getattr(workflow, name).createTask(x=x_new)
        pred = float(np.polyval(coeffs, x_new))
        rel = abs(pred - run.y) / max(abs(run.y), 1e-12)
        worst = max(worst, rel)
        print(f"{name:>4}: at x = {job.x} predicted {pred:.6f}, ran {run.y:.6f} ({rel:.1e})")
    tag = "+".join(f"{name}{models[name][0]}" for name in sorted(models))
    await workflow.label.createTask(name=tag if worst < 1e-6 else tag + "-refit")
    await workflow.count.createTask(n=sum(deg for deg, _, _ in models.values()))
''')


case("atk_arr_big_constant_operand", ["sq", "count"], ["--x", "1.5"], {"x": 1.5},
     "attack: a numpy array of 5000 numbers known at trace time combined with an output "
     "(more items than the graph holds as constants: the statement runs at run time as a "
     "block, the array made there), and a small one before it", '''
import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    small = run.y + np.arange(3)
    await workflow.count.createTask(n=int(small.sum()))
    big = run.y + np.linspace(0.0, 1.0, 5000)
    await workflow.count.createTask(n=int(big.max()))
''')


# ---- loops appending to a dict of lists (d[k].append(v), d.setdefault(k, []).append(v))
# and loops binding names before their fill statement: run-time fills; and what must not
# become one (a list held elsewhere, a missing key read later, a name read after the
# loop, a function reading the dict, an accumulator)

GRP = """\
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)
"""
GRP_DD = "from collections import defaultdict\n\n\n" + GRP
GRP_ST = "import statistics\n\n\n" + GRP
GRP_ST_DD = "import statistics\nfrom collections import defaultdict\n\n\n" + GRP
GRP_ARGS = (["--xs", "1", "2", "--nrep", "3"], {"xs": [1.0, 2.0], "nrep": 3})

case("atk_grp_replica_summary", ["replica", "lin", "count"], *GRP_ARGS,
     "replicas grouped by x in a defaultdict(list), a summary per group from names bound "
     "in the loop (mean, spread), the tight ones refined, a count of the loose ones",
     GRP_ST_DD + """

async def main(workflow, **params):
    samples = defaultdict(list)
    for x in params["xs"]:
        runs = await workflow.replica.createTask(x=x, seed=list(range(params["nrep"])))
        for run, job in runs:
            samples[job.x].append(run.y)
    summary = {}
    for x, ys in samples.items():
        mean = statistics.fmean(ys)
        spread = max(ys) - min(ys)
        summary[x] = (mean, spread)
    tight = [x for x in sorted(summary) if summary[x][1] / summary[x][0] < 0.05]
    if tight:
        await workflow.lin.createTask(x=[round(summary[x][0], 6) for x in tight])
    await workflow.count.createTask(n=len(summary) - len(tight))
""")

case("atk_grp_missing_key_read", ["replica", "count"], *GRP_ARGS,
     "attack: a key the grouping lacks read after it (natively added to the "
     "defaultdict), then the number of groups", GRP_DD + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    extra = groups[99.0]
    await workflow.count.createTask(n=len(groups) + len(extra))
""", partial=True)

case("atk_grp_inner_list_held", ["replica", "count"], *GRP_ARGS,
     "attack: one list of the grouping taken before the loop appends to it (natively "
     "it sees the items)", GRP_DD + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1, 2])
    groups = defaultdict(list)
    first = groups[1.0]
    for run, job in runs:
        groups[job.x].append(run.y)
    await workflow.count.createTask(n=len(first) + len(groups))
""")

case("atk_grp_setdefault_sums", ["replica", "lin"], *GRP_ARGS,
     "d.setdefault(job.x, []).append(run.y) into a plain dict, then the sum of each "
     "group in x order", GRP + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1, 2])
    by_x = {}
    for run, job in runs:
        by_x.setdefault(job.x, []).append(run.y)
    await workflow.lin.createTask(x=[round(sum(by_x[x]), 6) for x in sorted(by_x)])
""")

case("atk_grp_prefilled_plain_dict", ["replica", "lin"], *GRP_ARGS,
     "a plain dict of empty lists made from the params, appended to by key", GRP + """

async def main(workflow, **params):
    by_x = {x: [] for x in params["xs"]}
    by_x[1.0].append(0.0)
    runs = await workflow.replica.createTask(x=params["xs"], seed=[3, 4])
    for run, job in runs:
        by_x[job.x].append(run.y)
    await workflow.lin.createTask(x=[round(max(v), 6) for v in by_x.values()])
""", partial=True)

case("atk_grp_plain_dict_lacks_key", ["replica", "lin"], *GRP_ARGS,
     "attack: a plain dict of lists lacking one x appended to by key: main fails with "
     "KeyError, as natively", GRP + """

async def main(workflow, **params):
    by_x = {1.0: []}
    runs = await workflow.replica.createTask(x=params["xs"], seed=[3])
    for run, job in runs:
        by_x[job.x].append(run.y)
    await workflow.lin.createTask(x=len(by_x))
""", raises="KeyError: 2.0", partial=True)

case("atk_grp_let_read_after", ["replica", "lin"], *GRP_ARGS,
     "attack: a name bound in the filling loop read after it (the last group's, "
     "natively)", GRP_ST_DD + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 5])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    means = {}
    for x, ys in groups.items():
        m = statistics.fmean(ys)
        means[x] = round(m, 6)
    await workflow.lin.createTask(x=[means[x] for x in sorted(means)] + [round(m, 6)])
""")

case("atk_grp_let_calls_reader", ["replica", "lin"], *GRP_ARGS,
     "attack: a name bound in the filling loop from a function of main reading the "
     "dict being filled (its size grows natively)", GRP + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    rank = {}

    def size():
        return len(rank)

    for run, job in runs:
        n = size()
        rank[run.id] = n
    await workflow.lin.createTask(x=sorted(float(v) for v in rank.values()))
""", partial=True)

case("atk_grp_let_accumulates", ["replica", "lin"], *GRP_ARGS,
     "attack: running totals stored per run (the name bound in the loop reads itself)",
     GRP + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    total = 0.0
    running = {}
    for run, job in runs:
        total = total + run.y
        running[run.id] = round(total, 6)
    await workflow.lin.createTask(x=sorted(running.values()))
""")

case("atk_grp_helper_reads_missing_key", ["replica", "count"], *GRP_ARGS,
     "attack: a function of the orchestrator given the grouping reads a key it lacks "
     "(natively added), then the number of groups", GRP_DD + """

def spread_of(groups, x):
    ys = groups[x]
    return max(ys) - min(ys) if ys else 0.0


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    spreads = [spread_of(groups, x) for x in (1.0, 2.0, 3.0)]
    await workflow.count.createTask(n=len(groups) + len(spreads))
""", partial=True)

case("atk_grp_sorted_keys_lookup", ["replica", "lin"], *GRP_ARGS,
     "the grouping read by the keys it has (sorted), a mean per key", GRP_ST_DD + """

async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1, 2])
    groups = defaultdict(list)
    for run, job in runs:
        groups[job.x].append(run.y)
    means = [round(statistics.fmean(groups[x]), 6) for x in sorted(groups)]
    await workflow.lin.createTask(x=means + [float(len(groups))])
""")

# ---- a list built in a loop over a run-time grid, its elements containers holding a run
# output and the loop's item: each element reads the run made for its own item

FIC = """\
import numpy as np


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=1.5)
    candidates = []
    for x in np.linspace(r.y - 1.0, r.y + 1.0, 5):
        (run, job), = await workflow.sq.createTask(x=round(float(x), 6))
"""

case("atk_fic_tuple_sorted", ["sq", "mix"], [], {},
     "attack: (|y - 5|, x) per item of a linspace around an output, sorted, the best x "
     "(not the first item's run for every item)", FIC + """
        candidates.append((abs(run.y - 5.0), float(x)))
    candidates.sort()
    err, best = candidates[0]
    await workflow.mix.createTask(a=best, b=round(err, 9))
""")

case("atk_fic_list_pairs_min", ["sq", "mix"], [], {},
     "attack: [x, y] lists per item, the one closest to y = 5 by min with a key", FIC + """
        candidates.append([float(x), run.y])
    best = min(candidates, key=lambda p: abs(p[1] - 5.0))
    await workflow.mix.createTask(a=best[0], b=best[1])
""")

case("atk_fic_dict_rows_max", ["sq", "mix"], [], {},
     "attack: a dict row per item, the row of largest |y - 5| by max with a key",
     FIC + """
        candidates.append({"x": float(x), "y": run.y})
    worst = max(candidates, key=lambda row: abs(row["y"] - 5.0))
    await workflow.mix.createTask(a=worst["x"], b=worst["y"])
""")

case("atk_fic_two_rounds_of_centers", ["sq", "mix"], [], {},
     "attack: the two best of three sorted by |y - 5|, a linspace around each (a loop "
     "over a run-time grid), those sorted again, the best run's x and error",
     """import numpy as np


async def main(workflow, **params):
    cands = []
    for x0 in [1.0, 2.0, 3.0]:
        (r, _), = await workflow.sq.createTask(x=x0)
        cands.append((abs(r.y - 5.0), x0))
    cands.sort()
    best = cands[:2]
    centers = [c0 for _, c0 in best]
    candidates = []
    for c in centers:
        for x in np.linspace(c - 0.25, c + 0.25, 3):
            (run, job), = await workflow.sq.createTask(x=round(float(x), 6))
            candidates.append((abs(run.y - 5.0), float(x)))
    candidates.sort()
    best = candidates[:2]
    err, x = best[0]
    await workflow.mix.createTask(a=x, b=round(err, 9))
""")

case("atk_fic_filtered_truth", ["sq", "mix", "count"], [], {},
     "a filtered list of items whose output passes 4, tested for truth (if close:), "
     "each side a step", FIC + """
        candidates.append((float(x), run.y))
    close = [x for x, y in candidates if y > 4.0]
    if close:
        await workflow.mix.createTask(a=min(close), b=float(len(close)))
    else:
        await workflow.count.createTask(n=0)
    far = [x for x, y in candidates if y > 100.0]
    if far:
        await workflow.count.createTask(n=len(far))
""")


STRM_ARGS = (["--names", "alpha", "Beta", "pi", "Mu", "delta"],
             {"names": ["alpha", "Beta", "pi", "Mu", "delta"]})
STRM = """

def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "pi"])
"""
STRM_DD = """
from collections import defaultdict
""" + STRM

case("atk_strm_sorted_key_lower", ["label", "count"], *STRM_ARGS,
     "texts grouped by a length output, sorted with a key lambda, a str method of the "
     "first text passed on", STRM_DD + """

async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[run.y].append(run.text)
    report = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    first = report[0][1][0]
    await workflow.label.createTask(name=first.lower() + "-ref")
    await workflow.count.createTask(n=len(report))
""")

case("atk_strm_min_key_upper", ["label", "count"], *STRM_ARGS,
     "the (text, length) pair closest to a length by min with a key, its text's str "
     "methods chained", STRM + """

async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    best = min([(run.text, run.y) for run, job in runs], key=lambda p: abs(p[1] - 3))
    name = best[0].lower().replace("p", "q").upper()
    await workflow.label.createTask(name=name)
    await workflow.count.createTask(n=best[1])
""")

case("atk_strm_custom_class_lower", ["label", "count"], *STRM_ARGS,
     "objects of the orchestrator's own class with a lower() of their own, sorted by a "
     "key: their lower() is theirs, not a str's", STRM + """

class Name(str):
    def lower(self):
        return "custom-" + str.lower(self)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    tags = sorted([Name(run.text) for run, job in runs], key=len)
    await workflow.label.createTask(name=tags[-1].lower())
    await workflow.count.createTask(n=len(tags))
""", partial=True)

case("atk_strm_grouping_keys_split", ["label", "count"], *STRM_ARGS,
     "a grouping keyed by a text output, its sorted keys, a str method of the first "
     "key and of the last", STRM_DD + """

async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[run.text].append(run.y)
    keys = sorted(groups)
    await workflow.label.createTask(name=[keys[0].lower(), keys[-1].zfill(3)])
    await workflow.count.createTask(n=max(groups[keys[0]]))
""", partial=True)

case("atk_strm_number_lower_raises", ["label", "count"], *STRM_ARGS,
     "a str method of the largest length output (an int): main fails with Python's "
     "AttributeError, the DAG too", STRM + """

async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    longest = max(sorted([run.y for run, job in runs], reverse=True))
    await workflow.count.createTask(n=longest)
    await workflow.label.createTask(name=longest.lower())
""", raises="AttributeError: 'int' object has no attribute 'lower'")


case("atk_imm_shadowed_abs_passes_the_list", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a helper repeating its list argument in place (xs *= k) is given abs(ys), "
     "abs bound by the module to a function returning its argument: ys itself changes",
     XS + '''
abs = lambda v: v  # noqa: A001, E731 - the attack


async def grow(workflow, xs, k):
    xs *= k
    (run, job), = await workflow.count.createTask(n=len(xs))
    return run.y


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [1.0]
    found = {}
    for run, job in runs:
        found[job.x] = await grow(workflow, abs(ys), 2)
    await workflow.count.createTask(n=len(ys) + len(found))
''', partial=True)

case("atk_imm_number_argument_scaled", ["solve", "count"], ["--dts", "0.8", "0.3"],
     {"dts": [0.8, 0.3], "factor": 0.5},
     "a helper halving its step argument by a param factor (dt *= factor) until stable, "
     "given float() of a row, results kept in a dict per row", '''
def populate_arg_parser(parser):
    parser.add_argument("--dts", type=float, nargs="+", required=True)
    parser.add_argument("--factor", type=float, default=0.5)


async def first_stable(workflow, dt, factor):
    for _ in range(4):
        (run, job), = await workflow.solve.createTask(dt=round(dt, 6))
        if run.ok:
            return job.dt
        dt *= factor
    return None


async def main(workflow, **params):
    rows = [{"dt0": str(d)} for d in params["dts"]]
    found = {}
    for row in rows:
        found[row["dt0"]] = await first_stable(workflow, float(row["dt0"]), params["factor"])
    await workflow.count.createTask(n=len([v for v in found.values() if v is not None]))
''')

case("atk_imm_list_argument_in_a_row", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: a helper extending its list argument in place, given a list held by a dict "
     "(row['acc']): the dict sees the change", XS + '''

async def grow(workflow, acc, x):
    acc += [x]
    (run, job), = await workflow.count.createTask(n=len(acc))
    return run.y


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    row = {"acc": []}
    found = {}
    for run, job in runs:
        found[job.x] = await grow(workflow, row["acc"], run.y)
    await workflow.count.createTask(n=len(row["acc"]) * 10 + len(found))
''', partial=True)

case("atk_ctr_counter_most_common", ["label", "count"],
     ["--names", "beta", "alpha", "bravo", "atlas", "cobra"],
     {"names": ["beta", "alpha", "bravo", "atlas", "cobra"]},
     "a Counter of the outputs' first letters, most_common() with ties (first seen "
     "first), printed and deciding a step", '''
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    initials = Counter(run.text[0] for run, job in runs)
    print("initials:", ", ".join(f"{c}={k}" for c, k in initials.most_common()))
    top, n = initials.most_common(1)[0]
    await workflow.label.createTask(name=f"{top}{n}")
    await workflow.count.createTask(n=len(initials.most_common(2)))
''')

case("atk_ctr_counter_through_a_segment", ["label", "count"],
     ["--names", "beta", "alpha", "bravo"], {"names": ["beta", "alpha", "bravo"]},
     "attack: a Counter filled in a loop over runs (a segment passes it on, as a dict), "
     "then most_common() of it", '''
from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    initials = Counter()
    for run, job in runs:
        initials[run.text[0]] += 1
        await workflow.count.createTask(n=initials[run.text[0]])
    top, n = initials.most_common(1)[0]
    await workflow.label.createTask(name=f"{top}{n}")
''', partial=True, segments=1)

case("atk_blk_dict_of_runs_method_of_a_got_run", ["label", "count"],
     ["--names", "ab", "cde"], {"names": ["ab", "cde"]},
     "attack: a dict of runs by name walked with .items() in a loop filling groups "
     "(a block), one run got from it with .get() and its .keys() taken", '''
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = {job.name: run for run, job in runs}
    groups = defaultdict(list)
    for name, run in by_name.items():
        groups[len(name)].append(run.text)
        groups[0].append(len(list(by_name.get(name).keys())) > 0)
    await workflow.count.createTask(n=sum(len(v) for v in groups.values()))
''', partial=True)

case("atk_blk_dict_of_runs_items_grouped", ["label", "count"],
     ["--names", "ab", "cde", "fg"], {"names": ["ab", "cde", "fg"]},
     "a dict of runs by job name walked with .items() in a loop filling a defaultdict of "
     "lists (a block), read after", '''
from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = dict([[job.name, run] for run, job in runs])
    per_size = defaultdict(list)
    for name, run in by_name.items():
        per_size[len(name)].append(run.text)
    for size in sorted(per_size):
        await workflow.label.createTask(name="-".join(sorted(per_size[size])))
    await workflow.count.createTask(n=len(per_size))
''')

case("atk_rec_fields_of_a_namedtuple_written", ["mesh", "count"], ["--hs", "0.5", "0.25"],
     {"hs": [0.5, 0.25]},
     "a namedtuple's _fields written as a csv header in a segment (a with writing a "
     "file), rows after", '''
import csv
from collections import namedtuple
from pathlib import Path

Row = namedtuple("Row", ["h", "u"])


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    rows = []
    for h in params["hs"]:
        (run, job), = await workflow.mesh.createTask(h=h)
        rows.append(Row(job.h, run.u))
    with open(Path(__file__).with_name("levels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(Row._fields)
        w.writerows(rows)
    await workflow.count.createTask(n=len(Row._fields) + len(rows))
''', writes=["levels.csv"])

case("atk_blk_dict_comp_of_runs_values", ["label", "count"], ["--names", "ab", "cde"],
     {"names": ["ab", "cde"]},
     "attack: a dict of runs by job name (a dict comprehension), its values' outputs summed "
     "for a step", '''
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = {job.name: run for run, job in runs}
    await workflow.count.createTask(n=sum(r.y for r in by_name.values()))
    await workflow.label.createTask(name=by_name[params["names"][0]].text.lower())
''')

case("atk_chain_iterated_twice", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: itertools.chain of two studies' runs walked twice (the second walk natively "
     "sees nothing)", "import itertools\n\n\n" + XS + '''


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    lines = await workflow.lin.createTask(x=params["xs"])
    both = itertools.chain(squares, lines)
    first = [run.y for run, job in both]
    again = [run.y for run, job in both]
    await workflow.count.createTask(n=len(first) * 10 + len(again))
''', partial=True)

case("atk_chain_len_raises", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: len() of itertools.chain of runs (natively TypeError)",
     "import itertools\n\n\n" + XS + '''


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    lines = await workflow.lin.createTask(x=params["xs"])
    both = itertools.chain(squares, lines)
    await workflow.count.createTask(n=len(both))
''', raises="TypeError: object of type 'itertools.chain' has no len()", partial=True)

case("atk_chain_gathered_batches_flattened", ["mix", "count", "sq"],
     ["--a", "1", "2", "--b", "0.5", "1.5"], {"a": [1.0, 2.0], "b": [0.5, 1.5]},
     "one sweep per a gathered, the batches flattened with chain.from_iterable, a step per "
     "run after, the runs counted", '''
import asyncio
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", required=True)
    parser.add_argument("--b", type=float, nargs="+", required=True)


async def main(workflow, **params):
    batches = await asyncio.gather(*(workflow.mix.createTask(a=a, b=params["b"])
                                     for a in params["a"]))
    runs = list(itertools.chain.from_iterable(batches))
    for run, job in runs:
        await workflow.sq.createTask(x=run.y)
    await workflow.count.createTask(n=len(runs))
''')

case("atk_chain_from_iterable_of_a_fanin_twice", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: chain.from_iterable of a list of per-run lists built in a loop, consumed by "
     "sum() then by len(list()) (the second sees nothing)", "import itertools\n\n\n" + XS + '''


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    rows = []
    for run, job in runs:
        rows.append([run.y, job.x])
    flat = itertools.chain.from_iterable(rows)
    total = sum(flat)
    rest = len(list(flat))
    await workflow.count.createTask(n=int(total) + rest)
''', partial=True)

case("atk_iter_len_of_zip_raises", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: len() of zip() of two studies' runs (natively TypeError)", XS + '''

async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    lines = await workflow.lin.createTask(x=params["xs"])
    pairs = zip(squares, lines)
    await workflow.count.createTask(n=len(pairs))
''', raises="TypeError: object of type 'zip' has no len()", partial=True)

case("atk_iter_truth_of_an_empty_zip", ["sq", "lin", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: the truth of zip() of an empty filtered list of outputs (an iterator is "
     "true natively, whatever it holds)", XS + '''

async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    big = [run.y for run, job in squares if run.y > 100]
    pairs = zip(big, params["xs"])
    if pairs:
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
    chained = enumerate(big)
    await workflow.lin.createTask(x=3.0 if chained else 4.0)
''')

case("atk_kept_fields_of_a_block_counted", ["lin", "sq", "count"], ["--xs", "0.5", "3", "9"],
     {"xs": [0.5, 3.0, 9.0], "clip": 10.0},
     "the runs kept under a clip (a block holding pairs), their outputs listed, counted "
     "and tested for emptiness, the kept ones fed to the next stage", XS + '''
    parser.add_argument("--clip", type=float, default=10.0)


async def main(workflow, **params):
    values = params["xs"]
    dropped = 0
    for stage in ("lin", "sq"):
        runs = await getattr(workflow, stage).createTask(x=values)
        kept = [(run, job) for run, job in runs if run.y <= params["clip"]]
        values = [run.y for run, job in kept]
        dropped += len(runs) - len(kept)
        if not values:
            break
    await workflow.count.createTask(n=len(values) * 10 + dropped)
''')

case("atk_kept_whole_runs_of_a_block_listed", ["sq", "total", "count"], ["--xs", "1", "2", "5"],
     {"xs": [1.0, 2.0, 5.0]},
     "attack: the kept pairs' runs themselves listed from a block's value (whole runs), "
     "then their ids and their count given to steps", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = [(run, job) for run, job in runs if run.y < 10]
    firsts = [pair[0] for pair in kept]
    await workflow.total.createTask(sq_ids=[r.id for r in firsts])
    await workflow.count.createTask(n=len(firsts))
''', segments=1)

case("atk_kept_record_method_of_a_block_listed", ["sq", "count"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "attack: the kept runs' keys method listed from a block's value (not a field)",
     XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = [(run, job) for run, job in runs if run.y < 10]
    methods = [run.keys for run, job in kept]
    await workflow.count.createTask(n=len(methods) + sum(1 for m in methods if callable(m)))
''', partial=True)

case("atk_setord_sorted_unique_texts", ["label", "count"],
     ["--names", "kappa", "alpha", "kappa", "mu"],
     {"names": ["kappa", "alpha", "kappa", "mu"]},
     "the unique texts of a sweep sorted (set differences, len and `in` of sets), after "
     "a loop filling a dict per run", '''
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    seen = {}
    for run, job in runs:
        seen[job.name] = run.text
    short = {k: v for k, v in seen.items() if len(v) < 5}
    names = sorted(set(seen) - set(short), reverse=True)
    for name in names:
        await workflow.label.createTask(name=name + "_long")
    await workflow.count.createTask(n=len(set(seen.values())) * 10 + int("mu" in set(short)))
''', partial=True)

case("atk_setord_list_of_a_set_of_numbers", ["count", "sq"], ["--ns", "3", "1", "3", "2"],
     {"ns": [3, 1, 3, 2]},
     "a list of a set of int outputs (their order is their hashes', the same in every "
     "process) and a sum of a set of them, after a loop filling a dict per run", '''
def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    seen = {}
    for run, job in runs:
        seen[run.id] = run.y
    order = list(set(seen.values()))
    total = sum(set(seen.values()))
    await workflow.sq.createTask(x=float(order[0] + total))
''', segments=2)

case("atk_arrfield_spread_of_kept_roots", ["newton", "sq"], ["--xs", "0.5", "1", "3"],
     {"xs": [0.5, 1.0, 3.0]},
     "an array of one field of records kept in a loop over runs (a block), its max, min "
     "and mean feeding steps; an empty one taken apart by its size",
     "from typing import NamedTuple\n\nimport numpy as np\n\n\n" + XS + '''

class Step(NamedTuple):
    start: float
    next: float
    ok: bool


async def main(workflow, **params):
    runs = await workflow.newton.createTask(x=params["xs"])
    steps = []
    for run, job in runs:
        steps.append(Step(job.x, run.next, run.err < 1.0))
    nexts = np.array([s.next for s in steps if s.ok])
    if nexts.size > 1:
        await workflow.sq.createTask(x=float(nexts.max() - nexts.min()))
    await workflow.sq.createTask(x=round(float(nexts.mean()), 6) if nexts.size else -1.0)
''')

case("atk_pick_counter_by_a_conditional", ["gap", "count"], ["--xs", "1", "12", "4", "15"],
     {"xs": [1.0, 12.0, 4.0, 15.0]},
     "two Counters made together, the one a conditional picks counted per run (present "
     "or missing output), read after", "from collections import Counter\n\n\n" + XS + '''


async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    present, missing = Counter(), Counter()
    for run, job in runs:
        (present if run.y is not None else missing)[int(job.x // 5)] += 1
    await workflow.count.createTask(n=sum(present.values()) * 10 + len(missing))
''')

case("atk_pick_dict_by_a_conditional_aliased", ["sq", "count"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: the dict a conditional picks filled per run while another name holds one "
     "of them (the alias sees the changes)", XS + '''

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    hits, misses = {}, {}
    alias = hits
    for run, job in runs:
        (hits if run.y > 2 else misses)[job.x] = run.y
    await workflow.count.createTask(n=len(alias) * 10 + len(misses))
''', partial=True)

# ---- files main writes, compiled as steps (a WriteNode): compared byte for byte both ways

def _w_head(*modules: str, third: str = "") -> str:
    """The imports of a case writing a file (sorted as ruff wants them), and HERE."""
    lines = [f"import {m}" for m in sorted(modules)] + ["from pathlib import Path", ""]
    lines += [f"import {third}", ""] if third else []
    return "\n".join(lines + ["HERE = Path(__file__).resolve().parent", "", "", ""])

case("atk_write_json_indent", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: json.dump of a dict of outputs keyed by formatted names, with indent, then a "
     "step from the same values", _w_head("json") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {f"x={job.x:g}": {"y": run.y, "half": run.y / 2} for run, job in runs}
    with open(HERE / "table.json", "w") as f:
        json.dump({"zeta": len(runs), "table": table, "alpha": None}, f, indent=2)
    await workflow.lin.createTask(x=sum(run.y for run, job in runs))
""", writes=["table.json"])

case("atk_write_csv_semicolons", ["sq", "count"], ["--xs", "1.5", "2", "-3"],
     {"xs": [1.5, 2.0, -3.0]},
     "attack: csv.writer with a delimiter, a header row, then writerows of [x, y, y > 3] per "
     "run (a comprehension over runs), then a step", _w_head("csv") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "squares.csv", "w", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["x", "y", "big"])
        out.writerows([[job.x, run.y, run.y > 3] for run, job in runs])
    await workflow.count.createTask(n=len(runs))
""", writes=["squares.csv"])

case("atk_write_print_to_file_indexed", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: print(..., sep=, end=, file=f) of outputs picked by index in a loop over "
     "range(len(params)), a format spec, then a step", _w_head() + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "report.txt", "w") as f:
        print("report", len(params["xs"]), file=f)
        for i in range(len(params["xs"])):
            run, job = runs[i]
            print(i, f"{run.y:.3f}", job.x, sep=" | ", end=" ;\\n", file=f)
        print(file=f)
    await workflow.lin.createTask(x=runs[-1][0].y)
""", writes=["report.txt"])

case("atk_write_branch_same_path", ["sq", "lin", "count"], ["--xs", "1", "3"],
     {"xs": [1.0, 3.0]},
     "attack: the same file written on both sides of an if on an output, with other text, "
     "then a step on each side", _w_head() + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    top = max(run.y for run, job in runs)
    if top > 5:
        with open(HERE / "verdict.txt", "w") as f:
            f.write(f"large {top}\\n")
        await workflow.lin.createTask(x=top)
    else:
        with open(HERE / "verdict.txt", "w") as f:
            f.write("small\\n")
        await workflow.count.createTask(n=2)
""", writes=["verdict.txt"])

case("atk_write_twice_same_path", ["sq", "lin"], ["--xs", "2"], {"xs": [2.0]},
     "attack: a file written before any step, then written again after a step (the second "
     "text stays), then a step", _w_head() + XS + """

async def main(workflow, **params):
    (HERE / "state.txt").write_text("started\\n")
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "state.txt", "w") as f:
        f.write("done " + str(runs[0][0].y) + "\\n")
    await workflow.lin.createTask(x=runs[0][0].y)
""", writes=["state.txt"])

case("atk_write_after_a_run_time_read", ["sq", "lin"], ["--xs", "2"], {"xs": [2.0]},
     "attack: a file read after a step (a run-time read), then written, then the value read "
     "before given to a step: main gave the old text", _w_head("json") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "scale.json") as f:
        scale = json.load(f)["scale"]
    with open(HERE / "scale.json", "w") as f:
        json.dump({"scale": runs[0][0].y}, f)
    await workflow.lin.createTask(x=scale)
""", files={"scale.json": '{"scale": 0.25}\n'}, segments=1)

case("atk_write_read_back_before_steps", ["sq"], ["--xs", "2"], {"xs": [2.0]},
     "attack: a plan written then read back before any step (while traced it is not "
     "written yet)", _w_head("json") + XS + """

async def main(workflow, **params):
    with open(HERE / "plan.json", "w") as f:
        json.dump({"xs": [x * 3 for x in params["xs"]]}, f)
    with open(HERE / "plan.json") as f:
        plan = json.load(f)
    await workflow.sq.createTask(x=plan["xs"])
""", files={"plan.json": '{"xs": [100.0]}\n'}, writes=["plan.json"])

case("atk_write_count_returned", ["label", "count"], ["--names", "ab", "cde"],
     {"names": ["ab", "cde"]},
     "attack: what f.write returns (the characters written, known at run time) given to a "
     "step", _w_head() + """def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    with open(HERE / "labels.txt", "w") as f:
        n = f.write(" ".join([run.text for run, job in runs]))
        n += f.write("\\n")
    await workflow.count.createTask(n=n)
""", writes=["labels.txt"])

case("atk_write_json_nan_raises", ["sq", "lin"], ["--xs", "2"], {"xs": [2.0]},
     "attack: json.dump(allow_nan=False) of a NaN made from an output: main fails at the "
     "write, the step after it is never made", _w_head("math", "json") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    value = math.inf - runs[0][0].y * math.inf
    with open(HERE / "bad.json", "w") as f:
        json.dump({"value": value}, f, allow_nan=False)
    await workflow.lin.createTask(x=1.0)
""", raises="ValueError: Out of range float values are not JSON compliant: nan",
     writes=["bad.json"])

case("atk_write_json_int_keys", ["sq", "lin"], ["--xs"] + [str(i) for i in range(12)],
     {"xs": [float(i) for i in range(12)]},
     "attack: json.dump(sort_keys=True) of a dict keyed by ints (sorted as ints natively, "
     "'10' before '2' as the strings JSON makes)",
     _w_head("json") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "by_index.json", "w") as f:
        json.dump({i: run.y for i, (run, job) in enumerate(runs)}, f, sort_keys=True)
    await workflow.lin.createTask(x=runs[0][0].y)
""", segments=1)

case("atk_write_in_gather", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: a file written inside routines of asyncio.gather (where among their steps "
     "is only known at run time)", _w_head("asyncio") + XS + """

async def one(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    with open(HERE / f"y_{x:g}.txt", "w") as f:
        f.write(str(run.y))
    (lin, _), = await workflow.lin.createTask(x=run.y)
    return lin.y


async def main(workflow, **params):
    ys = await asyncio.gather(*(one(workflow, x) for x in params["xs"]))
    await workflow.sq.createTask(x=sum(ys))
""", partial=True)

case("atk_write_csv_tuple_field", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: a csv row holding a tuple of outputs (csv writes its text, '(1.0, 4.0)')",
     _w_head("csv") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "pairs.csv", "w", newline="") as f:
        csv.writer(f).writerow(["ys", tuple(run.y for run, job in runs)])
    await workflow.lin.createTask(x=runs[0][0].y)
""", partial=True)

case("atk_write_yaml_safe_dump", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "attack: yaml.safe_dump of outputs with sort_keys=False, then a step",
     _w_head(third="yaml") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    summary = {"zs": [run.y for run, job in runs], "count": len(runs), "name": "squares"}
    with open(HERE / "summary.yaml", "w") as f:
        yaml.safe_dump(summary, f, sort_keys=False)
    await workflow.lin.createTask(x=runs[1][0].y)
""", partial=True)

case("atk_write_in_try", ["sq", "lin"], ["--xs", "1"], {"xs": [1.0]},
     "attack: a file written inside a try whose except OSError goes on (the DAG cannot "
     "catch the write's error)", _w_head() + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    try:
        with open(HERE / "out.txt", "w") as f:
            f.write(str(runs[0][0].y))
    except OSError:
        pass
    await workflow.lin.createTask(x=runs[0][0].y)
""", partial=True)

case("atk_write_then_glob", ["sq", "count"], ["--xs", "1"], {"xs": [1.0]},
     "attack: a file written before any step, then the directory listed (glob) before any "
     "step: the listing would not hold it while traced", _w_head("glob") + XS + """

async def main(workflow, **params):
    with open(HERE / "made.marker", "w") as f:
        f.write("x")
    found = sorted(glob.glob(str(HERE / "*.marker")))
    await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=len(found))
""", partial=True, writes=["made.marker"])

case("atk_write_branch_other_calls", ["sq", "lin"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "attack: one file written with json.dump on one side of an if on an output and with "
     "write() on the other (the paths cannot be merged into one step)", _w_head("json") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    path = HERE / "result.out"
    with open(path, "w") as f:
        if runs[-1][0].y > 4:
            json.dump([run.y for run, job in runs], f)
        else:
            f.write("none")
    await workflow.lin.createTask(x=1.0)
""", partial=True)

case("atk_write_loop_over_runs_in_with", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "attack: a loop over runs writing one line per run inside the with (one write per "
     "item)", _w_head() + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "lines.txt", "w") as f:
        for run, job in runs:
            f.write(f"{job.x} {run.y}\\n")
    await workflow.lin.createTask(x=float(len(runs)))
""", segments=1)


case("atk_write_in_a_helper", ["sq", "lin"], ["--xs", "1", "2", "5"], {"xs": [1.0, 2.0, 5.0]},
     "attack: a plain helper of the module writes the file (Path.write_text of a joined "
     "text) and returns a count given to a step", _w_head() + XS + """

def save(path, ys):
    Path(path).write_text(" ".join(str(y) for y in ys) + "\\n")
    return len(ys)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    n = save(HERE / "ys.txt", [run.y for run, job in runs])
    await workflow.lin.createTask(x=float(n))
""", writes=["ys.txt"])

case("atk_write_two_files_interleaved", ["sq", "lin"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "attack: two files open at once, their writes interleaved, the inner closed first",
     _w_head("json") + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "a.txt", "w") as a:
        a.write("first\\n")
        with open(HERE / "b.json", "w") as b:
            a.write(f"{runs[0][0].y}\\n")
            json.dump([run.y for run, job in runs], b)
            a.write("third\\n")
        a.write(f"{runs[-1][0].y:+.2e}\\n")
    await workflow.lin.createTask(x=runs[-1][0].y)
""", writes=["a.txt", "b.json"])

case("atk_strmeth_field_of_a_chosen_run", ["label", "count"], ["--names", "Ab", "cDe", "f"],
     {"names": ["Ab", "cDe", "f"]},
     "attack: a str method (.lower(), .strip('_'), .split('E')) of a field of the run "
     "max(key=) chose among a block's dict of runs, given to steps", """\
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = {job.name: run for run, job in runs}
    longest = max(by_name.values(), key=lambda r: (r.y, r.text))
    parts = longest.text.split("E")
    await workflow.label.createTask(name=longest.text.lower().strip("_") + "_ref")
    await workflow.count.createTask(n=len(parts) + len(longest.text.swapcase()))
""")

case("atk_strmeth_field_of_an_object", ["label", "count"], ["--names", "ab", "cde"],
     {"names": ["ab", "cde"]},
     "attack: a str method's name on a field holding an object of the module's class whose "
     "method of that name counts its calls (natively its own method runs)", """\
class Word:
    calls = 0

    def __init__(self, text):
        self.text = text

    def lower(self):
        Word.calls += 1
        return self.text + "!"


class Tag:
    def __init__(self, text):
        self.word = Word(text)


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    tags = {job.name: Tag(run.text) for run, job in runs}
    chosen = max(tags.values(), key=lambda t: len(t.word.text))
    await workflow.label.createTask(name=chosen.word.lower())
    await workflow.count.createTask(n=Word.calls)
""", partial=True)

case("atk_print_join_formatted_fanin", ["sq", "lin"], ["--xs", "1", "2", "4"],
     {"xs": [1.0, 2.0, 4.0]},
     "attack: orders from consecutive outputs printed joined with a format spec per item "
     "(checked for every item by the next step), then a step", """\
import math


""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    orders = [math.log2(b / a) for a, b in zip(ys, ys[1:])]
    print("orders:", ", ".join(f"{p:.2f}" for p in orders))
    print("big:", ", ".join(f"{p:+.1e}" for p in orders if p > 1.5))
    await workflow.lin.createTask(x=min(orders))
""")

case("atk_print_join_format_raises", ["label", "count"], ["--names", "ab", "c"],
     {"names": ["ab", "c"]},
     "attack: texts printed joined with a number's format spec (natively main fails there: "
     "the step after it is never made)", """\
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    texts = [run.text for run, job in runs]
    print("texts:", ", ".join(f"{t:.2f}" for t in texts))
    await workflow.count.createTask(n=len(texts))
""", raises="ValueError: Unknown format code 'f' for object of type 'str'")

case("atk_print_join_after_item_test", ["sq", "count"], ["--xs", "1", "3"], {"xs": [1.0, 3.0]},
     "attack: a value formatted per item after a test of the item inside the loop (for "
     "some items only), printed joined, then a step", """\
""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shown = []
    for run, job in runs:
        if run.y > 2:
            shown.append(f"{run.y:.3f}")
    print(" ".join(shown))
    await workflow.count.createTask(n=len(runs))
""")

if __name__ == "__main__":
    print("\n".join(write()))
