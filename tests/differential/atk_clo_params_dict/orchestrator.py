TARGET = 100.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, -12.0, 5.0, 30.0, -7.5])
    parser.add_argument("--target", type=float, default=6.0)
    parser.add_argument("--mode", default="near")


def pick(runs, t):
    return min(runs, key=lambda p: abs(p[0].y - t))


async def main(workflow, **params):
    screen = await workflow.lin.createTask(x=params["xs"])

    ranked = sorted(screen, key=lambda p: abs(p[0].y - params['target']))
    await workflow.sq.createTask(x=ranked[0][1].x)
