def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    (run, job), = await workflow.mult.createTask(x=1.0)
    await workflow.add.createTask(x=run.y, label=f"from {run.id}: {run.y:.3f}")
