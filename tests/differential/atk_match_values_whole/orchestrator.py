def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (lab, _), = await workflow.label.createTask(name=params["name"])
    match lab.text:
        case "AB" | "BA":
            await workflow.count.createTask(n=1)
        case "XYZ":
            await workflow.count.createTask(n=3)
        case other:  # noqa: F841
            await workflow.lin.createTask(x=float(len(params["name"])))
    match lab.y:
        case 2:
            await workflow.lin.createTask(x=2.5)
        case _:
            await workflow.lin.createTask(x=-2.5)
