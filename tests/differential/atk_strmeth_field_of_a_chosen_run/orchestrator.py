def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = {job.name: run for run, job in runs}
    longest = max(by_name.values(), key=lambda r: (r.y, r.text))
    parts = longest.text.split("E")
    await workflow.label.createTask(name=longest.text.lower().strip("_") + "_ref")
    await workflow.count.createTask(n=len(parts) + len(longest.text.swapcase()))
