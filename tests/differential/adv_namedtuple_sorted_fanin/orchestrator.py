from collections import namedtuple

Level = namedtuple("Level", ["u", "h"])


def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    levels = [Level(run.u, job.h) for run, job in runs]
    finest = min(levels, key=lambda lv: lv.h)
    await workflow.lin.createTask(x=finest.u)
    for lv in sorted(Level(run.u, job.h) for run, job in runs):
        await workflow.sq.createTask(x=lv.h)
