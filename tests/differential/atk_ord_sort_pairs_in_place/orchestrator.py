def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    cand = []
    book = {"cand": cand}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        cand.append((abs(run.y - 4.0), x))
    cand.sort()
    for err, x in cand[:2]:
        await workflow.mix.createTask(a=x, b=round(err, 6))
    await workflow.count.createTask(n=int(book["cand"][0][1] * 100))
