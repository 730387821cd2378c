def populate_arg_parser(parser):
    parser.add_argument("--name", default="aab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.count.createTask(n=sum(1 for c in text))
    await workflow.label.createTask(name="".join(c for c in text if c != "B"))
    await workflow.count.createTask(n=len([*text]) + 10)
    a, b, c = text
    await workflow.label.createTask(name=c + b + a)
    await workflow.count.createTask(n=int(bool(text)) + 30)
    await workflow.label.createTask(name="".join(dict.fromkeys(text)))
    await workflow.count.createTask(n=len(bytes(text, "utf8")) + 20)
