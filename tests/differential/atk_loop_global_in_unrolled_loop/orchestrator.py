SEEN = []


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for factor in (1, 2):
        for run, job in runs:
            if run.y * factor > 4 and run.text not in SEEN:
                SEEN.append(run.text)
    await workflow.count.createTask(n=len(SEEN))
