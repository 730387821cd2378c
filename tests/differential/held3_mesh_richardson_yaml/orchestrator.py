import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

log = logging.getLogger("mesh-study")


def populate_arg_parser(parser):
    parser.add_argument("--levels", default="levels.yaml", help="YAML file of mesh sizes")
    parser.add_argument("--tol", type=float, default=0.002)


@dataclass
class Level:
    h: float
    u: float
    cells: int


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h=job.h, u=run.u, cells=run.cells)


async def main(workflow, **params):
    cfg = yaml.safe_load((Path(__file__).parent / params["levels"]).read_text())
    hs = sorted(cfg["h"], reverse=True)
    done = []
    for h in hs:
        lvl = await run_level(workflow, h)
        log.info(f"level h={lvl.h:.3f} cells={lvl.cells} u={lvl.u:.6f}")
        done.append(lvl)
        if len(done) >= 2:
            a, b = done[-2], done[-1]
            est = abs(b.u - a.u) / (2 ** cfg.get("order", 2) - 1)
            if est < params["tol"]:
                log.info(f"converged at h={b.h}")
                break
    await workflow.sq.createTask(x=[lvl.u for lvl in done])
