def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    for run, job in labels:
        known = "A" in str(run.text) in ["AB", "CD"]
        await workflow.count.createTask(n=5 if known else 6)
