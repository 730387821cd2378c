center = 0.0  # the module's default centre


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.sq.select().all("x < 3")
    center = 5.0
    closest = min(runs, key=lambda pair, c=center: abs(pair[0].y - c))
    await workflow.sq.createTask(x=closest[1].x + 10.0)
