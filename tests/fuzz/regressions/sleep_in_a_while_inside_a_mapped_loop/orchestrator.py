import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.5, 2.0, 1.0])


async def main(workflow, **params):
    runs = await workflow.square.createTask(v=params["a"])
    for run, _job in runs:
        await workflow.mult.createTask(x=run.w)
        i = 0
        while i < 2:
            i += 1
            await asyncio.sleep(0)
            if run.w > 3:
                raise ValueError("too big")
