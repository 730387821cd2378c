import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--width", type=float, default=0.25)


async def refine(workflow, centre, width):
    return await workflow.lin.createTask(x=[centre - width, centre + width])


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    batches = await asyncio.gather(*(refine(workflow, run.y, params["width"])
                                     for run, job in runs))
    ids = [run.id for batch in batches for run, job in batch]
    print(len(ids), "refined runs")
    await workflow.total.createTask(sq_ids=[run.id for run, job in runs])
