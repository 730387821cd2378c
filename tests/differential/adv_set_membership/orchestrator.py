def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y in {1.0, 4.0}:
        await workflow.lin.createTask(x=run.y)
