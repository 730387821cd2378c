from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


def save(path, ys):
    Path(path).write_text(" ".join(str(y) for y in ys) + "\n")
    return len(ys)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    n = save(HERE / "ys.txt", [run.y for run, job in runs])
    await workflow.lin.createTask(x=float(n))
