def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max_batches", type=int, default=3)


async def main(workflow, **params):
    acc = [params["xs"], 0.0]
    for b in range(params["max_batches"]):
        runs = await workflow.replica.createTask(x=2.0, seed=[b])
        for run, job in runs:
            acc[0] += [run.y]
        if len(params["xs"]) > 3:
            break
    await workflow.lin.createTask(x=float(len(params["xs"])) + sum(acc[0]))
