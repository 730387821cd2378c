def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

async def main(workflow, **params):
    mult_runs1 = await workflow.mult.createTask(x=sorted(params['a']))
    for run, job in mult_runs1:
        x2 = run.y
        it3 = 0
        mult_runs4 = []
        for _ in range(3):
            mult_runs4 = await workflow.mult.createTask(x=x2)
        tv5 = 1.0 / (round({'fast': 1.0, 'slow': 2.0}[params['mode']]) - 2)
        acc6 = []
