def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


def grow(values):
    values.append(9.0)


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    top = max(run.y for run, job in runs)
    table = {'lo': [1.0], 'hi': [2.0]}
    key = 'hi' if top > 2 else 'lo'

    chosen = table[key]
    key = 'lo'
    table[key].append(0.5)
    await workflow.sq.createTask(x=chosen)
