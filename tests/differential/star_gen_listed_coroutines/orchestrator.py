import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def pending(workflow, xs):
    return list(workflow.lin.createTask(x=x + 1) for x in xs)


async def main(workflow, **params):
    coros = list(workflow.sq.createTask(x=x) for x in params["xs"])
    more = tuple(workflow.count.createTask(n=int(x)) for x in params["xs"])
    done = await asyncio.gather(*coros, *more, *pending(workflow, params["xs"]))
    print(len(done), "batches")
