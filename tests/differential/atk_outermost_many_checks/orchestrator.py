def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scale = runs[-1][0].y
    samples = []
    for i in range(1500):
        if i % 500 == 499:
            await workflow.count.createTask(n=len(samples))
        samples.append(scale / (i + 1))
    await workflow.sq.createTask(x=samples[-2:])
