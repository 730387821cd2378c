def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    big = next(run for run, job in runs if run.y > 3)
    await workflow.lin.createTask(x=big.y)
