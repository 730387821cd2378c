import math


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=-4.0)


async def main(workflow, **params):
    (run, job), = await workflow.lin.createTask(x=params["x"])
    q, r = divmod(int(run.y), 3)
    await workflow.count.createTask(n=[q, r, int(run.y) // -2, int(run.y) % -4])
    await workflow.sq.createTask(
        x=[run.y // 2, run.y % 2.5, math.fmod(run.y, 2.5), -run.y ** 2 / 7])
    await workflow.count.createTask(n=int(run.y / 2))
    await workflow.count.createTask(n=~int(run.y) ^ 3)
