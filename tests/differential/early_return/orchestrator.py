def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)
    parser.add_argument("--more", action="store_true")


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    if not params["more"] and run.y > 5:
        return
    await workflow.lin.createTask(x=run.y)
