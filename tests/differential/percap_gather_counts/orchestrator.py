import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0s", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--tol", type=float, default=1e-4)


async def steps_from(workflow, x0, tol):
    x = x0
    for k in range(6):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            break
    return k + 1


async def main(workflow, **params):
    counts = await asyncio.gather(*[steps_from(workflow, x0, params["tol"])
                                    for x0 in params["x0s"]])
    await workflow.lin.createTask(x=[n * 1.0 for n in counts])
