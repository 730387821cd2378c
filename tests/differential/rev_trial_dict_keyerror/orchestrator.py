def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    seen = {}
    x = params["x"]
    for b in range(4):
        (run, job), = await workflow.replica.createTask(x=x, seed=b)
        key = str(round(run.y, 6))
        try:
            seen[key] += 1
        except KeyError:
            seen[key] = 1
        if len(seen) > 2:
            break
    await workflow.lin.createTask(x=float(max(seen.values())) + 10 * len(seen))
