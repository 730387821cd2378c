def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def note(state, run):
    if run.y > 3:
        state["big"] += 1


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    state = {"big": 0}
    for run, job in runs:
        await note(state, run)
    if state["big"] >= 1:
        await workflow.lin.createTask(x=float(state["big"]))
