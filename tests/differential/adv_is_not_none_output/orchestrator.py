def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if run.y is not None:
        await workflow.lin.createTask(x=run.y)
    else:
        await workflow.sq.createTask(x=0.0)
