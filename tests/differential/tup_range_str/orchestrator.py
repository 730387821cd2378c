def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]

    idx = range(len(ys))
    for i in idx:
        await workflow.label.createTask(name=f"i{i}")
    await workflow.label.createTask(name=str(idx))
