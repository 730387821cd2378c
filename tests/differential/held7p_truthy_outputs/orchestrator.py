def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--big", type=float, default=12.0)


async def main(workflow, **params):
    (zero, _), = await workflow.count.createTask(n=params["n"])
    if zero.y:
        await workflow.sq.createTask(x=1.0)
    else:
        await workflow.sq.createTask(x=2.0)
    x = zero.y or 3.5
    await workflow.lin.createTask(x=float(x))
    (g, _), = await workflow.gap.createTask(x=params["big"])
    y = g.y if g.y is not None else -1.0
    await workflow.lin.createTask(x=y)
    flags = [bool(zero.y), not g.y, zero.y == 0, g.y == None]  # noqa: E711
    await workflow.count.createTask(n=sum(flags))
    label = "none" if not g.y else "some"
    await workflow.label.createTask(name=label + str(zero.y))
