def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)

DONE = []


async def main(workflow, **params):
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        DONE.append(run.y)
        if run.y > params["cut"]:
            break
    await workflow.lin.createTask(x=len(DONE))
