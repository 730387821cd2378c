def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)
    parser.add_argument("--limit", type=float, default=30.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    tag = "big" if run.y > 2 else "small"
    x = run.y
    for it in range(4):
        (run, job), = await workflow.lin.createTask(x=x)
        if run.y > params["limit"]:
            raise RuntimeError(f"{tag} start, iteration {it}: y={run.y}")
        x = run.y
    await workflow.count.createTask(n=4)
