import itertools


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = [run.u for run, job in runs]
    steps = itertools.pairwise(us)
    total = sum(abs(a - b) for a, b in steps)
    await workflow.lin.createTask(x=total)
    await workflow.count.createTask(n=sum(1 for _ in steps))
