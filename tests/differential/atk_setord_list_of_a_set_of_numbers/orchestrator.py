def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    seen = {}
    for run, job in runs:
        seen[run.id] = run.y
    order = list(set(seen.values()))
    total = sum(set(seen.values()))
    await workflow.sq.createTask(x=float(order[0] + total))
