import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=2.0)


async def chain(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1])
    lin = await workflow.lin.createTask(x=max(r.y for r, j in runs))  # noqa: F841
    return [r.id for r, j in runs]


async def main(workflow, **params):
    box = {}
    box.setdefault("t", []).append(asyncio.create_task(chain(workflow, params["a"])))
    box.setdefault("t", []).append(asyncio.create_task(chain(workflow, params["b"])))
    got = await asyncio.gather(*box["t"])
    await workflow.total.createTask(sq_ids=got[0] + got[1])
