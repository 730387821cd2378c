def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shifted = []
    for run, job in runs:
        for k in (0.0, 0.5):
            shifted.append(run.y + k)
    await workflow.lin.createTask(x=shifted)
