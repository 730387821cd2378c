def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    await workflow.count.createTask(n=~int(run.y))
