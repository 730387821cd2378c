def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    every = {"y": [r.y for r, j in runs]}
    written = {"y": [runs[0][0].y, runs[1][0].y, runs[2][0].y]}
    same = written == every
    differ = written["y"] != every["y"]
    await workflow.lin.createTask(x=[float(same), float(differ)])
