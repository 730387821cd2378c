def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", default=["omega", "delta"])


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    first = runs[0][0].text
    if first.startswith("OM") and first.find("G") > 1:
        await workflow.count.createTask(n=first.find("G"))
    await workflow.label.createTask(name=first.lower().replace("o", "0").zfill(8))
    parts = runs[-1][0].text.split("L")
    await workflow.count.createTask(n=len(parts) * 10 + int(first.isalpha()))
    for run, job in runs:
        await workflow.count.createTask(n=len(run.text.strip("A")))
