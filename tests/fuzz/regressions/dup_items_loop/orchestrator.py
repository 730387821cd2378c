def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")


async def main(workflow, **params):
    for v in params["a"]:
        runs = await workflow.add.createTask(x=v)
        await workflow.agg.createTask(run_params={"tag": f"t{len(runs)}"},
                                      vals=[r.z for r, j in runs])
