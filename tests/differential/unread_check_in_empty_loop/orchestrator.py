import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    small = [run.y for run, job in runs if run.y < 0.5]
    for i in range(len(small)):
        level = statistics.fmean([run.y for run, job in runs if run.y > 100.0])
        await workflow.lin.createTask(x=float(i))
        print("level", level)
    await workflow.count.createTask(n=len(runs))
