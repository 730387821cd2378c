def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    flipped = ~run.y
    await workflow.count.createTask(n=3)
    await workflow.count.createTask(n=int(flipped))
