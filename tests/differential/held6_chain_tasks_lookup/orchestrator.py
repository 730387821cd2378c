import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--skip", type=float, nargs="*", default=[])


async def chain(workflow, x):
    (s, _), = await workflow.sq.createTask(x=x)
    (lr, _), = await workflow.lin.createTask(x=s.y)
    (m, _), = await workflow.mix.createTask(a=x, b=lr.y)
    return {"x": x, "sq": s.id, "y": m.y}


async def main(workflow, **params):
    tasks = {}
    for x in params["xs"]:
        if x in params["skip"]:
            continue
        tasks[x] = asyncio.create_task(chain(workflow, x))
    results = {}
    for x, t in tasks.items():
        results[x] = await t
    ids = []
    for x in params["xs"]:
        try:
            ids.append(results[x]["sq"])
        except KeyError:
            print(f"x={x} was skipped")
    await workflow.total.createTask(sq_ids=ids)
    best = max(results.values(), key=lambda r: r["y"])
    await workflow.follow.createTask(sq_id=best["sq"], x=best["x"])
