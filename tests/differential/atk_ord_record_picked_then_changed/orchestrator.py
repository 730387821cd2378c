from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


@dataclass
class Level:
    x: float
    y: float


async def main(workflow, **params):
    levels = []
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        levels.append(Level(x, run.y))
    scores = {lv.x: lv.y for lv in levels}
    best = min(levels, key=lambda lv: scores[lv.x])
    best.x = 100.0
    await workflow.count.createTask(n=[int(lv.x) for lv in levels])
