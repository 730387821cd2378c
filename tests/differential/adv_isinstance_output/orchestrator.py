def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, required=True)


async def main(workflow, **params):
    (run, job), = await workflow.count.createTask(n=params["n"])
    if isinstance(run.y, int):
        await workflow.sq.createTask(x=1.0 * run.y)
