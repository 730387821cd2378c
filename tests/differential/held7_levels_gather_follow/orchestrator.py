import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--levels", type=int, default=3)
    parser.add_argument("--base", type=float, default=1.0)


async def coarse(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    return run


async def level(workflow, lvl, base):
    x = base * 2 ** lvl
    parent = await coarse(workflow, x)
    (child, _), = await workflow.follow.createTask(sq_id=parent.id, x=float(lvl))
    return lvl, parent, child


async def main(workflow, **params):
    results = await asyncio.gather(*[level(workflow, lvl, params["base"])
                                     for lvl in range(params["levels"])])
    results = sorted(results, key=lambda t: t[2].y, reverse=True)
    for lvl, parent, child in results:
        print(lvl, parent.y, child.y)
    (tot, _), = await workflow.total.createTask(sq_ids=[p.id for _, p, _ in results])
    deltas = [child.y - parent.y for _, parent, child in results]
    await workflow.count.createTask(n=int(sum(deltas)) + tot.n)
