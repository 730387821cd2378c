def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--tag", default="best")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pairs = [(float(run.y), job.x) for run, job in runs]
    first = min(pairs)
    same = first == (min(float(run.y) for run, job in runs), first[1])
    small = first < (1.0, 0.0)
    longer = first + (params["tag"],)
    pick = first if first[0] > 0.3 else (0.0, 0.0)
    await workflow.lin.createTask(x=first[1] + len(longer))
    await workflow.label.createTask(
        name=f"{same}|{small}|{longer}|{pick!r}|{str(pick)}|{longer[-1]}")
