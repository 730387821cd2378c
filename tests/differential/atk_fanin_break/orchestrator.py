def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cap", type=float, default=3.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = []
    for run, job in runs:
        if run.y > params["cap"]:
            break
        kept.append(run.y)
    await workflow.lin.createTask(x=kept[-1])
    await workflow.count.createTask(n=len(kept))
