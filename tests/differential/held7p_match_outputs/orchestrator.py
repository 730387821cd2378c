def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.text:
        case "AB" | "BA":
            await workflow.count.createTask(n=1)
        case str(t) if len(t) > 3:
            await workflow.count.createTask(n=len(t))
        case _:
            await workflow.count.createTask(n=0)
    (p, _), = await workflow.pair.createTask(x=float(lab.y))
    match p.bounds:
        case (lo, hi) if hi - lo > 0.5:
            await workflow.sq.createTask(x=lo + hi)
        case _:
            await workflow.sq.createTask(x=-1.0)
    match {"y": p.y, "kind": "pair"}:
        case {"y": 5.0 | 6.0}:
            await workflow.lin.createTask(x=p.y)
        case {"kind": kind}:
            await workflow.label.createTask(name=kind)
