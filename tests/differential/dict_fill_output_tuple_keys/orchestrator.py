def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    pairs = await workflow.pair.createTask(x=params["xs"])
    pos = {}
    for run, job in pairs:
        pos[run.bounds] = run.y
    await workflow.count.createTask(n=len(pos))
