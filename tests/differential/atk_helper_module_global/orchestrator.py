import helpers


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=1.0)


async def main(workflow, **params):
    helpers.SCALE = params["scale"]
    runs = await workflow.sq.createTask(x=params["xs"])
    total = sum(helpers.scaled(run.y) for run, job in runs)
    await workflow.lin.createTask(x=total)
