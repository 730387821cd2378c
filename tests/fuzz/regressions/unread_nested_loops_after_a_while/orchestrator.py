import asyncio
import collections


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def step11(workflow, v, params):
    add_runs12 = await workflow.add.createTask(x=v, y=abs(1.5 - 2.5))
    await workflow.add.createTask(x=(min(params["a"][::-1]) if params["a"][::-1] else 0.0), y=1.0)
    return await workflow.mult.createTask(x=[r.z for r, j in add_runs12 if r.z < 0.5])


async def main(workflow, **params):
    label_runs1 = await workflow.label.createTask(name=params["mode"] + "-" + str((params["n"] + 1)))
    try:
        groups2 = collections.defaultdict(list)
        for r, j in label_runs1:
            groups2[r.size].append(r.size)
        t3 = float(len(groups2[1]))
        log5 = []
        try:
            tv4 = 1.0 / (round(t3) - 3)
            tv4 = tv4 * 0.5
        finally:
            log5.append(1)
        t6 = float(len(log5))
    except ValueError:
        pass
    x7 = abs(float(params["n"]))
    it9 = 0
    mult_runs8 = await workflow.mult.createTask(x=x7)
    while mult_runs8[0][0].y < 1.0 and it9 < params["n"] + 1:
        x7 = x7 + 1.0
        mult_runs8 = await workflow.mult.createTask(x=x7)
        await workflow.mult.createTask(x=2.5)
        it9 += 1
    for r, j in mult_runs8:
        for r2, j2 in mult_runs8:
            risk10 = 1.0 / (r.n - r2.n + 0)
    mult_runs8 += await workflow.mult.createTask(x=params["a"])
    task13 = asyncio.create_task(step11(workflow, (params["b"] * params["b"]), params))
    task14 = asyncio.create_task(step11(workflow, params["b"], params))
    await workflow.agg.createTask(vals=[r.y for r, j in mult_runs8 if r.y > 1.5], n=len(set(params["a"])), mult_ids=[r.id for r, j in mult_runs8])
    mult_runs15 = await task13
    mult_runs16 = await task14
