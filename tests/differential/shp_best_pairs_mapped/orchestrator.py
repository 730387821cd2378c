import bisect
import heapq


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pairs = [(float(run.y), job.x) for run, job in runs]
    best = heapq.nsmallest(params["k"], pairs)
    for y, x in best:
        await workflow.lin.createTask(x=x)
    first = best[0]
    rank = bisect.bisect_left(sorted(pairs), first)
    same = first == (min(p[0] for p in pairs), first[1])
    wider = first + (float(rank),)
    await workflow.label.createTask(
        name=f"{str(first)}|{same}|{first in pairs}|{wider}|{len(wider)}")
    for pair in best:
        await workflow.label.createTask(name=str(pair))
