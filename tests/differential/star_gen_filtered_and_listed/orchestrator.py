import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=1.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = await asyncio.gather(*(workflow.lin.createTask(x=run.y) for run, job in runs
                                  if run.y > params["cut"]))
    await workflow.count.createTask(n=len(kept))
    await workflow.total.createTask(sq_ids=[*(run.id for run, job in runs)])
