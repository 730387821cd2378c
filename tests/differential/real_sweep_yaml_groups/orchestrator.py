from collections import defaultdict
from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.yaml", help="the sweep (YAML)")


async def main(workflow, **params):
    spec = yaml.safe_load(Path(__file__).with_name(params["sweep"]).read_text())
    runs = await workflow.mix.createTask(a=spec["a"], b=spec["b"])
    by_a = defaultdict(list)
    for run, job in runs:
        by_a[job.a].append(run.y)
    for a, ys in sorted(by_a.items()):
        await workflow.lin.createTask(x=sum(ys) / len(ys) * spec["scale"])
    await workflow.label.createTask(name=spec["name"])
