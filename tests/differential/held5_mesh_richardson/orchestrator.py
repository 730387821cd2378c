import math
from dataclasses import dataclass


@dataclass
class Level:
    h: float
    u: float
    cells: int


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5, help="coarsest mesh size")
    parser.add_argument("--levels", type=int, default=3)


async def solve_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    levels = []
    for k in range(params["levels"]):
        levels.append(await solve_level(workflow, params["h0"] / 2 ** k))
    coarse, mid, fine = levels[-3:]
    order = math.log(abs(coarse.u - mid.u) / abs(mid.u - fine.u)) / math.log(2)
    u_star = fine.u + (fine.u - mid.u) / (2 ** order - 1)
    print(f"observed order {order:.3f}, extrapolated u = {u_star:.6f}")
    for lv in levels:
        print(f"  h={lv.h:.4f} cells={lv.cells:4d} u={lv.u:.6f}")
    await workflow.lin.createTask(x=round(u_star, 8))
    if order < 2.5:
        await workflow.count.createTask(n=fine.cells * 2)
