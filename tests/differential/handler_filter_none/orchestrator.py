def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def report(runs, **params):
    print("failed:", [r.id for r, j in runs])


async def main(workflow, **params):
    workflow.add_error_handler(f=report)
    runs = await workflow.sq.createTask(x=params["xs"])
    for run, job in runs:
        if run.y > 100:
            await workflow.follow.createTask(sq_id=run.id, x=run.y)
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
    workflow.finished = True  # the handler is an action: the native loop waits for this
