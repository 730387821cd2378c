def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


def bucket_of(groups, key):
    return groups[key]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = {"lo": [], "hi": []}
    for run, job in runs:
        b = bucket_of(groups, "hi" if run.y > 2 else "lo")
        b.append(run.y)
    await workflow.lin.createTask(x=float(len(groups["hi"])))
