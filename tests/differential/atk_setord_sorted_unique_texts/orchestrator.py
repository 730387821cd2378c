def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    seen = {}
    for run, job in runs:
        seen[job.name] = run.text
    short = {k: v for k, v in seen.items() if len(v) < 5}
    names = sorted(set(seen) - set(short), reverse=True)
    for name in names:
        await workflow.label.createTask(name=name + "_long")
    await workflow.count.createTask(n=len(set(seen.values())) * 10 + int("mu" in set(short)))
