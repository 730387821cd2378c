import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Step:
    h: float
    u: float


def populate_arg_parser(parser):
    parser.add_argument("--config", default="refine.json")


async def solve_at(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Step(h, run.u)


async def main(workflow, **params):
    cfg = json.loads(Path(__file__).with_name(params["config"]).read_text())
    steps = [await solve_at(workflow, cfg["h0"])]
    for _ in range(cfg["max_levels"]):
        nxt = await solve_at(workflow, steps[-1].h / 2)
        steps.append(nxt)
        if abs(nxt.u - steps[-2].u) < cfg["tol"]:
            break
    for s in steps:
        print(f"h={s.h:.5f} u={s.u:.8f}")
    converged = abs(steps[-1].u - steps[-2].u) < cfg["tol"]
    await workflow.count.createTask(n=len(steps) if converged else -len(steps))
    await workflow.mesh.createTask(h=steps[-1].h / 4)
