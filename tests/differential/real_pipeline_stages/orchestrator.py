def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--stages", nargs="+", default=["lin", "sq"],
                        help="post-processing stages in order (task manager names)")


async def run_stage(workflow, name, values):
    """One stage over every value: its task manager found by name."""
    runs = await getattr(workflow, name).createTask(x=values)
    return [run.y for run, job in runs], runs


async def main(workflow, **params):
    values = params["xs"]
    history = {}
    for number, name in enumerate(params["stages"]):
        values, runs = await run_stage(workflow, name, values)
        history[f"{number}-{name}"] = values
    if params["stages"][-1] == "sq":
        await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
    for key in sorted(history):
        await workflow.label.createTask(name=f"{key}:{max(history[key]):.2f}")
