def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    named = [f"{run.text}" for run, job in labels if f"{run.text}"]
    await workflow.count.createTask(n=len(named))
