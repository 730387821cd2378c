def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


import asyncio


async def branch_mult(workflow, x):
    runs = await workflow.mult.createTask(x=x)
    return runs


async def branch_add(workflow, x):
    return await workflow.add.createTask(x=x + 1)


async def main(workflow, **params):
    mult_runs, add_runs = await asyncio.gather(
        branch_mult(workflow, params["inputs"]),
        branch_add(workflow, params["inputs"][0]),
    )
    await workflow.norm.createTask(mult_ids=[r.id for r, j in mult_runs])
