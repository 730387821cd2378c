import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.json")


def load_sweep(name):
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)


async def main(workflow, **params):
    sweep = load_sweep(params["sweep"])
    best = {}
    for group, xs in sweep["groups"].items():
        runs = await workflow.sq.createTask(x=[x * sweep["scale"] for x in xs])
        best[group] = min(run.y for run, job in runs)
        print(group, best[group])
    for group in sorted(best):
        await workflow.lin.createTask(x=best[group])
