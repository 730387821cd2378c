import collections
import itertools
import math
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def main(workflow, **params):
    add_runs1 = await workflow.add.createTask(x=math.sqrt(abs((params["b"] if params["b"] in params["a"] else 2.0))))
    print(any(r.z > 1.0 for r, j in add_runs1), "n" + str(len(add_runs1)))
    i2 = 0
    while i2 < 3:
        i2 += 1
        x3 = params["b"]
        it4 = 0
        mult_runs5 = []
        while it4 < 20:
            mult_runs5 = await workflow.mult.createTask(x=x3)
            it4 += 1
            groups6 = collections.defaultdict(list)
            for r, j in mult_runs5:
                groups6[r.n].append(r.y)
            t7 = groups6[0][0]
            if mult_runs5[0][0].y > {"fast": 1.0, "slow": 2.0}[params["mode"]]:
                break
            x3 = mult_runs5[0][0].y / 2
        ok8 = round(x3) >= 1
        task9 = workflow.add.createTask(x=x3, y=(statistics.fmean(params["a"]) if params["a"] else 0.0))
        add_runs10 = await task9
    found11 = False
    for run, job in add_runs1[:2]:
        label_runs12 = await workflow.label.createTask(name=params["mode"], i=params["n"])
        task13 = workflow.agg.createTask(vals=params["a"], n=params["n"])
        agg_runs14 = await task13
        t15 = job.y
        if max(run.z, 2.5) <= 2.0:
            break
        if float(params["n"]) > 3.0:
            found11 = True
