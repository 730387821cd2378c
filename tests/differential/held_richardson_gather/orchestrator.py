import asyncio
import logging
import math


def populate_arg_parser(parser):
    parser.add_argument("--h", type=float, default=0.4)
    parser.add_argument("--expected", type=float, default=2.0)


async def level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u


async def main(workflow, **params):
    hs = [params["h"] / 2 ** k for k in range(3)]
    u = dict(zip(hs, await asyncio.gather(*(level(workflow, h) for h in hs))))
    u1, u2, u3 = (u[h] for h in hs)
    p = math.log2((u1 - u2) / (u2 - u3))
    logging.info("observed order %.3f", p)
    if abs(p - params["expected"]) < 0.5:
        extrapolated = u3 + (u3 - u2) / (2 ** p - 1)
        await workflow.lin.createTask(x=round(extrapolated, 6))
    else:
        await workflow.mesh.createTask(h=hs[-1] / 2)
