def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    for b in sorted([run.bounds for run, job in runs]):
        await workflow.label.createTask(name=f"{b}")
