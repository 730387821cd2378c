import json
import statistics
from collections import defaultdict
from pathlib import Path

SWEEP = Path(__file__).parent / "materials.json"


def populate_arg_parser(parser):
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])


async def main(workflow, **params):
    materials = json.loads(SWEEP.read_text())
    owner = {}
    for name, loads in materials.items():
        for x in loads:
            owner[x] = name
    xs = sorted(owner)
    runs = await workflow.replica.createTask(x=xs, seed=params["seeds"])
    by_material = defaultdict(list)
    for run, job in runs:
        by_material[owner[job.x]].append(run.y / job.x)
    spread = {m: statistics.pstdev(v) for m, v in by_material.items()}
    for m in sorted(spread, key=spread.get):
        print(f"{m:6s} n={len(by_material[m])} spread={spread[m]:.4f}")
    best = min(spread, key=spread.get)
    await workflow.label.createTask(name=best)
    worst = max(spread.items(), key=lambda kv: kv[1])[0]
    await workflow.label.createTask(name=worst + "-redo")
