from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    initials = Counter(run.text[0] for run, job in runs)
    print("initials:", ", ".join(f"{c}={k}" for c, k in initials.most_common()))
    top, n = initials.most_common(1)[0]
    await workflow.label.createTask(name=f"{top}{n}")
    await workflow.count.createTask(n=len(initials.most_common(2)))
