def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    if params["n"] > 2:  # TRACE-ERROR
        await workflow.mult.createTask(x=1.0)
