def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    tags = ["mesh", "u"]
    rows = [[run.u, tags] for run, job in runs]
    best = max(rows, key=lambda row: row[0])
    await workflow.lin.createTask(x=best[0])
    await workflow.count.createTask(n=len(best[1]) + len(rows))
