def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    keys = {"a": 0}
    boxes = [keys]
    for run, job in sq:
        keys[run.y] = 1
    await workflow.count.createTask(n=len(boxes[0]))
