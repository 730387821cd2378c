import json
from collections import defaultdict
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.json", help="the sweep description")


async def main(workflow, **params):
    spec = json.loads((Path(__file__).parent / params["sweep"]).read_text())
    scale = spec.get("scale", 1.0)
    families = defaultdict(list)
    for point in spec["points"]:
        families[point["family"]].append(point["x"] * scale)
    totals = {}
    for family, xs in sorted(families.items()):
        runs = await workflow.sq.createTask(x=xs)
        (tot, _), = await workflow.total.createTask(sq_ids=[r.id for r, j in runs])
        totals[family] = tot.y
        print(f"{family:>8}: {len(xs)} points, sum of squares {tot.y:.3f}")
    print("largest family:", max(totals, key=totals.get))
