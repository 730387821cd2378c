def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=2)


async def main(workflow, **params):
    (run, job), = await workflow.count.createTask(n=params["n"])
    match run.y:
        case 0:
            await workflow.sq.createTask(x=0.0)
        case int(v) if v > 10:
            await workflow.sq.createTask(x=float(v))
        case _:
            await workflow.sq.createTask(x=-1.0)
