from memo import first_total


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    mids = await workflow.lin.createTask(x=[run.y for run, job in runs])
    first = first_total([run.y for run, job in mids])
    second = first_total([run.y for run, job in runs])
    await workflow.mix.createTask(a=second, b=1.0)
    await workflow.count.createTask(n=int(first))
