from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)
    parser.add_argument("--reference", default="cd")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    sizes = Counter(int(run.y) for run, job in runs)
    upper = {job.name: run.text for run, job in runs}
    for size, n in sorted(sizes.items()):
        await workflow.count.createTask(n=size * n)
    try:
        ref = upper[params["reference"]]
    except KeyError:
        ref = None
        print("reference not in the sweep")
    if ref is not None:
        await workflow.step.createTask(x=float(len(ref)), i=len(upper))
