def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


TIMES = []


def abs(v):  # noqa: A001
    TIMES.append(v)
    return v if v >= 0 else -v


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    hit = any(abs(y) > 1.0 for y in ys)
    await workflow.count.createTask(n=len(TIMES) + (10 if hit else 0))
