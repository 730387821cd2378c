import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0])


async def main(workflow, **params):
    base = await workflow.lin.createTask(x=params['xs'])
    out = []
    for run, job in base:
        res = await asyncio.gather(
            *[workflow.sq.createTask(x=run.y + d) for d in [0.0, 1.0]])
        out.append(len(res))
    await workflow.count.createTask(n=out)
