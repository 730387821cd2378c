import asyncio
import math


def populate_arg_parser(parser):
    parser.add_argument("--dt", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=4)
    parser.add_argument("--levels", type=int, default=3)


async def main(workflow, **params):
    dt = params["dt"]
    for attempt in range(params["tries"]):
        (run, job), = await workflow.solve.createTask(dt=dt)
        if run.ok:
            break
        print(f"dt={dt:g} unstable, halving")
        dt /= 2
    else:
        raise RuntimeError(f"no stable step after {params['tries']} halvings")
    ladder = [dt / 2 ** k for k in range(params["levels"])]
    results = await asyncio.gather(*(workflow.solve.createTask(dt=d) for d in ladder))
    res = [runs[0][0].res for runs in results]
    orders = [math.log2(a / b) for a, b in zip(res, res[1:])]
    print("orders:", ", ".join(f"{p:.2f}" for p in orders))
    await workflow.lin.createTask(x=dt)
    await workflow.label.createTask(name=f"dt={dt:g} p={min(orders):.2f}")
