def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)


async def main(workflow, **params):
    await workflow.add.createTask(x=0.5)
    i = 0
    while i < params["n"]:  # traced with n=3: unrolled, n fixed in the DAG
        await workflow.mult.createTask(x=i)
        i += 1
