import asyncio
import helpers
import itertools
import random
import statistics


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


def noisy(xs):
    total = 0.0
    for x in xs:
        total += x + 0.0 * random.random()
    return total


async def main(workflow, **params):
    label_runs1 = await workflow.label.createTask(name=params["mode"])
    for run, job in label_runs1:
        for v2 in sorted(set(params["a"])):
            flag3 = False
            for r, j in label_runs1:
                if v2 in list(itertools.islice(params["a"], 2)):
                    flag3 = True
            t4 = v2
            if params["opt"] is None:
                continue
        if not params["b"] in params["a"]:
            flag5 = False
            for r, j in label_runs1:
                if params["b"] == 2.0:
                    flag5 = True
            if flag5:
                await workflow.mult.createTask(x=(min(params["a"]) if params["a"] else 0.0), k=job.i)
            flag5 = False
        try:
            i6 = 0
            while i6 < 2:
                i6 += 1
                t7 = 2.0
                agg_runs8 = await workflow.agg.createTask(vals=params["a"])
                t9 = t7
        except ValueError:
            pass
    t10 = {"fast": 1.0, "slow": 2.0}[params["mode"]]
    results16 = await asyncio.gather(*[helpers.step11(workflow, v, params) for v in sorted(set(params["a"]))])
    square_runs17 = [pair for runs in results16 for pair in runs]
