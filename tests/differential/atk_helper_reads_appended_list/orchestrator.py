import above
import thresholds


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    thresholds.THRESHOLDS.append(2.0)
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=above.above_last([run.y for run, job in runs]))
