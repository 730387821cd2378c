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
