def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    groups = {"lo": [], "hi": []}
    for run, job in runs:
        key = "hi" if run.y > 2 else "lo"
        bucket = groups.get(key)
        bucket.append(run.y)
    await workflow.lin.createTask(x=float(len(groups["hi"])))
