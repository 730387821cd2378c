def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    first = await workflow.sq.createTask(x=params["x"])
    made = [first]
    if first[0][0].y > 2:
        made.append(await workflow.lin.createTask(x=1.0))
    await workflow.lin.createTask(x=len(made) + 0.25)
