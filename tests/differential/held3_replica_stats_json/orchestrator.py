import json
import os
import statistics
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--configs", default="configs.json")
    parser.add_argument("--nrep", type=int, default=4)
    parser.add_argument("--cv_max", type=float, default=0.03)


async def main(workflow, **params):
    with open(os.path.join(HERE, params["configs"])) as f:
        configs = json.load(f)["x"]
    runs = await workflow.replica.createTask(x=configs, seed=list(range(params["nrep"])))
    by_x = defaultdict(list)
    for run, job in runs:
        by_x[job.x].append(run.y)
    stats = {x: (statistics.mean(ys), statistics.stdev(ys)) for x, ys in by_x.items()}
    accepted = {x: m for x, (m, s) in stats.items() if s / abs(m) < params["cv_max"]}
    print(f"accepted {len(accepted)}/{len(stats)} configurations")
    await workflow.lin.createTask(x=[accepted[x] for x in sorted(accepted)])
