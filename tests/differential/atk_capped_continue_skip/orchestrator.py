def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=0.05)


async def main(workflow, **params):
    coarse = 0
    for i, h in enumerate(params["hs"]):
        runs = await workflow.mesh.createTask(h=h)
        err = abs(runs[0][0].u - 1.0)
        if err < params["tol"]:
            continue
        coarse += 1
        await workflow.lin.createTask(x=err)
    await workflow.count.createTask(n=coarse * 10 + i)
