import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=3.0)


async def chain(workflow, x0, n):
    xs = [x0 + i for i in range(n)]
    sq_runs = await workflow.sq.createTask(x=xs)
    lin_runs = await workflow.lin.createTask(x=[r.y for r, j in sq_runs])
    return [r.id for r, j in sq_runs], max(r.y for r, j in lin_runs)


async def main(workflow, **params):
    left = asyncio.create_task(chain(workflow, params["a"], 2))
    right = asyncio.create_task(chain(workflow, params["b"], 3))
    (ids_l, top_l), (ids_r, top_r) = await asyncio.gather(left, right)
    await workflow.total.createTask(sq_ids=ids_l + ids_r)
    print("tops", top_l, top_r)
    await workflow.count.createTask(n=int(max(top_l, top_r)))
