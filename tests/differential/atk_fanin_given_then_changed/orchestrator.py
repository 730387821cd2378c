def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def summary(values):
    return {"values": values, "n": len(values)}


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = []
    for run, job in runs:
        ys.append(run.y)
    s = summary(ys)
    ys.append(50.0)
    await workflow.lin.createTask(x=s["values"][-1])
