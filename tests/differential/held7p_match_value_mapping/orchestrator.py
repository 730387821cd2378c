class Limits:
    SMALL = 4


def populate_arg_parser(parser):
    parser.add_argument("--name", default="omega")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.y:
        case Limits.SMALL:
            await workflow.count.createTask(n=4)
        case 5 | 6:
            await workflow.count.createTask(n=56)
        case _:
            await workflow.count.createTask(n=0)
    match {"y": lab.y, "kind": "label"}:
        case {"y": 1 | 2}:
            await workflow.lin.createTask(x=float(lab.y))
        case {"kind": kind}:
            await workflow.label.createTask(name=kind + "-x")
