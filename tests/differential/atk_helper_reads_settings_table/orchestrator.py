import study_settings
from study_stats import count_above


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    study_settings.LIMITS["y"] = 3.0
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=float(count_above([run.y for run, job in runs])))
