def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--threshold", type=float, default=0.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > params["threshold"]:
            await workflow.follow.createTask(sq_id=run.id, x=1.0)
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
