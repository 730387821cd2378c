def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    await workflow.mix.createTask(a=min(ys), b=max(ys))
    await workflow.mix.createTask(a=round(sum(ys) / 3, 3), b=abs(min(ys)))
    await workflow.sq.createTask(x=sorted(ys)[1])
