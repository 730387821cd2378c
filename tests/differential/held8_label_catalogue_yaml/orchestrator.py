import json
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--catalogue", default="specimens.yaml")
    parser.add_argument("--min-count", type=int, default=2,
                        help="materials with fewer specimens are not counted")


async def main(workflow, **params):
    spec = yaml.safe_load((HERE / params["catalogue"]).read_text())
    material_of = {s["name"]: s["material"] for s in spec["specimens"]}
    runs = await workflow.label.createTask(name=list(material_of))
    by_name = {job.name: run for run, job in runs}
    per_material = defaultdict(list)
    for name, run in by_name.items():
        per_material[material_of[name]].append(run.text)
    initials = Counter(run.text[0] for run in by_name.values())
    print("initials:", ", ".join(f"{c}={k}" for c, k in initials.most_common()))
    for material in sorted(per_material):
        texts = per_material[material]
        print(f"{material:<9} {len(texts)}: {' '.join(sorted(texts))}")
    frequent = sorted(m for m, texts in per_material.items() if len(texts) >= params["min_count"])
    letters = {m: sum(len(t) for t in per_material[m]) for m in frequent}
    for m in frequent:
        (run, job), = await workflow.count.createTask(n=letters[m])
        print(f"{m}: {job.n} letters -> {run.y}")
    longest = max(by_name.values(), key=lambda r: (r.y, r.text))
    (ref, _), = await workflow.label.createTask(name=f"{longest.text.lower()}_ref")
    with open(HERE / "catalogue_summary.json", "w") as f:
        json.dump({"materials": {m: sorted(t) for m, t in per_material.items()},
                   "initials": dict(initials), "reference": ref.text}, f, indent=2)
    await workflow.sq.createTask(x=float(ref.y))
