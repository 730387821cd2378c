import asyncio


class TooBig(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, default=1.0)
    parser.add_argument("--b", type=float, default=3.0)


async def chain(workflow, x):
    try:
        (run, job), = await workflow.sq.createTask(x=x)
        if run.y > 5:
            raise TooBig(run.y)
        (run, job), = await workflow.lin.createTask(x=run.y)
        return run.y
    except TooBig as err:
        (run, job), = await workflow.lin.createTask(x=-err.args[0])
        return 0.0


async def main(workflow, **params):
    ys = await asyncio.gather(chain(workflow, params["a"]), chain(workflow, params["b"]))
    await workflow.count.createTask(n=int(sum(ys)))
