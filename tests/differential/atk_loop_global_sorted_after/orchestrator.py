SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    SEEN.sort()
    await workflow.count.createTask(n=len(SEEN[0]))
