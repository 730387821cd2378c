def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(
        name=[f"{run.tup} {run.nest} {run.hist} {sorted(run.tags)} {run.f!r} {run.none}"
              for run, job in runs])
    await workflow.label.createTask(name=[f"{run.tup[0]:g}-{run.hist[1]:.2f}"
                                          for run, job in runs])
