import statistics


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)
    parser.add_argument("--skip", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = []
    for run, job in runs:
        us.append(run.u)
    try:
        m = statistics.fmean(us[params["skip"]:])
    except statistics.StatisticsError:
        m = -1.0
    await workflow.lin.createTask(x=[m, float(len(us))])
