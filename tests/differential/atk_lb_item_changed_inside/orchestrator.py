def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--max_batches", type=int, default=3)


async def main(workflow, **params):
    box = {"xs": params["xs"]}
    for b in range(params["max_batches"]):
        runs = await workflow.replica.createTask(x=2.0, seed=[b])
        for run, job in runs:
            box["xs"].append(run.y)
        if len(params["xs"]) > 3:
            break
    await workflow.lin.createTask(x=float(len(params["xs"])) + sum(box["xs"]))
