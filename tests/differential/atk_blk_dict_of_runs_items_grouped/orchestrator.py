from collections import defaultdict


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = dict([[job.name, run] for run, job in runs])
    per_size = defaultdict(list)
    for name, run in by_name.items():
        per_size[len(name)].append(run.text)
    for size in sorted(per_size):
        await workflow.label.createTask(name="-".join(sorted(per_size[size])))
    await workflow.count.createTask(n=len(per_size))
