def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    table = {4.0: "four", 9.0: "nine"}
    try:
        name = table[run.y]
    except KeyError:
        name = None
    try:
        ratio = 1 / (run.y - 4.0)
    except ZeroDivisionError:
        ratio = 0.0
    await workflow.lin.createTask(x=ratio)
    try:
        big = next(r for r, j in await workflow.sq.createTask(x=[1.0, 2.0]) if r.y > run.y)
    except StopIteration:
        big = None
    runs = await workflow.pair.createTask(x=[1.0, 2.0, 3.0])
    try:
        matched = list(zip(runs, [run.y, run.y], strict=True))
    except ValueError:
        matched = []
    n = len(matched) + (0 if big is None else 10) + (100 if name else 0)
    await workflow.count.createTask(n=n)
