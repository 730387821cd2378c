from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--eps", type=float, default=0.01)
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.3)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--maxit", type=int, default=8)


@dataclass
class Point:
    h: float
    f: float
    cells: int


async def error_at(workflow, h, eps):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Point(h, run.u - 1.0 - eps, run.cells)


async def main(workflow, **params):
    p0 = await error_at(workflow, params["h0"], params["eps"])
    p1 = await error_at(workflow, params["h1"], params["eps"])
    n = 0
    while abs(p1.f) > params["tol"] and n < params["maxit"]:
        try:
            h2 = p1.h - p1.f * (p1.h - p0.h) / (p1.f - p0.f)
        except ZeroDivisionError:
            break
        p0, p1 = p1, await error_at(workflow, h2, params["eps"])
        n += 1
    await workflow.lin.createTask(x=float(p1.cells))
