import asyncio
import json
import math
from collections import namedtuple
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
Level = namedtuple("Level", "h u cells")


def populate_arg_parser(parser):
    parser.add_argument("--config", default="mesh.yaml", help="mesh levels and safety factor")
    parser.add_argument("--target-gci", type=float, default=0.002,
                        help="relative discretisation error wanted on the fine mesh")


async def solve(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(job.h, run.u, run.cells)


async def main(workflow, **params):
    with open(HERE / params["config"]) as f:
        cfg = yaml.safe_load(f)
    r = cfg["ratio"]
    hs = [round(cfg["h_coarse"] / r ** k, 6) for k in range(3)]
    coarse, medium, fine = await asyncio.gather(*(solve(workflow, h) for h in hs))
    e21 = medium.u - fine.u
    e32 = coarse.u - medium.u
    p = math.log(abs(e32 / e21)) / math.log(r)
    u_ext = (r ** p * fine.u - medium.u) / (r ** p - 1)
    gci_fine = cfg["safety"] * abs(e21 / fine.u) / (r ** p - 1)
    print(f"{'h':>8} {'cells':>6} {'u':>12}")
    for lv in (coarse, medium, fine):
        print(f"{lv.h:8.4f} {lv.cells:6d} {lv.u:12.8f}")
    print(f"p = {p:.3f}  u_ext = {u_ext:.8f}  GCI_fine = {100 * gci_fine:.3f}%")
    report = {"order": p, "extrapolated": u_ext, "gci_fine": gci_fine,
              "levels": [lv._asdict() for lv in (coarse, medium, fine)]}
    with open(HERE / "gci.json", "w") as f:
        json.dump(report, f, indent=2)
    if gci_fine > params["target_gci"]:
        # the GCI scales like h^p: the mesh size that should meet the target
        h_new = fine.h * (params["target_gci"] / gci_fine) ** (1.0 / p)
        (run, job), = await workflow.mesh.createTask(h=round(h_new, 4))
        print(f"extra level h={job.h}: |u - u_ext| = {abs(run.u - u_ext):.2e}")
        await workflow.count.createTask(n=run.cells)
    else:
        await workflow.count.createTask(n=fine.cells)
