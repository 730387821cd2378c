from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", default="a,b")
    parser.add_argument("--base", type=int, default=5)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"].split(","))
    totals = defaultdict(lambda: params["base"])
    for run, job in runs:
        totals[run.y] += 1
    for length, n in sorted(totals.items()):
        await workflow.count.createTask(n=length + n)
