def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def refine(workflow, x, width, depth):
    runs = await workflow.sq.createTask(x=x)
    if depth < 4 and abs(runs[0][0].y - 2.0) > width:
        await refine(workflow, x - width / 2, width / 2, depth + 1)
        await refine(workflow, x + width / 2, width / 2, depth + 1)


async def main(workflow, **params):
    await refine(workflow, params["x"], 1.0, 0)
    await workflow.lin.createTask(x=params["x"])
