def populate_arg_parser(parser):
    parser.add_argument("--stages", nargs="+", default=["coarse"])
    parser.add_argument("--x", type=float, default=1.5)


async def coarse(workflow, x):
    runs = await workflow.sq.createTask(x=[x, x + 1.0])
    done = await workflow.sq.select("state = FINISHED")
    return min(run.y for run, job in runs), len(done)


async def fine(workflow, x):
    runs = await workflow.lin.createTask(x=[x, x / 2.0])
    return max(run.y for run, job in runs), 0


STAGES = {"coarse": coarse, "fine": fine}


async def main(workflow, **params):
    value = params["x"]
    for name in params["stages"]:
        value, n = await STAGES[name](workflow, value)
    await workflow.mix.createTask(a=value, b=1.0)
