def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    top = max(run.y for run, job in runs)

    rows = {'a': [run.y for run, job in runs], 'b': [1.0]}
    pick = rows['a' if top > 2 else 'b']
    rows['a'].append(11.0)
    await workflow.sq.createTask(x=pick)
