import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--plan", default="stages.yaml")
    parser.add_argument("--only", type=int, default=None, help="stop after this many stages")


async def main(workflow, **params):
    with open(os.path.join(HERE, params["plan"])) as f:
        plan = yaml.safe_load(f)
    stages = plan["stages"]
    if params["only"] is not None:
        stages = stages[: params["only"]]
    values = list(plan["start"])
    history = {}
    for i, stage in enumerate(stages):
        manager = getattr(workflow, stage["study"])
        xs = [stage["scale"] * v for v in values]
        runs = await manager.createTask(x=xs)
        values = [run.y for run, job in runs]
        history[f"{i}:{stage['study']}"] = values
        print(f"stage {i} ({stage['study']}): {values}")
    big = sum(1 for v in values if v > 1.0)
    await workflow.count.createTask(n=big + 10 * len(history))
