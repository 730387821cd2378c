def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=2.5)


async def main(workflow, **params):
    xs = params["xs"]
    if not isinstance(xs, list):
        xs = [xs, xs + 1.0]
    runs = await workflow.sq.createTask(x=xs)
    await workflow.lin.createTask(x=sum(run.y for run, job in runs))
