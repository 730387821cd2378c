def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")

    parser.add_argument("--clip", type=float, default=10.0)


async def main(workflow, **params):
    values = params["xs"]
    dropped = 0
    for stage in ("lin", "sq"):
        runs = await getattr(workflow, stage).createTask(x=values)
        kept = [(run, job) for run, job in runs if run.y <= params["clip"]]
        values = [run.y for run, job in kept]
        dropped += len(runs) - len(kept)
        if not values:
            break
    await workflow.count.createTask(n=len(values) * 10 + dropped)
