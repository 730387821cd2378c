from collections import namedtuple

Cand = namedtuple("Cand", "miss x")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    cands = [Cand(abs(run.y - 5.0), job.x) for run, job in runs]
    for c in sorted(cands, key=lambda c: c.miss)[:params["k"]]:
        await workflow.newton.createTask(x=c.x)
    await workflow.count.createTask(n=len(cands))
