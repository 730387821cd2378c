def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    rows = []
    for i, x in enumerate(params["xs"]):
        (run, job), = await workflow.sq.createTask(x=x)
        rows.append((f"p{i}", x, run.y))
    best = max(rows, key=lambda r: r[2])
    await workflow.label.createTask(name=str(best[:2]))
    same = best == ("p0", 2.0, 4.0)
    other = best == ["p0", 2.0, 4.0]
    await workflow.count.createTask(n=int(same) * 10 + int(other))
    name, x, y = sorted(rows, key=lambda r: -r[2])[-1]
    await workflow.label.createTask(name=name + str(x))
