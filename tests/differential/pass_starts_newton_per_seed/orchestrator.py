def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=1e-3)


async def main(workflow, **params):
    for start in params["starts"]:
        seeds = await workflow.sq.createTask(x=[start, start / 2])
        for run, job in seeds:
            x = run.y
            for it in range(6):
                (step, _), = await workflow.newton.createTask(x=x)
                x = step.next
                if step.err < params["tol"]:
                    break
        await workflow.count.createTask(n=len(seeds))
