def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"][0] * 2 + 1)
    for run, job in runs:
        await workflow.add.createTask(
            x=-(run.y ** 2) / job.x - abs(run["y"]) // 3 % 7,
            run_params={"origin": run.id, "tag": workflow.run_name},
        )
