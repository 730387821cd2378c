def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True,
                        help="the values to sweep")


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    table = {job.x: run.y for run, job in runs}
    missing = 0
    try:
        ref = table[3.0]
    except KeyError:
        ref = -1.0
        missing += 1
    else:
        ref = ref * 2
    finally:
        checked = True
    await workflow.lin.createTask(x=[ref, float(missing), float(checked)])
