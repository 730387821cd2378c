def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    (run, job), = await workflow.interval.createTask(x=params["xs"][0])
    await workflow.label.createTask(name=f"{run.b}")
    await workflow.label.createTask(name=str(run.b == (1.0, 2.0)))
