from dataclasses import dataclass, field


@dataclass
class Chain:
    start: float
    iterates: list = field(default_factory=list)
    converged: bool = False



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
