def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)


async def main(workflow, **params):
    xs = params["a"]
    if params["b"] / 5.0 in xs:
        x = min(xs, key=abs, default=0.0)
        it = 0
        while it < 3:
            runs = await workflow.mult.createTask(x=x)
            it += 1
            if abs(runs[0][0].y - x) < 2.0:
                break
        for _run, _job in runs[1:]:
            await workflow.mult.createTask(x=1.0)
    await workflow.square.createTask(v=xs)
