def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    for run, job in labels:
        s, n = str(run.text), 0
        while s and n < 5:
            s, n = s[1:], n + 1
        await workflow.count.createTask(n=n)
