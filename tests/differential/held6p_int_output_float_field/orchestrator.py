def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    for run, job in runs:
        (s, _), = await workflow.sq.createTask(x=run.y / 10)
        await workflow.label.createTask(name=type(s.y).__name__ + str(s.y))
