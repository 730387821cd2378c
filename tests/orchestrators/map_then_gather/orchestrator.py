def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


import asyncio


async def main(workflow, **params):
    mult_runs = await workflow.mult.createTask(x=params["inputs"])
    pending = [workflow.add.createTask(x=run.y) for run, job in mult_runs]
    results = await asyncio.gather(*pending)
    await workflow.norm.createTask(mult_ids=[r.id for runs in results for r, j in runs])
