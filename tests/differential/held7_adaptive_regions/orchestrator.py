from pathlib import Path

import yaml


def populate_arg_parser(parser):
    parser.add_argument("--regions", default="regions.yaml")
    parser.add_argument("--max-levels", type=int, default=5)


async def refine(workflow, h0, tol, cap):
    history = []
    h = h0
    prev = None
    for _level in range(cap):
        (run, job), = await workflow.mesh.createTask(h=h)
        history.append((h, run.u))
        if prev is not None and abs(run.u - prev) < tol:
            break
        prev = run.u
        h /= 2
    return history


async def main(workflow, **params):
    spec = yaml.safe_load(Path(__file__).with_name(params["regions"]).read_text())
    summary = {}
    for name, region in sorted(spec["regions"].items(), key=lambda kv: kv[1]["tol"]):
        history = await refine(workflow, region["h0"], region["tol"], params["max_levels"])
        summary[name] = history
        print(name, len(history), history[-1])
    finest = {name: h[-1][0] for name, h in summary.items()}
    await workflow.count.createTask(n=sum(len(h) for h in summary.values()))
    await workflow.mesh.createTask(h=min(finest.values()) / 4)
