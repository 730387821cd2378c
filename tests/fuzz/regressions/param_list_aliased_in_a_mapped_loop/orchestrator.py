def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--mode", default="fast")


async def main(workflow, **params):
    label_runs = await workflow.label.createTask(name=params["mode"])
    for _run, _job in label_runs[1:]:
        xs = params["a"]
        xs.extend([0.5])
        await workflow.mult.createTask(x=1.0)
    await workflow.agg.createTask(vals=[v * 1.5 for v in params["a"]])
