def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    distinct = {str(run.text) for run, job in labels}
    first = {str(run.text): job.name for run, job in labels}
    await workflow.count.createTask(n=len(distinct) + 10 * len(first))
