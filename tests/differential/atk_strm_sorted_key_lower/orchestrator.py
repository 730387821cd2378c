from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "pi"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[run.y].append(run.text)
    report = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    first = report[0][1][0]
    await workflow.label.createTask(name=first.lower() + "-ref")
    await workflow.count.createTask(n=len(report))
