import pathlib
from collections import namedtuple

Level = namedtuple("Level", "h u cells")


class Path(type(pathlib.Path())):
    def with_name(self, name):
        return super().with_name("other-" + name)


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--levels", type=int, default=3)


async def run_level(workflow, h):
    (run, job), = await workflow.mesh.createTask(h=h)
    return Level(h, run.u, run.cells)


async def main(workflow, **params):
    levels = []
    h = params["h0"]
    for _ in range(params["levels"]):
        levels.append(await run_level(workflow, h))
        h = h / 2
    with open(Path(__file__).with_name("levels.csv"), "w") as f:
        for lv in levels:
            f.write(f"{lv.h},{lv.u},{lv.cells}\\n")
    finest = max(levels, key=lambda lv: lv.cells)
    await workflow.count.createTask(n=len(levels))
    await workflow.sq.createTask(x=abs(finest.u - 1.0) * 1000)
