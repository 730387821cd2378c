import asyncio
import itertools


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", required=True)
    parser.add_argument("--b", type=float, nargs="+", required=True)


async def main(workflow, **params):
    batches = await asyncio.gather(*(workflow.mix.createTask(a=a, b=params["b"])
                                     for a in params["a"]))
    runs = list(itertools.chain.from_iterable(batches))
    for run, job in runs:
        await workflow.sq.createTask(x=run.y)
    await workflow.count.createTask(n=len(runs))
