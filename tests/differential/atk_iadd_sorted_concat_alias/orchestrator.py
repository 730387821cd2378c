def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    points = sorted([run.y for run, job in runs]) + [0.5]
    sent = points
    points += [9.0]
    await workflow.lin.createTask(x=sent)
