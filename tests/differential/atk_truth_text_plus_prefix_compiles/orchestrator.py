def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    for run, job in labels:
        tag = f"#{run.text}"
        await workflow.count.createTask(n=len(tag) if tag else 0)
