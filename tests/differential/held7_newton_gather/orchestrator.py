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
