def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=0.0)


async def main(workflow, **params):
    await workflow.sq.createTask(x=params["xs"])
    n = 0
    for x in params["xs"]:
        if x > params["cut"]:
            n += 1
    await workflow.count.createTask(n=n)
