def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, default=1.02)
    parser.add_argument("--h0", type=float, default=0.1)
    parser.add_argument("--h1", type=float, default=0.4)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--maxit", type=int, default=8)


async def residual(workflow, h, target):
    (run, job), = await workflow.mesh.createTask(h=h)
    return run.u - target


async def main(workflow, **params):
    t = params["target"]
    h0, h1 = params["h0"], params["h1"]
    f0 = await residual(workflow, h0, t)
    f1 = await residual(workflow, h1, t)
    history = [{"h": h0, "f": f0}, {"h": h1, "f": f1}]
    for it in range(params["maxit"]):
        try:
            h2 = h1 - f1 * (h1 - h0) / (f1 - f0)
        except ZeroDivisionError:
            print("flat secant, stopping")
            break
        h0, f0 = h1, f1
        h1 = round(h2, 6)
        f1 = await residual(workflow, h1, t)
        history.append({"h": h1, "f": f1})
        if abs(f1) < params["tol"]:
            break
    best = min(history, key=lambda d: abs(d["f"]))
    print(f"h* = {best['h']:.6f} after {len(history)} evaluations")
    (sq_run, _), = await workflow.sq.createTask(x=best["h"])
    await workflow.follow.createTask(sq_id=sq_run.id, x=float(len(history)))
