def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    await workflow.label.createTask(name="%s-%s" % run.bounds)
