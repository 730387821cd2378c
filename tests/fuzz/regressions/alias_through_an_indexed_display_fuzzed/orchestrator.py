# ruff: noqa: B007, E501, F821, F841, I001 - as the fuzzer wrote it
import numpy

def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

async def main(workflow, **params):
    task1 = workflow.mult.createTask(x=params['b'] if params['b'] <= 0.5 else params['b'])
    mult_runs2 = await task1
    obj3 = numpy.array(params['a'], dtype=float)
    alias4 = [obj3][0]
    obj7 = list([r.y for r, j in mult_runs2])
    alias8 = [obj7][0]
    obj7 += [params['b']]
    await workflow.agg.createTask(vals=alias8)
