def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")

SEEN = [10.0]


def shifted(y):
    return y + SEEN[-1]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    SEEN.extend(shifted(run.y) for run, job in runs)
    await workflow.lin.createTask(x=SEEN[-1])
