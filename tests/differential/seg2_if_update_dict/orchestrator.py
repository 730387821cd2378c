def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    by_x = {job.x: run.y for run, job in runs}
    top = max(by_x.values())
    if top > params["cut"]:
        more = await workflow.sq.createTask(x=[x + 0.5 for x in params["xs"]])
        by_x.update({job.x: run.y for run, job in more})
        top = max(by_x.values())
    best = max(by_x, key=lambda x: abs(by_x[x] - params["cut"]))
    await workflow.lin.createTask(x=best)
    await workflow.count.createTask(n=len(by_x))
