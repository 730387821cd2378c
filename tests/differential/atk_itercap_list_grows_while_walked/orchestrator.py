def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--tol", type=float, default=0.5)


async def refine(workflow, params):
    levels = params["xs"]
    for level in levels:
        if level > params["tol"]:
            break
        levels.insert(0, sum(levels) / 2)
    return await workflow.sq.createTask(x=levels[:2])


async def main(workflow, **params):
    runs = await refine(workflow, params)
    await workflow.count.createTask(n=len(runs))
