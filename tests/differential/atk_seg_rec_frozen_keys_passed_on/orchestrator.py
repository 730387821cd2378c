from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass(frozen=True)
class Key:
    x: float
    n: int


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    seen = {}
    x = params["x0"]
    y = 0.0
    while y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        y = run.y
        seen[Key(x, len(seen))] = y
        x += 1.0
    await workflow.lin.createTask(x=sum(seen.values()) + len(seen))
