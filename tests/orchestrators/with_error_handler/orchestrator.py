def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def report(runs, **params):
    for r, j in runs:
        print("failed", r.id)


async def main(workflow, **params):
    workflow.add_error_handler(event="state = FAILED", f=report)
    runs = await workflow.mult.createTask(x=params["inputs"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in runs])
