class Missing(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for x in params["xs"]:
        try:
            (run, job), = await workflow.gap.createTask(x=x)
            if run.y is None:
                raise Missing(x)
            await workflow.lin.createTask(x=run.y)
        except Missing:
            await workflow.sq.createTask(x=x)
