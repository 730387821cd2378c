from dataclasses import dataclass, field


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class Acc:
    ys: list = field(default_factory=list)
    last: float = 0.0


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    acc = Acc()
    x = params["x0"]
    while not acc.ys or acc.ys[-1] < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        acc.ys.append(run.y)
        x += 1.0
    await workflow.lin.createTask(x=float(len(acc.ys)) + acc.ys[-1])
