def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    text = str(run.text)
    await workflow.label.createTask(name=f"{run.text}")
    await workflow.label.createTask(name="%s|%s" % (text, run.y))
    await workflow.label.createTask(name="%(a)s-%(b)s" % {"a": text, "b": "c"})
    await workflow.label.createTask(name="%s" % text + "{}".format(text) + format(text))
    await workflow.label.createTask(name="v=" + text + f"{run.y:>6}" + "{:>6}".format(run.y))
    await workflow.label.createTask(name="%d%%-%5.1f" % (7, 2.5) + f"{3.14159:.2f}")
    await workflow.count.createTask(n=run.y % 2 + 17 % run.y)
