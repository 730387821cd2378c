import helpers


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.5, 2.0, 1.0])


async def main(workflow, **params):
    runs = await workflow.square.createTask(v=params["a"])
    await helpers.each(workflow, runs)
