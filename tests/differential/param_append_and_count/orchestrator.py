def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, action="append", help="a start, repeatable")
    parser.add_argument("--pt", type=float, nargs=2, action="append")
    parser.add_argument("-v", action="count", default=0)
    parser.add_argument("--tag", action="append")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x0"])
    for a, b in params["pt"]:
        await workflow.lin.createTask(x=a + b * params["v"])
    if params["tag"] is None:
        await workflow.label.createTask(name=f"{len(runs)} runs, verbosity {params['v']}")
