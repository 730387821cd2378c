import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])


async def probe(workflow, v):
    await workflow.mult.createTask(x=v)


async def main(workflow, **params):
    res = await asyncio.gather(*[probe(workflow, v) for v in params["a"]])
    await workflow.agg.createTask(vals=[], n=len(res))
    if res[-1] is None:
        await workflow.square.createTask(v=1.0)
