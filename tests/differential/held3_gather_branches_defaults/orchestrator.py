import asyncio
import json
import os


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0])
    parser.add_argument("--settings", default="settings.json")


def load_settings(name):
    try:
        with open(os.path.join(os.path.dirname(__file__), name)) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"hs": [0.5], "names": ["default"]}


async def squares(workflow, xs):
    return await workflow.sq.createTask(x=xs)


async def meshes(workflow, hs):
    return await workflow.mesh.createTask(h=hs)


async def labels(workflow, names):
    return await workflow.label.createTask(name=names)


async def main(workflow, **params):
    cfg = load_settings(params["settings"])
    sq_runs, mesh_runs, label_runs = await asyncio.gather(
        squares(workflow, params["xs"]), meshes(workflow, cfg["hs"]),
        labels(workflow, cfg["names"]))
    keys = {}
    for run, job in sq_runs:
        keys[int(run.y)] = "sq"
    for run, job in mesh_runs:
        keys[run.cells] = "mesh"
    for run, job in label_runs:
        keys.setdefault(run.y, "label")
    await workflow.count.createTask(n=len(keys))
