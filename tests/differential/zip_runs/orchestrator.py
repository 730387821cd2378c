def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    a_runs = await workflow.sq.createTask(x=params["xs"])
    b_runs = await workflow.lin.createTask(x=params["xs"])
    for (ra, ja), (rb, jb) in zip(a_runs, b_runs):
        await workflow.mix.createTask(a=ra.y, b=rb.y)
