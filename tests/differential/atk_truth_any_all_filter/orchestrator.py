def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["", "ab"])


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    texts = [str(run.text) for run, job in labels]
    n = 1 if any(texts) else 2
    n += 10 if all(texts) else 20
    n += 100 * len(list(filter(None, texts)))
    await workflow.count.createTask(n=n)
