def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.4)


async def main(workflow, **params):
    hs = [params["h"], params["h"] / 2]
    us = []
    for h in hs:
        (run, job), = await workflow.mesh.createTask(h=h)
        us.append(run.u)
    u = dict(zip(hs, us))
    alias = u
    alias[hs[0]] = 10.0
    await workflow.lin.createTask(x=u[hs[0]] + u[hs[1]])
