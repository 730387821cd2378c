def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--width", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    totals = []
    for i in range(len(runs) - params["width"] + 1):
        window = runs[i:i + params["width"]]
        (t, _), = await workflow.total.createTask(sq_ids=[r.id for r, j in window])
        totals.append(t.y)
    await workflow.lin.createTask(x=totals[0] + totals[-1])
    tail = totals[1:]
    await workflow.lin.createTask(x=[b - a for a, b in zip(totals, tail)])
    await workflow.lin.createTask(x=max(totals) - sum(totals[:2]))
