def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    y = runs[0][0].y
    for k in range(20):
        if y > k * 0.5:
            await workflow.lin.createTask(x=k)
    await workflow.sq.createTask(x=-1.0)
