"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
Open (held7, found blind): match statements on outputs. A class pattern with a
capture (case str(t): over run.text) or a sequence pattern (case (lo, hi): over a
tuple output), a class pattern over an int output (case int(v) if v > 10), a mapping
pattern over a dict output (case {1: v}) and a star sequence pattern over a list output
(case [first, *rest]) are tested against the stand-in while tracing and never match:
the DAG takes the arm after it (held7p_match_class_capture, held7p_match_sequence_output,
held7p_match_int_class_guard, held7p_match_mapping_output, held7p_match_outputs; value
and or-patterns, and a mapping pattern over a dict literal holding an output, compile
right: held7p_match_value_mapping in make_cases.py). Refused while main runs natively:
~int(run.y) (held7p_invert_output, held7p_intdiv_negative) and three study-like
orchestrators whose capped loops with a break on an output sit in helpers
(held7_adaptive_regions, held7_bestk_linspace, held7_newton_gather): motoko run exits
2 asking for --fallback instead of running a segment or a partial fallback.
Open: a width or precision given to a string holding a traced value's text
(fmt_marker_width_*: '%-14s' % str(v), f'{str(v):>14}', '{:>14}'.format(f'{v}'):
the marker standing for the text while tracing is padded, not the text; verify_main
fails such a DAG run). The fix: the instrumentation routes '%' with a string on the
left, f-string fields with a spec and str.format/format_map through a check that
refuses a marker-holding operand (a str subclass returned by str() alone misses the
strings made from it: f'{v}', 'v=' + str(v)). The six the sixth study-like set's probes found (ascii() of a traced
value, a conversion with a width, '%5s'/'%.1s' % value, str(job), '%s' % a tuple
output) are cuts now, in make_cases.py as held6f_*. Refused wrongly by the same probes (the tracer
blames the orchestrator, "main raised TypeError ... fix the orchestrator", where main
runs natively; a refusal cannot be a differential case): ord(run.text),
pow(run.y, 2, 5), run.text in "XABY", "%-*s" % (run.y, "x"), sys.intern(run.text),
int.bit_length(run.y), "%s-%s" % run.bounds (a tuple output). The earlier ones
are in make_cases.py (right, or falling back from where the DAG could not follow main),
but the order of a set of strings, which the tracer refuses (tests/test_trace.py: a
refusal cannot run as a differential case).
"""

# ruff: noqa: E501

from make_cases import case, write

# the text of str(v) (a marker standing for it while tracing) formatted with a width

case("fmt_marker_width_percent", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: '%-14s' % str(run.text) pads the marker str() gave "
     "while tracing, not the text: the DAG makes count n=len(text)+3 where main makes n=14",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len("%-14s" % str(run.text)))
""")

case("fmt_marker_width_fstring", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: f'{str(run.text):>14}' (and '{:>14}'.format(str(...))) "
     "pads the marker, not the text: the DAG makes n=len(text)+3 where main makes n=14",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(f"{str(run.text):>14}"))
""")

# held7: found writing study-like orchestrators and probes blind

case("held7_adaptive_regions", ["mesh", "count"], ["--max-levels", "5"],
     {"regions": "regions.yaml", "max_levels": 5},
     "REFUSED: motoko run fails (exit 2) where main runs natively: a capped refinement loop with a break on an output inside a helper called once per region from a for over sorted(dict.items()): 'the loop ... is made again and again at the same place ... it calls refine(), which line 13 binds h, which it changes in place' (h /= 2 on a float rebinds, it changes nothing in place); no segment, no partial fallback. Study-like: regions from YAML, key=lambda on items, a summary dict",
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
''', files={"regions.yaml": "regions:\n  bulk: {h0: 0.5, tol: 0.05}\n  edge: {h0: 0.3, tol: 0.001}\n"
                              "  tip: {h0: 0.4, tol: 0.01}\n"})

case("held7_bestk_linspace", ["sq", "mix", "count"], ["--target", "5", "--k", "2", "--rounds", "2"],
     {"target": 5.0, "k": 2, "rounds": 2},
     "REFUSED: motoko run fails (exit 2) where main runs natively: best-k refinement rounds (15 + 6 guarded runs): 'this test ... is made in more than 16 iterations of its loop ... it calls .linspace() (line 17), which may change objects outside it'; no segment, no partial fallback of the rest of main",
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
     "REFUSED: motoko run fails (exit 2) where main runs natively: asyncio.gather of capped Newton chains, each a helper with a for/break on an output, filling a dataclass (field(default_factory=list)): 'newton_chain() ... binds chain, which it changes in place, to an object it may share'; no segment, no partial fallback",
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
''')

case("held7p_intdiv_negative", ["lin", "count", "sq"], ["--x", "-4"], {"x": -4.0},
     "REFUSED: motoko run fails (exit 2) where main runs natively: ~int(run.y) ^ 3: 'main raised TypeError: bad operand type for unary ~: Seq while being traced; fix the orchestrator' (the unary ~ of an int made from an output; the other lines compile: held7p_intdiv_mod in make_cases.py)",
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


# minimal forms of the held7p_match_outputs divergence and the held7p_intdiv_negative refusal


case("held7p_invert_output", ["lin", "count"], ["--x", "-4"], {"x": -4.0},
     "REFUSED: main raised TypeError: bad operand type for unary ~: 'Seq' while being traced "
     "(~int(run.y); main runs natively and makes count n=6)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    await workflow.count.createTask(n=~int(run.y))
""")


if __name__ == "__main__":
    print("\n".join(write()))
