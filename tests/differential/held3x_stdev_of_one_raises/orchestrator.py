import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--nrep", type=int, default=1)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"][0], seed=list(range(params["nrep"])))
    ys = [run.y for run, job in runs]
    m = statistics.mean(ys)
    await workflow.lin.createTask(x=[m, statistics.stdev(ys)])
