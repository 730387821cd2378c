def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=[params["x"], 0.5, 3.0])
    for run, job in runs:
        if run.y > 1:
            await workflow.lin.createTask(x=run.y)
        else:
            await workflow.sq.createTask(x=job.x + 10)
        if job.x < 2:
            more = await workflow.sq.createTask(x=job.x + 20)
            if more[0][0].y > 410:
                await workflow.lin.createTask(x=more[0][0].y)
    await workflow.lin.createTask(x=sum([r.y for r, j in runs]))
