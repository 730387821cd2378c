def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0])
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    xs = params["xs"]
    await workflow.sq.createTask(x=list(xs))
    xs.append(10.0)
    for i in range(params["n"]):
        (run, job), = await workflow.lin.createTask(x=xs[i] + i)
    if run.y > 4:
        xs.append(run.y)
    await workflow.sq.createTask(x=xs)
