def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    xs = params["xs"]
    first = await workflow.sq.createTask(x=xs[0])
    xs.sort()
    second = await workflow.sq.createTask(x=xs[0] + 10)
    xs.append(first[0][0].y)
    await workflow.count.createTask(n=[len(xs), int(second[0][0].y)])
    await workflow.sq.createTask(x=xs[-1] + xs[0])
