def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    grid = sorted([run.y for run, job in runs])
    kept = grid
    grid *= 2
    await workflow.lin.createTask(x=kept)
