def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    y = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        y[x] = abs(run.y - 4.5)
    names = {1.0: "one", 2.0: "two"}
    best = min(params["xs"], key=lambda x: y[x])
    await workflow.count.createTask(n=len(names[best]))
