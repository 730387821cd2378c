def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])

    if run.text in "XABY":
        await workflow.count.createTask(n=1)
    if run.text not in "XY":
        await workflow.count.createTask(n=2)
    await workflow.count.createTask(n=3 if "Q" + run.text in "QAB" else 4)
