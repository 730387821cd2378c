def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    firsts = [runs[0][0].y, runs[1][0].y, runs[2][0].y]
    if firsts == ys:
        await workflow.lin.createTask(x=1.0)
    else:
        await workflow.lin.createTask(x=0.0)
