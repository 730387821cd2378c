def populate_arg_parser(parser):
    parser.add_argument("--fine", action="store_true")
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--x0", type=float, default=1.0)


async def main(workflow, **params):
    if params["fine"]:
        runs = await workflow.sq.createTask(x=params["xs"])
    else:
        runs = await workflow.sq.createTask(x=params["x0"])
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
