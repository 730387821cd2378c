def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--nrep", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.replica.createTask(x=params["xs"], seed=[0, 1])
    rank = {}

    def size():
        return len(rank)

    for run, job in runs:
        n = size()
        rank[run.id] = n
    await workflow.lin.createTask(x=sorted(float(v) for v in rank.values()))
