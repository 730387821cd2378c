def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])

    pairs = sorted([(r.y, j.x) for r, j in runs])
    await workflow.label.createTask(name=str(pairs[0][1]))
    await workflow.label.createTask(name=str(pairs[0] == [1.0, 1.0]))
    await workflow.label.createTask(name="%s" % (pairs[0],))
    await workflow.label.createTask(name="{}".format(pairs[0]))
    await workflow.label.createTask(name=str(pairs[0]))
