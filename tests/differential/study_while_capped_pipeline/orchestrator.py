def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=3.0)
    parser.add_argument("--stages", nargs="+", default=["lin"])
    parser.add_argument("--cap", type=int, default=4)


async def main(workflow, **params):
    x, err, it = params["x0"], 1.0, 0
    while err > 1e-2 and it < params["cap"]:
        (run, job), = await workflow.newton.createTask(x=x)
        x, err, it = run.next, run.err, it + 1
    value = x
    for stage in params["stages"]:
        (run, job), = await getattr(workflow, stage).createTask(x=value)
        value = run.y
    await workflow.mix.createTask(a=value, b=float(it))
