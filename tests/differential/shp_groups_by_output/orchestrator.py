from collections import defaultdict

LOG = []


def populate_arg_parser(parser):
    parser.add_argument("--names", default="a,b")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"].split(","))
    groups = {}
    for run, job in runs:
        groups.setdefault(run.y, []).append(job.name)
    texts = defaultdict(list)
    for run, job in runs:
        texts[run.y].append(run.text)
    for size, members in sorted(groups.items()):
        await workflow.count.createTask(n=size * 10 + len(members))
    biggest = max(groups.values(), key=len)
    LOG.append(len(biggest))
    await workflow.sq.createTask(x=float(len(biggest) + len(texts) + len(LOG)))
