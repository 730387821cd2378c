from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Obs:
    x: float
    y: float


class Row(NamedTuple):
    y: float
    x: float
    tag: str = "row"


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    rows = sorted([Row(run.y, job.x) for run, job in runs], reverse=True)
    await workflow.lin.createTask(x=[r.x for r in rows])
    top = max(Row(run.y, job.x) for run, job in runs)
    await workflow.label.createTask(name=f"{top!r} {top.tag}")
    obs = [Obs(job.x, run.y) for run, job in runs]
    await workflow.count.createTask(n=len(set(obs)))
