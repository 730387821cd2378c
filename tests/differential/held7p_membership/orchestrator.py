def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)
    parser.add_argument("--name", default="mu")


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    (lab, _), = await workflow.label.createTask(name=params["name"])
    if run.y in (4.0, 9.0):
        await workflow.count.createTask(n=1)
    if lab.text in ["MU", "PI"]:
        await workflow.count.createTask(n=2)
    table = {9.0: 30, 4.0: 40}
    await workflow.count.createTask(n=table.get(run.y, 50))
    if lab.text < "N":
        await workflow.count.createTask(n=min(run.y, 5))
