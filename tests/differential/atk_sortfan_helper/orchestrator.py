import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid, missing = [], []
    for run, job in screen:
        if run.y is None:
            missing.append(job.x)
        else:
            valid.append((job.x, run.y))
    def order(rows):
        rows.sort(key=lambda p: p[1])
    order(valid)
    squares = await asyncio.gather(
        *[workflow.sq.createTask(x=y) for x, y in valid[:3]])
    await workflow.total.createTask(
        sq_ids=[run.id for runs in squares for run, job in runs])
