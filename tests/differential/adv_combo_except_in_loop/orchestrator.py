def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    seen = {4.0}
    for run, job in runs:
        try:
            known = run.y in seen
        except Exception:
            known = False
        if not known:
            await workflow.lin.createTask(x=run.y)
