def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[0.0, 1.0])
    parser.add_argument("--jump", type=float, default=3.0)
    parser.add_argument("--levels", type=int, default=3)


async def main(workflow, **params):
    values = {}
    todo = sorted(params["xs"])
    for level in range(params["levels"]):
        if not todo:
            break
        runs = await workflow.sq.createTask(x=todo)
        values.update({job.x: run.y for run, job in runs})
        pts = sorted(values)
        todo = [0.5 * (a + b) for a, b in zip(pts, pts[1:])
                if abs(values[b] - values[a]) > params["jump"]]
        print(f"level {level}: {len(values)} points, {len(todo)} to add")
    await workflow.lin.createTask(x=sorted(values))
