def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True, help="mesh sizes")


async def main(workflow, **params):
    results = []
    for h in params["hs"]:
        runs = await workflow.mesh.createTask(h=h)
        results.append(runs[0][0].u)
    finest, coarser = results[-1], results[-2]
    await workflow.lin.createTask(x=(4.0 * finest - coarser) / 3.0)
    for u in results:
        await workflow.lin.createTask(x=u - finest)
    await workflow.count.createTask(n=len(results))
