def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--limit", type=float, default=40.0)


async def main(workflow, **params):
    seen = {}
    ys = []
    x = params["x0"]
    while not ys or ys[-1] < params["limit"]:
        (run, job), = await workflow.sq.createTask(x=x)
        seen[round(run.y, 3)] = seen.get(round(run.y, 3), 0) + 1
        seen[round(run.y % 2, 3)] = 1 + seen.get(round(run.y % 2, 3), 0)
        ys.append(run.y)
        x += 1.5
    await workflow.count.createTask(n=len(seen))
    await workflow.lin.createTask(x=ys)
