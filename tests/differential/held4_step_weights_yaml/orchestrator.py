from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.yaml")


async def main(workflow, **params):
    spec = yaml.safe_load(Path(__file__).with_name(params["sweep"]).read_text())
    xs = spec["x"]
    try:
        weights = spec["weights"]
    except KeyError:
        weights = [1.0] * len(xs)
    try:
        offset = spec["offset"]
    except KeyError:
        offset = 0.0
    outs = []
    for i, x in enumerate(xs):
        runs = await workflow.step.createTask(x=x + offset, i=i)
        outs.append(runs[0][0].y)
    total = sum(w * y for w, y in zip(weights, outs))
    print(f"weighted total {total:.3f} over {len(outs)} steps")
    await workflow.lin.createTask(x=total)
    await workflow.count.createTask(n=int(round(total)))
