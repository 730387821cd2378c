def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    run, job = runs[0]
    await workflow.count.createTask(n=[int(run.tup == (1.0, 2.0)), int(run.tup == [1.0, 2.0]),
                                       int(run.nest == [(1, 2), (3, 1.0)]),
                                       int(run.nest == [[1, 2], [3, 1.0]]),
                                       10 + len(run.hist), 20 + len(run.tags)])
