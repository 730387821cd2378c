def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--limit", type=float, default=5.0)


async def main(workflow, **params):
    try:
        runs = await workflow.sq.createTask(x=params["xs"])
        total = sum(r.y for r, j in runs)
        if total > params["limit"]:
            raise RuntimeError(f"total {total} above {params['limit']}")
        await workflow.lin.createTask(x=total)
    finally:
        await workflow.count.createTask(n=len(params["xs"]))
