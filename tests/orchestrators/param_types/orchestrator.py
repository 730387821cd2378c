def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True, help="value of x")
    parser.add_argument("--count", type=int, default=2)
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--values", type=float, nargs="*", default=[1.0])


async def main(workflow, **params):
    await workflow.mult.createTask(x=params["x"])
    await workflow.add.createTask(x=params["values"])
