def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def halve_all(workflow, hs):
    h = hs
    while True:
        runs = await workflow.sq.createTask(x=h)
        if runs[0][0].y < 0.1:
            break
        h /= 2
    return h


async def main(workflow, **params):
    out = await halve_all(workflow, list(params["xs"]))
    await workflow.count.createTask(n=len(out))
