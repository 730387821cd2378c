def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=0.0)


async def main(workflow, **params):
    for x in params["xs"]:
        if x > params["cut"]:
            await workflow.sq.createTask(x=x)
        else:
            await workflow.lin.createTask(x=x)
