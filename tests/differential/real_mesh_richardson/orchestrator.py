import math


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--levels", type=int, default=3, help="refinement levels (>= 3)")


async def solve_level(workflow, h):
    """One refinement level: its mesh run's value and cell count."""
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u, run.cells


async def main(workflow, **params):
    values = {}
    for level in range(params["levels"]):
        h = params["h0"] / 2 ** level
        values[level] = await solve_level(workflow, h)
    u1, u2, u3 = (values[k][0] for k in sorted(values)[-3:])
    order = math.log(abs(u1 - u2) / abs(u2 - u3)) / math.log(2.0)
    extrapolated = u3 + (u3 - u2) / (2.0 ** order - 1.0)
    print(f"observed order {order:.2f}, extrapolated value {extrapolated:.6f}")
    await workflow.lin.createTask(x=round(extrapolated, 9))
    cells = [c for u, c in values.values()]
    await workflow.count.createTask(n=sum(cells))
