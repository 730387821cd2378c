def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, nargs="+", required=True)
    parser.add_argument("--clip", type=float, default=8.0)


async def main(workflow, **params):
    values = params["x0"]
    sizes = []
    for stage, field in [("lin", "y"), ("newton", "next"), ("sq", "y")]:
        runs = await getattr(workflow, stage).createTask(x=[v * 1.0 for v in values])
        values = [getattr(run, field) for run, job in runs]
        values = [min(v, params["clip"]) for v in values]
        sizes.append(len(values))
    await workflow.count.createTask(n=sum(sizes))
    await workflow.lin.createTask(x=values[0])
