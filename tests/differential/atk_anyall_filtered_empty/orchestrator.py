def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    good = all(y > 100 for y in ys if y < 0)
    bad = any(y for y in ys if y > 100)
    await workflow.count.createTask(n=int(good) * 10 + int(bad))
