from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--stages", nargs="+", default=["lin", "sq"],
                        help="studies to chain, in order")


async def main(workflow, **params):
    with open(Path(__file__).parent / "pipeline.yaml") as f:
        config = yaml.safe_load(f)
    value = float(config["start"])
    history = [value]
    for stage in params["stages"]:
        study = getattr(workflow, stage)
        (run, job), = await study.createTask(x=value)
        value = run.y * config["damping"].get(stage, 1.0)
        history.append(value)
    print(" -> ".join(f"{v:.4g}" for v in history))
    await workflow.label.createTask(name=f"{'+'.join(params['stages'])}={value:.4f}")
