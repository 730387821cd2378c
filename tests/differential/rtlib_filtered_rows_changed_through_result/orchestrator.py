def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.mesh.createTask(h=params["hs"])
    rows = []
    for run, job in runs:
        rows.append([run.u, job.h])
    kept = [r for r in rows if r[0] > 1.01]
    kept[0][0] = 0.5
    await workflow.lin.createTask(x=[r[0] for r in rows])
