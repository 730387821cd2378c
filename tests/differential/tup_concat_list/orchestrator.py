def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]

    best = max(zip(ys, params["xs"]))
    await workflow.label.createTask(name=str(best[0]))
    await workflow.label.createTask(name=str(best + [1.0]))
