def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    rows = [{"x": job.x, "bounds": run.bounds} for run, job in runs]
    for row in sorted(rows, key=lambda r: r["x"]):
        await workflow.label.createTask(name=str(row["bounds"]))
