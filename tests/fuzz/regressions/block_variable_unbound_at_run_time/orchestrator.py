import statistics

def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

def positive(v):
    pass

async def main(workflow, **params):
    square_runs1 = await workflow.square.createTask(v=params['b'])
    add_runs2 = await workflow.add.createTask(x=params['b'])
    label_runs3 = await workflow.label.createTask(name=params['mode'])
    for run, job in add_runs2[1:]:
        pos = run.id
        acc4 = []
        for r, j in square_runs1:
            if r.w < 4.0:
                acc4.append(r.w)
        if positive(min(job.y, job.x)):
            break
    for run, job in add_runs2[1:]:
        t5 = 2.0 + (statistics.fmean(params['a']) if params['a'] else 0.0)
        flag6 = False
        for r, j in add_runs2:
            if len(params['a']) > 1 or not 1 > 2:
                flag6 = True
        if flag6:
            await workflow.square.createTask(v=job.y)
        for run2, job2 in label_runs3:
            if (t5 if params['opt'] is None else t5) > 2.5:
                await workflow.square.createTask(v=params['b'])
            ok7 = params['opt'] is None
            i8 = 0
            while i8 < 2:
                i8 += 1
                agg_runs9 = await workflow.agg.createTask(vals=sorted(params['a'], key=lambda v: -v))
    ok10 = abs(params['b'] - 0.5) < 2.5
