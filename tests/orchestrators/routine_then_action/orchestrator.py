def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def relaunch(runs=None, workflow=None, **kwargs):
    pass


async def main(workflow, **params):
    await workflow.mult.createTask(x=params["inputs"])
    workflow.add_action("relaunch", task="mult", event="state = FAILED", f=relaunch)
    await workflow.add.createTask(x=0.0)
