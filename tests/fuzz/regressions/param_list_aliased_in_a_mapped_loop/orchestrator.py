import statistics

def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

def clip(v, hi):
    pass

async def main(workflow, **params):
    label_runs1 = await workflow.label.createTask(name=params['mode'])
    for run, job in label_runs1[1:]:
        xs2 = params['a']
        xs2.extend([params['b'], round(statistics.fmean(params['a']) if params['a'] else 0.0, 2)])
        task3 = workflow.mult.createTask(x=sum(params['a'][:2]))
        mult_runs4 = await task3
        if run.size == 2:
            continue
    if params['opt'] is None:
        task5 = workflow.mult.createTask(x=1.0)
        mult_runs6 = await task5
        task7 = workflow.square.createTask(v=2.5)
        square_runs8 = await task7
        await workflow.agg.createTask(vals=[v * 1.5 for v in params['a']])
    t9 = clip(params['b'], 3.0)
    flag10 = False
    for r, j in label_runs1:
        if 0.5 in params['a'] or 2.5 >= 2.5:
            flag10 = True
