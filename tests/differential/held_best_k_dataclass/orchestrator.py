from dataclasses import dataclass


@dataclass(order=True)
class Candidate:
    miss: float
    x: float


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=5.0)
    parser.add_argument("--k", type=int, default=2)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    candidates = sorted(Candidate(abs(run.y - params["target"]), job.x) for run, job in runs)
    chosen = candidates[:params["k"]]
    for c in chosen:
        await workflow.newton.createTask(x=c.x)
    print("refined around", [c.x for c in chosen])
