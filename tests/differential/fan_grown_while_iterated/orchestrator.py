def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    for y in ys:
        if y < 5.0:
            ys.append(y + 10.0)
        await workflow.lin.createTask(x=y)
