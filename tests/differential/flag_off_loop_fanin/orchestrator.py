def populate_arg_parser(parser):
    parser.add_argument("--refine", action="store_true")
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    if params["refine"]:
        await workflow.lin.createTask(x=params["xs"])
    else:
        runs = []
        for x in params["xs"]:
            runs += await workflow.sq.createTask(x=x / 2)
        await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
