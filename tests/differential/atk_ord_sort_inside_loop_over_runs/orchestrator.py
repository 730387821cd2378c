def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        pair = [run.y, job.x, 1.5]
        pair.sort(key=lambda v: -v)
        await workflow.count.createTask(n=int(pair[0] * 10) + int(pair[-1]))
