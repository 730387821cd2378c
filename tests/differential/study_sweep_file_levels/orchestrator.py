import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--sweep", default="sweep.json", help="the sweep, a JSON file")
    parser.add_argument("--levels", type=int, default=2, help="mesh levels")
    parser.add_argument("--stages", nargs="+", default=["lin"], help="post-processing")
    parser.add_argument("--dts", type=float, nargs="+", default=[0.5, 0.25])


async def main(workflow, **params):
    with open(os.path.join(HERE, params["sweep"])) as f:
        sweep = json.load(f)
    runs = await workflow.sq.createTask(x=sweep["xs"])
    finest = None
    for level in range(params["levels"]):
        h = 1.0 / 2 ** level
        (finest, job), = await workflow.mix.createTask(a=h, b=float(level))
    for i, dt in enumerate(sorted(params["dts"], reverse=True)):
        await workflow.step.createTask(x=dt * finest.y, i=i)
    for name in params["stages"]:
        task_manager = getattr(workflow, name)
        await task_manager.createTask(x=[run.y for run, job in runs])
