def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if isinstance(run.y, float):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
    await workflow.count.createTask(n=len(type(run.y).__name__))
