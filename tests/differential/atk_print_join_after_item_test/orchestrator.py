def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    shown = []
    for run, job in runs:
        if run.y > 2:
            shown.append(f"{run.y:.3f}")
    print(" ".join(shown))
    await workflow.count.createTask(n=len(runs))
