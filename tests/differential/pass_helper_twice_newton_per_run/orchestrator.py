def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def converge(workflow, runs, tol):
    for run, job in runs:
        x = run.y
        for it in range(5):
            (step, _), = await workflow.newton.createTask(x=x)
            x = step.next
            if step.err < tol:
                break


async def main(workflow, **params):
    squares = await workflow.sq.createTask(x=params["xs"])
    await converge(workflow, squares, 1e-3)
    lines = await workflow.lin.createTask(x=params["xs"])
    await converge(workflow, lines, 1e-6)
    await workflow.count.createTask(n=len(lines))
