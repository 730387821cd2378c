def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def main(workflow, **params):
    d2 = {}
    d2["n" + str(len(params["a"]))] = params["b"]
    t3 = d2.get("n" + str(3), 0.0)
    x4 = min(t3, 4.0) + max(params["b"], params["b"])
    for _ in range(2):
        await workflow.mult.createTask(x=x4)
