def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    x = 2.5
    it = 0
    while it < 4:
        runs = await workflow.mult.createTask(x=x)
        it += 1
        small = []
        for r, _ in runs:
            if r.y < 2.0:
                small.append(r.y)
        if runs[0][0].big:
            break
        x = x + 1
