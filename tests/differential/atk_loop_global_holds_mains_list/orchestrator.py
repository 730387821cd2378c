SEEN = []


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    extra = [1]
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        if run.y > 3:
            SEEN.append(extra)
        else:
            SEEN.append([run.y])
    extra.append(100)
    await workflow.count.createTask(n=len(max(SEEN)))
