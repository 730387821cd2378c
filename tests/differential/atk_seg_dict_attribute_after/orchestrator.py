def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    x = params["x0"]
    d = {"y": 0.0}
    while d["y"] < 5.0:
        (run, job), = await workflow.sq.createTask(x=x)
        d = {"y": run.y}
        x += 1.0
    await workflow.lin.createTask(x=float(d.y))
