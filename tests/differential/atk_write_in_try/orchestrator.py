from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    try:
        with open(HERE / "out.txt", "w") as f:
            f.write(str(runs[0][0].y))
    except OSError:
        pass
    await workflow.lin.createTask(x=runs[0][0].y)
