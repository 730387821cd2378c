def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    d = {"k": "%-14s"}
    d["k"] %= str(run.text)
    await workflow.count.createTask(n=len(d["k"]))
