def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    (run, job), = await workflow.sq.createTask(x=params["x"])
    await workflow.label.createTask(name=f"y={run.y}")
    await workflow.label.createTask(name=str(params["n"]))
    await workflow.label.createTask(name="{:.3f}".format(run.y))
    await workflow.label.createTask(name=f"n{params['n']}-x{params['x']:.2f}")
