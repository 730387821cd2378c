def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--limit", type=float, default=5.0)


async def checked(workflow, x, limit):
    runs = await workflow.sq.createTask(x=x)
    y = runs[0][0].y
    if y > limit:
        raise ValueError(f"y={y} above {limit}")
    return y


async def main(workflow, **params):
    good = 0
    for x in params["xs"]:
        try:
            y = await checked(workflow, x, params["limit"])
        except ValueError as err:
            print("skipped", err)
            await workflow.lin.createTask(x=-x)
            continue
        good += 1
        await workflow.lin.createTask(x=y)
    await workflow.count.createTask(n=good)
