def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(**{"x": params["x0"]})
    options = {"x": run.y}
    await workflow.sq.createTask(**options)
