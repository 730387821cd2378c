import asyncio
import itertools
import statistics

import helpers


def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

def clip(v, hi):
    return min(v, hi)

async def step19(workflow, v, params):
    await workflow.mult.createTask(x=4.0)

async def main(workflow, **params):
    mult_runs1 = await workflow.mult.createTask(x=min([params['b'], params['b']], key=abs, default=0.0))
    mult_runs3 = await workflow.mult.createTask(x=1.5)
    for i12, v13 in enumerate(sorted(set(params['a']))):
        for i14 in range(len([r.y for r, j in mult_runs1 if r.y < 0.5])):
            for r, j in mult_runs3:
                risk16 = statistics.fmean([r.y for r, j in mult_runs3 if r.y < 2.5])
                await workflow.mult.createTask(x=[r.y for r, j in mult_runs1 if r.y < 4.0], k=int(r.y) + 2)
        task27 = asyncio.create_task(step19(workflow, statistics.fmean([r.y for r, j in mult_runs3 if r.y > 2.5]) if [r.y for r, j in mult_runs3 if r.y > 2.5] else 0.0, params))
        task28 = asyncio.create_task(step19(workflow, v13, params))
