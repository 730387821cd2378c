def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    await workflow.label.createTask(name=str(run.bounds))
    await workflow.lin.createTask(x=run.bounds[1])
