def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--level", type=int, default=3)


async def main(workflow, **params):
    us = []
    for h in params["hs"]:
        (run, job), = await workflow.mesh.createTask(h=h)
        us.append(run.u)
    await workflow.lin.createTask(x=us[-2])
    await workflow.lin.createTask(x=us[params["level"]])
