def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    sq = await workflow.sq.createTask(x=params["xs"])

    lin = await workflow.lin.createTask(x=[0.0, 1.5])
    keys = {}
    for run, job in sq:
        keys[int(run.y)] = "sq"
    for run, job in lin:
        keys[float(run.y)] = "lin"
    for run, job in sq:
        keys.setdefault(run.y > 2.0, "flag")
    await workflow.count.createTask(n=len(keys))
    await workflow.lin.createTask(x=sum(keys))
    await workflow.label.createTask(name=keys[1])
    await workflow.label.createTask(name=keys[False] + keys[4.0])
