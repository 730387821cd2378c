def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


def extend(values):
    values += [100.0]
    return len(values)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    extend(ys)
    await workflow.lin.createTask(x=ys)
