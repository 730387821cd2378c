def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = {job.x: run.y for run, job in runs}
    if max(ys.values()) > 100.0:
        note = "big"
        (r, j), = await workflow.sq.createTask(x=0.5)
    else:
        note = "small"
        (r, j), = await workflow.sq.createTask(x=1.5)
        ys.update({j.x: r.y})
    await workflow.lin.createTask(x=len(ys) + len(note))
