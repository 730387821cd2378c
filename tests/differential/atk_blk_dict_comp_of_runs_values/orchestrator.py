def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    by_name = {job.name: run for run, job in runs}
    await workflow.count.createTask(n=sum(r.y for r in by_name.values()))
    await workflow.label.createTask(name=by_name[params["names"][0]].text.lower())
