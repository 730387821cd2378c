def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    follow = []
    for run, job in runs:
        r = await workflow.lin.createTask(x=run.y)
        follow.append(r[0][0].y)
    await workflow.lin.createTask(x=follow[-1] + sum(follow))
    await workflow.count.createTask(n=len(follow))
