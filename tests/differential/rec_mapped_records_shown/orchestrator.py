from collections import namedtuple

Cand = namedtuple("Cand", "miss x")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cands = [Cand(abs(run.y - 5.0), job.x) for run, job in runs]
    best = sorted(cands, key=lambda c: c.miss)[:params["k"]]
    for c in best:
        await workflow.label.createTask(name=str(c))
        await workflow.newton.createTask(x=c.x)
    for a, b in zip(best, best[1:]):
        await workflow.lin.createTask(x=b.miss - a.miss)
    for i, c in enumerate(best):
        await workflow.label.createTask(name=f"{i}: {c}")
