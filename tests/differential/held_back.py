"""Orchestrators written like studies whose results equal ``main``'s, kept out of the
corpus's suite for what they cost or need (measured when they were written):

- real_secant_root compiles fully and its DAG makes main's runs, but tracing it takes
  minutes (``motoko trace`` 200-270 s, ``motoko run`` 308 s in all, on 2 loaded cores;
  the budget is 0.5 s): a secant update ``x1 - f1 * (x1 - x0) / (f1 - f0)`` inside a
  capped ``while`` refers to the previous iterates several times, and the expression
  tree, shared as a DAG in memory, is hashed as a tree (frozen dataclasses, no cached
  hash) by ``graph._node_inputs``' lru_cache at every createTask of the trace;
- real_adaptive_bisection cannot compile (a recursion on outputs, both halves
  gathered: more paths than a DAG holds) and runs whole as one task with ``--fallback``
  (``motoko run --fallback``: the same 11 runs as main); the corpus's test requires a
  compiled DAG. ``motoko trace`` spends 9-21 s before refusing, at
  ``orchestrator.py:1`` (">256 paths"); ``motoko run`` refuses at line 16, the ``if``
  on the output ("more than 16 decisions").

    python tests/differential/held_back.py     # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k real_secant_root

Once one costs what the others do (or compiles), move its ``case(...)`` into
make_cases.py.
"""

from make_cases import case, write

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


if __name__ == "__main__":
    print("\n".join(write()))
