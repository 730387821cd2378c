def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for i in range(len(runs)):
        run, job = runs[i]
        await workflow.step.createTask(x=run.y, i=i)
        await workflow.label.createTask(name="%s/%s" % (i, run.y))
