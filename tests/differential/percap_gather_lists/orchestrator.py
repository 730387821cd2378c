import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])


async def one(workflow, x0):
    (run, job), = await workflow.newton.createTask(x=x0)
    return [run.next, run.err]


async def main(workflow, **params):
    results = await asyncio.gather(*[one(workflow, x0) for x0 in params["x0s"]])
    await workflow.sq.createTask(x=sum(results, []))
