def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


CALLS = {"n": 0}


def big(y):
    CALLS["n"] += 1
    return y > 2.0


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    ok = all(big(y) for y in ys)
    await workflow.count.createTask(n=CALLS["n"] + (10 if ok else 0))
