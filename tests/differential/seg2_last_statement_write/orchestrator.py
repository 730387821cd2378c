from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    parser.add_argument("--cut", type=float, default=5.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = [run.y for run, job in runs]
    Path(__file__).with_name("ys.txt").write_text(" ".join(str(y) for y in sorted(ys)))
    print("written")
