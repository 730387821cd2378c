import statistics


def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    first = await workflow.mult.createTask(x=0.5, k=3)
    x = first[0][0].y
    for it in range(params["n"]):
        runs = await workflow.mult.createTask(x=x)
        risk = statistics.fmean([r.y for r, j in first if r.y < 0.5])
        if runs[0][0].y >= 6.0:
            break
        x = x + 0.5
    await workflow.square.createTask(v=2.0)
