def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    texts = [run.text for run, job in runs]
    print("texts:", ", ".join(f"{t:.2f}" for t in texts))
    await workflow.count.createTask(n=len(texts))
