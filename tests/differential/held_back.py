"""Orchestrators written like studies whose results equal ``main``'s, kept out of the
corpus's suite for what they cost or need (measured when they were written):

- real_adaptive_bisection cannot compile (a recursion on outputs, both halves
  gathered: more paths than a DAG holds) and runs whole as one task with ``--fallback``
  (``motoko run --fallback``: the same 11 runs as main); the corpus's test requires a
  compiled DAG. ``motoko trace`` refuses after 4 s (it took 9-21 s), at line 16, the
  ``if`` on the output (">256 paths"), as ``motoko run`` does.

- held4_bisect_sqrt_dataclass (a bisection whose cap is an ``if n >= maxit: break``
  inside an uncapped ``while``, probes in a dataclass), held4_newton_multistart_gather
  (``asyncio.gather`` over a generator of a helper coroutine per start) and
  held4_mix_secant_per_a (a capped secant loop per item of a list param, roots kept in
  a dict): ``motoko trace`` refuses them; with ``--fallback`` each runs whole as one
  task and makes main's runs (checked with the corpus's test given ``--fallback``, when
  they were written).

    python tests/differential/held_back.py     # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k real_adaptive_bisection

Once one costs what the others do (or compiles), move its ``case(...)`` into
make_cases.py.
"""

from make_cases import case, write

case("real_adaptive_bisection", ["sq", "count", "lin"], ["--tol", "0.1"],
     {"a": 0.0, "b": 2.0, "tol": 0.1, "depth": 3},
     "study: adaptive refinement of an interval by recursion on outputs (bounded "
     "depth), both halves with asyncio.gather, cells returned as tuples and "
     "concatenated", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=0.0)
    parser.add_argument("--b", type=float, default=2.0)
    parser.add_argument("--tol", type=float, default=0.3, help="allowed chord error")
    parser.add_argument("--depth", type=int, default=3, help="deepest refinement")


async def refine(workflow, a, b, ya, yb, depth, max_depth, tol):
    """Split [a, b] while the midpoint's value is far from the chord's."""
    mid = (a + b) / 2
    (run, job), = await workflow.sq.createTask(x=mid)
    error = abs(run.y - (ya + yb) / 2)
    if error < tol or depth >= max_depth:
        return [(a, b, error)]
    left, right = await asyncio.gather(
        refine(workflow, a, mid, ya, run.y, depth + 1, max_depth, tol),
        refine(workflow, mid, b, run.y, yb, depth + 1, max_depth, tol))
    return left + right


async def main(workflow, **params):
    (ra, ja), (rb, jb) = await workflow.sq.createTask(x=[params["a"], params["b"]])
    cells = await refine(workflow, params["a"], params["b"], ra.y, rb.y, 0,
                         params["depth"], params["tol"])
    widths = [b - a for a, b, err in cells]
    await workflow.count.createTask(n=len(cells))
    await workflow.lin.createTask(x=min(widths))
''')

case("held4_bisect_sqrt_dataclass", ["sq", "total", "label"], ["--target", "7"],
     {"target": 7.0, "lo": 0.0, "hi": 4.0, "tol": 0.05, "maxit": 12},
     "study: bisection for sq(x) = target with a tolerance and a cap (while/else), each "
     "probe kept in a dataclass, the probes sorted by |y - target|, a fan-in total over "
     "every probe and a label of the root", '''
from dataclasses import dataclass, field


@dataclass
class Probe:
    x: float
    y: float
    run_id: int
    tags: list = field(default_factory=list)


def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, required=True)
    parser.add_argument("--lo", type=float, default=0.0)
    parser.add_argument("--hi", type=float, default=4.0)
    parser.add_argument("--tol", type=float, default=0.05)
    parser.add_argument("--maxit", type=int, default=12)


async def probe(workflow, x):
    runs = await workflow.sq.createTask(x=x)
    run, job = runs[0]
    return Probe(x=job.x, y=run.y, run_id=run.id)


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    probes = []
    n = 0
    while hi - lo > params["tol"]:
        if n >= params["maxit"]:
            print("cap reached")
            break
        p = await probe(workflow, (lo + hi) / 2)
        probes.append(p)
        if p.y > params["target"]:
            hi = p.x
            p.tags.append("high")
        else:
            lo = p.x
            p.tags.append("low")
        n += 1
    else:
        print(f"bracket [{lo:.4f}, {hi:.4f}] in {n} probes")
    ranked = sorted(probes, key=lambda p: abs(p.y - params["target"]))
    await workflow.total.createTask(sq_ids=[p.run_id for p in probes])
    await workflow.label.createTask(name=f"root~{ranked[0].x:.3f} ({ranked[0].tags[0]})")
''')

case("held4_newton_multistart_gather", ["newton", "sq", "count"],
     ["--starts", "0.5", "3", "10", "--maxit", "6"],
     {"starts": [0.5, 3.0, 10.0], "maxit": 6, "tol": 1e-8},
     "study: Newton from several starting points run concurrently (asyncio.gather of a "
     "helper with a capped loop and break on err), results in a dict keyed by start, "
     "the fastest by min(key=), sq of each root and a count of the total iterations", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", required=True)
    parser.add_argument("--maxit", type=int, default=6)
    parser.add_argument("--tol", type=float, default=1e-8)


async def newton(workflow, x, maxit, tol):
    for it in range(1, maxit + 1):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return x, it, True
    return x, maxit, False


async def main(workflow, **params):
    outs = await asyncio.gather(*(newton(workflow, s, params["maxit"], params["tol"])
                                  for s in params["starts"]))
    by_start = dict(zip(params["starts"], outs))
    fastest = min(by_start, key=lambda s: by_start[s][1])
    print(f"fastest from {fastest}: {by_start[fastest]}")
    roots = [root for root, it, ok in by_start.values() if ok]
    await workflow.sq.createTask(x=roots)
    await workflow.count.createTask(n=sum(it for _, it, _ in outs))
''')

case("held4_mix_secant_per_a", ["mix", "sq", "label"], ["--as", "0.5", "1", "2", "--target", "3"],
     {"as": [0.5, 1.0, 2.0], "target": 3.0, "tol": 1e-9, "maxit": 5},
     "study: for each a of a list param, a capped secant loop on b so that mix(a, b) "
     "hits a target (break on the residual), the roots in a dict keyed by a, then sq "
     "runs of the roots gathered from asyncio.ensure_future and a label of the table", '''
import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--as", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--tol", type=float, default=1e-9)
    parser.add_argument("--maxit", type=int, default=5)


async def f(workflow, a, b, target):
    runs = await workflow.mix.createTask(a=a, b=b)
    return runs[0][0].y - target


async def main(workflow, **params):
    roots = {}
    for a in params["as"]:
        b0, b1 = 0.0, 1.0
        f0 = await f(workflow, a, b0, params["target"])
        f1 = await f(workflow, a, b1, params["target"])
        for _ in range(params["maxit"]):
            if abs(f1) < params["tol"] or f1 == f0:
                break
            b0, b1, f0 = b1, b1 - f1 * (b1 - b0) / (f1 - f0), f1
            f1 = await f(workflow, a, b1, params["target"])
        roots[a] = b1
    tasks = [asyncio.ensure_future(workflow.sq.createTask(x=b)) for b in roots.values()]
    await asyncio.gather(*tasks)
    await workflow.label.createTask(name=",".join(f"{a:g}:{b:.3f}" for a, b in roots.items()))
''')


if __name__ == "__main__":
    print("\n".join(write()))
