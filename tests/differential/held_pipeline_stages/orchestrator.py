def populate_arg_parser(parser):
    parser.add_argument("--stages", nargs="+", default=["sq", "lin"])
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    values = list(params["xs"])
    for stage in params["stages"]:
        manager = getattr(workflow, stage)
        runs = await manager.createTask(x=values)
        values = [run.y for run, job in runs]
        print(stage, "->", values)
    await workflow.count.createTask(n=len(values))
