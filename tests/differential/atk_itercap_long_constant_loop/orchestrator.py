def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scale = runs[-1][0].y
    samples = []
    for i in range(2500):
        if i % 1000 == 999:
            await workflow.count.createTask(n=len(samples))
        samples.append(scale * i)
    await workflow.sq.createTask(x=samples[-2:])
