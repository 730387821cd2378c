def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--refine", action="store_true")


CALLS = [0]


async def main(workflow, **params):
    CALLS[0] += 1
    if params["refine"]:
        await workflow.lin.createTask(x=params["x"])
    await workflow.sq.createTask(x=float(CALLS[0]))
