def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    xs = list(params["xs"])
    first = await workflow.sq.createTask(x=xs)
    xs.append(first[0][0].y)
    xs[0] = -1.0
    second = await workflow.lin.createTask(x=xs)
    cfg = {"x": first[-1][0].y}
    kw = cfg
    await workflow.sq.createTask(**cfg)
    kw["x"] = kw["x"] + 1
    await workflow.sq.createTask(**cfg)
    params["xs"].reverse()
    await workflow.count.createTask(n=[len(second), int(params["xs"][0])])
