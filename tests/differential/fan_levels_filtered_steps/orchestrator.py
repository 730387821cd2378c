def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--back", type=int, default=1)
    parser.add_argument("--tol", type=float, default=1.01)


async def main(workflow, **params):
    levels = []
    for h in params["hs"]:
        (run, job), = await workflow.mesh.createTask(h=h)
        levels.append(run.u)
    for u in levels:
        if u > params["tol"]:
            await workflow.lin.createTask(x=u)
    for i, u in enumerate(levels):
        await workflow.step.createTask(x=u, i=i)
    await workflow.lin.createTask(x=levels[-params["back"]] * 10.0)
