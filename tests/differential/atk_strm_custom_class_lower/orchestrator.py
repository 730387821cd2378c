def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "pi"])


class Name(str):
    def lower(self):
        return "custom-" + str.lower(self)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    tags = sorted([Name(run.text) for run, job in runs], key=len)
    await workflow.label.createTask(name=tags[-1].lower())
    await workflow.count.createTask(n=len(tags))
