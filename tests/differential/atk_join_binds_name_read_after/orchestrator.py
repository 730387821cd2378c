def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    scale = 1.0
    if runs[0][0].y > 2:
        scale = 10.0
        await workflow.lin.createTask(x=scale)
    await workflow.sq.createTask(x=scale + 0.5)
