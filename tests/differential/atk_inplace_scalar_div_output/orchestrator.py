def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.5)


async def main(workflow, **params):
    (run, job), = await workflow.mesh.createTask(h=params["h"])
    h = run.u
    first = h
    h /= 2
    h -= 0.25
    await workflow.sq.createTask(x=[first, h])
