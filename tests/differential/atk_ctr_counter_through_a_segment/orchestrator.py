from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    initials = Counter()
    for run, job in runs:
        initials[run.text[0]] += 1
        await workflow.count.createTask(n=initials[run.text[0]])
    top, n = initials.most_common(1)[0]
    await workflow.label.createTask(name=f"{top}{n}")
