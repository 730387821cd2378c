import gains


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    for key, value in [("gain", 4.0)]:
        setattr(gains, key.upper(), value)
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=gains.gained_total([run.y for run, job in runs]))
