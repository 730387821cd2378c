def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    parts = [divmod(run.y, 4) for run, job in runs]
    for qr in parts:
        await workflow.label.createTask(name="%d-%d" % qr)
