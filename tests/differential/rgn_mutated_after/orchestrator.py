import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def chain(workflow, x):
    (s, sj), = await workflow.sq.createTask(x=x)
    if s.y > 5:
        raise RuntimeError(f"{x} too far")
    (f, fj), = await workflow.follow.createTask(sq_id=s.id, x=1.0)
    return s.id, f.y


async def main(workflow, **params):
    tasks = {x: asyncio.create_task(chain(workflow, x)) for x in params["xs"]}
    ids = []
    ys = []
    for x, t in tasks.items():
        try:
            i, y = await t
        except RuntimeError as err:
            print("skipped", err)
            continue
        ids.append(i)
        ys.append(y)
    ids.sort()
    ys.append(0.5)
    await workflow.total.createTask(sq_ids=ids)
    await workflow.lin.createTask(x=sum(ys))
