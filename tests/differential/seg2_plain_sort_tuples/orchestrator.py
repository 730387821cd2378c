def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)


async def main(workflow, **params):
    pairs = []
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        pairs.append((run.y, x))
        if run.y > params["cut"]:
            break
    pairs.sort(key=lambda p: -p[0])
    await workflow.lin.createTask(x=pairs[0][1])
    await workflow.label.createTask(name=str(pairs[0]))
