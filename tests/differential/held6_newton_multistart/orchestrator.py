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
