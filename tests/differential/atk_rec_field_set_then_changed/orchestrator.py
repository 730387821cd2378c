from dataclasses import dataclass, field


@dataclass
class Chain:
    start: float
    iterates: list = field(default_factory=list)
    converged: bool = False



def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", default=[3.0])


async def run_chain(workflow, x0, log):
    chain = Chain(start=x0)
    chain.iterates = log
    x = x0
    for _ in range(6):
        (run, job), = await workflow.newton.createTask(x=x)
        chain.iterates.append(run.next)
        x = run.next
        if run.err < 1e-6:
            break
    return chain.start


async def main(workflow, **params):
    log = []
    for x0 in params["starts"]:
        start = await run_chain(workflow, x0, log)
    await workflow.count.createTask(n=[len(log), int(start)])
