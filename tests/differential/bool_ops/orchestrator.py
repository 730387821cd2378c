def populate_arg_parser(parser):
    parser.add_argument("--a", action="store_true")
    parser.add_argument("--b", action="store_true")
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    if params["a"] and not params["b"]:
        await workflow.sq.createTask(x=3.0)
    if params["b"] or params["n"] > 1:
        await workflow.lin.createTask(x=float(params["n"]))
    if not params["a"] or params["b"]:
        await workflow.count.createTask(n=params["n"])
