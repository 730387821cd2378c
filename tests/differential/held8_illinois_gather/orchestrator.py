import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--target", type=float, required=True,
                        help="value wanted for x^2 + (2x + 1)")
    parser.add_argument("--bracket", type=float, nargs=2, default=[0.0, 4.0])
    parser.add_argument("--xtol", type=float, default=1e-6)
    parser.add_argument("--ftol", type=float, default=1e-9)
    parser.add_argument("--maxiter", type=int, default=20)


async def residual(workflow, x, target):
    """x^2 + (2x + 1) - target; the two terms are computed by two studies at once."""
    sq_runs, lin_runs = await asyncio.gather(workflow.sq.createTask(x=x),
                                             workflow.lin.createTask(x=x))
    (sq_run, _), = sq_runs
    (lin_run, _), = lin_runs
    return sq_run.y + lin_run.y - target, sq_run


async def main(workflow, **params):
    target = params["target"]
    a, b = params["bracket"]
    fa, _ = await residual(workflow, a, target)
    fb, _ = await residual(workflow, b, target)
    if fa * fb > 0:
        raise ValueError(f"[{a}, {b}] does not bracket a root")
    history = []
    side = 0
    c_prev = None
    for it in range(params["maxiter"]):
        c = (a * fb - b * fa) / (fb - fa)
        fc, run = await residual(workflow, c, target)
        history.append((it, c, fc, run))
        print(f"it {it:2d}: x = {c:.8f}  f = {fc: .3e}")
        if abs(fc) < params["ftol"]:
            break
        if c_prev is not None and abs(c - c_prev) < params["xtol"]:
            break
        c_prev = c
        if fc * fb > 0:
            b, fb = c, fc
            if side == -1:
                fa /= 2.0
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb /= 2.0
            side = 1
    else:
        print("no convergence within", params["maxiter"], "iterations")
    it, root, froot, best = min(history, key=lambda h: abs(h[2]))
    print(f"best x = {root:.8f} after {len(history)} iterations (|f| = {abs(froot):.1e})")
    # re-check the residual from the stored square: follow gives sq.y + (2x + 1 - target)
    (chk, _), = await workflow.follow.createTask(sq_id=best.id, x=2.0 * root + 1.0 - target)
    status = "ok" if abs(chk.y) < 1e-6 else "off"
    await workflow.label.createTask(name=f"root-{root:.5f}-{status}")
