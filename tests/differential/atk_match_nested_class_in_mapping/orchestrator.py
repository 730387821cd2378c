def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    match {"y": r.y, "kind": "sq"}:
        case {"y": float(v)}:
            await workflow.count.createTask(n=int(v))
        case {"kind": k}:
            await workflow.count.createTask(n=len(k))
