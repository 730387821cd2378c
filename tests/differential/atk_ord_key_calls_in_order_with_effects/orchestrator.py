def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    y = {x: runs[i][0].y for i, x in enumerate(params["xs"])}
    log = []

    def key(x):
        log.append(x)
        return y[x] if len(log) % 2 else -y[x]

    ranked = sorted(params["xs"], key=key)
    await workflow.count.createTask(n=[int(v) for v in log])
    await workflow.count.createTask(n=[int(v) for v in ranked])
