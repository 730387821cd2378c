def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--start", type=float, default=None)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x"])
    start = params["start"]
    if start is None:
        start = 1.5
    await workflow.sq.createTask(x=start)
