import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.4)


async def level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u


async def main(workflow, **params):
    hs = [params["h"], params["h"] * 1, params["h"] / 2]
    u = dict(zip(hs, await asyncio.gather(*(level(workflow, h) for h in hs))))
    await workflow.count.createTask(n=len(u))
    a, b, c = (u[h] for h in hs)
    await workflow.lin.createTask(x=a + b + c)
    for h, value in u.items():
        await workflow.lin.createTask(x=h + value)
