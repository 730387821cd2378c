import asyncio
from dataclasses import dataclass, field


@dataclass
class Chain:
    start: float
    iterates: list = field(default_factory=list)
    converged: bool = False



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
