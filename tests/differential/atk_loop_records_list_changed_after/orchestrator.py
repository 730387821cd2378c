import collections

Point = collections.namedtuple("Point", "x y")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = [Point(job.x, run.y) for run, job in runs]
    first = min(points, key=lambda p: p.y)
    points.append(Point(0.5, 0.25))
    second = min(points, key=lambda p: p.y)
    await workflow.lin.createTask(x=[first.x, second.x])
    await workflow.count.createTask(n=len(points))
