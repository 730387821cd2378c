def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    levels = 3
    if isinstance(ys, (list, tuple)) and type(levels) is int:
        await workflow.lin.createTask(x=ys)
    await workflow.label.createTask(name=type(ys).__name__ + type(levels).__name__)
