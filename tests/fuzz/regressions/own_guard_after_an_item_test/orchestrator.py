def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["a"])
    acc = []
    for r, _j in runs:
        if r.y > 2.5:
            acc.append(r.y)
    for i in range(2):
        for k in range(3):
            m = await workflow.mult.createTask(x=params["b"] + k)
            if m[0][0].n > k:
                await workflow.square.createTask(v=m[0][0].y)
            if len(acc) > k:
                await workflow.add.createTask(x=params["b"], y=float(k))
            if m[0][0].y > 4.0 + i:
                break
