def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    bad = []
    for run, job in runs:
        try:
            if run.y > 10:
                raise ValueError(job.x)
        except ValueError as err:
            bad.append(float(err.args[0]))
    await workflow.lin.createTask(x=[0.5] + bad)
