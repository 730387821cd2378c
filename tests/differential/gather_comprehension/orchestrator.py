import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    results = await asyncio.gather(*[workflow.sq.createTask(x=x) for x in params["xs"]])
    await workflow.total.createTask(
        sq_ids=[run.id for runs in results for run, job in runs])
