from dataclasses import dataclass
from typing import NamedTuple


class Obs(NamedTuple):
    x: float
    y: float

    def gap(self):
        return abs(self.y - 4.0)


@dataclass
class Pair:
    x: float
    y: float

    @property
    def gap(self):
        return abs(self.y - 4.0)


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    obs = [Obs(job.x, run.y) for run, job in runs]
    best = sorted(obs, key=lambda o: o.gap())[0]
    await workflow.lin.createTask(x=best.x)
    pairs = [Pair(job.x, run.y) for run, job in runs]
    await workflow.lin.createTask(x=min(pairs, key=lambda p: p.gap).x)
