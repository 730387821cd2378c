def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


SCALE = {1.0: 10.0, 4.0: 20.0}


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    await workflow.lin.createTask(x=SCALE.get(run.y, 0.0))
