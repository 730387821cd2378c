def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])


async def main(workflow, **params):
    runs = await workflow.add.createTask(x=1.0, y=3.0)
    xs = params["a"]
    xs += sorted([r.z for r, _ in runs], reverse=True)[:2]
    await workflow.agg.createTask(vals=sorted(set(params["a"])))
