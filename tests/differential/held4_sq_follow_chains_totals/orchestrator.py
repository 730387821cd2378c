import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--shift", type=float, default=0.0)
    parser.add_argument("--no_skip", dest="skip_odd", action="store_false")


async def chain(workflow, x, shift):
    (s, sj), = await workflow.sq.createTask(x=x)
    (f, fj), = await workflow.follow.createTask(sq_id=s.id, x=shift)
    return s, f


async def main(workflow, **params):
    xs = [x for x in params["xs"] if not (params["skip_odd"] and int(x) % 2)]
    tasks = {x: asyncio.create_task(chain(workflow, x, params["shift"])) for x in xs}
    done = {}
    for x, t in tasks.items():
        try:
            done[x] = await t
        except Exception as err:
            print("chain failed", x, err)
    ys = {x: f.y for x, (s, f) in done.items()}
    await workflow.total.createTask(sq_ids=[s.id for s, f in done.values()])
    await workflow.lin.createTask(x=max(ys.values()))
