def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    hs, us = zip(*[(job.h, run.u) for run, job in runs])
    await workflow.lin.createTask(x=max(us))
    await workflow.label.createTask(name=str(hs))
