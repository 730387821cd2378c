from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass(frozen=True)
class Key:
    x: float
    big: bool


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    seen = {}
    x = params["x0"]
    key = Key(x, False)
    while not key.big:
        (run, job), = await workflow.sq.createTask(x=x)
        key = Key(x, run.y > 5.0)
        seen[key] = run.y
        x += 1.0
    table = {key: 1.0}
    await workflow.lin.createTask(x=seen[key] + table[Key(key.x, True)] + len(seen))
