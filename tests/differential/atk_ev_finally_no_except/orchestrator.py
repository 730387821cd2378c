def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        z = 1.0 / (run.y - 9)
        await workflow.lin.createTask(x=z)
    finally:
        await workflow.count.createTask(n=1)
    await workflow.sq.createTask(x=z + 20)
