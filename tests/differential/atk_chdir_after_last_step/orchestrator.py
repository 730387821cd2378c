import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--out", default="results", help="where the plots go")


async def main(workflow, **params):
    await workflow.sq.createTask(x=params["xs"])
    await workflow.label.createTask(name=os.path.abspath(params["out"]))
    os.chdir(HERE)  # post-processing reads the studies from here
