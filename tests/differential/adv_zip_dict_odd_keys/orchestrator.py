def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    by_pair = dict(zip([(params["xs"][0], 1), (params["xs"][1], 2)], ys))
    await workflow.lin.createTask(x=by_pair[(params["xs"][0], 1)])
    by_x = dict(zip([job.x for run, job in runs], ys))
    await workflow.lin.createTask(x=by_x[params["xs"][-1]])
