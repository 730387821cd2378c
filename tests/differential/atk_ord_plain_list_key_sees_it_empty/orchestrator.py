def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [runs[0][0].y, runs[1][0].y, runs[2][0].y]
    sizes = []
    ys.sort(key=lambda y: (sizes.append(len(ys)), -y)[1])
    await workflow.count.createTask(n=sizes)
    await workflow.sq.createTask(x=ys[0])
    await workflow.sq.createTask(x=ys[2] + 0.5)
