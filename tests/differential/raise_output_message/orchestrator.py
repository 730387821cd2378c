class StudyError(Exception):
    """The study cannot go on."""


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--limit", type=float, default=5.0)


async def checked(workflow, x, limit):
    (run, job), = await workflow.sq.createTask(x=x)
    if run.y > limit:
        await workflow.count.createTask(n=int(run.y))
        raise StudyError(f"y={run.y:.2f} for x={job.x} is above {limit}")
    return run.y


async def main(workflow, **params):
    ys = []
    for x in params["xs"]:
        ys.append(await checked(workflow, x, params["limit"]))
    await workflow.lin.createTask(x=sum(ys))
