def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    match params["xs"]:
        case [float(a), float(b)]:
            await workflow.sq.createTask(x=a + b)
        case [a, *rest]:  # noqa: F841
            await workflow.sq.createTask(x=a)
    await workflow.count.createTask(n=len(params["xs"]))
