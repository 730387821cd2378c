def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    too_big = 0
    for run, job in runs:
        if run.y > 4:
            too_big += 1
    if too_big >= 2:
        await workflow.sq.createTask(x=float(too_big))
