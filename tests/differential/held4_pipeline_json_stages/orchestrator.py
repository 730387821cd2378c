import json
from pathlib import Path

OUTPUT = {"sq": "y", "lin": "y", "newton": "next"}


def populate_arg_parser(parser):
    parser.add_argument("--config", default="pipeline.json")
    parser.add_argument("--x0", type=float, nargs="*", default=[1.0])


async def run_stage(workflow, stage, values):
    manager = getattr(workflow, stage["study"])
    runs = await manager.createTask(x=[v * stage.get("scale", 1.0) for v in values])
    field = OUTPUT[stage["study"]]
    return [getattr(run, field) for run, job in runs]


async def main(workflow, **params):
    cfg = json.loads((Path(__file__).parent / params["config"]).read_text())
    values = params["x0"]
    sizes = {}
    for k, stage in enumerate(cfg["stages"]):
        values = await run_stage(workflow, stage, values)
        values = [min(max(v, cfg["clip"][0]), cfg["clip"][1]) for v in values]
        sizes[f"{k}-{stage['study']}"] = len(values)
    print(sizes)
    await workflow.count.createTask(n=sum(sizes.values()))
