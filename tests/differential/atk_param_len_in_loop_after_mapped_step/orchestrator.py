def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")
    parser.add_argument('--ws', type=float, nargs='+', required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
        print(run.y * params["ws"][1])
