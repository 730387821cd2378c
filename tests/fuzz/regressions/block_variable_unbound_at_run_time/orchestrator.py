def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=2.0)


async def main(workflow, **params):
    square_runs = await workflow.square.createTask(v=params["b"])
    add_runs = await workflow.add.createTask(x=params["b"])
    for run, _job in add_runs[1:]:
        acc = []
        for r, _j in square_runs:
            if r.w < 4.0:
                acc.append(r.w)
        if run.id > 0:
            break
    for _run, job in add_runs[1:]:
        flag = False
        for _r, _j in add_runs:
            if len(params["a"]) > 1:
                flag = True
        if flag:
            await workflow.square.createTask(v=job.y)
