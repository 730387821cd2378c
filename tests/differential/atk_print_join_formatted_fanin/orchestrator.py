import math


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    orders = [math.log2(b / a) for a, b in zip(ys, ys[1:])]
    print("orders:", ", ".join(f"{p:.2f}" for p in orders))
    print("big:", ", ".join(f"{p:+.1e}" for p in orders if p > 1.5))
    await workflow.lin.createTask(x=min(orders))
