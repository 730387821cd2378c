def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default="1.5")
    parser.add_argument("--xs", type=float, nargs="+", default="0.5")


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    xs = params["xs"] if isinstance(params["xs"], list) else [params["xs"]]
    await workflow.lin.createTask(x=[run.y + x for x in xs])
