import math

import numpy


def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

async def main(workflow, **params):
    task1 = workflow.agg.createTask(vals=params['a'], n=len(set(params['a'])))
    agg_runs2 = await task1
    x3 = abs(math.sqrt(abs(min(agg_runs2, key=lambda p: p[0].s)[0].s if agg_runs2 else 0.0)))
    it5 = 0
    seen6 = []
    rw_seed7 = await workflow.mult.createTask(x=[1.5])
    rows8 = []
    for x9 in numpy.linspace(rw_seed7[0][0].y - 1.0, rw_seed7[0][0].y + 1.0, 3):
        (rr10, rj11), = await workflow.mult.createTask(x=round(float(x9), 6))
        rows8.append({'x': float(x9), 'v': rr10.y})
    best12 = max(rows8, key=lambda p: p['v'])
    await workflow.add.createTask(x=best12['x'], y=best12['v'])
