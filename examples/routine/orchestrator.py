"""Routine style: each step awaits the runs of the step before.

mult multiplies each input by two coefficients, add shifts every product, and norm
takes the Euclidean norm of all the shifted values.
"""


def populate_arg_parser(parser):
    parser.add_argument(
        "--inputs", "-i", type=float, nargs="+", required=True,
        help="the values to sweep (one mult job each)",
    )


async def run_mult(workflow, inputs):
    return await workflow.mult.createTask(x=inputs)


async def run_add(workflow, mult_runs):
    created = []
    for run, job in mult_runs:
        created.extend(await workflow.add.createTask(x=run.y))
    return created


async def main(workflow, **params):
    mult_runs = await run_mult(workflow, params["inputs"])
    add_runs = await run_add(workflow, mult_runs)
    await workflow.norm.createTask(add_ids=[run.id for run, job in add_runs])
