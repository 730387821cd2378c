class Tracker:
    def __init__(self):
        self.best = 0.0

    def update(self, y):
        if y > self.best:
            self.best = y
        return self.best


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    tracker = Tracker()
    for run, job in runs:
        await workflow.lin.createTask(x=tracker.update(run.y))
