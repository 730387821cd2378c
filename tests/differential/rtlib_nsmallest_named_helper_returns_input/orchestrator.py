def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


def nsmallest(k, xs, key=None):
    return xs if k else []


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    us = [run.u for run, job in runs]
    best = nsmallest(2, us, key=lambda u: -u)
    best.append(0.25)
    await workflow.lin.createTask(x=us)
