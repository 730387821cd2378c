def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


SEEN = []


def noted(v):
    SEEN.append(v)
    return v


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    hit = any(sorted([y, 0.5], key=noted)[-1] > 3.0 for y in ys)
    await workflow.count.createTask(n=len(SEEN) + (10 if hit else 0))
