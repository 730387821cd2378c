from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = {job.name: run for run, job in runs}
    groups = defaultdict(list)
    for name, run in by_name.items():
        groups[len(name)].append(run.text)
        groups[0].append(len(list(by_name.get(name).keys())) > 0)
    await workflow.count.createTask(n=sum(len(v) for v in groups.values()))
