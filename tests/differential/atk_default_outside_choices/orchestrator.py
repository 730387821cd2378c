def populate_arg_parser(parser):
    parser.add_argument("--level", type=int, choices=[1, 2], default=3)


async def main(workflow, **params):
    if params["level"] > 2:
        await workflow.sq.createTask(x=float(params["level"]))
    else:
        await workflow.lin.createTask(x=float(params["level"]))
