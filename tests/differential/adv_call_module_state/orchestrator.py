def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")

OFFSETS = []


def shifted(values):
    out = []
    for v in values:
        out.append(v + sum(OFFSETS))
    return out


async def main(workflow, **params):
    OFFSETS.append(10.0)
    runs = await workflow.sq.createTask(x=params["xs"])
    for y in shifted([run.y for run, job in runs]):
        await workflow.lin.createTask(x=y)
