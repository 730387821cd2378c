def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.02)
    parser.add_argument("--max_levels", type=int, default=5)


async def main(workflow, **params):
    h = params["h0"]
    prev = None
    level = 0
    while level < params["max_levels"]:
        runs = await workflow.mesh.createTask(h=h)
        u = runs[0][0].u
        level += 1
        if prev is not None and abs(u - prev) < params["tol"]:
            break
        prev = u
        h /= 2
    await workflow.count.createTask(n=level)
    await workflow.lin.createTask(x=h)
