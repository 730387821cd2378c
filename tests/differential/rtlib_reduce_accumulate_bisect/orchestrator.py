import bisect
import functools
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=2.0)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    scale = params["scale"]
    us = sorted(run.u for run, job in runs)
    total = functools.reduce(lambda a, b: a + b * scale, us, 0.0)
    cum = list(itertools.accumulate(us))
    i = bisect.bisect_left(cum, total / 4)
    await workflow.lin.createTask(x=[total, cum[-1], float(i)])
