from dataclasses import dataclass, field


@dataclass
class Chain:
    start: float
    iterates: list = field(default_factory=list)
    converged: bool = False



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
