def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["alpha", "pi"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    best = min([(run.text, run.y) for run, job in runs], key=lambda p: abs(p[1] - 3))
    name = best[0].lower().replace("p", "q").upper()
    await workflow.label.createTask(name=name)
    await workflow.count.createTask(n=best[1])
