from collections import Counter


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.store.createTask(x=params["xs"])
    await workflow.label.createTask(name=[str(run.counts) for run, job in runs])
    made = [Counter({"y": int(run.y)}) for run, job in runs]
    await workflow.label.createTask(name=[str(c) for c in made])
