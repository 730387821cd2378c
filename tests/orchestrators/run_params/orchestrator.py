def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)


async def main(workflow, **params):
    await workflow.mult.createTask(run_params={"nproc": params["n"], "queue": "short"},
                                   x=1.5)
