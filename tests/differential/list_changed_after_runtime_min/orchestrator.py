def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    notes = ["coarse"]
    levels = [[run.u, notes] for run, job in runs]
    best = min(levels, key=lambda level: abs(level[0] - 1.0))
    notes.append("refined")
    await workflow.lin.createTask(x=best[0])
    await workflow.count.createTask(n=len(best[1]))
