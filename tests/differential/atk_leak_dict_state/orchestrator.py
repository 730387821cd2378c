def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    state = {"prev": 0.0}
    for run, job in runs:
        await workflow.lin.createTask(x=run.y - state["prev"])
        state["prev"] = run.y
