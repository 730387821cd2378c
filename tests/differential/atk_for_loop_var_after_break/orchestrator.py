def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--max_levels", type=int, default=6)


async def main(workflow, **params):
    h = params["h0"]
    for level in range(params["max_levels"]):
        runs = await workflow.mesh.createTask(h=h * 0.5 ** level)
        if abs(runs[0][0].u - 1.0) < params["tol"]:
            break
    await workflow.count.createTask(n=level)
