def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    if "4.0" in str(ys):
        await workflow.sq.createTask(x=5.0)
    firsts = [run for run, job in runs]
    await workflow.label.createTask(name=str(len(str(firsts)) > 0))
