def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (run, job), = await workflow.store.createTask(x=params["x"])
    match run.hist:
        case {1: v}:
            await workflow.count.createTask(n=int(v))
        case _:
            await workflow.count.createTask(n=-1)
    match run.nest:
        case [first, *rest]:  # noqa: F841
            await workflow.count.createTask(n=len(rest) + 10)
        case _:
            await workflow.count.createTask(n=-2)
