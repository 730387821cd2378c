class Missing(KeyError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise Missing("y")
        y = run.y + 1
    except Missing:
        y = 0.5
    await workflow.lin.createTask(x=y)
