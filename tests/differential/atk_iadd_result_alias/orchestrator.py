def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = sorted(run.y for run, job in runs)
    everything = ys
    ys += [100.0]
    await workflow.lin.createTask(x=everything)
