import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=2.0)
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--rel-step", type=float, default=0.1)
    parser.add_argument("--points", type=int, default=3)


async def one(workflow, a, b):
    (run, job), = await workflow.mix.createTask(a=a, b=b)
    return run.y


async def main(workflow, **params):
    a, b, h = params["a"], params["b"], params["rel_step"]
    base, ya, yb = await asyncio.gather(
        one(workflow, a, b), one(workflow, a * (1 + h), b), one(workflow, a, b * (1 + h)))
    sens = {}
    for name, value, y in (("a", a, ya), ("b", b, yb)):
        try:
            sens[name] = (y - base) / base * value / (value * h)
        except ZeroDivisionError:
            sens[name] = 0.0
    driver = max(sens, key=lambda k: abs(sens[k]))
    print("normalised sensitivities:", {k: round(v, 4) for k, v in sens.items()})
    half = params["points"] // 2
    span = [1.0 + 0.25 * k for k in range(-half, half + 1)]
    if driver == "a":
        await workflow.mix.createTask(a=[a * s for s in span], b=b)
    else:
        await workflow.mix.createTask(a=a, b=[b * s for s in span])
    await workflow.lin.createTask(x=round(sens[driver], 8))
