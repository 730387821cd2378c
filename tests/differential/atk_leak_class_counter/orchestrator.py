class Stats:
    above = 0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > 2.0:
            Stats.above += 1
            await workflow.lin.createTask(x=run.y)
    await workflow.count.createTask(n=Stats.above)
