def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=0.5)


async def main(workflow, **params):
    x = params["x0"]
    for i in range(3):
        (run, job), = await workflow.sq.createTask(x=x + i)
        if run.y > 2:
            await workflow.lin.createTask(x=run.y)
        x = run.y / 4
