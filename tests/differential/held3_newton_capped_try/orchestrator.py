SCHEMES = {"fast": {"damping": 1.0}}


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=3.0)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--maxit", type=int, default=10)
    parser.add_argument("--scheme", default="default")


async def main(workflow, **params):
    try:
        damping = SCHEMES[params["scheme"]]["damping"]
    except KeyError:
        damping = 1.0
    x = params["x0"]
    history = []
    for it in range(params["maxit"]):
        (run, job), = await workflow.newton.createTask(x=x)
        history.append(run.err)
        x = job.x + damping * (run.next - job.x)
        if run.err < params["tol"]:
            break
    else:
        raise RuntimeError(f"Newton did not converge in {params['maxit']} iterations")
    await workflow.sq.createTask(x=x)
