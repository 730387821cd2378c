import math
from collections import defaultdict

import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--start", type=float, default=0.5)
    parser.add_argument("--stop", type=float, default=2.0)
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("--offsets", type=float, nargs="+", default=[0.0, 1.0])
    parser.add_argument("--keep-above", type=float, default=1.0)


async def main(workflow, **params):
    xs = np.arange(params["start"], params["stop"] + params["step"] / 2, params["step"])
    parents = await workflow.sq.createTask(x=[float(x) for x in xs])
    children = defaultdict(dict)
    ids = {}
    for parent, pjob in parents:
        ids[pjob.x] = parent.id
        for dx in params["offsets"]:
            (child, cjob), = await workflow.follow.createTask(sq_id=parent.id, x=dx)
            children[pjob.x][cjob.x] = child.y
            if not math.isclose(child.y - parent.y, dx, rel_tol=1e-9, abs_tol=1e-12):
                raise RuntimeError(f"follow of sq.{parent.id} is off: {child.y} - {parent.y}")
    spread = {x: max(c.values()) - min(c.values()) for x, c in children.items()}
    print(f"{'x':>5} " + " ".join(f"{'+' + str(dx):>8}" for dx in params["offsets"]))
    for x in sorted(children):
        print(f"{x:5.2f} " + " ".join(f"{children[x][dx]:8.3f}" for dx in params["offsets"]))
    keep = sorted(x for x, c in children.items() if max(c.values()) > params["keep_above"])
    print(f"kept {keep}, spreads {sorted(set(round(s, 9) for s in spread.values()))}")
    if not keep:
        return
    (tot, _), = await workflow.total.createTask(sq_ids=[ids[x] for x in keep])
    await workflow.lin.createTask(x=tot.y / tot.n)
