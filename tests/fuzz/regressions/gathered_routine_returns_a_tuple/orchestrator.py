import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])


async def probe(workflow, v):
    runs = await workflow.mult.createTask(x=v)
    return runs[0][0].y, runs[0][0].n


async def main(workflow, **params):

    res = await asyncio.gather(*[probe(workflow, v) for v in params["a"]])
    await workflow.agg.createTask(vals=list(res[-1]))
