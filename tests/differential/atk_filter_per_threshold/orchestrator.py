def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for t in (2.0, 5.0):
        kept = [run for run, job in runs if run.y > t]
        if len(kept) >= 2:
            await workflow.lin.createTask(x=t)
