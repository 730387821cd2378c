from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Candidate:
    miss: float
    x: float
    seed: int = 0


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=5.0)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=1)
    cands = [Candidate(abs(run.y - params["target"]), job.x, job.seed) for run, job in runs]
    ranked = sorted(cands)
    worst = max(cands)
    await workflow.lin.createTask(x=ranked[0].x)
    await workflow.lin.createTask(x=worst.miss - ranked[0].miss)
    await workflow.label.createTask(name=str(ranked[0]))
