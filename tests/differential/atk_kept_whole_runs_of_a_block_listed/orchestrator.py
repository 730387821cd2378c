def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    kept = [(run, job) for run, job in runs if run.y < 10]
    firsts = [pair[0] for pair in kept]
    await workflow.total.createTask(sq_ids=[r.id for r in firsts])
    await workflow.count.createTask(n=len(firsts))
