TARGET = 0.0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=0.0)


def distance(pair):
    run, job = pair
    return abs(run.y - TARGET)


async def main(workflow, **params):
    global TARGET
    TARGET = params["target"]
    runs = await workflow.sq.createTask(x=params["xs"])
    best_run, best_job = min(runs, key=distance)
    await workflow.lin.createTask(x=best_job.x)
