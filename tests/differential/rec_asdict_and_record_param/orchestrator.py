import dataclasses
from collections import namedtuple
from dataclasses import dataclass

Pt = namedtuple("Pt", "x y")


@dataclass(frozen=True)
class Obs:
    x: float
    y: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    obs = [Obs(job.x, run.y) for run, job in runs]
    low = min(obs, key=lambda o: o.y)
    await workflow.label.createTask(name=str(dataclasses.asdict(low)))
    await workflow.lin.createTask(x=dataclasses.astuple(low)[1])
    pts = [Pt(job.x, run.y) for run, job in runs]
    await workflow.lin.createTask(x=list(min(pts, key=lambda p: p.y)))
