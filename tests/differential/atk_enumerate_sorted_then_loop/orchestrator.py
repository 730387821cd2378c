def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    numbered = enumerate([run.y for run, job in runs])
    ranked = sorted(numbered, key=lambda iy: iy[1])
    for i, y in numbered:
        await workflow.lin.createTask(x=y + i)
    await workflow.count.createTask(n=ranked[0][0])
