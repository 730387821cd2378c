def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {job.x: run.y for run, job in runs}
    try:
        ref = table[3.0]
    except IndexError:
        ref = 0.0
    await workflow.lin.createTask(x=ref)
