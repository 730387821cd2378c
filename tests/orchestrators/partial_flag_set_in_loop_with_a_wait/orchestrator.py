def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


import asyncio


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    found = False
    for run, job in runs:  # SEGMENT
        await asyncio.sleep(0)
        if run.y > 3:
            found = True
    if found:
        await workflow.add.createTask(x=1.0)
