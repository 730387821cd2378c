def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    print("ys", ys)
    big = [run.y for run, job in runs if run.y > 2]
    both = [0.5] + [job.x * 2 for run, job in runs]
    await workflow.label.createTask(name=f"ys={ys}")
    await workflow.label.createTask(name=[repr(big), str(both)])
    await workflow.sq.createTask(x=max(ys))
