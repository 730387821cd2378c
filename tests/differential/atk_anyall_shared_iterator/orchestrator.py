def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    it = iter(runs)
    found = any(run.y > 1.0 for run, job in it)
    rest = list(it)
    await workflow.count.createTask(n=len(rest) + (10 if found else 0))
