def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)


TABLE = {4.0: 7.0}


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    try:
        value = TABLE[run.y]
    except KeyError:
        value = 0.0
    await workflow.lin.createTask(x=value)
