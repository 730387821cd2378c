def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    scales = [lambda y: y * k for k in (1.0, 10.0)]
    for run, job in runs:
        await workflow.lin.createTask(x=scales[0](run.y))
