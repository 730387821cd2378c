SEEN = ["start"]
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    SEEN.append("head")
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        SEEN.append(run.text)
    await workflow.count.createTask(n=len(SEEN) + ("ROD" in SEEN))
