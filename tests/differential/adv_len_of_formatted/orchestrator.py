def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    await workflow.count.createTask(n=len(f"{run.y:.3f}"))
