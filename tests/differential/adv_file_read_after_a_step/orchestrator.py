import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")



async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(os.path.join(HERE, "threshold.json")) as f:
        limit = json.load(f)["limit"]
    await workflow.lin.createTask(x=[run.y for run, job in runs if run.y > limit])
