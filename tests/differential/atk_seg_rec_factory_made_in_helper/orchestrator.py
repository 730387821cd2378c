from dataclasses import dataclass, field


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass(kw_only=True)
class Probe:
    x: float
    y: float
    notes: list = field(default_factory=list)


async def probe(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    return Probe(x=x, y=run.y)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    p = await probe(workflow, params["x0"])
    while p.y < 5.0:
        p = await probe(workflow, p.x + 1.0)
    await workflow.lin.createTask(x=p.y + len(p.notes) + len(repr(p)))
