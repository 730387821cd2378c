def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    import re

    vowel = re.compile("A")
    for run, job in labels:
        await workflow.count.createTask(n=len(vowel.sub("xyz", str(run.text))))
