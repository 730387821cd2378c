def populate_arg_parser(parser):
    parser.add_argument("--inputs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=2.0)


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:
        await workflow.add.createTask(x=run.y * params["scale"] + job.x)
