def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)


async def main(workflow, **params):
    ys = []
    for k in range(params["n"]):
        (run, job), = await workflow.count.createTask(n=k)
        ys.append(run.y)
    total = sum(ys)
    print("total:", total)
    await workflow.lin.createTask(x=float(total))
