def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (a, _), = await workflow.sq.createTask(x=params["x"])
    (b, _), = await workflow.sq.createTask(x=params["x"] + 1)
    await workflow.count.createTask(n=1 if a.y < b.y < 20 else 2)
    await workflow.count.createTask(n=3 if a.y < b.y > 20 else 4)
    x = [a.y, b.y][a.y > 5]
    await workflow.sq.createTask(x=x)
