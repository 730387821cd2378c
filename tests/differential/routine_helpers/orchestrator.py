def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--threshold", type=float, default=0.0)


async def run_squares(workflow, xs):
    out = []
    for x in xs:
        out += await workflow.sq.createTask(x=x)
    return out


async def run_steps(workflow, runs, threshold):
    for i, (run, job) in enumerate(runs):
        if run.y > threshold:
            await workflow.step.createTask(x=run.y, i=i)


async def run_total(workflow, runs):
    return await workflow.total.createTask(sq_ids=[run.id for run, job in runs])


async def main(workflow, **params):
    squares = await run_squares(workflow, params["xs"])
    await run_steps(workflow, squares, params["threshold"])
    await run_total(workflow, squares)
