# ruff: noqa: B007, E501, F821, F841, I001 - as the fuzzer wrote it
import helpers

def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

async def main(workflow, **params):
    square_runs1 = await workflow.square.createTask(run_params={'tag': params['mode']}, v=params['a'])
    for run2, job2 in square_runs1:
        mult_runs2 = await workflow.mult.createTask(x=helpers.weighted(sorted(params['a'], reverse=True)[:2], round(run2.w, 2)))
        i3 = 0
        while i3 < 3:
            xs4 = sorted(params['a'])[1:]
            mult_runs5 = await workflow.mult.createTask(x=float(int(run.w)), k=len(xs4))
