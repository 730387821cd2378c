def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        label = params["xs"][int(run.y) // 3]
        await workflow.lin.createTask(x=job.x)
        print(label)
