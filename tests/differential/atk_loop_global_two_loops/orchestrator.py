SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    first = len(SEEN)
    squares = await workflow.sq.createTask(x=[float(first), 2.0])
    for run, job in squares:
        SEEN.append(run.y)
    await workflow.count.createTask(n=[first, len(SEEN)])
