import asyncio

SEEN = []
def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def fill(workflow, names):
    runs = await workflow.label.createTask(name=names)
    for run, job in runs:
        SEEN.append(run.text)


async def main(workflow, **params):
    names = params["names"]
    await workflow.sq.createTask(x=float(len(names)))
    await asyncio.gather(fill(workflow, names[:2]), fill(workflow, names[2:]))
    await workflow.count.createTask(n=len(SEEN))
