def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params['a'])
    us = [1.0]
    levels = [[run.y, us] for run, job in runs]
    best = min(levels, key=lambda lv: lv[0])
    await workflow.add.createTask(x=float(len(best[1])) + 10.0, y=0.0)
