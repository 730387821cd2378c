import helpers


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def main(workflow, **params):
    add_runs1 = await workflow.add.createTask(x=2.0, y=params["a"])
    for _run, job in add_runs1[1:]:
        x4 = job.x
        for _ in range(4):
            mult_runs6 = await workflow.mult.createTask(x=x4)
            if mult_runs6[0][0].n >= 1:
                break
            x4 = x4 + 1
    await workflow.square.createTask(v=helpers.scale(1.0))
