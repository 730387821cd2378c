def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")

CALLS = []


class Point:
    def __init__(self, y):
        self.y = y

    def split(self, sep):
        CALLS.append(sep)
        return [self.y, self.y]


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    best = min((Point(r.y) for r, j in runs), key=lambda p: p.y)
    halves = best.split("/")
    await workflow.count.createTask(n=len(halves) + len(CALLS))
