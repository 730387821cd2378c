def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    bounds = [run.bounds for run, job in runs]
    await workflow.label.createTask(name=str(bounds))
    pairs = [(job.x, run.y) for run, job in runs]
    await workflow.label.createTask(name=str(pairs))
