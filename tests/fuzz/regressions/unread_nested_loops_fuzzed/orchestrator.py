def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def main(workflow, **params):
    await workflow.add.createTask(x=params["b"])
    mult_runs1 = await workflow.mult.createTask(run_params={"tag": params["mode"]}, x=(params["opt"] if params["opt"] is not None else 1.0))
    for v2 in sorted(params["a"], reverse=True)[:2]:
        for r, j in mult_runs1:
            risk3 = v2 / (r.n - 1)
    await workflow.add.createTask(x=params["b"])
    for r, j in mult_runs1:
        for r2, j2 in mult_runs1:
            risk4 = 1.0 / (r.n - r2.n + 1)
    await workflow.mult.createTask(x=params["b"])
