def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = list(enumerate(sorted(run.y for run, job in runs)))
    for entry in ranked:
        await workflow.label.createTask(name=str(entry))
