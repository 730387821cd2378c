def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [0.0]
    ys.extend(run.y + len(ys) for run, job in runs)
    await workflow.lin.createTask(x=sum(ys))
