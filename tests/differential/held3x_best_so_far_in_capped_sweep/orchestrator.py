def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", default=[0.5, 0.25, 0.4, 0.125])
    parser.add_argument("--tol", type=float, default=0.01)


async def main(workflow, **params):
    best = None
    for h in params["hs"]:
        (run, job), = await workflow.mesh.createTask(h=h)
        err = abs(run.u - 1.0)
        if best is None or err < best[1]:
            best = (h, err)
        if err < params["tol"]:
            break
    await workflow.lin.createTask(x=best[0])
