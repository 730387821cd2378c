def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["xs"][0])
    a = list(run.bounds)
    b = [v * 2 for v in run.bounds]
    c = [*run.bounds, 5.0]
    await workflow.count.createTask(n=len(a) + 10 * len(b) + 100 * len(c))
    if len(c) > 2:
        await workflow.lin.createTask(x=c[-1])
