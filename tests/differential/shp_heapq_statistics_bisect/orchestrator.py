import bisect
import heapq
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["x"], seed=list(range(params["seeds"])))
    ys = [run.y for run, job in runs]
    top = heapq.nlargest(params["k"], ys)
    low = heapq.nsmallest(params["k"], [(float(run.y), job.seed) for run, job in runs],
                          key=lambda p: p[0])
    med = statistics.median(ys)
    spread = statistics.pstdev(ys) + statistics.stdev(ys)
    rank = bisect.bisect_left(sorted(ys), med)
    print(f"median {med:.4f} mean {statistics.fmean(ys):.4f} rank {rank}")
    await workflow.sq.createTask(x=top)
    await workflow.lin.createTask(x=low[0][0] + spread + statistics.mean(top))
    await workflow.count.createTask(n=rank + low[-1][1])
