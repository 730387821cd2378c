from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "pi"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    groups = defaultdict(list)
    for run, job in runs:
        groups[run.text].append(run.y)
    keys = sorted(groups)
    await workflow.label.createTask(name=[keys[0].lower(), keys[-1].zfill(3)])
    await workflow.count.createTask(n=max(groups[keys[0]]))
