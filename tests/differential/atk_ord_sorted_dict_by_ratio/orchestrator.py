def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    out = {}
    for x in params["xs"]:
        (run, job), = await workflow.sq.createTask(x=x)
        out[f"x{x:+.0f}"] = (run.y, x)
    ranked = sorted(out, key=lambda name: out[name][0])
    for name in ranked[:2]:
        await workflow.count.createTask(n=len(name) + int(out[name][1] * 10) + 100)
    await workflow.count.createTask(n=len(ranked))
