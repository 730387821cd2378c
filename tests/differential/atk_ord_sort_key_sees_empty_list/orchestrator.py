def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    seen = []

    def key(y):
        seen.append(len(ys))
        return -y

    ys.sort(key=key)
    await workflow.count.createTask(n=sum(seen) + 10 * len(seen))
    await workflow.sq.createTask(x=ys[0])
