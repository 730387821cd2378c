import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")



async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(os.path.join(HERE, "stage1.done"), "w") as f:
        f.write("sq done\n")
    for run, job in runs:
        await workflow.lin.createTask(x=run.y)
