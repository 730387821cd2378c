import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--groups", nargs="+", default=["0.1,2.0", "3.0"])
    parser.add_argument("--tol", type=float, default=0.5)


async def settle(workflow, group, tol):
    for _ in range(4):
        runs = await workflow.sq.createTask(x=group)
        if min(r.y for r, _ in runs) < tol:
            break
        group = [g / 2 for g in group]
    return group


async def main(workflow, **params):
    groups = [[float(v) for v in g.split(",")] for g in params["groups"]]
    finals = await asyncio.gather(*(settle(workflow, g, params["tol"]) for g in groups))
    groups[0].append(9.0)
    await workflow.count.createTask(n=[len(f) for f in finals])
