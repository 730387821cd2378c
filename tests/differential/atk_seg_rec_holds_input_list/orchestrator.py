from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class Acc:
    ys: list
    y: float


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    xs = [1.0]
    acc = Acc(xs, 0.0)
    x = params["x0"]
    while acc.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        acc = Acc(xs, run.y)
        x += 1.0
    xs.append(2.0)
    await workflow.lin.createTask(x=float(len(acc.ys)) + acc.y)
