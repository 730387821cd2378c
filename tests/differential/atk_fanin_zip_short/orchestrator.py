def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ws", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    weighted = []
    for (run, job), w in zip(runs, params["ws"]):
        weighted.append(run.y * w)
    await workflow.lin.createTask(x=weighted[-1])
    await workflow.count.createTask(n=len(weighted))
