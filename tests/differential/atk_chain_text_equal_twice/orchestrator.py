def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    for run, job in labels:
        same = str(run.text) == f"{run.text}" == "AB"
        await workflow.count.createTask(n=3 if same else 4)
