def populate_arg_parser(parser):
    parser.add_argument("--grid", type=int, nargs=2, default=[1, 1],
                        help="cells along x and y")


async def main(workflow, **params):
    if params["grid"] == (1, 1):
        await workflow.sq.createTask(x=1.0)
    else:
        await workflow.lin.createTask(x=float(params["grid"][0]))
