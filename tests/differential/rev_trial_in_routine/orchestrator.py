def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def secant(workflow, h0, h1, target, maxit):
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - target, r1.cells - target
    for it in range(maxit):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            return -h1
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - target
        if abs(f1) < 0.5:
            break
    return h1


async def main(workflow, **params):
    h = await secant(workflow, params["h0"], params["h1"], params["target"], params["maxit"])
    await workflow.lin.createTask(x=h)
