def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [1.0]
    add = ys.append
    ys.extend(add(run.y) or run.y for run, job in runs)
    await workflow.lin.createTask(x=sum(ys))
