def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    labs = await workflow.label.createTask(
        name=[format(run.y, "b") + repr(run.y) for run, job in runs])
    for run, job in runs:
        q, r = divmod(run.y, 4)
        await workflow.step.createTask(x=float(q) + round(run.y / 4), i=r)
    for lab, job in labs:
        await workflow.step.createTask(x=float(int(lab.text, 36) % 97), i=len(ascii(lab.text)))
