def populate_arg_parser(parser):
    parser.add_argument("--fine", action="store_true")
    parser.add_argument("--x0", type=float, default=0.0)


async def main(workflow, **params):
    step = 1.0
    if params["fine"]:
        step = 0.25
    await workflow.sq.createTask(x=params["x0"] + step)
    await workflow.lin.createTask(x=step)
