from collections import namedtuple

Pt = namedtuple("Pt", "x y")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pts = [Pt(job.x, run.y) for run, job in runs]
    best = max(pts, key=lambda p: p.y)
    x, y = best
    await workflow.lin.createTask(x=x + y)
    moved = best._replace(y=0.0)
    await workflow.lin.createTask(x=moved.x + moved.y)
    await workflow.label.createTask(name=repr(best))
    same = best == (best.x, best.y)
    seen = {best: 1}
    await workflow.label.createTask(name=f"{same} {len(seen)} {isinstance(best, Pt)}")
    if pts[0] < pts[1]:
        await workflow.lin.createTask(x=1.0)
