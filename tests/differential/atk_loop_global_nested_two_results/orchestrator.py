SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    labels = await workflow.label.createTask(name=params["names"])
    squares = await workflow.sq.createTask(x=[2.0, 3.0])
    for run, job in labels:
        for sq, k in squares:
            if sq.y > run.y:
                SEEN.append(run.text + str(k.x))
    await workflow.count.createTask(n=len(SEEN))
