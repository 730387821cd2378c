# ruff: noqa: B007, F841
def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

async def main(workflow, **params):
    for i1, v2 in enumerate(params['a']):
        acc3 = []
        add_runs5 = await workflow.add.createTask(x=v2)
        for run, job in add_runs5[:2]:
            x6 = min(add_runs5, key=lambda p: abs(p[0].z - 2.0))[0].z if add_runs5 else 0.0
            it7 = 0
            for _ in range(3):
                mult_runs8 = await workflow.mult.createTask(x=x6)
                if mult_runs8[0][0].n >= 2:
                    break
