from dataclasses import dataclass, field


@dataclass
class Level:
    h: float
    u: float
    cells: int
    notes: list = field(default_factory=list)

    @property
    def cost(self):
        return self.cells ** 2


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True, help="mesh sizes")
    parser.add_argument("--budget", type=int, default=100, help="largest affordable cost")


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    levels = [Level(job.h, run.u, run.cells) for run, job in runs]
    affordable = [lv for lv in levels if lv.cost <= params["budget"]]
    best = min(affordable, key=lambda lv: lv.h)
    for lv in levels:
        await workflow.lin.createTask(x=lv.u - best.u)
    await workflow.count.createTask(n=best.cells)
