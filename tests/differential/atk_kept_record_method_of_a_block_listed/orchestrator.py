def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = [(run, job) for run, job in runs if run.y < 10]
    methods = [run.keys for run, job in kept]
    await workflow.count.createTask(n=len(methods) + sum(1 for m in methods if callable(m)))
