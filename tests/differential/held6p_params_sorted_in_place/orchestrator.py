def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    xs = params["xs"]
    xs.sort(reverse=True)
    for i, x in enumerate(params["xs"]):
        await workflow.step.createTask(x=x, i=i)
