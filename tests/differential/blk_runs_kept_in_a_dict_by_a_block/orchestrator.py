def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = {}
    for run, job in runs:
        if run.y > 1:
            best[job.x] = run
    fields = 0
    for x, r in best.items():
        fields += len(list(r.keys()))
    await workflow.lin.createTask(x=float(fields > 0))
