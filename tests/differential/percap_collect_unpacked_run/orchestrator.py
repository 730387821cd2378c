def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])


async def main(workflow, **params):
    roots = []
    for x0 in params["x0s"]:
        (run, job), = await workflow.newton.createTask(x=x0)
        roots.append(run.next)
    await workflow.sq.createTask(x=roots)
