def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", required=True)


async def main(workflow, **params):
    firsts = []
    for x in params["xs"]:
        (run, job), = await workflow.replica.createTask(x=x, seed=0)
        firsts.append(run.y)
    table = {"first": firsts}
    await workflow.lin.createTask(x=table["first"][-1])
    grid = []
    runs = await workflow.replica.createTask(x=params["xs"], seed=params["seeds"])
    for run, job in runs:
        for first in firsts:
            grid.append(run.y - first)
    await workflow.count.createTask(n=len(grid))
    await workflow.lin.createTask(x=grid[-1])
