import settings
from stats import count_above


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    settings.LIMITS["y"] = 3.0
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=float(count_above([run.y for run, job in runs])))
