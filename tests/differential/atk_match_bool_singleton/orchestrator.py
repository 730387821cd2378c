def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=3.0)


async def main(workflow, **params):
    (r, _), = await workflow.sq.createTask(x=params["x"])
    match r.y > 5:
        case True:
            await workflow.count.createTask(n=1)
        case False:
            await workflow.count.createTask(n=2)
