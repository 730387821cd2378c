def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "pi"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    longest = max(sorted([run.y for run, job in runs], reverse=True))
    await workflow.count.createTask(n=longest)
    await workflow.label.createTask(name=longest.lower())
