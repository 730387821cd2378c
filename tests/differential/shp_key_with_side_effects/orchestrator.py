CALLS = []


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def by_y(pair):
    CALLS.append(pair[1])
    return pair[0]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ranked = sorted([(float(run.y), job.x) for run, job in runs], key=by_y)
    await workflow.lin.createTask(x=ranked[0][1] + len(CALLS))
