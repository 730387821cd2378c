CALLS = []


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


class Series:
    def __init__(self, y):
        self.y = y

    def mean(self):
        CALLS.append(self.y)
        return self.y / 2


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    series = [Series(runs[0][0].y), Series(runs[1][0].y)]
    best = min(series, key=lambda s: -s.y)
    await workflow.count.createTask(n=int(best.mean()) + 100 * len(CALLS))
