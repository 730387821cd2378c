import statistics


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--cut", type=float, default=1.2)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    high = []
    for run, job in runs:
        high.append(run.u)
    high = [u for u in high if u > params["cut"]]
    try:
        m = statistics.fmean(high)
    except statistics.StatisticsError:
        m = -1.0
    await workflow.lin.createTask(x=[m, float(len(high))])
