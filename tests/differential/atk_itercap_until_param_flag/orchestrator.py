def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--restart", action="store_true")


async def main(workflow, **params):
    done = False
    sweeps = 0
    while not done:
        sweeps += 1
        if params["restart"]:
            done = True
        elif sweeps > 10**9:
            break
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.count.createTask(n=len(runs) + sweeps)
