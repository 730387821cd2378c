def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])


async def main(workflow, **params):
    runs = await workflow.lin.createTask(x=params["xs"])
    top = max(run.y for run, job in runs)

    cfg = {'a': {'x': 1.0}, 'b': {'x': 2.0}}
    sub = cfg['a' if top > 2 else 'b']
    cfg['a']['x'] = 3.0
    await workflow.sq.createTask(x=[sub['x']])
