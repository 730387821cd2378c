def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


def spread(values):
    return min(values), max(values)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [r.y for r, j in runs]
    lo_hi = spread(ys)
    await workflow.label.createTask(name=str(lo_hi[1]))
    await workflow.label.createTask(name=str(lo_hi))
