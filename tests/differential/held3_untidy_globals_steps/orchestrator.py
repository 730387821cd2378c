RESULTS = []
NCALLS = 0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--offset", type=float)


async def do_sq(workflow, x):
    global NCALLS
    NCALLS += 1
    r = await workflow.sq.createTask(x=x)
    RESULTS.append(r[0])
    return r[0][0].y


async def main(workflow, **params):
    off = params.get("offset") or 0.0
    ys = []
    for x in params['xs']:
        ys.append(await do_sq(workflow, x + off))
    print("calls", NCALLS, ys)
    steps = []
    for i, y in enumerate(ys):
        rr = await workflow.step.createTask(x=y, i=i)
        steps += rr
    steps.sort(key=lambda rj: rj[0].y)
    await workflow.lin.createTask(x=steps[-1][0].y)
