def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["a"])
    more = []
    for r, j in runs:
        if r.big:
            more += await workflow.add.createTask(x=r.y)
    q = 1.0 / (len(more) - 1)
    await workflow.square.createTask(v=1.0)
