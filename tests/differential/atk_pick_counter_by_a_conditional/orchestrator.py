from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")



async def main(workflow, **params):
    runs = await workflow.gap.createTask(x=params["xs"])
    present, missing = Counter(), Counter()
    for run, job in runs:
        (present if run.y is not None else missing)[int(job.x // 5)] += 1
    await workflow.count.createTask(n=sum(present.values()) * 10 + len(missing))
