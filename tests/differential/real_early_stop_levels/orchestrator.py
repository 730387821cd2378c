def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=1.0)
    parser.add_argument("--rtol", type=float, default=0.01, help="relative change to stop at")
    parser.add_argument("--max-levels", type=int, default=6)


async def main(workflow, **params):
    h = params["h0"]
    (run, job), = await workflow.mesh.createTask(h=h)
    history = [(h, run.u)]
    converged = False
    for level in range(1, params["max_levels"]):
        h = h / 2
        (run, job), = await workflow.mesh.createTask(h=h)
        change = abs(run.u - history[-1][1]) / abs(run.u)
        history.append((h, run.u))
        if change < params["rtol"]:
            converged = True
            break
    if not converged:
        print("not converged: the finest level is reported anyway")
    await workflow.lin.createTask(x=history[-1][1])
    await workflow.step.createTask(x=history[-1][0], i=len(history))
    await workflow.label.createTask(name="converged" if converged else "capped")
