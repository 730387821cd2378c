def populate_arg_parser(parser):
    parser.add_argument("--names", default="a,b")


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"].split(","))
    groups = {}
    order = []
    for run, job in runs:
        order.append(len(groups.get(run.y, [])))
        groups.setdefault(run.y, []).append(job.name)
    for size, members in sorted(groups.items()):
        await workflow.count.createTask(n=size * 10 + len(members))
    await workflow.sq.createTask(x=float(sum(order)))
