def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    sizes = []
    for p in [run.y, run.y, 2 * run.y]:
        runs = await workflow.lin.createTask(x=p)
        sizes.append(len(runs))
    await workflow.count.createTask(n=sum(sizes))
