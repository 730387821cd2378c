def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = [run.u for run, job in runs]
    ratios = []
    for a, b in zip(us, us[1:]):
        ratios.append((a - 1.0) / (b - 1.0))
    kept = [u for u, q in zip(us[1:], ratios) if q > 3.5]
    ratios.append(0.0)
    await workflow.lin.createTask(x=kept)
    await workflow.count.createTask(n=len(ratios))
