def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


def middle(values):
    values.sort()
    return values[len(values) // 2]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    await workflow.lin.createTask(x=middle(ys))
    for y in ys:
        await workflow.lin.createTask(x=y + 100)
