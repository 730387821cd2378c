import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = (run.y for run, job in runs)
    await asyncio.gather(*(workflow.lin.createTask(x=y) for y in ys))
    again = [*(y + 1 for y in ys)]
    await workflow.lin.createTask(x=float(len(again)))
