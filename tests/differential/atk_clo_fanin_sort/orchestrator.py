TARGET = 100.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])
    parser.add_argument("--target", type=float, default=6.0)
    parser.add_argument("--mode", default="near")


def pick(runs, t):
    return min(runs, key=lambda p: abs(p[0].y - t))


async def main(workflow, **params):
    screen = await workflow.lin.createTask(x=params["xs"])

    t = params['target']
    ys = []
    for run, job in screen:
        ys.append(run.y)
    ys.sort(key=lambda y: abs(y - t))
    await workflow.count.createTask(n=[int(y) for y in ys[:2]])
