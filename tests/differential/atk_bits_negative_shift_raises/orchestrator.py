def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-3.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    mask = 1 << int(run.y)
    await workflow.count.createTask(n=1)
    await workflow.count.createTask(n=mask)
