import numpy as np


def populate_arg_parser(parser):
    parser.add_argument("--bs", type=float, nargs="+", required=True)
    parser.add_argument("--target", type=float, default=1.0)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--step", type=float, default=0.1)


async def main(workflow, **params):
    target = params["target"]
    a_grid = np.round(np.linspace(-1.0, 1.0, 5), 3)
    runs = await workflow.mix.createTask(a=[float(a) for a in a_grid], b=params["bs"])

    def miss(rj):
        return abs(rj[0].y - target)

    best = sorted(runs, key=miss)[:params["k"]]
    refined = []
    for run, job in best:
        around = [round(job.a - params["step"], 6), round(job.a + params["step"], 6)]
        refined += await workflow.mix.createTask(a=around, b=job.b)
    winner, wjob = min(best + refined, key=miss)
    print(f"best a={wjob.a:.3f} b={wjob.b:.2f}: y={winner.y:.4f} (target {target})")
    await workflow.label.createTask(name=f"a={wjob.a:.3f},b={wjob.b:.2f}")
