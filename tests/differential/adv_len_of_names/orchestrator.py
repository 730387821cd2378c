def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    names = [f"y={run.y}" for run, job in runs]
    await workflow.count.createTask(n=len(names))
