import asyncio
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def one(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    with open(HERE / f"y_{x:g}.txt", "w") as f:
        f.write(str(run.y))
    (lin, _), = await workflow.lin.createTask(x=run.y)
    return lin.y


async def main(workflow, **params):
    ys = await asyncio.gather(*(one(workflow, x) for x in params["xs"]))
    await workflow.sq.createTask(x=sum(ys))
