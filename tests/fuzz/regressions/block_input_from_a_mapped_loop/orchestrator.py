def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--mode", default="fast")


async def main(workflow, **params):
    label_runs = await workflow.label.createTask(name=params["mode"])
    acc = []
    for r, _j in label_runs:
        acc.append(r.size)
    flag = False
    for r, _j in label_runs:  # noqa: B007 - r and _j of the loop above, rebound
        if len(params["a"]) > 1:
            flag = True
    if flag:
        await workflow.mult.createTask(x=float(len(acc)))
