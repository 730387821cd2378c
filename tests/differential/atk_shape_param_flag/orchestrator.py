def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0])
    parser.add_argument("--wide", action="store_true")


async def pick(workflow, runs):
    if runs[0][0].y is None:
        return [1.0]
    return [r.y for r, j in runs if r.y is not None]

async def main(workflow, **params):
    xs = params["xs"] if params["wide"] else [1.0]
    for i, x in enumerate(xs):
        await workflow.step.createTask(x=x, i=i)
