def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    n = 0
    for t in (1.0, 3.0, 9.0):
        if runs[0][0].y > t:
            n += 1
            await workflow.lin.createTask(x=t)
    await workflow.sq.createTask(x=n + 0.75)
