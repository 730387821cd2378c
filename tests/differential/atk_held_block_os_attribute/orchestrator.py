import os


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--h1", type=float, default=0.25)
    parser.add_argument("--target", type=float, default=3.0)
    parser.add_argument("--maxit", type=int, default=6)


async def main(workflow, **params):
    h0, h1 = params["h0"], params["h1"]
    (r0, _), = await workflow.mesh.createTask(h=h0)
    (r1, _), = await workflow.mesh.createTask(h=h1)
    f0, f1 = r0.cells - params["target"], r1.cells - params["target"]
    n = 0
    steps = []
    os.kept_steps = steps
    for it in range(params["maxit"]):
        try:
            steps.append(h1 - f1 * (h1 - h0) / (f1 - f0))
            h2 = steps[-1]
        except ZeroDivisionError:
            h2 = h1 - 0.1
        h0, f0 = h1, f1
        h1 = round(min(max(h2, 0.05), 1.0), 4)
        (r, _), = await workflow.mesh.createTask(h=h1)
        f1 = r.cells - params["target"]
        n += 1
        if abs(f1) < 0.5:
            break
    await workflow.lin.createTask(x=float(n) + h1 + 10 * len(os.kept_steps))
