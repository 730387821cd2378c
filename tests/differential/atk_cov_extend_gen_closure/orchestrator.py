def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [1.0]

    def last_plus(y):
        return ys[-1] + y

    ys.extend(last_plus(run.y) for run, job in runs)
    await workflow.lin.createTask(x=ys[-1])
