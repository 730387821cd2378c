import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--stages", default="lin>sq", help="studies to chain, separated by '>'")
    parser.add_argument("--inputs", default="inputs.json")


async def main(workflow, **params):
    cfg = json.loads((HERE / params["inputs"]).read_text())
    stages = [s.strip() for s in params["stages"].split(">") if s.strip()]
    values = [float(v) for v in cfg["x"]]
    sq_ids = []
    trail = [{"stage": "input", "values": values}]
    for stage in stages:
        runs = await getattr(workflow, stage).createTask(x=values)
        kept = [(run, job) for run, job in runs if run.y <= cfg["clip"]]
        if stage == "sq":
            sq_ids += [run.id for run, job in kept]
        values = [run.y for run, job in kept]
        trail.append({"stage": stage, "values": values, "dropped": len(runs) - len(kept)})
        print(f"{stage:>4}: kept {len(kept)} of {len(runs)}")
        if not values:
            print("nothing left after", stage)
            break
    with open(HERE / "pipeline_trail.json", "w") as f:
        json.dump(trail, f, indent=1)
    if sq_ids:
        (tot, _), = await workflow.total.createTask(sq_ids=sq_ids)
        print(f"sum of the kept squares: {tot.y:g} over {tot.n} runs")
    await workflow.count.createTask(n=len(values))
