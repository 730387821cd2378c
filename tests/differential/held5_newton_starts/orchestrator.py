from dataclasses import dataclass


@dataclass
class Root:
    start: float
    value: float
    iterations: int


class NotConverged(RuntimeError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", required=True)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--max-iter", dest="max_iter", type=int, default=10)


async def newton_from(workflow, x0, tol, max_iter):
    x = x0
    for k in range(1, max_iter + 1):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
        if run.err < tol:
            return Root(x0, x, k)
    raise NotConverged(f"start {x0}: still moving after {max_iter} steps")


async def main(workflow, **params):
    roots = []
    for x0 in params["starts"]:
        try:
            roots.append(await newton_from(workflow, x0, params["tol"], params["max_iter"]))
        except NotConverged as err:
            print("skipped:", err)
    for r in roots:
        print(f"from {r.start:g}: {r.value:.6f} in {r.iterations} steps")
    checks = await workflow.sq.createTask(x=[r.value for r in roots])
    await workflow.total.createTask(sq_ids=[run.id for run, job in checks])
