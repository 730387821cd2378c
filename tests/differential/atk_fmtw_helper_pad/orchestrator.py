def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["ab", "wxyz"])


def pad(text, width=10):
    return f"{text:<{width}}"


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        await workflow.count.createTask(n=len(pad(str(run.text))))
