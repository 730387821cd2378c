from reference import reference_total


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    mids = await workflow.lin.createTask(x=[run.y for run, job in runs])
    first = reference_total([run.y for run, job in mids])
    second = reference_total([run.y for run, job in runs])
    await workflow.mix.createTask(a=first, b=second)
