def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


async def make(workflow, tm, value):
    return await getattr(workflow, tm).createTask(x=value)


async def stage_two(workflow, runs):
    out = []
    for run, job in runs:
        out.extend(await make(workflow, "add", run.y + 1))
    return out


async def stage_one(workflow, inputs):
    first = await make(workflow, "mult", inputs)
    return await stage_two(workflow, first)


async def main(workflow, **params):
    added = await stage_one(workflow, params["inputs"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in added])
