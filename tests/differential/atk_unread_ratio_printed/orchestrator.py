def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    rel = [run.y / job.x for run, job in runs]
    print("relative", rel)
    await workflow.lin.createTask(x=1.0)
