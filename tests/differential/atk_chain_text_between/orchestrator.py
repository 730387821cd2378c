def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    for run, job in labels:
        await workflow.count.createTask(n=1 if "" < str(run.text) < "~" else 2)
