def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    k = int(run.y)
    await workflow.count.createTask(
        n=[k & 3, k | 8, k ^ 5, 1 << abs(k), k >> 1, ~k, -k & 0xFF, (k ^ -1) >> 2])
