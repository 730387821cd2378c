def populate_arg_parser(parser):
    parser.add_argument("--b", type=float, default=0.5)


async def main(workflow, **params):
    for _ in range(2):
        for k in range(3):
            runs = await workflow.mult.createTask(x=params["b"])
            if params["b"] > k:
                await workflow.square.createTask(v=params["b"])
            if runs[0][0].y > 0.5:
                break
