def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)


async def main(workflow, **params):
    await workflow.lin.createTask(x=0.5)
    kept = params["xs"]
    x = 1.0
    while True:
        (run, job), = await workflow.sq.createTask(x=x)
        params["xs"].append(run.y)
        if run.y > params["cut"]:
            break
        x += 1.0
    await workflow.lin.createTask(x=len(kept))
