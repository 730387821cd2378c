def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    for item in [(run.hist, run.tags, run.f) for run, job in runs]:
        hist, tags, f = item
        await workflow.label.createTask(name=f"{hist.get(2)} {2 in tags} {f!r} {hist}")
