def populate_arg_parser(parser):
    parser.add_argument("--h0s", type=float, nargs="+", default=[0.5, 0.4])
    parser.add_argument("--tol", type=float, default=0.01)


async def refine(workflow, h0, tol):
    h = h0
    prev = None
    history = []
    for _ in range(4):
        (run, job), = await workflow.mesh.createTask(h=h)
        history.append(run.u)
        if prev is not None and abs(run.u - prev) < tol:
            break
        prev = run.u
        h /= 2
    return h, history


async def main(workflow, **params):
    results = []
    for h0 in params["h0s"]:
        results.append(await refine(workflow, h0, params["tol"]))
    await workflow.count.createTask(n=sum(len(hist) for _, hist in results))
    await workflow.sq.createTask(x=min(h for h, _ in results))
