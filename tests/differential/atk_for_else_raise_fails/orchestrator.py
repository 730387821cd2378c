def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.01)
    parser.add_argument("--max_levels", type=int, default=4)


async def main(workflow, **params):
    h = params["h0"]
    for level in range(params["max_levels"]):
        runs = await workflow.mesh.createTask(h=h)
        u = runs[0][0].u
        if abs(u - 1.0) < params["tol"]:
            break
        h = h / 2.0
    else:
        raise RuntimeError(f"no convergence after {level + 1} levels")
    await workflow.lin.createTask(x=h)
