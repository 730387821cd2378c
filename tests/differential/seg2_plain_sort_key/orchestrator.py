def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)


async def main(workflow, **params):
    steps = []
    for i, x in enumerate(params["xs"]):
        rr = await workflow.step.createTask(x=-x, i=i)
        steps += rr
    steps.sort(key=lambda rj: -rj[0].y)
    await workflow.lin.createTask(x=steps[0][0].y)
