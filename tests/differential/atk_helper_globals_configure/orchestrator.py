import scaling


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    scaling.configure(3.0)
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=scaling.scaled_total([run.y for run, job in runs]))
