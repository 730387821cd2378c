LIMITS = {1: 0.5, 4: 2.0, 9: 3.0}


class Unknown(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


def limit(y):
    return LIMITS.get(int(round(y)), 0.0)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    lim = limit(run.y)
    try:
        (run2, job2), = await workflow.lin.createTask(x=lim * 2)
        if run2.y > 4:
            raise Unknown(run2.y)
        z = run2.y
    except Unknown:
        z = 0.0
    await workflow.sq.createTask(x=z + 10)
