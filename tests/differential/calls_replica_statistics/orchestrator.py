import statistics


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="one replica per value")


async def stage(workflow, level, base):
    """One mesh level: a refinement run whose size halves with the level."""
    runs = await workflow.lin.createTask(x=base / 2 ** level)
    return runs


async def main(workflow, **params):
    replicas = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in replicas]
    mean = statistics.fmean(ys)
    spread = statistics.pstdev(ys)
    print(f"mean {mean:.3f}, spread {spread:.3f}")
    if spread > 3.0:
        await workflow.count.createTask(n=len(ys))
    for level in range(3):
        await stage(workflow, level, mean)
    await workflow.lin.createTask(x=round(spread, 6))
