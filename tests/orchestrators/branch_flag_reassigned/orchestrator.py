def populate_arg_parser(parser):
    parser.add_argument("--refine", action="store_true")
    parser.add_argument("--x0", type=float, default=1.0)


async def main(workflow, **params):
    step = 0.5
    if params["refine"] and params["x0"] > 0:
        runs = await workflow.mult.createTask(x=params["x0"])
        step = 0.1
    else:
        runs = await workflow.add.createTask(x=params["x0"])
    await workflow.norm.createTask(mult_ids=[r.y * step for r, j in runs])
