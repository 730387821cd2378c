"""Orchestrators written like studies whose results equal ``main``'s, kept out of the
corpus's suite for what they cost or need (measured when they were written):

- real_adaptive_bisection cannot compile (a recursion on outputs, both halves
  gathered: more paths than a DAG holds) and runs whole as one task with ``--fallback``
  (``motoko run --fallback``: the same 11 runs as main); the corpus's test requires a
  compiled DAG. ``motoko trace`` refuses after 4 s (it took 9-21 s), at line 16, the
  ``if`` on the output (">256 paths"), as ``motoko run`` does.

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


if __name__ == "__main__":
    print("\n".join(write()))
