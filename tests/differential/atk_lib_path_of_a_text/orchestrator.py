def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    import pathlib

    for run, job in labels:
        path = pathlib.Path(str(run.text))
        await workflow.count.createTask(n=len(path.name) + 10 * len(path.parts))
