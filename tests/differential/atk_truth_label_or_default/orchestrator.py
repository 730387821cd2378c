def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    shown = [str(run.text) or "unnamed" for run, job in labels]
    for text in shown:
        await workflow.count.createTask(n=len(text))
