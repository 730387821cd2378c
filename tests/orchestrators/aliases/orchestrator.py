def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    products = await workflow.multiply.createTask(x=params["inputs"])
    for run, job in products:
        await workflow.plus.createTask(x=run.y)
    workflow.add_action("watch", task="plus", event="state = FINISHED",
                        f=on_sum)


async def on_sum(runs=None, workflow=None, **kwargs):
    pass
