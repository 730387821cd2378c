import logging

log = logging.getLogger("pipeline")


def populate_arg_parser(parser):
    parser.add_argument("--pipeline", default="sq,lin")
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0])


async def stage(workflow, name, values):
    tm = getattr(workflow, name)
    runs = await tm.createTask(x=values)
    log.info(f"stage {name}: {len(runs)} runs")
    return [run.y for run, job in runs]


async def main(workflow, **params):
    values = list(params["xs"])
    for name in params["pipeline"].split(","):
        values = await stage(workflow, name.strip(), values)
    await workflow.count.createTask(n=len(values))
