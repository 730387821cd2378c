class TooBig(ValueError):
    pass


def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=2.0)


async def main(workflow, **params):
    try:
        (run, job), = await workflow.sq.createTask(x=params["x"])
        if run.y > 5:
            raise TooBig(f"y={run.y} x={job.x}")
        name = "ok"
    except TooBig as err:
        name = str(err)
    await workflow.label.createTask(name=name)
