def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--ws", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pairs = zip(runs, params["ws"])
    for (run, job), w in pairs:
        await workflow.lin.createTask(x=run.y * w)
    await workflow.count.createTask(n=len(pairs))
