def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)


async def main(workflow, **params):
    for v in params["a"][-2:]:
        for _ in range(2):
            runs = await workflow.mult.createTask(x=v)
            if runs[0][0].big:
                break
    await workflow.add.createTask(x=params["b"])
