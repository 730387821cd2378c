import logging

logger = logging.getLogger(__name__)


def populate_arg_parser(parser):
    parser.add_argument("--lo", type=float, default=0.05)
    parser.add_argument("--hi", type=float, default=0.8)
    parser.add_argument("--tol", type=float, default=0.02)
    parser.add_argument("--maxit", type=int, default=8)


async def is_stable(workflow, dt):
    runs = await workflow.solve.createTask(dt=dt)
    run, job = runs[0]
    return run.ok == 1


async def main(workflow, **params):
    lo, hi = params["lo"], params["hi"]
    it = 0
    while hi - lo > params["tol"] and it < params["maxit"]:
        mid = 0.5 * (lo + hi)
        if await is_stable(workflow, mid):
            lo = mid
        else:
            hi = mid
        it += 1
        logger.info("it %d: [%g, %g]", it, lo, hi)
    await workflow.mesh.createTask(h=lo)
